"""Office plugins in the UI: a Today panel, a screen, and a failing plugin as a notice."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import lw_brackel.hooks as brackel_hooks
from textual.widgets import DataTable, Static

from lwcore import hookimpl
from lwcore.testing import PluginRegistrar
from lwcore.tui.app import OfficeApp
from tests.tui.conftest import settle


def test_brackel_shop_window_panel_on_today(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            panel = app.screen.query_one("#plugin-shop_window", Static)
            assert "Offene Sprechstunde" in str(panel.render())

    asyncio.run(scenario())


def _brackel_with(**hooks: Any) -> SimpleNamespace:
    names = [n for n in dir(brackel_hooks) if n.startswith("lw_") or n == "LWCORE_PLUGIN_API"]
    plugin = SimpleNamespace(**{name: getattr(brackel_hooks, name) for name in names})
    for name, function in hooks.items():
        setattr(plugin, name, function)
    return plugin


def test_failing_today_panel_is_a_notice_not_a_crash(
    demo_url: str, make_app: Callable[..., OfficeApp], lw_plugins: PluginRegistrar
) -> None:
    @hookimpl
    def lw_today_panels(settings: Any) -> list[Any]:
        raise RuntimeError("shop window sensor offline")

    lw_plugins.only()
    lw_plugins.register(_brackel_with(lw_today_panels=lw_today_panels), "brackel")

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert not list(app.screen.query(".plugin-panel"))
            month = str(app.screen.query_one("#month", Static).render())
            assert month  # the core's panels still load
            notices = [str(n.message) for n in app._notifications]
            assert any("shop window sensor offline" in text for text in notices)

    asyncio.run(scenario())


def test_plugin_screen_opens_from_the_palette(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.office = "mengede_huckarde"
            await settle(pilot)
            await pilot.press("ctrl+p")
            await pilot.pause()
            for key in "Saalbuchung":
                await pilot.press(key)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await settle(pilot)
            assert type(app.screen).__name__ == "HallBookingScreen"
            assert app.screen.query_one(DataTable).row_count > 0

    asyncio.run(scenario())


def test_plugin_screen_that_fails_shows_a_notice(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.office = "mengede_huckarde"
            await settle(pilot)
            [contribution] = app.plugin_screens()
            object.__setattr__(contribution, "factory", _broken_factory)
            app.open_plugin_screen(contribution.key)
            await pilot.pause()
            assert type(app.screen).__name__ == "TodayScreen"
            notices = [str(n.message) for n in app._notifications]
            assert any("hall calendar missing" in text for text in notices)

    asyncio.run(scenario())


def _broken_factory() -> Any:
    raise LookupError("hall calendar missing")
