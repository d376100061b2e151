"""Fixtures for the terminal UI: a seeded demo office at a frozen moment.

Every TUI test runs on SQLite (the embedded default) with the same demo data
and clock, so screens and snapshots are the same on every run.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed

from lwcore.db.engine import Database
from lwcore.directory import build_directory
from lwcore.services import FrozenClock, Services
from lwcore.testing import make_actor
from lwcore.tui.app import OfficeApp
from lwcore.tui.backend import Backend
from lwcore.tui.i18n import set_language
from tests.conftest import REPO_CONFIG

#: Thursday 26 Nov 2026, 10:00 in Dortmund: Brackel's appointment hours are on.
TUI_NOW = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
DEMO_SEED = 7
DEMO_HOUSEHOLDS = 120
#: Brackel's office lead in config/lwcore.toml (Anna Becker).
STAFF = "brackel_stadt"


#: Settings of the shell that change how Textual draws: a test sees none of them, so
#: screens and snapshots are the same whoever runs the tests and however.
SHELL_SETTINGS = ("NO_COLOR", "FORCE_COLOR", "TEXTUAL", "TEXTUAL_THEME", "COLORTERM", "LW_LANG")


@pytest.fixture(autouse=True)
def _plain_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SHELL_SETTINGS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, lw_sqlite_template: Path) -> Path:
    """A migrated SQLite file with seeded demo data, built once per test run."""
    from lwcore.demo import load_demo

    path = tmp_path_factory.mktemp("tui-demo") / "demo.sqlite3"
    shutil.copyfile(lw_sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    load_demo(
        database,
        build_directory(REPO_CONFIG),
        households=DEMO_HOUSEHOLDS,
        seed=DEMO_SEED,
        now=TUI_NOW,
    )
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture
def demo_url(tmp_path: Path, demo_template: Path) -> str:
    path = tmp_path / "office.sqlite3"
    shutil.copyfile(demo_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def empty_url(tmp_path: Path, lw_sqlite_template: Path) -> str:
    path = tmp_path / "empty.sqlite3"
    shutil.copyfile(lw_sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def make_app() -> Callable[..., OfficeApp]:
    """Build the app on a database URL, German unless told otherwise."""

    def build(url: str, *, language: str = "de", demo: bool = False) -> OfficeApp:
        set_language(language)
        backend = Backend(
            config_option=REPO_CONFIG,
            database_url=url,
            clock=FrozenClock(TUI_NOW),
            staff=STAFF,
            demo=demo,
        )
        return OfficeApp(backend)

    return build


def office_services(url: str, office: str = "brackel", at: datetime = TUI_NOW) -> Services:
    """Services of their own on the app's database, as ``office``'s lead at ``at``:
    to prepare what a test needs and to check what the UI stored."""
    return Services(
        Database(url), build_directory(REPO_CONFIG), FrozenClock(at), actor=make_actor(office)
    )


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker has finished and the screen has caught up.

    A worker that was cancelled (a newer search or reload replaced it) or that
    failed (the app shows a notice) has finished too: waiting for it must not
    end the test.
    """
    app = pilot.app
    for _ in range(50):
        await pilot.pause()
        for worker in list(app.workers):
            with contextlib.suppress(WorkerCancelled, WorkerFailed):
                await worker.wait()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            return
    raise AssertionError("workers did not finish")


def minutes_not_yet_written(url: str, office: str) -> date:
    """The demo has minutes for every round table that has met: take the latest one's
    away (with its actions), so a test writes them. Returns the meeting's day."""
    from datetime import timedelta

    from sqlmodel import select

    from lwcore.db.models import AgreedAction, RoundTableMeeting
    from lwcore.services import FrozenClock, Services
    from lwcore.testing import make_actor

    services = Services(
        Database(url), build_directory(REPO_CONFIG), FrozenClock(TUI_NOW), actor=make_actor(office)
    )
    today = TUI_NOW.date()
    latest = max(
        (
            entry
            for entry in services.meetings.upcoming(office, today - timedelta(days=31), today)
            if entry.recorded_id is not None
        ),
        key=lambda entry: entry.meeting.start,
    )
    with services.context.database.write() as session:
        for action in session.exec(
            select(AgreedAction).where(AgreedAction.meeting_id == latest.recorded_id)
        ):
            session.delete(action)
        session.delete(session.get(RoundTableMeeting, latest.recorded_id))
    return latest.meeting.start.astimezone(TUI_NOW.tzinfo).date()
