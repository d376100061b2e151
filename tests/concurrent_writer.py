"""Run in a separate process by the concurrency test: record consultations in a loop."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from lwcore.db.engine import Database
from lwcore.directory import build_directory
from lwcore.services import FrozenClock, Services
from lwcore.testing import make_actor
from tests.conftest import REPO_CONFIG


def record_many(url: str, staff: str, count: int) -> int:
    directory = build_directory(REPO_CONFIG)
    now = datetime(2026, 11, 27, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    services = Services(Database(url), directory, FrozenClock(now), actor=make_actor("brackel"))
    for number in range(count):
        services.consultations.record(
            office="brackel",
            language="ar",
            topics=["job_search", "housing"],
            outcome="solved",
            started_at=now - timedelta(minutes=number),
            note=f"{staff} #{number}",
        )
    return count
