"""The Today screen on demo data."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.widgets import Static

from lwcore.tui.app import OfficeApp
from tests.tui.conftest import STAFF, TUI_NOW, office_services, settle


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


def test_the_first_day_is_read_once_by_the_start_and_logged_once(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    """The start reads the default office's day itself (no second trip for the first
    screen): one read, one audit entry, and the screen shows what was read."""

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert app.backend.take_first_day("brackel") is None  # taken by the screen
            booked = str(app.screen.query_one("#appointments", Static).render())
        services = office_services(demo_url)
        reads = [
            entry
            for entry in services.audit.entries(office="brackel")
            if entry.detail == f"today {TUI_NOW:%Y-%m-%d}"
        ]
        assert len(reads) == 1
        assert (reads[0].staff, reads[0].channel) == (STAFF, "tui")
        read = services.dashboard.today("brackel").appointments[:5]  # a sixth may say "… more"
        assert read, "the demo has bookings on this day"
        assert [entry.label in booked for entry in read] == [True] * len(read)

    asyncio.run(scenario())
