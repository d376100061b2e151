"""The ``lw`` command: listings, JSON for scripts, exit codes and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from lwcore.cli import cli
from lwcore.schedule import PublicHolidays, read_calendar
from lwcore.testing import ConfigFolder, PluginRegistrar
from tests import plugins_for_tests as sample
from tests.conftest import REPO, REPO_CONFIG


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def repo_config(lw_config: ConfigFolder) -> ConfigFolder:
    """The repository's own settings, with the two office plugins installed."""
    for path in (REPO_CONFIG / "offices").glob("*.toml"):
        lw_config.copy_office(path)
    (lw_config.path / "lwcore.toml").write_bytes((REPO_CONFIG / "lwcore.toml").read_bytes())
    return lw_config


def test_offices_json_lists_both_offices(repo_config: ConfigFolder) -> None:
    result = run_cli("offices", "--json")
    assert result.exit_code == 0, result.output
    offices = {office["slug"]: office for office in json.loads(result.stdout)}
    assert set(offices) == {"brackel", "mengede_huckarde"}
    assert offices["mengede_huckarde"]["languages"] == ["de", "ar", "en", "fa"]
    assert offices["mengede_huckarde"]["opened"] == "2018-02-09"
    assert offices["brackel"]["address"] == "Brackeler Hellweg 146, 44309 Dortmund"
    assert {"slug", "name", "languages", "districts"} <= set(offices["brackel"])


def test_bare_lw_opens_the_terminal_ui(
    repo_config: ConfigFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[tuple[object, ...]] = []

    def run(config: object, *, demo: bool, language: str | None, staff: str | None) -> None:
        opened.append((config, demo, language, staff))

    monkeypatch.setattr("lwcore.tui.run", run)
    assert run_cli().exit_code == 0
    assert run_cli("--demo", "--lang", "en", "--as", "Frau Yilmaz").exit_code == 0
    assert opened == [(None, False, None, None), (None, True, "en", "Frau Yilmaz")]
    assert run_cli("--lang", "fr").exit_code == 2


def test_partners_filters(repo_config: ConfigFolder) -> None:
    result = run_cli(
        "partners",
        "--office",
        "mengede_huckarde",
        "--topic",
        "energy_contract",
        "--language",
        "fa",
        "--json",
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [row["key"] for row in rows] == ["stromspar_check_nordwest"]
    assert rows[0]["office"] == "mengede_huckarde"
    assert rows[0]["example"] is True
    everyone = json.loads(run_cli("partners", "--json").stdout)
    assert {row["office"] for row in everyone} == {"brackel", "mengede_huckarde"}
    table = run_cli("partners", "--topic", "birth").stdout
    assert "Familienbüro Brackel (Beispiel)" in table


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["partners", "--office", "eving"], "unknown office 'eving'"),
        (["partners", "--topic", "weather"], "--topic: unknown topic 'weather'"),
        (["partners", "--language", "arabic"], "--language: 'arabic' is not an ISO 639-1"),
        (["round-tables", "--from", "2027-02-30"], "'2027-02-30' does not match"),
        (["round-tables", "--from", "2027-02-01", "--until", "2027-01-01"], "is before --from"),
    ],
)
def test_bad_input_exits_2_with_message(
    repo_config: ConfigFolder, args: list[str], message: str
) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_round_tables_skip_holidays_and_export_ics(
    repo_config: ConfigFolder, tmp_path: Path
) -> None:
    target = tmp_path / "rt.ics"
    result = run_cli(
        "round-tables",
        "--office",
        "mengede_huckarde",
        "--from",
        "2026-12-01",
        "--until",
        "2027-06-30",
        "--json",
        "--ics",
        str(target),
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    holidays = PublicHolidays()
    starts = [datetime.fromisoformat(row["start"]) for row in rows]
    assert starts, "the office has round tables in the first half of 2027"
    assert all(holidays.name(start.date()) is None for start in starts)
    assert all(date(2026, 12, 1) <= start.date() <= date(2027, 6, 30) for start in starts)
    assert {row["office"] for row in rows} == {"mengede_huckarde"}
    assert {"office", "series", "start"} <= set(rows[0])
    # Ascension Day 2027 moves the first-Thursday meeting; Easter Monday drops another.
    assert any(row["moved_from"] == "2027-05-06" for row in rows)
    assert not any(start.date() == date(2027, 3, 29) for start in starts)
    events = read_calendar(target.read_bytes())
    assert [(title, start) for _, title, start, _ in events] == [
        (row["title"], start) for row, start in zip(rows, starts, strict=True)
    ]
    assert "wrote" in result.stderr


def test_config_check_ok_and_broken(repo_config: ConfigFolder) -> None:
    result = run_cli("config", "check")
    assert result.exit_code == 0
    assert "settings valid for 2 offices" in result.stdout
    path = repo_config.path / "offices" / "brackel.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('welfare_law = "KDG"', ""))
    result = run_cli("config", "check")
    assert result.exit_code == 2
    assert f"{path}: office.welfare_law: required key is missing" in result.stderr


def test_settings_error_stops_every_listing_with_status_2(repo_config: ConfigFolder) -> None:
    path = repo_config.path / "offices" / "mengede_huckarde.toml"
    path.write_text("[office\n", encoding="utf-8")
    result = run_cli("offices", "--json")
    assert result.exit_code == 2
    assert f"{path}, line 1: invalid TOML" in result.stderr
    assert result.stdout == ""


def test_config_set_validates_and_writes(repo_config: ConfigFolder) -> None:
    result = run_cli("config", "set", "brackel", "office.phone", "0231 50-12345")
    assert result.exit_code == 0, result.output
    path = repo_config.path / "offices" / "brackel.toml"
    text = path.read_text(encoding="utf-8")
    assert 'phone = "0231 50-12345"' in text
    assert text.startswith("# lokal willkommen Brackel")  # the header comment survives
    assert run_cli("config", "check").exit_code == 0
    before = path.read_bytes()
    bad = run_cli("config", "set", "brackel", "consultation_hours[0].slot_minutes", "zero")
    assert bad.exit_code == 2
    assert "consultation_hours[0].slot_minutes: expected a whole number" in bad.stderr
    assert path.read_bytes() == before
    unknown = run_cli("config", "set", "eving", "office.name", "x")
    assert unknown.exit_code == 2
    assert "unknown office 'eving'" in unknown.stderr


def test_broken_plugin_is_a_warning_not_a_crash(
    repo_config: ConfigFolder, lw_plugins: PluginRegistrar
) -> None:
    lw_plugins.register(sample.city_plugin(lw_partners=sample.raising_partners), "citywide")
    result = run_cli("offices", "--json")
    assert result.exit_code == 0
    assert {office["slug"] for office in json.loads(result.stdout)} == {
        "brackel",
        "mengede_huckarde",
    }
    assert "warning: plugin 'citywide' (hook): lw_partners: RuntimeError" in result.stderr


def test_installed_command_runs_without_traceback(tmp_path: Path) -> None:
    """The real console entry point, the real installed plugins, a broken config."""
    env: dict[str, Any] = {**os.environ, "LW_CONFIG_DIR": str(REPO_CONFIG)}
    env.pop("LW_DISABLE_PLUGINS", None)
    ok = subprocess.run(
        [sys.executable, "-m", "lwcore", "offices", "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert [o["slug"] for o in json.loads(ok.stdout)] == ["brackel", "mengede_huckarde"]
    env["LW_CONFIG_DIR"] = str(tmp_path)
    (tmp_path / "lwcore.toml").write_text('timezone = "Mars/Olympus"\n', encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, "-m", "lwcore", "offices"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 2
    assert "lwcore.toml: timezone: 'Mars/Olympus' is not an IANA time zone name" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_db_status_does_not_create_the_database(
    repo_config: ConfigFolder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "office.sqlite3"
    monkeypatch.setenv("LW_DATABASE_URL", f"sqlite:///{target}")
    result = run_cli("db", "status")
    assert result.exit_code == 2
    assert "no database yet" in result.stderr
    assert not target.exists()
    assert run_cli("db", "upgrade").exit_code == 0
    assert "pending:  none" in run_cli("db", "status").stdout
