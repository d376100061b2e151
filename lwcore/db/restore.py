"""Putting a backup copy back into the embedded SQLite database.

The copy is checked first (an SQLite file of this application, at a schema
revision this core knows), the database as it is now is backed up, so a
restore can be undone, and only then is the copy written into the live file
with SQLite's online backup API: as one write transaction through SQLite, so
WAL and connections other processes hold open stay valid, which copying the
file over it would not.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from attrs import frozen

from lwcore.db import migrate
from lwcore.db.backup import backup_sqlite
from lwcore.db.engine import BUSY_TIMEOUT_MS, Database
from lwcore.db.file_modes import create_private_file, private_folder

SQLITE_HEADER = b"SQLite format 3\x00"


class NotRestorable(ValueError):
    """The file is no backup of this application's database; the message names it."""


@frozen
class Restored:
    source: Path
    target: Path
    revision: str
    #: The database as it was before the restore; None when there was none.
    previous: Path | None
    #: This core's schema revision, when the restored copy is older.
    upgrade_to: str | None


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def _stored_revision(path: Path) -> str:
    connection = _open_read_only(path)
    try:
        has_version = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if has_version is None:
            raise NotRestorable(f"{path}: not a lokal willkommen database (no alembic_version)")
        rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        if len(rows) != 1:
            raise NotRestorable(f"{path}: alembic_version holds {len(rows)} revisions, not one")
        damage = connection.execute("PRAGMA quick_check").fetchone()
        if damage is None or damage[0] != "ok":
            raise NotRestorable(f"{path}: damaged SQLite file ({damage[0] if damage else '?'})")
        return str(rows[0][0])
    except sqlite3.DatabaseError as error:
        raise NotRestorable(f"{path}: unreadable SQLite file ({error})") from None
    finally:
        connection.close()


def check_backup(path: Path, *, script_location: Path | None = None) -> str:
    """The schema revision of a restorable copy; :class:`NotRestorable` otherwise."""
    if not path.is_file():
        raise NotRestorable(f"{path}: no such file")
    with path.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise NotRestorable(f"{path}: not an SQLite database")
    revision = _stored_revision(path)
    known = migrate.known_revisions(script_location=script_location)
    if revision not in known:
        raise NotRestorable(
            f"{path}: schema revision {revision!r} is unknown to this core "
            f"(it knows {', '.join(sorted(known))}); a copy made by a newer lw?"
        )
    return revision


def _copy_into(source: Path, target: Path) -> None:
    reader = _open_read_only(source)
    writer = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


def restore_sqlite(
    database: Database, source: Path, *, script_location: Path | None = None
) -> Restored:
    """Replace the embedded database's content with the copy in ``source``."""
    target = database.sqlite_path
    if target is None:
        raise ValueError("only the embedded SQLite database is restored by lw")
    if target.exists() and source.resolve() == target.resolve():
        raise NotRestorable(f"{source}: is the live database itself")
    revision = check_backup(source, script_location=script_location)
    previous = backup_sqlite(database, label="before-restore") if target.exists() else None
    if not target.exists():
        private_folder(target.parent)
        create_private_file(target)
    _copy_into(source, target)
    head = migrate.head_revision(script_location=script_location)
    return Restored(source, target, revision, previous, None if revision == head else head)
