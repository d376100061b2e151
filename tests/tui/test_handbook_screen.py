"""The handbook inside the app: ``?`` opens the help, ``H`` the handbook, Esc goes
back to the help and then to the screen staff were on."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import Label, MarkdownViewer

from lwcore.tui.app import OfficeApp
from lwcore.tui.screens.handbook import HandbookScreen
from lwcore.tui.screens.help import HelpScreen
from tests.tui.conftest import settle


def test_the_help_opens_the_handbook_and_esc_goes_back(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            hint = str(app.screen.query_one("#help-handbook", Label).render())
            assert hint.startswith("H öffnet das Handbuch")
            await pilot.press("h")
            await settle(pilot)
            handbook = app.screen
            assert isinstance(handbook, HandbookScreen)
            title = str(handbook.query_one("#handbook-title", Label).render())
            assert title == "Handbuch für die Mitarbeitenden der Büros"
            viewer = handbook.query_one(MarkdownViewer)
            contents = viewer.document.table_of_contents
            level, first, _block = contents[0]
            assert (level, first.startswith("Handbuch für die Mitarbeitenden")) == (1, True)
            # The chapters staff look for are there, and no picture placeholder.
            headings = [title for _level, title, _id in contents]
            for chapter in ("Erster Start", "Der Arbeitstag", "Wenn etwas nicht klappt"):
                assert chapter in headings, headings
            assert "🖼" not in (viewer.document.source or "")
            # At 80 columns the text has the room; T shows the table of contents.
            assert not viewer.show_table_of_contents
            await pilot.press("t")
            assert viewer.show_table_of_contents
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await settle(pilot)
            assert type(app.screen).__name__ == "HoursScreen"

    asyncio.run(scenario())


def test_a_link_in_the_handbook_jumps_to_its_heading(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            app.push_screen(HandbookScreen())
            await settle(pilot)
            viewer = app.screen.query_one(MarkdownViewer)
            assert viewer.show_table_of_contents  # a wide terminal shows it at once
            assert viewer.scroll_y == 0
            await viewer.go("#der-erste-besuch-einer-neuen-familie")
            await settle(pilot)
            assert viewer.scroll_y > 0

    asyncio.run(scenario())


def test_the_command_palette_opens_the_handbook(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*"Handbuch")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await settle(pilot)
            handbook = app.screen
            assert isinstance(handbook, HandbookScreen)
            title = str(handbook.query_one("#handbook-title", Label).render())
            assert title == "Handbuch für die Mitarbeitenden der Büros"
            await pilot.press("escape")
            await settle(pilot)
            assert type(app.screen).__name__ == "TodayScreen"

    asyncio.run(scenario())
