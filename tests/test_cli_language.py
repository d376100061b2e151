"""``lw`` prints what the services refuse in the chosen language: ``--lang``, else
``$LW_LANG``, else German. The command's own words stay English for now."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from lwcore.cli import cli
from lwcore.db.engine import Database
from lwcore.testing import ConfigFolder
from tests.access.cases_privacy import use_repo_config

NEW = ["household", "new", "--label", "", "--district", "Nowhere", "--languages", "de,xx"]


@pytest.fixture(autouse=True)
def repo_config(
    lw_database: Database, lw_config: ConfigFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_repo_config(lw_config, monkeypatch, lw_database)


def lw(*args: str, language: str | None, staff: str = "brackel_stadt") -> Result:
    """``lw ARGS`` as ``staff`` (Brackel's office lead), ``$LW_LANG`` set to ``language``
    (None: unset)."""
    return CliRunner().invoke(cli, ["--as", staff, *args], env={"LW_LANG": language})


def test_lw_lang_de_prints_each_field_in_german() -> None:
    result = lw(*NEW, language="de")
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert "Error: --label: darf nicht leer sein" in lines
    assert "--district: 'Nowhere' ist kein Stadtbezirk von brackel (Brackel, Aplerbeck)" in lines
    assert "--languages: 'xx' ist kein Sprachcode nach ISO 639-1" in lines
    assert "must not be empty" not in result.stderr


def test_german_is_the_default_and_lang_chooses() -> None:
    unset = lw(*NEW, language=None)
    assert "--label: darf nicht leer sein" in unset.stderr
    english = lw("--lang", "en", *NEW, language="de")
    assert "--label: must not be empty" in english.stderr
    german = lw("--lang", "de", *NEW, language="en")
    assert "--label: darf nicht leer sein" in german.stderr


def test_a_refusal_without_a_field_follows_the_language_too() -> None:
    german = lw("household", "show", "BR-NOBODY", language="de")
    assert german.exit_code == 2
    assert german.stderr.strip() == "Error: Haushalt BR-NOBODY gibt es nicht"
    new = ["household", "new", "--label", "Haddad", "--district", "Brackel", "--languages", "de"]
    created = lw(*new, "--yes", "--json", language="de")
    assert created.exit_code == 0, created.output
    code = json.loads(created.stdout)["code"]
    # Another office's household is one that does not exist, in German too.
    hidden = lw("privacy", "export", code, language="de", staff="mh_diakonie")
    assert hidden.exit_code == 2
    assert hidden.stderr.strip() == f"Error: Haushalt {code} gibt es nicht"
    denied = lw("audit", "--office", "brackel", language="de", staff="mh_diakonie")
    assert denied.exit_code == 2
    assert "darf das Zugriffsprotokoll von brackel nicht lesen" in denied.stderr
    statistics = lw("statistics", "--month", "2026-11", language="de")
    assert statistics.exit_code == 2
    assert "darf die Statistik von allen Büros nicht sehen (try --office brackel)" in (
        statistics.stderr
    )
