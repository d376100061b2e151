"""The Mengede/Huckarde office plugin: its own hooks, and the settings answering the rest."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from lw_mengede_huckarde import hooks
from lw_mengede_huckarde.settings import MengedeHuckardeSettings

from lwcore.directory import Directory, OfficeEntry
from lwcore.testing import ConfigFolder, PluginRegistrar

SETTINGS = Path(__file__).resolve().parents[3] / "config" / "offices" / "mengede_huckarde.toml"


@pytest.fixture
def directory(lw_config: ConfigFolder, lw_plugins: PluginRegistrar) -> Directory:
    lw_plugins.only()
    lw_plugins.register(hooks, "mengede_huckarde")
    lw_config.copy_office(SETTINGS)
    loaded = lw_config.directory()
    assert loaded.problems == []
    return loaded


@pytest.fixture
def office(directory: Directory) -> OfficeEntry:
    return directory.office("mengede_huckarde")


def test_settings_class(office: OfficeEntry) -> None:
    assert isinstance(office.settings, MengedeHuckardeSettings)


def test_office_facts_from_the_press_release(office: OfficeEntry) -> None:
    assert office.office.opened == date(2018, 2, 9)
    assert office.office.address.street == "Westerfilder Straße 11a"
    assert office.office.districts == ("Mengede", "Huckarde")
    assert office.office.welfare_association.startswith("Diakonisches Werk Dortmund und Lünen")
    assert office.office.welfare_law == "DSG-EKD"


def test_languages_from_the_press_release(office: OfficeEntry) -> None:
    assert office.language_codes == ("de", "ar", "en", "fa")


def test_consultation_hours_are_examples(office: OfficeEntry) -> None:
    assert {hours.weekday for hours in office.hours} == {"TU", "TH", "FR"}
    assert all(hours.example for hours in office.hours)


def test_partners(directory: Directory, office: OfficeEntry) -> None:
    farsi = directory.partners(office="mengede_huckarde", language="fa")
    assert {listing.partner.key for listing in farsi} == {
        "migrationsdienst_diakonie",
        "stromspar_check_nordwest",
    }
    assert all(partner.example for partner in office.partners)


def test_hall_contact_joins_round_tables_in_the_parish_hall(office: OfficeEntry) -> None:
    assert isinstance(office.settings, MengedeHuckardeSettings)
    contact = office.settings.hall_booking_contact
    by_key = {series.key: series for series in office.round_tables}
    assert contact in by_key["runder_tisch_mengede"].participants
    assert contact not in by_key["runder_tisch_huckarde"].participants


def test_round_table_dates_avoid_holidays(directory: Directory) -> None:
    meetings = directory.meetings(date(2027, 1, 1), date(2027, 6, 30), office="mengede_huckarde")
    moved = [m for m in meetings if m.moved_from]
    assert [(m.moved_from, m.start.date()) for m in moved] == [(date(2027, 5, 6), date(2027, 5, 7))]
    huckarde = [m.start.date() for m in meetings if m.series == "runder_tisch_huckarde"]
    assert date(2027, 3, 29) not in huckarde  # Easter Monday: this series drops it
    assert huckarde == [date(2027, 1, 25), date(2027, 5, 31)]


def test_topics(directory: Directory) -> None:
    assert directory.topics["residence_status"].label_en == "Residence status"


def test_hooks_module_holds_only_what_is_its_own() -> None:
    own = sorted(name for name in vars(hooks) if name.startswith("lw_"))
    assert own == ["lw_round_tables", "lw_screens", "lw_settings_class"]


def test_hall_booking_screen_lists_meetings_in_the_parish_hall(
    directory: Directory, office: OfficeEntry
) -> None:
    import asyncio

    from lw_mengede_huckarde.screens import HallBookingScreen
    from textual.app import App
    from textual.widgets import DataTable

    [contribution] = office.screens
    assert contribution.key == "hall_bookings"
    assert contribution.title_in("en") == "Hall booking, Noah parish hall"
    assert contribution.title_in("de") == contribution.title
    zone = directory.deployment.zone
    directory.clock = lambda: datetime(2027, 4, 20, 9, 30, tzinfo=zone)  # the app's clock
    screen = contribution.factory()
    assert isinstance(screen, HallBookingScreen)

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(screen)

    async def scenario() -> list[tuple[str, str]]:
        async with Host().run_test() as pilot:
            await pilot.pause()
            table = screen.query_one(DataTable)
            return [
                (str(table.get_row_at(row)[0]), str(table.get_row_at(row)[2]))
                for row in range(table.row_count)
            ]

    rows = asyncio.run(scenario())
    # First Thursdays at the hall; Ascension Day (6 May 2027) moves to the 7th.
    assert [day for day, _title in rows[:3]] == ["07.05.2027", "03.06.2027", "01.07.2027"]
    huckarde = {
        series.title for series in office.round_tables if series.key == "runder_tisch_huckarde"
    }
    assert huckarde.isdisjoint(title for _day, title in rows)  # held elsewhere


def test_office_context_follows_the_directory_clock(directory: Directory) -> None:
    context = directory.office_context("mengede_huckarde")
    zone = directory.deployment.zone
    directory.clock = lambda: datetime(2027, 5, 6, 23, 30, tzinfo=zone)
    assert context.today() == date(2027, 5, 6)
    assert context.timezone == zone
    assert context.meetings(date(2027, 5, 1), date(2027, 5, 31)) == directory.meetings(
        date(2027, 5, 1), date(2027, 5, 31), office="mengede_huckarde"
    )
