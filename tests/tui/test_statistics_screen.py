"""The statistics section (F7) on demo data: figures, months, city-wide view,
the period form and the CSV export, each checked against the service.

Brackel's lead sees Brackel's exact figures; the city-wide view (a
coordinator's) and every CSV export are suppressed, counts under 5 hidden."""

from __future__ import annotations

import asyncio
import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static, Tabs

from lwcore.db.engine import Database
from lwcore.directory import build_directory
from lwcore.services import FrozenClock, Services
from lwcore.services.disclosure import (
    HIDDEN_TEXT,
    DisclosedStatistics,
    cell_text,
    exact,
    suppress,
)
from lwcore.testing import make_actor
from lwcore.tui.app import OfficeApp
from lwcore.tui.backend import Backend
from lwcore.tui.forms.export_folder import ExportFolderForm
from lwcore.tui.forms.period import PeriodForm
from lwcore.tui.i18n import set_language
from lwcore.tui.screens.statistics import StatisticsScreen
from lwcore.tui.screens.statistics_chart import BarChart
from tests.conftest import REPO_CONFIG
from tests.tui.conftest import TUI_NOW, settle

BRACKEL = "brackel"
MENGEDE = "mengede_huckarde"
TABLE_FILES = (
    "by_language",
    "by_outcome",
    "by_partner",
    "by_topic",
    "by_topic_and_language",
    "totals",
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


def assert_shows(screen: StatisticsScreen, figures: DisclosedStatistics) -> None:
    """Every figure on screen is the service's figure (exact or suppressed), in its order."""
    totals = text(screen, "#totals")
    for expected in (
        f"Consultations: {cell_text(figures.consultations)}",
        f"People advised: {cell_text(figures.people)}",
        f"Quick contacts: {cell_text(figures.quick_contacts)}",
        f"Households: {cell_text(figures.households)}",
        f"Referrals: {cell_text(figures.referrals)}",
        f"Home visits done: {cell_text(figures.visits_done)}",
    ):
        assert expected in totals
    assert ("x: hidden" in totals) == figures.suppressed

    def shown(rows: tuple[Any, ...]) -> dict[str, str]:
        return {row.key: cell_text(row.consultations) for row in rows}

    assert counts(screen, "by-topic") == shown(figures.by_topic)
    assert row_keys(screen, "by-topic") == [c.key for c in figures.by_topic]
    assert counts(screen, "by-language") == shown(figures.by_language)
    assert counts(screen, "by-outcome") == shown(figures.by_outcome)
    assert counts(screen, "by-partner") == {
        p.partner: cell_text(p.referrals) for p in figures.by_partner
    }
    assert row_keys(screen, "by-topic-and-language") == [
        f"{row.topic}/{row.language}" for row in figures.by_topic_and_language
    ]
    chart = screen.query_one("#topic-chart", BarChart)
    assert [count for _label, count in chart.bars] == [
        c.consultations for c in figures.by_topic if c.consultations is not None
    ]


def small_counts_on(screen: StatisticsScreen) -> list[str]:
    """Every count from 1 to 4 in the screen's tables."""
    found = []
    for table in screen.query(DataTable):
        for row in table.ordered_rows:
            found.extend(
                str(cell).strip()
                for cell in table.get_row(row.key)[1:]
                if str(cell).strip() in {"1", "2", "3", "4"}
            )
    return found


def test_shows_the_month_of_the_clock(
    demo_url: str, make_app: Callable[..., OfficeApp], services: Services
) -> None:
    november = services.statistics.month(BRACKEL, 2026, 11)
    assert november.consultations > 0
    assert november.by_partner

    async def scenario() -> None:
        app = make_app(demo_url, language="en")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_statistics(pilot)
            heading = text(screen, "#heading")
            assert "lokal willkommen Brackel" in heading
            assert "November 2026 (Nov 1, 2026 – Nov 30, 2026)" in heading
            assert_shows(screen, exact(november))  # the office's own figures stay exact
            chart = screen.query_one("#topic-chart", BarChart)
            drawn = chart.render()
            assert str(drawn) == str(chart.render())  # same figures, same picture
            assert "Consultations by topic" in str(drawn)

    asyncio.run(scenario())


def test_brackets_move_a_month_back_and_forth(
    demo_url: str, make_app: Callable[..., OfficeApp], services: Services
) -> None:
    october = services.statistics.month(BRACKEL, 2026, 10)
    november = services.statistics.month(BRACKEL, 2026, 11)
    december = services.statistics.month(BRACKEL, 2026, 12)
    assert october.consultations != november.consultations
    assert december.consultations == 0

    async def scenario() -> None:
        app = make_app(demo_url, language="en")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_statistics(pilot)
            await pilot.press("left_square_bracket")
            await settle(pilot)
            assert "October 2026" in text(screen, "#heading")
            assert_shows(screen, exact(october))
            await pilot.press("right_square_bracket", "right_square_bracket")
            await settle(pilot)
            assert "December 2026" in text(screen, "#heading")
            assert_shows(screen, exact(december))
            chart = screen.query_one("#topic-chart", BarChart)
            assert "No consultations in this period." in str(chart.render())
            await pilot.press("m")
            await settle(pilot)
            assert "November 2026" in text(screen, "#heading")
            assert_shows(screen, exact(november))

    asyncio.run(scenario())


def test_all_offices_are_for_the_coordinator_and_suppressed(
    demo_url: str, services: Services
) -> None:
    city = services.statistics.month(None, 2026, 11)
    brackel = services.statistics.month(BRACKEL, 2026, 11)
    mengede = services.statistics.month(MENGEDE, 2026, 11)
    assert mengede.consultations > 0
    assert city.consultations == brackel.consultations + mengede.consultations

    async def scenario() -> None:
        app = coordinator_app(demo_url)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_statistics(pilot)
            # Brackel is not the coordinator's own office: its figures are suppressed too.
            assert "lokal willkommen Brackel" in text(screen, "#heading")
            assert_shows(screen, suppress(brackel))
            await pilot.press("a")
            await settle(pilot)
            assert text(screen, "#heading").startswith("all offices · November 2026")
            assert_shows(screen, suppress(city))
            assert f"Consultations: {city.consultations}" in text(screen, "#totals")
            assert not small_counts_on(screen)
            languages = counts(screen, "by-language")
            for code, shown in languages.items():
                if shown == HIDDEN_TEXT:
                    continue
                in_offices = [
                    c.consultations
                    for figures in (brackel, mengede)
                    for c in figures.by_language
                    if c.key == code
                ]
                assert int(shown) == sum(in_offices)
            await pilot.press("a")
            await settle(pilot)
            assert "lokal willkommen Brackel" in text(screen, "#heading")
            assert_shows(screen, suppress(brackel))

    asyncio.run(scenario())


def test_an_office_lead_may_not_see_every_office(
    demo_url: str, make_app: Callable[..., OfficeApp], services: Services
) -> None:
    brackel = services.statistics.month(BRACKEL, 2026, 11)

    async def scenario() -> None:
        app = make_app(demo_url, language="en")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_statistics(pilot)
            await pilot.press("a")
            await settle(pilot)
            assert not screen.city_wide
            assert "lokal willkommen Brackel" in text(screen, "#heading")
            assert_shows(screen, exact(brackel))
            notes = [str(note.message) for note in app._notifications]
            assert "Only a coordinator may see the figures of every office." in notes

    asyncio.run(scenario())


def test_period_form_refuses_impossible_dates_under_the_field(
    demo_url: str, make_app: Callable[..., OfficeApp], services: Services
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
                screen,
                exact(services.statistics.period(BRACKEL, date(2026, 10, 1), date(2026, 11, 15))),
            )

    asyncio.run(scenario())


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def export_from(app: OfficeApp, folder: Path, *, city_wide: bool) -> Callable[[], Any]:
    """A scenario: open the statistics, choose the scope, export into ``folder``."""

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_statistics(pilot)
            if city_wide:
                await pilot.press("a")
                await settle(pilot)
            await pilot.press("x")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, ExportFolderForm)
            field = form.query_one("#folder", Input)
            office = "alle" if city_wide else BRACKEL
            assert field.value == f"./statistik-{office}-2026-11-01-2026-11-30"
            field.value = str(folder)
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is screen
            assert any(str(folder) in str(note.message) for note in app._notifications)

    return scenario


def exported_figures(folder: Path) -> list[str]:
    """Every figure in the files: the columns that are no key, label or date."""
    words = {"office", "start", "end", "topic", "language", "outcome", "partner"}
    return [
        value
        for path in folder.glob("*.csv")
        for row in read_csv(path)
        for name, value in row.items()
        if name not in words and "label" not in name
    ]


def test_csv_export_writes_every_table_with_the_suppressed_figures(
    demo_url: str, services: Services, tmp_path: Path
) -> None:
    city = suppress(services.statistics.month(None, 2026, 11))
    folder = tmp_path / "export"
    asyncio.run(export_from(coordinator_app(demo_url), folder, city_wide=True)())

    assert sorted(path.stem for path in folder.iterdir()) == sorted(TABLE_FILES)
    [totals] = read_csv(folder / "totals.csv")
    assert totals == {
        "office": "all",
        "start": "2026-11-01",
        "end": "2026-11-30",
        "consultations": cell_text(city.consultations),
        "people": cell_text(city.people),
        "quick_contacts": cell_text(city.quick_contacts),
        "households": cell_text(city.households),
        "visits_done": cell_text(city.visits_done),
        "referrals": cell_text(city.referrals),
    }
    for name, key in (
        ("by_topic", "topic"),
        ("by_language", "language"),
        ("by_outcome", "outcome"),
    ):
        rows = read_csv(folder / f"{name}.csv")
        assert [(row[key], row["consultations"]) for row in rows] == [
            (c.key, cell_text(c.consultations)) for c in getattr(city, name)
        ]
        assert all(row["label"] for row in rows)
    assert [
        (r["partner"], r["referrals"], r["done"], r["unsuccessful"], r["open"])
        for r in read_csv(folder / "by_partner.csv")
    ] == [
        (p.partner, *map(cell_text, (p.referrals, p.done, p.unsuccessful, p.open)))
        for p in city.by_partner
    ]
    assert [
        (r["topic"], r["language"], r["consultations"])
        for r in read_csv(folder / "by_topic_and_language.csv")
    ] == [(r.topic, r.language, cell_text(r.consultations)) for r in city.by_topic_and_language]
    header = (folder / "by_topic.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "topic,label,consultations"
    figures = exported_figures(folder)
    assert HIDDEN_TEXT in figures
    assert not [value for value in figures if value in {"1", "2", "3", "4"}]


def test_the_office_export_is_suppressed_though_the_screen_is_exact(
    demo_url: str, make_app: Callable[..., OfficeApp], services: Services, tmp_path: Path
) -> None:
    brackel = services.statistics.month(BRACKEL, 2026, 11)
    assert [c for c in brackel.by_topic_and_language if 0 < c.consultations < 5]
    folder = tmp_path / "brackel"
    asyncio.run(export_from(make_app(demo_url, language="en"), folder, city_wide=False)())
    figures = exported_figures(folder)
    assert not [value for value in figures if value in {"1", "2", "3", "4"}]
    pairs = read_csv(folder / "by_topic_and_language.csv")
    assert [row["consultations"] for row in pairs] == [
        cell_text(row.consultations) for row in suppress(brackel).by_topic_and_language
    ]


def test_csv_export_refuses_a_folder_it_cannot_write(
    demo_url: str, make_app: Callable[..., OfficeApp], tmp_path: Path
) -> None:
    occupied = tmp_path / "not-a-folder"
    occupied.write_text("in the way", encoding="utf-8")

    async def scenario() -> None:
        app = make_app(demo_url, language="en")
        async with app.run_test(size=(80, 24)) as pilot:
            await open_statistics(pilot)
            await pilot.press("x")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, ExportFolderForm)
            form.query_one("#folder", Input).value = str(occupied / "inside")
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is form
            error = form.query_one("#error-folder", Static)
            assert error.display
            assert str(error.render()).startswith("Cannot write there:")
            form.query_one("#folder", Input).value = "  "
            await pilot.press("enter")
            await settle(pilot)
            assert str(error.render()) == "Enter a folder."

    asyncio.run(scenario())
    assert occupied.read_text(encoding="utf-8") == "in the way"
    assert not list(tmp_path.rglob("*.csv"))


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
