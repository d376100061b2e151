"""Time rules through the UI: a walk-in outside the office's hours is confirmed first."""

from __future__ import annotations

import asyncio
from datetime import datetime

from textual.widgets import Input, Select

from lwcore.db.engine import Database
from lwcore.directory import build_directory
from lwcore.services import FrozenClock, Services
from lwcore.testing import make_actor
from lwcore.tui.app import OfficeApp
from lwcore.tui.backend import Backend
from lwcore.tui.forms.base import Question
from lwcore.tui.forms.visitor import WalkInForm
from lwcore.tui.i18n import set_language
from tests.conftest import REPO_CONFIG
from tests.tui.conftest import STAFF, TUI_NOW, settle

#: Friday 27 Nov 2026, 16:00: Brackel has no hours on Fridays.
FRIDAY_AFTERNOON = datetime(2026, 11, 27, 16, 0, tzinfo=TUI_NOW.tzinfo)


def waiting(url: str) -> list[str]:
    services = Services(
        Database(url),
        build_directory(REPO_CONFIG),
        FrozenClock(FRIDAY_AFTERNOON),
        actor=make_actor("brackel"),
    )
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
