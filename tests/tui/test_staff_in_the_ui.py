"""The UI works as one staff member: offices beyond their role are not offered."""

from __future__ import annotations

import asyncio

from lwcore.services import FrozenClock
from lwcore.tui.app import OfficeApp
from lwcore.tui.backend import Backend
from lwcore.tui.screens.office_switcher import OfficeSwitcher
from tests.conftest import REPO_CONFIG
from tests.tui.conftest import TUI_NOW, settle


def app_as(staff: str, url: str) -> OfficeApp:
    backend = Backend(
        config_option=REPO_CONFIG, database_url=url, clock=FrozenClock(TUI_NOW), staff=staff
    )
    return OfficeApp(backend)


def offered_offices(staff: str, url: str) -> tuple[str | None, list[str] | None]:
    """The office the app opens, and the offices F10 offers (None: no switcher)."""
    result: tuple[str | None, list[str] | None] = (None, None)

    async def scenario() -> None:
        nonlocal result
        app = app_as(staff, url)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("f10")
            await settle(pilot)
            offered = (
                [choice.slug for choice in app.screen.offices]
                if isinstance(app.screen, OfficeSwitcher)
                else None
            )
            result = (app.office, offered)

    asyncio.run(scenario())
    return result


def test_office_staff_work_in_their_office_only(demo_url: str) -> None:
    # Not the deployment's default office (Brackel): their own, and no switcher.
    assert offered_offices("mh_diakonie", demo_url) == ("mengede_huckarde", None)


def test_a_coordinator_may_open_every_office(demo_url: str) -> None:
    office, offices = offered_offices("koordination", demo_url)
    assert office == "brackel"  # the deployment's default office
    assert offices == ["brackel", "mengede_huckarde"]


def test_an_unknown_staff_member_stops_the_app_with_the_reason(demo_url: str) -> None:
    async def scenario() -> OfficeApp:
        app = app_as("nobody", demo_url)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
        return app

    app = asyncio.run(scenario())
    assert app.return_code == 2
    assert app.stop_reason is not None
    assert "no staff member 'nobody' in lwcore.toml [staff]" in app.stop_reason
