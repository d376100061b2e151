"""Help on ``?`` and Textual's own words (palette, quit) in German."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Callable

from rich.console import Console
from textual.command import CommandList
from textual.widgets import Input, Static

from lwcore.tui.app import OfficeApp
from lwcore.tui.screens.help import GLOBAL_KEYS, HelpScreen
from tests.conftest import REPO
from tests.tui.conftest import settle


def shown(screen: HelpScreen, part: str) -> str:
    """The text of one part of the help, as the terminal shows it."""
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(screen.query_one(f"#{part}", Static).content)
    return console.export_text()


def listed(options: CommandList) -> list[str]:
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def test_question_mark_opens_the_help_of_the_screen_in_german(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            title = str(help_screen.query_one("#help-title").render())
            assert title == "Hilfe: Sprechstunde"
            here = shown(help_screen, "help-here")
            assert "Warteliste" in here or "Laufkundschaft" in here or "Wartende" in here, here
            assert "Tasten dieser Ansicht" in here
            everywhere = shown(help_screen, "help-everywhere")
            assert "F10" in everywhere
            assert "Diese Hilfe" in everywhere
            assert "Eine Familie kommt zum ersten Mal" in shown(help_screen, "help-how-to")
            await pilot.press("escape")
            await settle(pilot)
            assert type(app.screen).__name__ == "HoursScreen"

    asyncio.run(scenario())


def test_a_question_mark_typed_into_a_field_stays_in_the_field(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("f2", "a")
            await settle(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            assert not isinstance(app.screen, HelpScreen)
            assert app.screen.query_one("#label", Input).value == "?"

    asyncio.run(scenario())


def test_the_command_palette_speaks_german(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            footer_labels = [b.description for b in app._bindings.key_to_bindings["ctrl+p"]]
            assert footer_labels == ["Befehle"]
            await pilot.press("ctrl+p")
            await settle(pilot)
            palette = app.screen
            search = palette.query_one(Input)
            assert search.placeholder == "Befehl suchen…"
            await pilot.press(*"Beenden")
            await pilot.pause(0.5)
            options = palette.query_one(CommandList)
            texts = listed(options)
            assert any("Beenden" in text for text in texts), texts
            search.value = ""
            await pilot.press(*"xyzqq")
            await pilot.pause(1.5)
            texts = listed(options)
            assert any("Kein passender Befehl" in text for text in texts), texts
            assert not any(word in " ".join(texts) for word in ("Theme", "Screenshot", "Keys"))

    asyncio.run(scenario())


def test_readme_key_table_lists_every_key_the_help_lists() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = "\n".join(line for line in readme.splitlines() if line.startswith("|"))
    # "F1 … F7" stands for F1, F2, …, F7.
    table = re.sub(
        r"F(\d+) … F(\d+)",
        lambda m: " / ".join(f"F{n}" for n in range(int(m[1]), int(m[2]) + 1)),
        table,
    )
    for key, _what in GLOBAL_KEYS:
        assert re.search(rf"(^|[ |/…]){re.escape(key)}([ |/…,]|$)", table, re.M), key
