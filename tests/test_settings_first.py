"""Plugin API 1.2: office hooks left out are answered by the settings; screens and
panels get an office context; plugins written for 1.0/1.1 keep working."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from attrs import evolve

from lwcore import (
    OfficeContext,
    OfficeSettings,
    Partner,
    ScreenContribution,
    TodayPanel,
    hookimpl,
)
from lwcore.directory import Directory, OfficeEntry, build_directory
from lwcore.plugins.host import PluginHost
from lwcore.testing import ConfigFolder, PluginRegistrar
from tests import plugin_api_1_1, plugin_settings_only
from tests import plugins_for_tests as sample

SLUG = "testoffice"


@pytest.fixture
def config(
    lw_config: ConfigFolder, lw_plugins: PluginRegistrar, office_document: dict[str, Any]
) -> ConfigFolder:
    """``testoffice`` with every section filled, topics too; nothing installed."""
    lw_plugins.only()
    office_document["topics"] = [
        {"key": "bike_repair", "label_de": "Fahrradreparatur", "label_en": "Bike repair"}
    ]
    office_document["partners"][0]["topics"] = ["birth", "bike_repair"]
    lw_config.write_office(SLUG, office_document)
    return lw_config


def directory_with(config: ConfigFolder, plugin: object) -> Directory:
    host = PluginHost.load(extra=[(SLUG, plugin)], discover=False)
    return build_directory(config.path, host=host)


def what_the_office_says(entry: OfficeEntry) -> tuple[Any, ...]:
    return (entry.office, entry.languages, entry.hours, entry.partners, entry.round_tables)


def test_a_plugin_written_for_1_1_works_unchanged(config: ConfigFolder) -> None:
    directory = directory_with(config, plugin_api_1_1)
    assert directory.problems == []
    entry = directory.office(SLUG)
    settings = entry.settings
    assert what_the_office_says(entry) == (
        settings.office,
        settings.languages,
        settings.consultation_hours,
        settings.partners,
        settings.round_tables,
    )
    assert directory.topics["bike_repair"].label_en == "Bike repair"
    [panel] = directory.today_panels(SLUG, date(2026, 11, 27)).panels
    assert panel.lines == ("2026-11-27",)
    [screen] = entry.screens
    assert screen.factory() == "lokal willkommen Test"


def test_settings_answer_every_hook_a_plugin_leaves_out(config: ConfigFolder) -> None:
    old = directory_with(config, plugin_api_1_1)
    new = directory_with(config, plugin_settings_only)
    assert new.problems == []
    assert what_the_office_says(new.office(SLUG)) == what_the_office_says(old.office(SLUG))
    assert new.topics == old.topics
    assert new.meetings(date(2026, 1, 1), date(2026, 3, 31), office=SLUG) == old.meetings(
        date(2026, 1, 1), date(2026, 3, 31), office=SLUG
    )
    assert new.today_panels(SLUG, date(2026, 11, 27)).panels == ()
    assert new.office(SLUG).screens == ()


def test_an_implemented_hook_wins_over_its_section(config: ConfigFolder) -> None:
    @hookimpl
    def lw_partners(settings: OfficeSettings) -> list[Partner]:
        return [evolve(partner, name=partner.name.upper()) for partner in settings.partners]

    plugin = SimpleNamespace(
        LWCORE_PLUGIN_API=">=1.2,<2",
        lw_settings_class=plugin_settings_only.lw_settings_class,
        lw_partners=lw_partners,
    )
    directory = directory_with(config, plugin)
    entry = directory.office(SLUG)
    assert [partner.name for partner in entry.partners] == ["TESTPARTNER"]
    assert entry.languages == entry.settings.languages  # the rest still from the file


def test_office_plugins_are_those_with_lw_office_or_a_settings_class(
    config: ConfigFolder, office_document: dict[str, Any]
) -> None:
    for slug in ("only_office", "only_settings"):
        config.write_office(
            slug, {**office_document, "office": {**office_document["office"], "slug": slug}}
        )

    @hookimpl
    def lw_office(settings: OfficeSettings) -> Any:
        return settings.office

    only_office = SimpleNamespace(LWCORE_PLUGIN_API=">=1.0,<2", lw_office=lw_office)
    host = PluginHost.load(
        extra=[
            ("only_office", only_office),
            ("only_settings", plugin_settings_only),
            ("city", sample.city_plugin()),
        ],
        discover=False,
    )
    assert host.office_names == ["only_office", "only_settings"]
    assert not host.is_office("city")
    directory = build_directory(config.path, host=host)
    assert list(directory.offices) == ["only_office", "only_settings"]
    assert (
        directory.office("only_office").languages
        == directory.office("only_office").settings.languages
    )
    assert [listing.partner.key for listing in directory.partners() if listing.office is None] == [
        "city_helpline"
    ]


def test_a_broken_section_hook_is_reported_and_not_replaced_by_the_section(
    config: ConfigFolder,
) -> None:
    plugin = SimpleNamespace(
        LWCORE_PLUGIN_API=">=1.2,<2",
        lw_settings_class=plugin_settings_only.lw_settings_class,
        lw_partners=sample.raising_partners,
    )
    directory = directory_with(config, plugin)
    assert directory.office(SLUG).partners == ()
    assert [problem.plugin for problem in directory.problems] == [SLUG]
    assert "partner list unavailable" in str(directory.problems[0])


# --- the office context (1.2) -------------------------------------------------------------

SEEN: list[OfficeContext] = []


@hookimpl
def _panels_with_context(settings: OfficeSettings, day: date, office: OfficeContext) -> Any:
    SEEN.append(office)
    meetings = office.meetings(day, day.replace(day=28))
    return [TodayPanel("next", "Nächster Termin", (f"{office.today()} {len(meetings)}",))]


@hookimpl
def _screens_with_context(settings: OfficeSettings, office: OfficeContext) -> Any:
    return [ScreenContribution("today", "Heute", office.today, titles={"en": "Today"})]


@pytest.fixture
def with_context(config: ConfigFolder) -> Directory:
    SEEN.clear()
    plugin = SimpleNamespace(
        LWCORE_PLUGIN_API=">=1.2,<2",
        lw_settings_class=plugin_settings_only.lw_settings_class,
        lw_today_panels=_panels_with_context,
        lw_screens=_screens_with_context,
    )
    directory = directory_with(config, plugin)
    assert directory.problems == []
    return directory


def test_panels_and_screens_get_the_office_on_the_directory_clock(with_context: Directory) -> None:
    zone = with_context.deployment.zone
    with_context.clock = lambda: datetime(2026, 2, 2, 8, 0, tzinfo=zone)
    [panel] = with_context.today_panels(SLUG, date(2026, 2, 1)).panels
    # Round tables every Monday: 2, 9, 16 and 23 February, expanded by the directory.
    assert panel.lines == ("2026-02-02 4",)
    [context] = SEEN
    assert (context.slug, context.timezone) == (SLUG, zone)
    [screen] = with_context.office(SLUG).screens
    with_context.clock = lambda: datetime(2026, 3, 1, 23, 30, tzinfo=zone)
    assert screen.factory() == date(2026, 3, 1)  # read when the screen opens, not at load


def test_the_office_day_is_the_deployment_zone_s(with_context: Directory) -> None:
    # 23:30 UTC on 1 March is already 2 March in Dortmund.
    with_context.clock = lambda: datetime(2026, 3, 1, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert with_context.office_context(SLUG).today() == date(2026, 3, 2)


def test_the_default_clock_is_now_in_the_deployment_zone(with_context: Directory) -> None:
    before = datetime.now(with_context.deployment.zone)
    now = with_context.office_context(SLUG).now()
    assert now.tzinfo == with_context.deployment.zone
    assert 0 <= (now - before).total_seconds() < 60
