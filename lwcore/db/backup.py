"""Backup copies of the embedded SQLite database (SQLite's online backup API).

A copy is taken before every schema upgrade, so an upgrade that goes wrong
never costs an office its data. PostgreSQL is backed up by the city's IT with
``pg_dump``; :func:`postgres_backup_hint` says what to run.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from lwcore.db.engine import Database

BACKUP_FOLDER = "backups"


def backup_folder(database: Database) -> Path:
    path = database.sqlite_path
    if path is None:
        raise ValueError("only the embedded SQLite database is backed up by lw")
    return path.parent / BACKUP_FOLDER


def backup_sqlite(database: Database, *, label: str = "backup", folder: Path | None = None) -> Path:
    """Copy the live database, consistently even while others write, to a new file."""
    source = database.sqlite_path
    if source is None:
        raise ValueError("only the embedded SQLite database is backed up by lw")
    folder = folder or backup_folder(database)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{source.stem}-{stamp}-{label}.sqlite3"
    live = sqlite3.connect(source)
    copy = sqlite3.connect(target)
    try:
        live.backup(copy)
    finally:
        copy.close()
        live.close()
    return target


def latest_backup(database: Database) -> Path | None:
    try:
        folder = backup_folder(database)
    except ValueError:
        return None
    copies = sorted(folder.glob("*.sqlite3"), key=lambda path: path.stat().st_mtime)
    return copies[-1] if copies else None


def postgres_backup_hint(database: Database) -> str:
    url = make_url(database.url)
    return (
        f"pg_dump --format=custom --file=lw-$(date +%Y%m%d-%H%M).dump "
        f"--host={url.host or 'localhost'} --port={url.port or 5432} "
        f"--username={url.username or 'postgres'} {url.database}"
    )
