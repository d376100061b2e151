"""Settings that used to slip through: each is refused with the file and the key."""

from __future__ import annotations

import time
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from click.testing import CliRunner, Result

from lwcore.cli import cli
from lwcore.records import RoundTableSeries
from lwcore.schedule import PublicHolidays
from lwcore.schedule.recurrence import MAX_OCCURRENCES, expand_series
from lwcore.settings import OfficeSettings, SettingsError
from lwcore.settings.deployment import load_deployment, unknown_offices
from lwcore.settings.files import load
from lwcore.testing import ConfigFolder
from tests.conftest import REPO_CONFIG


def load_office(folder: ConfigFolder, content: dict[str, Any] | str) -> OfficeSettings:
    return load(folder.write_office("testoffice", content), OfficeSettings)


@pytest.mark.parametrize("frequency", ["HOURLY", "MINUTELY", "SECONDLY"])
def test_round_table_frequency_below_a_day_is_refused(
    lw_config: ConfigFolder, office_document: dict[str, Any], frequency: str
) -> None:
    office_document["round_tables"][0]["rrule"] = f"FREQ={frequency}"
    with pytest.raises(SettingsError) as caught:
        load_office(lw_config, office_document)
    assert caught.value.key == "round_tables[0].rrule"
    assert f"FREQ={frequency} is not allowed" in str(caught.value)
    assert "testoffice.toml" in str(caught.value)


def test_round_table_several_meetings_a_day_is_refused(
    lw_config: ConfigFolder, office_document: dict[str, Any]
) -> None:
    office_document["round_tables"][0]["rrule"] = "FREQ=DAILY;BYHOUR=1,2,3"
    with pytest.raises(SettingsError, match=r"round_tables\[0\]\.rrule: .*BYHOUR"):
        load_office(lw_config, office_document)


@pytest.mark.parametrize("frequency", ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"])
def test_round_table_frequencies_of_a_day_or_more_load(
    lw_config: ConfigFolder, office_document: dict[str, Any], frequency: str
) -> None:
    office_document["round_tables"][0]["rrule"] = f"FREQ={frequency}"
    assert load_office(lw_config, office_document).round_tables[0].rrule == f"FREQ={frequency}"


def test_round_table_first_date_in_year_one_is_refused(
    lw_config: ConfigFolder, office_document: dict[str, Any]
) -> None:
    office_document["round_tables"][0]["first"] = date(1, 1, 1)
    with pytest.raises(SettingsError, match=r"round_tables\[0\]\.first: .*outside 1900–2100"):
        load_office(lw_config, office_document)


@pytest.fixture
def repo_config(lw_config: ConfigFolder) -> ConfigFolder:
    """The repository's own settings."""
    for path in (REPO_CONFIG / "offices").glob("*.toml"):
        lw_config.copy_office(path)
    (lw_config.path / "lwcore.toml").write_bytes((REPO_CONFIG / "lwcore.toml").read_bytes())
    return lw_config


def config_check() -> Result:
    return CliRunner().invoke(cli, ["config", "check"])


def test_config_check_names_file_and_key_of_a_minutely_round_table(
    repo_config: ConfigFolder,
) -> None:
    path = repo_config.path / "offices" / "brackel.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"FREQ=MONTHLY;BYDAY=2WE"', '"FREQ=MINUTELY"'), encoding="utf-8")
    result = config_check()
    assert result.exit_code == 2
    assert f"{path}: round_tables[0].rrule:" in result.stderr
    assert "Traceback" not in result.output


def test_expansion_is_bounded_whatever_the_rule(office_document: dict[str, Any]) -> None:
    """Even a rule that got past the settings (built in code) cannot make a listing slow."""
    series = RoundTableSeries(**office_document["round_tables"][0])
    object.__setattr__(series, "rrule", "FREQ=SECONDLY")
    object.__setattr__(series, "first", date(2020, 1, 1))
    started = time.monotonic()
    meetings = list(
        expand_series(
            "testoffice",
            series,
            date(2026, 12, 1),
            date(2026, 12, 1),
            timezone=ZoneInfo("Europe/Berlin"),
            calendar=PublicHolidays(),
        )
    )
    assert time.monotonic() - started < 5
    assert len(meetings) <= MAX_OCCURRENCES


def test_daily_series_over_two_centuries_still_expands(office_document: dict[str, Any]) -> None:
    series = attrs.evolve(
        RoundTableSeries(**office_document["round_tables"][0]),
        rrule="FREQ=DAILY",
        first=date(1900, 1, 1),
    )
    meetings = list(
        expand_series(
            "testoffice",
            series,
            date(2100, 12, 1),
            date(2100, 12, 7),
            timezone=ZoneInfo("Europe/Berlin"),
            calendar=PublicHolidays(),
        )
    )
    assert [meeting.start.date() for meeting in meetings] == [
        date(2100, 12, day) for day in range(1, 8)
    ]


ANNA = {"name": "Anna Schmidt", "role": "office_lead", "employer": "city", "office": "brackel"}


def test_a_text_where_a_list_is_meant_is_refused(lw_config: ConfigFolder) -> None:
    path = lw_config.write_deployment(disabled_plugins="brackel")
    with pytest.raises(SettingsError) as caught:
        load_deployment(lw_config.path)
    assert caught.value.key == "disabled_plugins"
    assert str(caught.value) == f"{path}: disabled_plugins: expected a list, got text 'brackel'"


def test_a_text_where_a_list_is_meant_fails_config_check(repo_config: ConfigFolder) -> None:
    path = repo_config.path / "lwcore.toml"
    path.write_text('disabled_plugins = "brackel"\n', encoding="utf-8")
    result = config_check()
    assert result.exit_code == 2
    assert f"{path}: disabled_plugins: expected a list, got text 'brackel'" in result.stderr


def test_a_text_for_an_office_list_is_refused(
    lw_config: ConfigFolder, office_document: dict[str, Any]
) -> None:
    office_document["partners"][0]["topics"] = "birth"
    with pytest.raises(SettingsError, match=r"partners\[0\]\.topics: expected a list, got text"):
        load_office(lw_config, office_document)


def test_staff_given_as_a_number_is_a_named_error(lw_config: ConfigFolder) -> None:
    path = lw_config.write_deployment(staff=5)
    with pytest.raises(SettingsError) as caught:
        load_deployment(lw_config.path)
    assert str(caught.value) == f"{path}: staff: expected a table, got a number 5"


def test_a_staff_member_given_as_text_is_a_named_error(lw_config: ConfigFolder) -> None:
    lw_config.write_deployment(staff={"anna": "Anna"})
    with pytest.raises(SettingsError, match=r"staff\.anna: expected a table, got text 'Anna'"):
        load_deployment(lw_config.path)


def test_on_holiday_names_the_key_and_the_allowed_values(
    lw_config: ConfigFolder, office_document: dict[str, Any]
) -> None:
    office_document["round_tables"][0]["on_holiday"] = "explode"
    with pytest.raises(SettingsError) as caught:
        load_office(lw_config, office_document)
    assert caught.value.key == "round_tables[0].on_holiday"
    assert caught.value.detail == (
        "expected one of drop, next_working_day, previous_working_day, got text 'explode'"
    )


@pytest.mark.parametrize(
    "text",
    ["deep = " + "[" * 5000 + "]" * 5000, "[office]\ndeep = " + "{a = " * 5000 + "1" + "}" * 5000],
)
def test_a_value_nested_5000_deep_is_a_named_error(lw_config: ConfigFolder, text: str) -> None:
    path = lw_config.write_office("testoffice", text + "\n")
    with pytest.raises(SettingsError) as caught:
        load(path, OfficeSettings)
    assert caught.value.key == "deep"
    assert str(caught.value).startswith(f"{path}, line ")
    assert str(caught.value).endswith(": deep: nested too deeply")


def test_a_value_nested_5000_deep_fails_config_check(repo_config: ConfigFolder) -> None:
    path = repo_config.path / "lwcore.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = config_check()
    assert result.exit_code == 2
    assert f"{path}, line 1: x: nested too deeply" in result.stderr


def test_offices_lwcore_toml_names_must_be_installed(lw_config: ConfigFolder) -> None:
    path = lw_config.write_deployment(
        default_office="brakel",
        staff={"anna": ANNA, "omar": {**ANNA, "office": "eving"}},
    )
    settings = load_deployment(lw_config.path)
    found = unknown_offices(lw_config.path, settings, ["brackel", "mengede_huckarde"])
    assert [str(error) for error in found] == [
        f"{path}: default_office: 'brakel' is not an installed office (brackel, mengede_huckarde)",
        f"{path}: staff.omar.office: 'eving' is not an installed office"
        " (brackel, mengede_huckarde)",
    ]
    assert unknown_offices(lw_config.path, settings, ["brackel", "brakel", "eving"]) == []


def test_config_check_names_an_office_that_is_not_installed(repo_config: ConfigFolder) -> None:
    path = repo_config.path / "lwcore.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('default_office = "brackel"', 'default_office = "brakel"'), encoding="utf-8"
    )
    result = config_check()
    assert result.exit_code == 2
    assert f"{path}: default_office: 'brakel' is not an installed office" in result.stderr
