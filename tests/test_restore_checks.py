"""``lw restore`` checks the whole file before it touches the live database: its
schema must be what the migrations make at its revision, its audit chain must
verify; and households erased since the copy was taken stay erased."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from lwcore.db import migrate
from lwcore.db.audit_verify import GUARDS
from lwcore.db.backup import backup_sqlite
from lwcore.db.engine import Database
from lwcore.db.erasure_replay import DETAIL, RESTORE_STAFF
from lwcore.db.restore import NotRestorable, check_backup, restore_sqlite
from lwcore.db.schema_compare import Column, Schema, differences, reference_schema
from lwcore.directory import Directory
from lwcore.services import FrozenClock, Services
from lwcore.testing import make_actor
from tests.test_backup_whole import run_cli
from tests.test_database import FIRST_SCHEMA_ROWS

NOW = datetime(2026, 11, 27, 10, 30, tzinfo=ZoneInfo("Europe/Berlin"))
LABEL = "Zzyzx Quorra"
HOUSEHOLD_NOTE = "Qwertzuiop Notiz"
CONSULTATION_NOTE = "Plonkvardel Gespraech"
#: The erased text's distinctive words, as stored and as the search terms fold them.
WORDS = [b"zzyzx", b"quorra", b"qwertzuiop", b"plonkvardel"]


@pytest.fixture
def database(live: Path) -> Iterator[Database]:
    opened = Database(f"sqlite:///{live}")
    yield opened
    opened.dispose()


@pytest.fixture
def office_services(database: Database, repo_directory: Directory) -> Services:
    return Services(database, repo_directory, FrozenClock(NOW), actor=make_actor("brackel"))


def sql(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def rows(path: Path, query: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


# --- the schema must be what the migrations make --------------------------------------


def _only_alembic_version(copy: Path) -> str:
    copy.unlink()
    sql(
        copy,
        "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)",
        "INSERT INTO alembic_version VALUES ('0002')",
    )
    return "table audit_entry missing"


def _topics_dropped(copy: Path) -> str:
    sql(copy, "DROP TABLE consultation_topic")
    return "table consultation_topic missing"


def _column_dropped(copy: Path) -> str:
    sql(copy, "ALTER TABLE household DROP COLUMN note")
    return "column household.note missing"


def _index_dropped(copy: Path) -> str:
    sql(copy, "DROP INDEX household_term_search")
    return "index household_term_search on household_term missing"


def _foreign_key_dropped(copy: Path) -> str:
    """consent rebuilt without its reference to household (as a file editor could)."""
    [(create,)] = rows(copy, "SELECT sql FROM sqlite_master WHERE name = 'consent'")
    pattern = r",\s*CONSTRAINT \S+ FOREIGN KEY\(household_id\)[^,]*CASCADE"
    without = re.sub(pattern, "", str(create))
    assert without != create
    indexes = [
        str(row[0])
        for row in rows(
            copy,
            "SELECT sql FROM sqlite_master "
            "WHERE tbl_name = 'consent' AND type = 'index' AND sql IS NOT NULL",
        )
    ]
    sql(copy, "DROP TABLE consent", without, *indexes)
    return "foreign key consent(household_id) -> household ON DELETE CASCADE missing"


def _extra_table(copy: Path) -> str:
    sql(copy, "CREATE TABLE smuggled (id INTEGER PRIMARY KEY, label TEXT)")
    return "extra table smuggled"


def _extra_trigger(copy: Path) -> str:
    sql(
        copy,
        "CREATE TRIGGER copy_labels AFTER INSERT ON household BEGIN SELECT NEW.label; END",
    )
    return "extra trigger copy_labels on household"


@pytest.mark.parametrize(
    "tamper",
    [
        _only_alembic_version,
        _topics_dropped,
        _column_dropped,
        _index_dropped,
        _foreign_key_dropped,
        _extra_table,
        _extra_trigger,
    ],
)
def test_a_copy_whose_schema_differs_is_refused_and_nothing_changes(
    live: Path, tmp_path: Path, tamper: Callable[[Path], str]
) -> None:
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(live, copy)
    reason = tamper(copy)
    before = live.read_bytes()
    result = run_cli("restore", str(copy), "--yes")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {copy}: schema is not what revision ")
    assert reason in line
    assert live.read_bytes() == before
    assert not (live.parent / "backups").exists()  # refused before anything was done
    assert sorted(path.name for path in live.parent.iterdir()) == [live.name]


def test_a_copy_at_an_older_revision_made_by_the_migrations_is_accepted(
    live: Path, tmp_path: Path, database: Database
) -> None:
    older = Database(f"sqlite:///{tmp_path / 'older.sqlite3'}")
    migrate.upgrade(older, "0002")
    with older.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    older.dispose()
    copy = tmp_path / "older.sqlite3"
    assert check_backup(copy) == "0002"
    restored = restore_sqlite(database, copy)
    assert (restored.revision, restored.reapplied) == ("0002", 0)
    assert restored.upgrade_to == migrate.head_revision()
    assert rows(live, "SELECT version_num FROM alembic_version") == [("0002",)]


def test_differences_name_type_affinity_and_nullability() -> None:
    expected = Schema(
        {"household": (Column("id", "INTEGER", True, 1), Column("label", "TEXT", True, 0))},
        {},
        {},
        {},
        frozenset(),
    )
    found = Schema(
        {"household": (Column("id", "INTEGER", True, 1), Column("label", "BLOB", False, 0))},
        {},
        {},
        {},
        frozenset(),
    )
    assert differences(found, expected) == [
        "column household.label is BLOB, not TEXT",
        "column household.label is nullable, not NOT NULL",
    ]
    assert differences(expected, expected) == []


def test_the_reference_is_built_once_per_revision() -> None:
    assert reference_schema("0001") is reference_schema("0001")
    assert "audit_entry" not in reference_schema("0001").tables
    assert "audit_entry" in reference_schema("0002").tables


def test_a_damaged_copy_is_refused(live: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(live, copy)
    content = bytearray(copy.read_bytes())
    page = 4096
    content[3 * page : 4 * page] = b"\xff" * page  # a page in the middle overwritten
    copy.write_bytes(bytes(content))
    before = live.read_bytes()
    with pytest.raises(NotRestorable, match=f"^{copy}: (damaged|unreadable) SQLite file"):
        restore_sqlite(Database(f"sqlite:///{live}"), copy)
    assert live.read_bytes() == before


def test_a_copy_whose_audit_chain_does_not_verify_is_refused(live: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(live, copy)
    guard = GUARDS["sqlite"][0]
    sql(copy, f"DROP TRIGGER {guard}")
    before = live.read_bytes()
    result = run_cli("restore", str(copy), "--yes")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {copy}: audit trail broken: ")
    assert guard in line
    assert live.read_bytes() == before


# --- erasures made since the copy was taken stay made -----------------------------------


def files_of(path: Path) -> dict[str, bytes]:
    found = {path.name: path.read_bytes()}
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            found[companion.name] = companion.read_bytes()
    return found


def erased_words_in(path: Path) -> dict[str, list[bytes]]:
    return {
        name: [word for word in WORDS if word in content.lower()]
        for name, content in files_of(path).items()
        if any(word in content.lower() for word in WORDS)
    }


def text_anywhere(path: Path, needle: str) -> list[str]:
    """Every table.column of ``path`` whose text holds ``needle`` (case-folded)."""
    hits = []
    connection = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        for table in tables:
            for column in [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]:
                found = connection.execute(
                    f'SELECT 1 FROM "{table}" WHERE lower(CAST("{column}" AS TEXT)) LIKE ?',
                    (f"%{needle.lower()}%",),
                ).fetchone()
                if found:
                    hits.append(f"{table}.{column}")
    finally:
        connection.close()
    return hits


def register(services: Services, label: str = LABEL) -> tuple[int, str]:
    household = services.households.create(
        office="brackel", label=label, district="Brackel", languages=["fa"], note=HOUSEHOLD_NOTE
    )
    assert household.id is not None
    services.consultations.record(
        office="brackel",
        language="fa",
        topics=["job_search"],
        outcome="solved",
        household_id=household.id,
        note=CONSULTATION_NOTE,
    )
    return household.id, household.code


def test_restoring_an_older_copy_erases_again_whom_the_office_erased_since(
    live: Path, database: Database, office_services: Services
) -> None:
    _key, code = register(office_services)
    copy = backup_sqlite(database)
    office_services.erasure.erase(code)

    result = run_cli("restore", str(copy), "--yes")
    assert result.exit_code == 0, result.output
    assert "erasures made since the copy was taken, applied again: 1" in result.stdout

    database.forget_freed_pages()
    assert rows(live, f"SELECT id FROM household WHERE code = '{code}'") == []
    for word in ("Zzyzx", "Quorra", "Qwertzuiop", "Plonkvardel"):
        assert text_anywhere(live, word) == []
    assert erased_words_in(live) == {}
    # The statistics keep the consultation, without its household or its note.
    assert rows(live, "SELECT household_id, note FROM consultation") == [(None, "")]
    assert rows(live, "SELECT reason, staff FROM deletion_log") == [("erasure", RESTORE_STAFF)]
    named = rows(
        live,
        "SELECT e.action, e.detail FROM audit_entry e JOIN audit_subject s "
        f"ON s.entry_id = e.id WHERE s.household_code = '{code}' AND e.action = 'erase'",
    )
    assert named == [("erase", DETAIL)]
    assert check_backup(live) == rows(live, "SELECT version_num FROM alembic_version")[0][0]

    # The restored trail names the erasure, so restoring the copy again erases again.
    again = run_cli("restore", str(copy), "--yes")
    assert again.exit_code == 0, again.output
    assert "applied again: 1" in again.stdout
    assert rows(live, f"SELECT id FROM household WHERE code = '{code}'") == []


def test_a_household_merged_before_the_erasure_stays_erased_too(
    live: Path, database: Database, office_services: Services
) -> None:
    kept_id, kept_code = register(office_services, "Familie Haddad")
    duplicate_id, duplicate_code = register(office_services, "Familie Hadad")
    copy = backup_sqlite(database)
    kept = office_services.households.get(kept_id)
    duplicate = office_services.households.get(duplicate_id)
    office_services.households.merge(
        kept_id, kept.version, duplicate_id, duplicate.version, reason="doppelt angelegt"
    )
    office_services.erasure.erase(kept_code)

    restored = restore_sqlite(database, copy)
    assert restored.reapplied == 2
    assert (
        rows(live, f"SELECT code FROM household WHERE code IN ('{kept_code}', '{duplicate_code}')")
        == []
    )
    assert text_anywhere(live, "Haddad") == []
    assert text_anywhere(live, "Hadad") == []


def test_a_restore_with_nothing_erased_since_says_so_in_german(
    live: Path, database: Database, office_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(office_services)
    copy = backup_sqlite(database)
    monkeypatch.setenv("LW_LANG", "de")
    result = run_cli("restore", str(copy), "--yes")
    assert result.exit_code == 0, result.output
    assert "seit der Sicherung vorgenommene Löschungen, erneut angewandt: 0" in result.stdout
    assert "household.label" in text_anywhere(live, "Zzyzx")  # nobody erased: all kept


def test_an_older_copy_is_upgraded_to_erase_again_in_it(
    live: Path, tmp_path: Path, database: Database, office_services: Services
) -> None:
    """The erasure works on this core's tables: a copy at an older revision is
    brought to the current schema before the household is erased in it."""
    _key, code = register(office_services)
    office_services.erasure.erase(code)
    older = Database(f"sqlite:///{tmp_path / 'older.sqlite3'}")
    migrate.upgrade(older, "0001")
    households = sa.Table("household", sa.MetaData(), autoload_with=older.engine)
    row = {**FIRST_SCHEMA_ROWS["household"][0], "code": code, "label": LABEL}
    with older.engine.begin() as connection:
        connection.execute(households.insert(), [{**row, "search_key": LABEL.lower()}])
    migrate.upgrade(older, "0003")
    with older.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    older.dispose()

    restored = restore_sqlite(database, tmp_path / "older.sqlite3")
    head = migrate.head_revision()
    assert (restored.revision, restored.reapplied, restored.upgrade_to) == ("0003", 1, None)
    assert restored.schema == head
    assert rows(live, "SELECT version_num FROM alembic_version") == [(head,)]
    assert rows(live, f"SELECT id FROM household WHERE code = '{code}'") == []
    assert text_anywhere(live, "Zzyzx") == []
    database.forget_freed_pages()
    assert erased_words_in(live) == {}


def test_a_household_erased_while_the_copy_is_prepared_stays_erased(
    live: Path, database: Database, office_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    _first, early = register(office_services, "Familie Early")
    _second, late = register(office_services, "Familie Late")
    copy = backup_sqlite(database)
    office_services.erasure.erase(early)
    take_backup = backup_sqlite

    def colleague_erases_meanwhile(database: Database, *, label: str) -> Path:
        office_services.erasure.erase(late)
        return take_backup(database, label=label)

    monkeypatch.setattr("lwcore.db.restore.backup_sqlite", colleague_erases_meanwhile)
    restored = restore_sqlite(database, copy)
    assert restored.reapplied == 2
    assert rows(live, f"SELECT code FROM household WHERE code IN ('{early}', '{late}')") == []
    assert text_anywhere(live, "Familie") == []
    assert check_backup(live) == restored.revision


def test_a_live_database_that_cannot_be_backed_up_is_not_replaced(
    live: Path, tmp_path: Path, database: Database
) -> None:
    copy = backup_sqlite(database)
    content = bytearray(live.read_bytes())
    content[3 * 4096 : 4 * 4096] = b"\xff" * 4096
    live.write_bytes(bytes(content))
    result = run_cli("restore", str(copy), "--yes")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {live}: ")
    assert "so nothing was restored" in line
    assert live.read_bytes() == bytes(content)
    assert not [path for path in live.parent.iterdir() if path.name.endswith(".partial")]


def test_an_unfinished_copy_is_no_backup(live: Path, database: Database) -> None:
    copy = backup_sqlite(database)
    partial = copy.with_name(f".{copy.name}.4242.partial")
    shutil.copyfile(copy, partial)
    before = live.read_bytes()
    result = run_cli("restore", str(partial), "--yes")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: {partial}: an unfinished copy (a .partial file), not a backup"
    )
    assert live.read_bytes() == before


def test_a_copy_with_a_forged_audit_entry_is_refused_naming_it(
    live: Path, database: Database, office_services: Services
) -> None:
    register(office_services)
    copy = backup_sqlite(database)
    [(guard_sql,)] = rows(
        copy, "SELECT sql FROM sqlite_master WHERE name = 'audit_entry_no_update'"
    )
    [(first,)] = rows(copy, "SELECT min(id) FROM audit_entry")
    sql(
        copy,
        "DROP TRIGGER audit_entry_no_update",
        f"UPDATE audit_entry SET staff = 'someone else' WHERE id = {first}",
        str(guard_sql),
    )
    before = live.read_bytes()
    result = run_cli("restore", str(copy), "--yes")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line == (
        f"Error: {copy}: audit trail broken: "
        f"audit entry #{first} (office brackel) was changed or forged: its hash does not match"
    )
    assert live.read_bytes() == before


def test_a_killed_restore_leaves_its_staged_copy_only_until_the_next_backup(
    live: Path, database: Database, office_services: Services
) -> None:
    register(office_services)
    copy = backup_sqlite(database)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    staged = live.with_name(f".{live.name}.restore.{int(dead.stdout)}.partial")
    shutil.copyfile(copy, staged)  # what a restore killed halfway leaves beside the database
    assert run_cli("backup").exit_code == 0
    assert not staged.exists()


def test_a_copy_that_cannot_be_read_is_refused_in_one_line(
    live: Path, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = backup_sqlite(database)
    real_open = Path.open

    def refused(path: Path, *args: object, **kwargs: object) -> object:
        if path == copy:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", refused)
    result = run_cli("restore", str(copy), "--yes")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {copy}: cannot be read (Permission denied)"


def test_a_restore_that_runs_out_of_disk_leaves_the_database_as_it_was(
    live: Path, database: Database, office_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = backup_sqlite(database)
    register(office_services)
    before = rows(live, "SELECT code FROM household")

    def full(source: Path, target: Path) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("lwcore.db.restore._copy_into", full)
    result = run_cli("restore", str(copy), "--yes")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line == (
        f"Error: {live}: the restore failed and the database is as it was: database or disk is full"
    )
    assert rows(live, "SELECT code FROM household") == before
    assert not [path for path in live.parent.iterdir() if path.name.endswith(".partial")]


def test_a_household_purged_after_its_retention_since_the_copy_stays_purged(
    live: Path, database: Database, repo_directory: Directory, office_services: Services
) -> None:
    _key, code = register(office_services)
    copy = backup_sqlite(database)
    years_later = Services(
        database,
        repo_directory,
        FrozenClock(NOW.replace(year=NOW.year + 5)),
        actor=make_actor("brackel"),
    )
    register(years_later, "Familie Neu")  # the office works on: its trail goes on too
    assert years_later.retention.purge("brackel").total("households") == 1

    restored = restore_sqlite(database, copy)
    assert restored.reapplied == 1
    assert rows(live, f"SELECT id FROM household WHERE code = '{code}'") == []
    assert text_anywhere(live, "Zzyzx") == []
