"""First start: a real database is never offered demo rows; the demo office runs on a
database of its own (``lw --demo``) and says so in the header."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from pathlib import Path

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


def notices(app: OfficeApp) -> str:
    return " ".join(str(notification.message) for notification in app._notifications)


def test_an_empty_database_is_not_offered_demo_rows(
    empty_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(empty_url)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert not isinstance(app.screen, Question)
            assert type(app.screen).__name__ == "TodayScreen"
            assert "lw --demo" in notices(app), "says where to look around instead"
            assert "DEMO" not in app.title

    asyncio.run(scenario())
    assert households(empty_url) == 0


def test_the_demo_office_has_a_database_of_its_own(
    tmp_path: Path,
    empty_url: str,
    demo_template: Path,
    make_app: Callable[..., OfficeApp],
) -> None:
    """A demo file left from an earlier day is replaced by a fresh one; the real
    database is not touched."""
    demo_file = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, demo_file)  # yesterday's demo, to be replaced
    stale = households(f"sqlite:///{demo_file}")

    async def scenario() -> None:
        app = make_app(f"sqlite:///{demo_file}", demo=True)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert type(app.screen).__name__ == "TodayScreen"
            assert app.title == "lokal willkommen · DEMO"
            assert app.sub_title.startswith("Brackel")

    asyncio.run(scenario())
    fresh = households(f"sqlite:///{demo_file}")
    assert fresh > 0
    assert fresh != stale, "the demo office starts anew"
    assert households(empty_url) == 0
