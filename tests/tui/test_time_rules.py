"""Time rules through the UI: a walk-in outside the office's hours is confirmed first."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime

from textual.widgets import Input, Label, Select

from lwcore.services import FrozenClock
from lwcore.tui.app import OfficeApp
from lwcore.tui.backend import Backend
from lwcore.tui.forms.base import Question
from lwcore.tui.forms.visit import PlanVisitForm
from lwcore.tui.forms.visitor import AppointmentForm, WalkInForm
from lwcore.tui.i18n import set_language
from tests.conftest import REPO_CONFIG
from tests.tui.conftest import STAFF, TUI_NOW, office_services, settle

#: Friday 27 Nov 2026, 16:00: Brackel has no hours on Fridays.
FRIDAY_AFTERNOON = datetime(2026, 11, 27, 16, 0, tzinfo=TUI_NOW.tzinfo)


def waiting(url: str) -> list[str]:
    services = office_services(url, at=FRIDAY_AFTERNOON)
    return [walk_in.label for walk_in in services.waiting.waiting("brackel")]


def test_a_walk_in_outside_the_hours_is_confirmed_first(demo_url: str) -> None:
    set_language("de")
    app = OfficeApp(
        Backend(
            config_option=REPO_CONFIG,
            database_url=demo_url,
            clock=FrozenClock(FRIDAY_AFTERNOON),
            staff=STAFF,
        )
    )

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("f2", "a")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, WalkInForm)
            await pilot.press(*"Roya")
            form.query_one("#language", Select).value = "ar"
            await pilot.press("ctrl+s")
            await settle(pilot)
            question = app.screen
            assert isinstance(question, Question)
            assert "16:00" in question.text
            await pilot.press("escape")  # back to the form: nothing saved
            await settle(pilot)
            assert app.screen is form
            assert form.query_one("#label", Input).value == "Roya"
            assert "Roya" not in waiting(demo_url)
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.click("#yes")
            await settle(pilot)
            assert not isinstance(app.screen, WalkInForm | Question)
            assert "Roya" in waiting(demo_url)

    asyncio.run(scenario())


def test_booking_takes_any_day_of_the_appointment_hours_but_no_holiday(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("f2", "b")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, AppointmentForm)
            note = form.query_one("#day-note", Label)
            form.query_one("#day", Input).focus()
            await pilot.press(*"06.05.2027", "enter")  # Ascension Day, a Thursday
            await settle(pilot)
            assert "Feiertag" in str(note.render())
            assert form.slots == []
            day = form.query_one("#day", Input)
            day.value = ""
            day.focus()
            await pilot.press(*"03.06.2027", "enter")  # a Thursday half a year ahead
            await settle(pilot)
            assert form.slots, str(note.render())
            assert {slot.starts_at.date() for slot in form.slots} == {date(2027, 6, 3)}
            form.query_one("#slot", Select).value = 0
            await pilot.press("tab", *"Dawit")  # into the name field
            form.query_one("#label", Input).value = "Dawit"
            form.query_one("#language", Select).value = "en"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert not isinstance(app.screen, AppointmentForm)

    asyncio.run(scenario())
    services = office_services(demo_url)
    booked = services.appointments.for_day("brackel", date(2027, 6, 3))
    assert [(a.label, a.starts_at.astimezone(TUI_NOW.tzinfo).hour) for a in booked] == [
        ("Dawit", 9)
    ]


def test_a_home_visit_on_a_public_holiday_asks_first(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    household = office_services(demo_url).households.search("brackel", "BR-")[0]

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("f4", "p")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, PlanVisitForm)
            await pilot.press(*household.code)
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            form.query_one("#visit-date", Input).value = "25.12.2026"
            form.query_one("#visit-time", Input).value = "11:00"
            await pilot.press("ctrl+s")
            await settle(pilot)
            question = app.screen
            assert isinstance(question, Question)
            assert "Feiertag" in question.text
            assert "Erster Weihnachtstag" in question.text
            await pilot.click("#yes")
            await settle(pilot)
            assert not isinstance(app.screen, PlanVisitForm | Question)

    asyncio.run(scenario())
    services = office_services(demo_url)
    christmas = [
        v
        for v in services.visits.week("brackel", date(2026, 12, 25)).visits
        if v.household_id == household.id
    ]
    assert [v.status for v in christmas] == ["planned"]
