"""The Today screen on demo data."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import Static

from lwcore.tui.app import OfficeApp
from tests.tui.conftest import settle


def test_today_shows_the_office_day(demo_url: str, make_app: Callable[..., OfficeApp]) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert app.office == "brackel"
            heading = str(app.screen.query_one("#heading", Static).render())
            assert "Donnerstag, 26. November 2026" in heading
            month = str(app.screen.query_one("#month", Static).render())
            assert month.startswith("Beratungen ")
            assert "Haushalte " in month

    asyncio.run(scenario())
