"""First start on an empty database: the app offers demo data, or loads it with --demo."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from lwcore.db.engine import Database
from lwcore.directory import build_directory
from lwcore.services import FrozenClock, Services
from lwcore.testing import make_actor
from lwcore.tui.app import OfficeApp
from lwcore.tui.forms.base import Question
from tests.conftest import REPO_CONFIG
from tests.tui.conftest import TUI_NOW, settle


def households(url: str) -> int:
    services = Services(
        Database(url), build_directory(REPO_CONFIG), FrozenClock(TUI_NOW), actor=make_actor()
    )
    return services.households.count()


def test_empty_database_offers_demo_data(
    empty_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(empty_url)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, Question)
            await pilot.click("#yes")
            await settle(pilot)
            assert not isinstance(app.screen, Question)

    asyncio.run(scenario())
    assert households(empty_url) > 0


def test_declining_keeps_the_database_empty(
    empty_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(empty_url)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            assert type(app.screen).__name__ == "TodayScreen"

    asyncio.run(scenario())
    assert households(empty_url) == 0


def test_demo_flag_loads_without_asking(empty_url: str, make_app: Callable[..., OfficeApp]) -> None:
    async def scenario() -> None:
        app = make_app(empty_url, load_demo=True)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert type(app.screen).__name__ == "TodayScreen"

    asyncio.run(scenario())
    assert households(empty_url) > 0
