"""Every settings error names the file, the key and (for TOML syntax) the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lwcore.settings import OfficeSettings, SettingsError, resolve_config_dir
from lwcore.settings.deployment import load_deployment
from lwcore.settings.files import load, parse_value, read_toml, update_file
from lwcore.testing import ConfigFolder
from tests.conftest import REPO_CONFIG


def load_office(folder: ConfigFolder, content: dict[str, Any] | str) -> OfficeSettings:
    path = folder.write_office("testoffice", content)
    return load(path, OfficeSettings)


def test_valid_document_loads(lw_config: ConfigFolder, office_document: dict[str, Any]) -> None:
    settings = load_office(lw_config, office_document)
    assert settings.office.slug == "testoffice"
    assert settings.partners[0].languages == ("de", "ar")
    assert settings.round_tables[0].duration_minutes == 60


def test_invalid_toml_names_file_and_line(lw_config: ConfigFolder) -> None:
    text = '[office]\nslug = "x"\nname = lokal willkommen\n'
    with pytest.raises(SettingsError) as caught:
        load_office(lw_config, text)
    error = caught.value
    assert error.line == 3
    assert str(error).startswith(f"{lw_config.path / 'offices' / 'testoffice.toml'}, line 3:")
    assert "invalid TOML" in str(error)


def test_missing_key_is_named(lw_config: ConfigFolder, office_document: dict[str, Any]) -> None:
    del office_document["office"]["welfare_law"]
    with pytest.raises(SettingsError) as caught:
        load_office(lw_config, office_document)
    assert caught.value.key == "office.welfare_law"
    assert "testoffice.toml: office.welfare_law: required key is missing" in str(caught.value)


def test_wrong_type_is_named(lw_config: ConfigFolder, office_document: dict[str, Any]) -> None:
    office_document["round_tables"][0]["duration_minutes"] = "90"
    with pytest.raises(SettingsError) as caught:
        load_office(lw_config, office_document)
    assert caught.value.key == "round_tables[0].duration_minutes"
    assert "expected a whole number, got str '90'" in str(caught.value)


def test_bool_is_not_a_number(lw_config: ConfigFolder, office_document: dict[str, Any]) -> None:
    office_document["consultation_hours"][0]["slot_minutes"] = True
    with pytest.raises(SettingsError, match=r"consultation_hours\[0\]\.slot_minutes"):
        load_office(lw_config, office_document)


def test_unknown_key_is_named(lw_config: ConfigFolder, office_document: dict[str, Any]) -> None:
    office_document["partners"][0]["webseite"] = "https://example.org"
    with pytest.raises(SettingsError) as caught:
        load_office(lw_config, office_document)
    assert caught.value.key == "partners[0].webseite"
    assert "unknown key" in str(caught.value)


def test_invalid_value_is_named(lw_config: ConfigFolder, office_document: dict[str, Any]) -> None:
    office_document["languages"][1]["code"] = "arabic"
    with pytest.raises(SettingsError) as caught:
        load_office(lw_config, office_document)
    assert caught.value.key == "languages[1].code"
    assert "'arabic' is not an ISO 639-1 language code" in str(caught.value)


def test_several_errors_reported_together(
    lw_config: ConfigFolder, office_document: dict[str, Any]
) -> None:
    del office_document["office"]["name"]
    office_document["extra"] = 1
    with pytest.raises(SettingsError) as caught:
        load_office(lw_config, office_document)
    message = str(caught.value)
    assert "office.name: required key is missing" in message
    assert "extra: unknown key" in message


def test_hours_must_be_at_a_known_place(
    lw_config: ConfigFolder, office_document: dict[str, Any]
) -> None:
    office_document["consultation_hours"][0]["place"] = "eving_nord"
    with pytest.raises(
        SettingsError, match=r"consultation_hours\[0\]\.place: 'eving_nord' is neither 'office' nor"
    ):
        load_office(lw_config, office_document)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=r"nowhere\.toml: file not found"):
        read_toml(tmp_path / "nowhere.toml")


def test_deployment_defaults_and_errors(lw_config: ConfigFolder) -> None:
    assert load_deployment(lw_config.path).timezone == "Europe/Berlin"
    lw_config.write_deployment(timezone="Europe/Dortmund")
    with pytest.raises(SettingsError, match=r"lwcore\.toml: timezone: .*not an IANA time zone"):
        load_deployment(lw_config.path)


def test_config_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LW_CONFIG_DIR", raising=False)
    assert "lokal-willkommen" in str(resolve_config_dir())
    (tmp_path / "config").mkdir()
    assert resolve_config_dir() == tmp_path / "config"
    monkeypatch.setenv("LW_CONFIG_DIR", str(tmp_path / "env"))
    assert resolve_config_dir() == tmp_path / "env"
    assert resolve_config_dir(tmp_path / "option") == tmp_path / "option"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5", 5),
        ("true", True),
        ('["de", "ar"]', ["de", "ar"]),
        ("Kita Sonnenschein", "Kita Sonnenschein"),
    ],
)
def test_command_line_values_read_as_toml(text: str, value: object) -> None:
    assert parse_value(text) == value


def test_update_file_writes_valid_value_and_keeps_defaults_out(lw_config: ConfigFolder) -> None:
    path = lw_config.copy_office(REPO_CONFIG / "offices" / "brackel.toml")
    from lw_brackel.settings import BrackelSettings

    update_file(path, BrackelSettings, "office.phone", "0231 12345")
    text = path.read_text(encoding="utf-8")
    assert 'phone = "0231 12345"' in text
    assert "slot_minutes = 30" in text  # written by the office, kept
    assert text.count("walk_in") == 1  # defaults the file left out stay out
    assert load(path, BrackelSettings).office.phone == "0231 12345"


def test_update_file_refuses_invalid_value_and_writes_nothing(lw_config: ConfigFolder) -> None:
    path = lw_config.copy_office(REPO_CONFIG / "offices" / "brackel.toml")
    before = path.read_bytes()
    from lw_brackel.settings import BrackelSettings

    with pytest.raises(SettingsError, match=r"partners\[0\].languages: 'xx'"):
        update_file(path, BrackelSettings, "partners[0].languages", ["xx"])
    with pytest.raises(SettingsError, match=r"partners\[9\]: no such key"):
        update_file(path, BrackelSettings, "partners[9].name", "x")
    assert path.read_bytes() == before
