"""The Home visits screen (F4) on demo data: plan, done, cancel, week by week."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime, timedelta

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select, Static, TextArea

from lwcore.db.engine import Database
from lwcore.db.models import HomeVisit
from lwcore.directory import build_directory
from lwcore.services import FrozenClock, Services
from lwcore.services.households import HouseholdHit
from lwcore.testing import make_actor
from lwcore.tui.app import OfficeApp
from lwcore.tui.forms.base import FieldError, Form, field_id
from lwcore.tui.forms.date_entry import date_text
from lwcore.tui.forms.visit import CancelVisitForm, PlanVisitForm, VisitDoneForm
from lwcore.tui.i18n import short_date
from lwcore.tui.screens.visits import VisitsScreen
from tests.conftest import REPO_CONFIG
from tests.tui.conftest import STAFF, TUI_NOW, settle

OFFICE = "brackel"
SIZE = (120, 40)
ZONE = TUI_NOW.tzinfo
TODAY = TUI_NOW.date()
NEXT_MONDAY = date(2026, 11, 30)
#: The name forms fill in for the acting staff member (Anna Becker, in config/lwcore.toml).
STAFF_NAME = build_directory(REPO_CONFIG).deployment.staff[STAFF].name


def fresh_services(url: str) -> Services:
    """Services of their own on the app's database, to check what was really stored
    (acting as an office lead of the same office as the app's staff member)."""
    return Services(
        Database(url), build_directory(REPO_CONFIG), FrozenClock(TUI_NOW), actor=make_actor(OFFICE)
    )


def a_household(services: Services) -> HouseholdHit:
    """The first of the office's households by name (every Brackel code starts BR-)."""
    return services.households.search(OFFICE, "BR-")[0]


def planned_visit(services: Services) -> HomeVisit:
    return next(v for v in services.visits.week(OFFICE, TODAY).visits if v.status == "planned")


def visit_this_morning(url: str) -> HomeVisit:
    """A visit planned last week for 08:30 today: it has taken place by TUI_NOW."""
    last_week = Services(
        Database(url),
        build_directory(REPO_CONFIG),
        FrozenClock(TUI_NOW - timedelta(days=7)),
        actor=make_actor(OFFICE),
    )
    household = last_week.households.search(OFFICE, "BR-")[0]
    return last_week.visits.plan(
        office=OFFICE,
        household_id=household.id,
        planned_for=TUI_NOW.replace(hour=8, minute=30),
        staff="Frau Yilmaz",
        language="ar",
    )


def error_text(form: Form[object], field: str) -> str | None:
    """The message under ``field``, or None when none is shown."""
    label = form.query_one(f"#error-{field_id(field)}", FieldError)
    return str(label.render()) if label.display else None


async def open_section(pilot: Pilot[None], app: OfficeApp) -> VisitsScreen:
    await settle(pilot)
    await pilot.press("f4")
    await settle(pilot)
    assert isinstance(app.screen, VisitsScreen)
    return app.screen


def shown_ids(screen: VisitsScreen) -> list[str]:
    return [str(key.value) for key in screen.query_one(DataTable).rows]


def test_date_text_reads_german_dates() -> None:
    assert date_text(" 3.12.2026 ") == "2026-12-03"
    assert date_text("2026-12-03") == "2026-12-03"
    assert date_text("31.11.2026") == "2026-11-31"  # the service names it as not existing


def test_plan_a_visit_for_a_household(demo_url: str, make_app: Callable[..., OfficeApp]) -> None:
    household = a_household(fresh_services(demo_url))

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_section(pilot, app)
            await pilot.press("p")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, PlanVisitForm)
            assert form.query_one("#staff", Input).value == STAFF_NAME
            form.query_one("#household", Input).value = household.code
            await settle(pilot)
            hits = form.query_one("#household-hits", OptionList)
            assert hits.option_count == 1
            hits.focus()
            hits.highlighted = 0
            await pilot.press("enter")
            await settle(pilot)
            assert form.household == household
            assert form.query_one("#language", Select).value in household.languages
            form.query_one("#visit-date", Input).value = "30.11.2026"
            form.query_one("#visit-time", Input).value = "14.00"
            form.query_one("#second-staff", Input).value = "Herr Zweit"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is screen

            planned = [
                v
                for v in fresh_services(demo_url).visits.week(OFFICE, NEXT_MONDAY).visits
                if v.household_id == household.id
            ]
            assert len(planned) == 1
            visit = planned[0]
            assert visit.planned_for.astimezone(ZONE) == datetime(2026, 11, 30, 14, tzinfo=ZONE)
            assert (visit.staff, visit.second_staff, visit.status) == (
                STAFF_NAME,
                "Herr Zweit",
                "planned",
            )
            assert visit.language in household.languages

    asyncio.run(scenario())


def test_a_visit_in_the_past_or_on_no_real_day_is_refused(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    services = fresh_services(demo_url)
    household = a_household(services)
    before = services.visits.due(OFFICE, TODAY - timedelta(days=60), TODAY + timedelta(days=60))

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            await open_section(pilot, app)
            await pilot.press("p")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, PlanVisitForm)
            form.choose_household(household)
            form.query_one("#language", Select).value = "de"

            form.query_one("#visit-date", Input).value = "2026-11-25"
            form.query_one("#visit-time", Input).value = "10:00"
            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is form
            assert error_text(form, "planned_for") == "liegt in der Vergangenheit"

            form.query_one("#visit-date", Input).value = "31.11.2026"
            await pilot.press("ctrl+s")  # a second click within 0.2 s is ignored
            await settle(pilot)
            assert app.screen is form
            message = error_text(form, "planned_for")
            assert message is not None
            assert message == "'2026-11-31T10:00' ist kein gültiges Datum mit Uhrzeit"

            form.query_one("#visit-date", Input).value = ""
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert error_text(form, "planned_for") is not None

    asyncio.run(scenario())
    after = fresh_services(demo_url).visits.due(
        OFFICE, TODAY - timedelta(days=60), TODAY + timedelta(days=60)
    )
    assert [v.id for v in after] == [v.id for v in before]


def test_mark_a_planned_visit_done_with_a_note(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    target = visit_this_morning(demo_url)
    assert target.id is not None

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_section(pilot, app)
            table = screen.query_one(DataTable)
            table.move_cursor(row=shown_ids(screen).index(str(target.id)))
            await pilot.press("enter")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, VisitDoneForm)
            form.query_one("#note", TextArea).text = "Kita-Anmeldung erklärt, Sprachkurs gesucht."
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is screen
            assert target.id is not None
            stored = fresh_services(demo_url).visits.get(target.id)
            assert stored.status == "done"
            assert stored.note == "Kita-Anmeldung erklärt, Sprachkurs gesucht."
            assert stored.done_at is not None

            # A visit that is done is not done again.
            await pilot.press("d")
            await settle(pilot)
            assert app.screen is screen
            assert fresh_services(demo_url).visits.get(target.id).version == stored.version

    asyncio.run(scenario())


def test_a_visit_still_to_come_is_not_marked_done(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    services = fresh_services(demo_url)
    coming = services.visits.plan(
        office=OFFICE,
        household_id=services.households.search(OFFICE, "BR-")[0].id,
        planned_for=TUI_NOW + timedelta(days=1),
        staff="Frau Yilmaz",
        language="ar",
    )
    assert coming.id is not None

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_section(pilot, app)
            table = screen.query_one(DataTable)
            table.move_cursor(row=shown_ids(screen).index(str(coming.id)))
            await pilot.press("d")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, VisitDoneForm)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form, "refused: the visit has not taken place"
            notices = " ".join(str(n.message) for n in app._notifications)
            assert "geplant und kann nicht vorher stattgefunden haben" in notices, notices

    asyncio.run(scenario())
    assert fresh_services(demo_url).visits.get(coming.id or 0).status == "planned"


def test_cancel_a_visit_needs_a_reason(demo_url: str, make_app: Callable[..., OfficeApp]) -> None:
    target = planned_visit(fresh_services(demo_url))
    assert target.id is not None

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_section(pilot, app)
            table = screen.query_one(DataTable)
            table.move_cursor(row=shown_ids(screen).index(str(target.id)))
            await pilot.press("c")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, CancelVisitForm)
            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is form
            assert error_text(form, "reason") == "darf nicht leer sein"
            assert target.id is not None
            assert fresh_services(demo_url).visits.get(target.id).status == "planned"

            form.query_one("#reason", Input).value = "Familie ist krank"
            await pilot.press("ctrl+s")  # a second click within 0.2 s is ignored
            await settle(pilot)
            assert app.screen is screen
            stored = fresh_services(demo_url).visits.get(target.id)
            assert stored.status == "cancelled"
            assert stored.cancel_reason == "Familie ist krank"

    asyncio.run(scenario())


def test_week_navigation_shows_the_next_weeks_visits(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    services = fresh_services(demo_url)
    household = a_household(services)
    next_week = services.visits.plan(
        office=OFFICE,
        household_id=household.id,
        planned_for="2026-12-02T10:30",
        staff="Frau Nächste",
        language="de",
    )
    this_week = [str(v.id) for v in services.visits.week(OFFICE, TODAY).visits]
    assert this_week

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_section(pilot, app)
            heading = screen.query_one("#heading", Static)
            assert shown_ids(screen) == this_week
            assert short_date(NEXT_MONDAY - timedelta(days=7)) in str(heading.render())

            await pilot.press("n")
            await settle(pilot)
            assert shown_ids(screen) == [str(next_week.id)]
            assert short_date(NEXT_MONDAY) in str(heading.render())
            row = screen.query_one(DataTable).get_row_at(0)
            assert row[1:4] == ["10:30", household.code, "Frau Nächste"]

            await pilot.press("b")
            await pilot.press("b")
            await settle(pilot)
            assert screen.monday == NEXT_MONDAY - timedelta(days=14)
            assert shown_ids(screen) == [
                str(v.id)
                for v in fresh_services(demo_url)
                .visits.week(OFFICE, TODAY - timedelta(days=7))
                .visits
            ]

            await pilot.press("t")
            await settle(pilot)
            assert shown_ids(screen) == this_week

    asyncio.run(scenario())
