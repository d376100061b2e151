"""A service's refusal shows in the UI's language: under the field of a form, and as a
notice; in English only when the UI is English."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import Input, Select

from lwcore.services import Conflict, InvalidInput
from lwcore.services.messages import status_term
from lwcore.tui.app import OfficeApp, readable_error
from lwcore.tui.forms.visit import PlanVisitForm
from lwcore.tui.i18n import set_language
from tests.tui.conftest import settle
from tests.tui.test_visits_screen import SIZE, a_household, error_text, fresh_services, open_section


def plan_on(
    demo_url: str, make_app: Callable[..., OfficeApp], language: str, day: str, time: str
) -> dict[str, str | None]:
    """Plan a visit for ``day`` ``time`` in the visit form; the messages shown under
    the day and the second staff member's field."""
    household = a_household(fresh_services(demo_url))
    shown: dict[str, str | None] = {}

    async def scenario() -> None:
        app = make_app(demo_url, language=language)
        async with app.run_test(size=SIZE) as pilot:
            await open_section(pilot, app)
            await pilot.press("p")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, PlanVisitForm)
            form.choose_household(household)
            form.query_one("#language", Select).value = "de"
            form.query_one("#visit-date", Input).value = day
            form.query_one("#visit-time", Input).value = time
            form.query_one("#second-staff", Input).value = form.query_one("#staff", Input).value
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form  # nothing saved
            for field in ("planned_for", "second_staff"):
                shown[field] = error_text(form, field)

    asyncio.run(scenario())
    return shown


def test_a_refused_visit_says_why_in_german(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    shown = plan_on(demo_url, make_app, "de", "25.11.2026", "10:00")
    assert shown == {
        "planned_for": "liegt in der Vergangenheit",
        "second_staff": "muss eine andere Fachkraft sein als die erste",
    }

    impossible = plan_on(demo_url, make_app, "de", "31.11.2026", "10:00")
    assert impossible["planned_for"] == "'2026-11-31T10:00' ist kein gültiges Datum mit Uhrzeit"


def test_an_english_ui_shows_the_english_wording(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    shown = plan_on(demo_url, make_app, "en", "25.11.2026", "10:00")
    assert shown["planned_for"] == "lies in the past"


def test_a_refusal_as_a_notice_is_in_the_ui_language() -> None:
    clash = Conflict(
        "walk-in {id} is no longer waiting ({status})", id=7, status=status_term("left")
    )
    try:
        set_language("de")
        assert readable_error(clash) == "Wartelisten-Eintrag 7 wartet nicht mehr (gegangen)"
        problems = InvalidInput({"held_on": clash.message})
        assert readable_error(problems) == (
            "held_on: Wartelisten-Eintrag 7 wartet nicht mehr (gegangen)"
        )
        set_language("en")
        assert readable_error(clash) == "walk-in 7 is no longer waiting (left)"
    finally:
        set_language("de")
