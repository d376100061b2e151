"""Plugin titles in the UI's language, and plugin screens on the app's clock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import DataTable

from lwcore.tui.app import OfficeApp
from lwcore.tui.screens.today import Panel
from tests.tui.conftest import TUI_NOW, settle


def test_the_today_panel_is_titled_in_the_ui_language(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def title(language: str) -> str:
        app = make_app(demo_url, language=language)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            return str(app.screen.query_one("#plugin-shop_window", Panel).border_title)

    assert asyncio.run(title("en")) == "Shop window"
    assert asyncio.run(title("de")) == "Schaufenster"


def test_an_english_ui_finds_the_plugin_screen_by_its_english_title(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url, language="en")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.office = "mengede_huckarde"
            await settle(pilot)
            await pilot.press("ctrl+p")
            await pilot.pause()
            for key in "Hall booking":
                await pilot.press(key if key != " " else "space")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await settle(pilot)
            screen = app.screen
            assert type(screen).__name__ == "HallBookingScreen"
            assert screen.query_one(DataTable).row_count > 0
            # The screen's day is the app's (frozen) clock, not the machine's.
            assert screen.office.today() == TUI_NOW.date()  # type: ignore[attr-defined]

    asyncio.run(scenario())
