"""Shared fixtures: a valid office settings document to vary in each test."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from lwcore.db.engine import Database
from lwcore.directory import Directory, build_directory
from lwcore.services import FrozenClock, Services
from lwcore.testing import ConfigFolder, PluginRegistrar, make_actor

REPO = Path(__file__).resolve().parents[1]
REPO_CONFIG = REPO / "config"

_OFFICE: dict[str, Any] = {
    "office": {
        "slug": "testoffice",
        "name": "lokal willkommen Test",
        "districts": ["Eving"],
        "welfare_association": "Test e.V.",
        "welfare_law": "DSGVO",
        "opened": date(2020, 1, 6),
        "address": {"street": "Teststraße 1", "postcode": "44339"},
    },
    "languages": [{"code": "de"}, {"code": "ar", "speakers": ["Team"]}],
    "consultation_hours": [{"weekday": "MO", "start": time(10), "end": time(12)}],
    "partners": [
        {
            "key": "test_partner",
            "name": "Testpartner",
            "topics": ["birth"],
            "languages": ["de", "ar"],
        }
    ],
    "round_tables": [
        {
            "key": "rt_test",
            "title": "Runder Tisch Test",
            "place": "Büro",
            "rrule": "FREQ=WEEKLY;BYDAY=MO",
            "first": date(2026, 1, 5),
            "start_time": time(17),
            "duration_minutes": 60,
        }
    ],
}


@pytest.fixture(autouse=True)
def _english_unless_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    """``lw`` prints what the services say in ``$LW_LANG`` (German when unset): tests read
    the English wording unless they choose German, whatever the shell has set."""
    monkeypatch.setenv("LW_LANG", "en")


@pytest.fixture(autouse=True)
def _log_in_the_test_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``lw`` logs to ``$LW_LOG_DIR`` (lwcore.logs): each test's own folder, never the
    user log folder of whoever runs the tests."""
    monkeypatch.setenv("LW_LOG_DIR", str(tmp_path / "logs"))


@pytest.fixture
def office_document() -> dict[str, Any]:
    """A valid settings document for an office with slug ``testoffice``."""
    return copy.deepcopy(_OFFICE)


@pytest.fixture(scope="session")
def repo_directory() -> Directory:
    """The two offices as shipped: the installed plugins with the repository's settings."""
    directory = build_directory(REPO_CONFIG)
    assert not directory.problems, directory.problems
    return directory


#: Friday 27 Nov 2026, 10:30 in Dortmund: a working day (Mengede/Huckarde has appointment hours).
NOW = datetime(2026, 11, 27, 10, 30, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture
def services(lw_database: Database, repo_directory: Directory) -> Services:
    """The services, acting as Brackel's office lead (``services_as`` for others)."""
    return Services(lw_database, repo_directory, FrozenClock(NOW), actor=make_actor("brackel"))


@pytest.fixture
def services_as(services: Services) -> Callable[..., Services]:
    """``services_as("mengede_huckarde")``: the same services acting as another
    staff member (office lead unless ``role=`` says otherwise; office None for
    a coordinator or IT admin)."""

    def acting(office: str | None, role: str | None = None, **more: Any) -> Services:
        return services.acting_as(make_actor(office, role, **more))

    return acting


@pytest.fixture
def live(
    tmp_path: Path,
    lw_sqlite_template: Path,
    lw_config: ConfigFolder,
    lw_plugins: PluginRegistrar,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """An office's SQLite database at the current schema, used by `lw` (backups and restores)."""
    lw_plugins.only()
    path = tmp_path / "office" / "lw.sqlite3"
    path.parent.mkdir(mode=0o700)
    path.write_bytes(lw_sqlite_template.read_bytes())
    path.chmod(0o600)
    monkeypatch.setenv("LW_DATABASE_URL", f"sqlite:///{path}")
    return path
