"""Nothing is lost by one key: taking someone off the waiting list asks first, and
every key a screen has is named in its help (also those the footer leaves out)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from textual.widgets import DataTable

from lwcore.tui.app import SECTIONS, OfficeApp
from lwcore.tui.forms.base import Question
from lwcore.tui.screens.help import HelpScreen, textual_keys
from tests.tui.conftest import office_services, settle

OFFICE = "brackel"


def test_walk_in_left_asks_first(demo_url: str, make_app: Callable[..., OfficeApp]) -> None:
    office_services(demo_url).waiting.add(office=OFFICE, label="Roya", language="fa")

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
            table = app.screen.query_one("#waiting", DataTable)
            labels = [str(table.get_row_at(row)[1]) for row in range(table.row_count)]
            table.move_cursor(row=labels.index("Roya"))
            await pilot.press("x")
            await settle(pilot)
            assert isinstance(app.screen, Question)
            await pilot.press("escape")  # still waiting
            await settle(pilot)
            assert "Roya" in [w.label for w in office_services(demo_url).waiting.waiting(OFFICE)]
            await pilot.press("x")
            await settle(pilot)
            await pilot.click("#yes")
            await settle(pilot)
            assert "Roya" not in [
                w.label for w in office_services(demo_url).waiting.waiting(OFFICE)
            ]

    asyncio.run(scenario())


@pytest.mark.parametrize("section", [key for _mode, key, *_rest in SECTIONS])
def test_the_help_names_every_key_of_the_screen(
    section: str, demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            await pilot.press(section)
            await settle(pilot)
            screen = app.screen
            # Textual's own keys (focus, copy) are explained by the handbook, not the help.
            textual = textual_keys()
            offered = {
                binding.description
                for _key, binding in screen._bindings
                if binding.description
                and (binding.action, binding.description) not in textual
                and screen.check_action(binding.action, ()) is not False
            }
            await pilot.press("question_mark")
            await settle(pilot)
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            assert offered <= {what for _key, what in help_screen.keys}

    asyncio.run(scenario())
