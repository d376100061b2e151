"""Engines, concurrency, migrations, and the services' independence from the UI."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import func, select

from lwcore.db import migrate
from lwcore.db.engine import Database, database_url, normalise_url
from lwcore.db.models import Consultation, ConsultationTopic
from lwcore.db.opening import SchemaOutOfDate, open_database
from lwcore.settings.deployment import DeploymentSettings
from tests.concurrent_writer import record_many
from tests.conftest import REPO


def test_sqlite_is_opened_for_several_writers(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'office.sqlite3'}")
    with database.engine.connect() as connection:
        pragmas = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "foreign_keys", "busy_timeout")
        }
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 15000}


def test_two_processes_write_one_sqlite_file(tmp_path: Path, lw_sqlite_template: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    path.write_bytes(lw_sqlite_template.read_bytes())
    url = f"sqlite:///{path}"
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        results = [pool.apply_async(record_many, (url, staff, 150)) for staff in ("A", "B")]
        assert [result.get(timeout=120) for result in results] == [150, 150]
    database = Database(url)
    with database.read() as session:
        assert session.exec(select(func.count()).select_from(Consultation)).one() == 300
        assert session.exec(select(func.count()).select_from(ConsultationTopic)).one() == 600
        notes = set(session.exec(select(Consultation.note)).all())
    assert notes == {f"{staff} #{n}" for staff in "AB" for n in range(150)}


def test_database_url_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("LW_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert database_url(DeploymentSettings()).startswith(f"sqlite:///{tmp_path}")
    configured = DeploymentSettings(database_url="postgresql://city@db.example/lw")
    assert database_url(configured) == "postgresql+psycopg://city@db.example/lw"
    monkeypatch.setenv("LW_DATABASE_URL", "sqlite:////srv/lw.sqlite3")
    assert database_url(configured) == "sqlite:////srv/lw.sqlite3"
    assert normalise_url("postgresql+psycopg2://u@h/d") == "postgresql+psycopg://u@h/d"


def test_services_do_not_import_the_terminal_ui() -> None:
    code = (
        "import sys, pkgutil, importlib, lwcore.services as s\n"
        "for m in pkgutil.walk_packages(s.__path__, 'lwcore.services.'):\n"
        "    importlib.import_module(m.name)\n"
        "import lwcore.db.models, lwcore.db.migrate, lwcore.db.opening\n"
        "bad = sorted(n for n in sys.modules if n == 'textual' or n.startswith('textual.'))\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- migrations -------------------------------------------------------------------------

#: Rows written at the first schema revision, one or more for every table it has.
FIRST_REVISION = "0001"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
STAMP = {"version": 1, "created_at": NOW, "updated_at": NOW}
FIRST_SCHEMA_ROWS: dict[str, list[dict[str, Any]]] = {
    "household": [
        {
            **STAMP,
            "id": 1,
            "code": "BR-7K4Q2M",
            "office": "brackel",
            "controller": "city",
            "label": "Amina",
            "search_key": "amina",
            "district": "Brackel",
            "languages": ["ar", "de"],
            "members": 4,
            "moved_in": date(2026, 9, 1),
        },
    ],
    "consultation": [
        {
            **STAMP,
            "id": 1,
            "office": "brackel",
            "place": "office",
            "staff": "Frau Yilmaz",
            "started_at": NOW,
            "language": "ar",
            "household_id": 1,
            "people": 2,
            "visitor": "refugee",
            "outcome": "referred",
            "note": "Kita-Platz",
        },
        {
            **STAMP,
            "id": 2,
            "office": "brackel",
            "place": "aplerbeck",
            "staff": "Herr Kaya",
            "started_at": NOW,
            "language": "fa",
            "household_id": None,
            "people": 1,
            "visitor": "neighbour",
            "outcome": "solved",
            "note": "",
        },
    ],
    "consultation_topic": [
        {"consultation_id": 1, "topic": "kindergarten_place"},
        {"consultation_id": 2, "topic": "transport_ticket"},
    ],
    "referral": [
        {
            **STAMP,
            "id": 1,
            "office": "brackel",
            "consultation_id": 1,
            "household_id": 1,
            "partner_key": "familienbuero_brackel",
            "topic": "kindergarten_place",
            "status": "unsuccessful",
            "follow_up_on": date(2026, 12, 4),
            "reason": "kein Platz",
            "partner_feedback": "Warteliste",
            "closed_at": NOW,
        },
    ],
    "walk_in": [
        {
            **STAMP,
            "id": 1,
            "office": "brackel",
            "place": "office",
            "arrived_at": NOW,
            "label": "A.",
            "household_id": 1,
            "language": "ar",
            "topic": None,
            "status": "seen",
            "consultation_id": 1,
        },
    ],
    "appointment": [
        {
            **STAMP,
            "id": 1,
            "office": "brackel",
            "place": "office",
            "starts_at": NOW,
            "duration_minutes": 30,
            "household_id": 1,
            "label": "Amina",
            "language": "ar",
            "topic": "birth",
            "status": "booked",
            "note": "",
        },
    ],
    "home_visit": [
        {
            **STAMP,
            "id": 1,
            "office": "brackel",
            "household_id": 1,
            "planned_for": NOW,
            "staff": "Frau Yilmaz",
            "second_staff": "Herr Kaya",
            "language": "ar",
            "status": "cancelled",
            "note": "",
            "done_at": None,
            "cancel_reason": "krank",
        },
    ],
    "round_table_meeting": [
        {
            **STAMP,
            "id": 1,
            "office": "brackel",
            "series_key": "runder_tisch_brackel",
            "starts_at": NOW,
            "attendees": ["Caritas", "Schule"],
            "minutes": "Protokoll",
        },
    ],
    "agreed_action": [
        {
            **STAMP,
            "id": 1,
            "meeting_id": 1,
            "description": "Flyer übersetzen",
            "owner": "Caritas",
            "due_on": date(2026, 12, 15),
            "done_at": None,
        },
    ],
    "group_offer": [
        {
            **STAMP,
            "id": 1,
            "office": "brackel",
            "title": "Sprachcafé",
            "kind": "language_cafe",
            "active": True,
        },
    ],
    "group_session": [
        {**STAMP, "id": 1, "offer_id": 1, "held_on": date(2026, 11, 18), "attendance": 14},
    ],
    "volunteer": [
        {
            **STAMP,
            "id": 1,
            "office": "brackel",
            "label": "Samira",
            "languages": ["ar", "de"],
            "topics": ["official_letters"],
            "availability": ["TU", "TH"],
            "active": True,
        },
    ],
    "barrier": [
        {
            **STAMP,
            "id": 1,
            "office": "brackel",
            "topic": "kindergarten_place",
            "description": "Zu wenige Kita-Plätze",
            "found_at": "Sprechstunde",
            "status": "escalated",
            "resolution": "an Jugendamt",
        },
    ],
    "suggestion": [
        {
            **STAMP,
            "id": 1,
            "office": "brackel",
            "received_on": date(2026, 11, 3),
            "text": "Sprechstunde auch samstags",
            "status": "new",
            "response": "",
        },
    ],
}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database with no schema at all."""
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
        yield database
        database.dispose()
        return
    server = os.environ.get("LW_TEST_DATABASE_URL")
    if not server:
        pytest.skip("PostgreSQL: set LW_TEST_DATABASE_URL to run")
    name = f"lw_migrate_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(normalise_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    database = Database(
        sa.engine.make_url(normalise_url(server))
        .set(database=name)
        .render_as_string(hide_password=False)
    )
    try:
        yield database
    finally:
        database.dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _tables(database: Database) -> dict[str, sa.Table]:
    metadata = sa.MetaData()
    metadata.reflect(database.engine)
    return dict(metadata.tables)


def _comparable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value


def test_first_schema_data_survives_upgrade_to_head(empty_database: Database) -> None:
    migrate.upgrade(empty_database, FIRST_REVISION)
    tables = _tables(empty_database)
    assert set(FIRST_SCHEMA_ROWS) == set(tables) - {"alembic_version"}
    with empty_database.engine.begin() as connection:
        for name, rows in FIRST_SCHEMA_ROWS.items():
            connection.execute(tables[name].insert(), rows)
    migrate.upgrade(empty_database)
    assert migrate.status(empty_database).up_to_date
    tables = _tables(empty_database)
    with empty_database.engine.connect() as connection:
        for name, rows in FIRST_SCHEMA_ROWS.items():
            stored = [dict(row._mapping) for row in connection.execute(sa.select(tables[name]))]
            assert len(stored) == len(rows), name
            for expected, actual in zip(rows, stored, strict=True):
                for column, value in expected.items():
                    assert _comparable(actual[column]) == _comparable(value), (name, column)


def test_embedded_database_is_upgraded_on_start_after_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    fresh = open_database(DeploymentSettings(), url=url)
    assert fresh.upgraded_from == "empty"
    assert fresh.backup is None  # nothing to keep yet
    assert open_database(DeploymentSettings(), url=url).upgraded_from is None
    # Pretend this core is one revision ahead: the next start upgrades, after a copy
    # (of a revision this core knows: a backup is checked before it counts).
    with fresh.database.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    monkeypatch.setattr(
        migrate, "status", lambda db: migrate.SchemaStatus("0001", "0002", ("0002",))
    )
    monkeypatch.setattr(migrate, "upgrade", lambda db, target="head": None)
    again = open_database(DeploymentSettings(), url=url)
    assert again.upgraded_from == "0001"
    assert again.backup is not None
    assert Path(again.backup).exists()
    assert Path(again.backup).parent == tmp_path / "backups"


def test_postgres_is_left_to_it_for_upgrades(empty_database: Database) -> None:
    if empty_database.dialect != "postgresql":
        pytest.skip("PostgreSQL only")
    with pytest.raises(SchemaOutOfDate, match="run `lw db upgrade`"):
        open_database(DeploymentSettings(), url=empty_database.url)


def test_schema_head_constant_matches_the_migrations(tmp_path: Path) -> None:
    from lwcore.db.schema_version import SCHEMA_HEAD, is_current, stored_revision

    assert migrate.head_revision() == SCHEMA_HEAD
    database = Database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    assert stored_revision(database) is None
    migrate.upgrade(database)
    assert stored_revision(database) == SCHEMA_HEAD
    assert is_current(database)
