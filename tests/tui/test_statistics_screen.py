"""The statistics section (F7) on demo data: figures, months, city-wide view,
the period form and the report (Excel, PDF, CSV), each checked against the service.

Brackel's lead sees Brackel's exact figures; the city-wide view (a
coordinator's) and every report are perturbed (cell key method), and only
for a month that is over."""

from __future__ import annotations

import asyncio
import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, SelectionList, Static, Tabs

from lwcore.db.engine import Database
from lwcore.directory import build_directory
from lwcore.services import FrozenClock, Services
from lwcore.services.disclosure import PeriodStatistics
from lwcore.settings.paths import documents_dir
from lwcore.testing import make_actor
from lwcore.tui.app import OfficeApp
from lwcore.tui.backend import Backend
from lwcore.tui.forms.period import PeriodForm
from lwcore.tui.forms.report import ReportForm
from lwcore.tui.i18n import set_language
from lwcore.tui.screens.help import HelpScreen
from lwcore.tui.screens.statistics import StatisticsScreen
from lwcore.tui.screens.statistics_chart import BarChart
from tests.conftest import REPO_CONFIG
from tests.tui.conftest import TUI_NOW, settle

BRACKEL = "brackel"
MENGEDE = "mengede_huckarde"
#: The report's tables, as its CSV files name them.
TABLE_FILES = (
    "kennzahlen",
    "monate",
    "themen",
    "sprachen",
    "bezirke",
    "ergebnisse",
    "themen-sprachen",
    "partner",
    "verweisungen",
    "runde-tische",
    "gruppenangebote",
    "ehrenamtliche",
)


@pytest.fixture
def services(demo_url: str) -> Services:
    """A second door to the same database, beside the app's own, as a coordinator
    (who may ask for every office's figures)."""
    return Services(
        Database(demo_url),
        build_directory(REPO_CONFIG),
        FrozenClock(TUI_NOW),
        actor=make_actor(None, "coordinator"),
    )


@pytest.fixture
def lead(services: Services) -> Services:
    """The same door as Brackel's office lead: Brackel's exact figures."""
    return services.acting_as(make_actor(BRACKEL))


def coordinator_app(url: str) -> OfficeApp:
    """The app as the city's coordinator (``koordination`` in config/lwcore.toml)."""
    set_language("en")
    backend = Backend(
        config_option=REPO_CONFIG,
        database_url=url,
        clock=FrozenClock(TUI_NOW),
        staff="koordination",
    )
    return OfficeApp(backend)


async def open_statistics(pilot: Pilot[None]) -> StatisticsScreen:
    await settle(pilot)
    await pilot.press("f7")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StatisticsScreen)
    return screen


def text(screen: StatisticsScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def counts(screen: StatisticsScreen, table_id: str) -> dict[str, str]:
    """Row key -> the figure in the table's second column, as shown."""
    table = screen.query_one(f"#{table_id}", DataTable)
    return {
        str(key.value): str(table.get_row(key)[1]).strip()
        for key in (row.key for row in table.ordered_rows)
    }


def row_keys(screen: StatisticsScreen, table_id: str) -> list[str]:
    table = screen.query_one(f"#{table_id}", DataTable)
    return [str(row.key.value) for row in table.ordered_rows]


def assert_shows(screen: StatisticsScreen, figures: PeriodStatistics) -> None:
    """Every figure on screen is the service's figure (exact or perturbed), in its order."""
    totals = text(screen, "#totals")
    for expected in (
        f"Consultations: {figures.consultations}",
        f"People advised: {figures.people}",
        f"Quick contacts: {figures.quick_contacts}",
        f"Households: {figures.households}",
        f"Referrals: {figures.referrals}",
        f"Home visits done: {figures.visits_done}",
    ):
        assert expected in totals
    assert ("Perturbed: each figure at most 2 off" in totals) == figures.perturbed

    def shown(rows: tuple[Any, ...]) -> dict[str, str]:
        return {row.key: str(row.consultations) for row in rows}

    assert counts(screen, "by-topic") == shown(figures.by_topic)
    assert row_keys(screen, "by-topic") == [c.key for c in figures.by_topic]
    assert counts(screen, "by-language") == shown(figures.by_language)
    assert counts(screen, "by-outcome") == shown(figures.by_outcome)
    assert counts(screen, "by-partner") == {p.partner: str(p.referrals) for p in figures.by_partner}
    assert row_keys(screen, "by-topic-and-language") == [
        f"{row.topic}/{row.language}" for row in figures.by_topic_and_language
    ]
    chart = screen.query_one("#topic-chart", BarChart)
    assert [count for _label, count in chart.bars] == [c.consultations for c in figures.by_topic]


def small_counts_on(screen: StatisticsScreen) -> list[str]:
    """Every count of 1 or 2 in the screen's tables (never released)."""
    found = []
    for table in screen.query(DataTable):
        for row in table.ordered_rows:
            found.extend(
                str(cell).strip()
                for cell in table.get_row(row.key)[1:]
                if str(cell).strip() in {"1", "2"}
            )
    return found


def test_shows_the_month_of_the_clock(
    demo_url: str, make_app: Callable[..., OfficeApp], lead: Services
) -> None:
    november = lead.statistics.month(BRACKEL, 2026, 11)
    assert not november.perturbed
    assert november.consultations > 0
    assert november.by_partner

    async def scenario() -> None:
        app = make_app(demo_url, language="en")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_statistics(pilot)
            heading = text(screen, "#heading")
            assert "lokal willkommen Brackel" in heading
            assert "November 2026 (Nov 1, 2026 – Nov 30, 2026)" in heading
            assert_shows(screen, november)  # the office's own figures stay exact
            chart = screen.query_one("#topic-chart", BarChart)
            drawn = chart.render()
            assert str(drawn) == str(chart.render())  # same figures, same picture
            assert "Consultations by topic" in str(drawn)

    asyncio.run(scenario())


def test_brackets_move_a_month_back_and_forth(
    demo_url: str, make_app: Callable[..., OfficeApp], lead: Services
) -> None:
    october = lead.statistics.month(BRACKEL, 2026, 10)
    november = lead.statistics.month(BRACKEL, 2026, 11)
    december = lead.statistics.month(BRACKEL, 2026, 12)
    assert october.consultations != november.consultations
    assert december.consultations == 0

    async def scenario() -> None:
        app = make_app(demo_url, language="en")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_statistics(pilot)
            await pilot.press("left_square_bracket")
            await settle(pilot)
            assert "October 2026" in text(screen, "#heading")
            assert_shows(screen, october)
            await pilot.press("right_square_bracket", "right_square_bracket")
            await settle(pilot)
            assert "December 2026" in text(screen, "#heading")
            assert_shows(screen, december)
            chart = screen.query_one("#topic-chart", BarChart)
            assert "No consultations in this period." in str(chart.render())
            await pilot.press("m")
            await settle(pilot)
            assert "November 2026" in text(screen, "#heading")
            assert_shows(screen, november)

    asyncio.run(scenario())


def test_all_offices_are_for_the_coordinator_and_perturbed(
    demo_url: str, services: Services, lead: Services
) -> None:
    # The clock says 26 November: October is the newest month that may leave.
    city = services.statistics.month(None, 2026, 10)
    brackel = services.statistics.month(BRACKEL, 2026, 10)
    mengede = services.statistics.month(MENGEDE, 2026, 10)
    exact = lead.statistics.month(BRACKEL, 2026, 10)
    assert city.perturbed
    assert brackel.perturbed
    assert mengede.consultations > 0
    assert abs(brackel.consultations - exact.consultations) <= 2

    async def scenario() -> None:
        app = coordinator_app(demo_url)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_statistics(pilot)
            # Brackel is not the coordinator's own office: its figures are perturbed too.
            assert "lokal willkommen Brackel" in text(screen, "#heading")
            assert "October 2026" in text(screen, "#heading")
            assert_shows(screen, brackel)
            await pilot.press("a")
            await settle(pilot)
            assert text(screen, "#heading").startswith("all offices · October 2026")
            assert_shows(screen, city)
            assert not small_counts_on(screen)
            # A month still running does not leave an office: refused, October stays.
            await pilot.press("right_square_bracket")
            await settle(pilot)
            assert "October 2026" in text(screen, "#heading")
            notes = [str(note.message) for note in app._notifications]
            assert any("whole calendar month, quarter or year that is over" in n for n in notes)
            await pilot.press("a")
            await settle(pilot)
            assert "lokal willkommen Brackel" in text(screen, "#heading")
            assert_shows(screen, brackel)

    asyncio.run(scenario())


def test_an_office_lead_may_not_see_every_office(
    demo_url: str, make_app: Callable[..., OfficeApp], lead: Services
) -> None:
    brackel = lead.statistics.month(BRACKEL, 2026, 11)

    async def scenario() -> None:
        app = make_app(demo_url, language="en")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_statistics(pilot)
            await pilot.press("a")
            await settle(pilot)
            assert not screen.city_wide
            assert "lokal willkommen Brackel" in text(screen, "#heading")
            assert_shows(screen, brackel)
            notes = [str(note.message) for note in app._notifications]
            assert "Only a coordinator may see the figures of every office." in notes

    asyncio.run(scenario())


def test_period_form_refuses_impossible_dates_under_the_field(
    demo_url: str, make_app: Callable[..., OfficeApp], lead: Services
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url, language="en")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_statistics(pilot)
            await pilot.press("p")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, PeriodForm)
            start, end = form.query_one("#start", Input), form.query_one("#end", Input)
            assert (start.value, end.value) == ("2026-11-01", "2026-11-30")

            async def submit(first: str, last: str) -> None:
                start.value, end.value = first, last
                start.focus()
                await pilot.press("enter")
                await settle(pilot)

            def error(name: str) -> str | None:
                label = form.query_one(f"#error-{name}", Static)
                return str(label.render()) if label.display else None

            await submit("31.02.2026", "30.11.2026")
            assert error("start") == "This date does not exist."
            assert error("end") is None
            await submit("01.11.2026", "next week")
            assert error("start") is None
            assert error("end") == "Enter the date as DD.MM.YYYY or YYYY-MM-DD."
            await submit("15.11.2026", "2026-10-01")
            assert error("end") == "The end is before the start."
            # Refused: the form stays open and the screen still shows November.
            assert app.screen is form
            assert screen.period == (date(2026, 11, 1), date(2026, 11, 30))
            assert "November 2026" in text(screen, "#heading")

            await submit("1.10.2026", "2026-11-15")
            assert app.screen is screen
            assert screen.period == (date(2026, 10, 1), date(2026, 11, 15))
            assert "Oct 1, 2026 – Nov 15, 2026" in text(screen, "#heading")
            assert_shows(
                screen, lead.statistics.period(BRACKEL, date(2026, 10, 1), date(2026, 11, 15))
            )

    asyncio.run(scenario())


def read_csv(path: Path) -> list[list[str]]:
    """A report's CSV file as German Excel reads it: ``;``, UTF-8 with BOM."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's documents folder, in a home of the test's own."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    return documents_dir()


def report_from(
    app: OfficeApp, folder: Path | None, *, city_wide: bool, month_back: bool = False
) -> Callable[[], Any]:
    """A scenario: open the statistics, choose the scope (and the month before), write
    October's report into ``folder`` (None: the folder the form suggests)."""

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_statistics(pilot)
            if city_wide:
                await pilot.press("a")
                await settle(pilot)
            if month_back:
                await pilot.press("left_square_bracket")
                await settle(pilot)
            await pilot.press("x")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, ReportForm)
            assert app.focused is form.query_one("#formats", SelectionList)
            assert "October 2026" in str(form.query_one("#report-of", Label).render())
            field = form.query_one("#folder", Input)
            assert field.value == str(documents_dir())
            if folder is not None:
                field.value = str(folder)
            field.focus()
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is screen  # written: the form closed (its files are checked after)

    return scenario


def test_the_report_holds_the_released_figures_in_every_format(
    demo_url: str,
    make_app: Callable[..., OfficeApp],
    services: Services,
    tmp_path: Path,
    documents: Path,
) -> None:
    report = services.statistics.report(BRACKEL, date(2026, 10, 1), date(2026, 10, 31))
    city = report.figures
    assert city.perturbed
    folder = tmp_path / "bericht"
    app = make_app(demo_url, language="en")
    asyncio.run(report_from(app, folder, city_wide=False, month_back=True)())

    stem = "statistik-brackel-2026-10"
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted(
        [f"{stem}.xlsx", f"{stem}.pdf", *(f"{stem}-{table}.csv" for table in TABLE_FILES)]
    )
    [_header, *totals] = read_csv(folder / f"{stem}-kennzahlen.csv")
    assert [int(row[1]) for row in totals] == [
        city.consultations,
        city.people,
        city.quick_contacts,
        city.households,
        city.referrals,
        city.visits_done,
        report.volunteers,
    ]
    topics = read_csv(folder / f"{stem}-themen.csv")[1:]
    assert [int(row[1]) for row in topics] == [c.consultations for c in city.by_topic]
    offers = read_csv(folder / f"{stem}-gruppenangebote.csv")[1:]
    assert [row[-2:] for row in offers] == [
        [str(r.sessions), str(r.attendance)] for r in report.group_offers
    ]
    assert report.round_tables
    tables = read_csv(folder / f"{stem}-runde-tische.csv")[1:]
    assert [row[-2:] for row in tables] == [
        [str(r.meetings), str(r.actions)] for r in report.round_tables
    ]
    workbook = load_workbook(folder / f"{stem}.xlsx")
    sheet = workbook["By topic"]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        c.consultations for c in city.by_topic
    ]
    figures = [int(cell) for path in folder.glob("*.csv") for row in read_csv(path)[1:]
               for cell in row if cell.isdigit()]  # fmt: skip
    assert figures
    assert not [value for value in figures if value in {1, 2}]
    assert list(Path.cwd().glob("statistik-*")) == []


def test_the_office_report_is_perturbed_though_the_screen_is_exact(
    demo_url: str,
    make_app: Callable[..., OfficeApp],
    services: Services,
    lead: Services,
    documents: Path,
) -> None:
    exact = lead.statistics.month(BRACKEL, 2026, 10)
    assert [c for c in exact.by_topic_and_language if c.consultations in (1, 2)]
    released = services.statistics.month(BRACKEL, 2026, 10)
    app = make_app(demo_url, language="en")
    # Into the documents folder the form suggests: never the current folder.
    asyncio.run(report_from(app, None, city_wide=False, month_back=True)())
    pairs = read_csv(documents / "statistik-brackel-2026-10-themen-sprachen.csv")[1:]
    # The same cells as the coordinator's view: the same records, the same noise.
    assert [row[2] for row in pairs] == [
        str(row.consultations) for row in released.by_topic_and_language
    ]
    assert not [row for row in pairs if row[2] in {"1", "2"}]


def test_the_running_month_is_not_reported(
    demo_url: str, make_app: Callable[..., OfficeApp], documents: Path
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url, language="en")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_statistics(pilot)
            await pilot.press("x")
            await settle(pilot)
            assert app.screen is screen
            notes = [str(note.message) for note in app._notifications]
            assert any("whole calendar month, quarter or year that is over" in n for n in notes)

    asyncio.run(scenario())
    assert not documents.exists() or not list(documents.iterdir())


def test_the_report_form_refuses_what_it_cannot_write(
    demo_url: str, make_app: Callable[..., OfficeApp], tmp_path: Path, documents: Path
) -> None:
    occupied = tmp_path / "not-a-folder"
    occupied.write_text("in the way", encoding="utf-8")

    async def scenario() -> None:
        app = make_app(demo_url, language="en")
        async with app.run_test(size=(80, 24)) as pilot:
            await open_statistics(pilot)
            await pilot.press("left_square_bracket")
            await settle(pilot)
            await pilot.press("x")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, ReportForm)
            # ? opens the help of the form, as on every screen.
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            assert str(app.screen.query_one("#help-title").render()) == "Help: Write a report"
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is form
            folder = form.query_one("#folder", Input)
            folder.value = str(occupied / "inside")
            folder.focus()
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is form
            error = form.query_one("#error-folder", Static)
            assert error.display
            assert str(error.render()) == (
                f"Cannot write the report to {occupied / 'inside'}: "
                "a file of that name is in the way"
            )
            folder.value = "  "
            form.query_one("#formats", SelectionList).deselect_all()
            await pilot.press("enter")
            await settle(pilot)
            assert str(error.render()) == "Enter a folder."
            formats = form.query_one("#error-formats", Static)
            assert str(formats.render()) == "Choose at least one format."

    asyncio.run(scenario())
    assert occupied.read_text(encoding="utf-8") == "in the way"
    assert not list(tmp_path.rglob("statistik-*"))
    assert not list(tmp_path.rglob("*.part"))


def test_snapshot_of_the_report_form(
    snap_compare: Callable[..., bool],
    demo_url: str,
    make_app: Callable[..., OfficeApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The report form in German over October's figures, the documents folder suggested."""
    monkeypatch.setenv("HOME", "/home/beratung")
    monkeypatch.setenv("XDG_CONFIG_HOME", "/home/beratung/.config")

    async def open_form(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReportForm)

    assert snap_compare(make_app(demo_url), terminal_size=(80, 24), run_before=open_form)


def test_small_terminal_uses_tabs_large_one_shows_every_table(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    every = {"topics", "languages", "outcomes-partners", "topic-language"}

    def shown(screen: StatisticsScreen) -> set[str]:
        return {str(pane.id) for pane in screen.query(".pane") if pane.display}

    async def small() -> None:
        app = make_app(demo_url, language="en")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_statistics(pilot)
            assert shown(screen) == {"topics"}
            await pilot.click("#tab-outcomes-partners")
            await settle(pilot)
            assert shown(screen) == {"outcomes-partners"}
            screen.query_one(Tabs).focus()
            await pilot.press("right")
            await settle(pilot)
            assert shown(screen) == {"topic-language"}

    async def large() -> None:
        app = make_app(demo_url, language="en")
        async with app.run_test(size=(160, 48)) as pilot:
            screen = await open_statistics(pilot)
            assert shown(screen) == every
            assert not screen.query_one(Tabs).display

    asyncio.run(small())
    asyncio.run(large())
