"""Putting a backup copy back into the embedded SQLite database.

The whole copy is checked first: an SQLite file of this application, every
page sound, at a schema revision this core knows, with exactly the tables,
columns, indexes and triggers the migrations make at that revision, and an
audit trail whose chain verifies. A refused copy changes nothing.

The copy is then staged beside the live database (a partial file nothing
takes for a backup) and checked again there, since that is what will be
written; the households erased since the copy was taken are erased in it
again (:mod:`lwcore.db.erasure_replay`). Only then is the database as it is
now backed up, so a restore can be undone, and the staged copy written into
the live file with SQLite's online backup API: as one write transaction
through SQLite, so WAL and connections other processes hold open stay
valid, which copying the file over it would not.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from attrs import frozen

from lwcore.db import migrate
from lwcore.db.backup import backup_sqlite
from lwcore.db.copy_checks import open_read_only, sound_copy
from lwcore.db.engine import BUSY_TIMEOUT_MS, Database
from lwcore.db.erasure_replay import erased_codes, replay_erasures
from lwcore.db.failures import UnsoundCopy
from lwcore.db.file_modes import create_private_file, private_folder
from lwcore.db.partial_files import (
    fsync_file,
    is_partial,
    partial_name,
    remove_stale_partials,
    remove_with_companions,
)
from lwcore.db.schema_compare import check_schema

#: A copy that is no whole backup of this application's database; the message names it.
NotRestorable = UnsoundCopy


@frozen
class Restored:
    source: Path
    target: Path
    revision: str
    #: The database as it was before the restore; None when there was none.
    previous: Path | None
    #: This core's schema revision, when the restored copy is older.
    upgrade_to: str | None
    #: Households erased since the copy was taken, erased in it again.
    reapplied: int = 0
    #: The restored database's schema: newer than ``revision`` when the copy
    #: was upgraded so the erasures could be applied again.
    schema: str = ""


def check_backup(path: Path, *, script_location: Path | None = None) -> str:
    """The schema revision of a restorable copy; :class:`NotRestorable` otherwise."""
    if is_partial(path):
        raise NotRestorable(f"{path}: an unfinished copy (a .partial file), not a backup")
    revision = sound_copy(path, script_location=script_location)
    check_schema(path, revision, script_location=script_location)
    return revision


def _copy_into(source: Path, target: Path) -> None:
    reader = open_read_only(source)
    writer = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


def _stored_revision(path: Path) -> str:
    connection = open_read_only(path)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


def _staged(source: Path, target: Path) -> Path:
    """A private copy of ``source`` beside ``target``, under a partial name."""
    private_folder(target.parent)
    remove_stale_partials(target.parent)
    staging = partial_name(target.with_name(f"{target.name}.restore"))
    create_private_file(staging)
    try:
        _copy_into(source, staging)
        connection = sqlite3.connect(staging)
        try:
            connection.execute("PRAGMA journal_mode = DELETE")
        finally:
            connection.close()
        fsync_file(staging)
    except BaseException:
        remove_with_companions(staging)
        raise
    return staging


def _checked_stage(staging: Path, script_location: Path | None) -> str:
    """The staged copy checked as a backup is (its partial name aside)."""
    revision = sound_copy(staging, script_location=script_location)
    check_schema(staging, revision, script_location=script_location)
    return revision


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
    erased = _erased_in(target)
    try:
        previous, reapplied = _replace(database, source, target, revision, erased, script_location)
    except (sqlite3.Error, OSError) as error:  # a full disk; SQLite rolled the copy back
        raise NotRestorable(
            f"{target}: the restore failed and the database is as it was: {error}"
        ) from error
    if previous is not None:  # erased by a colleague while the copy was being prepared
        late = _erased_in(previous) - erased
        reapplied += replay_erasures(
            target, late, script_location=script_location, standalone=False
        )
    database.forget_freed_pages()
    restored = _stored_revision(target)
    head = migrate.head_revision(script_location=script_location)
    return Restored(
        source,
        target,
        revision,
        previous,
        None if restored == head else head,
        reapplied,
        restored,
    )


def _replace(
    database: Database,
    source: Path,
    target: Path,
    revision: str,
    erased: frozenset[str],
    script_location: Path | None,
) -> tuple[Path | None, int]:
    """Stage ``source``, check it, erase ``erased`` in it, back up the live
    database and copy the staged file into it: the backup taken and the
    households erased again."""
    staging = _staged(source, target)
    try:
        if _checked_stage(staging, script_location) != revision:
            raise NotRestorable(f"{source}: changed while it was being restored")
        reapplied = replay_erasures(staging, erased, script_location=script_location)
        if reapplied:
            sound_copy(staging, script_location=script_location)
        previous = _keep_current(database, target)
        if not target.exists():
            create_private_file(target)
        _copy_into(staging, target)
    finally:
        remove_with_companions(staging)
    return previous, reapplied


def _erased_in(database: Path) -> frozenset[str]:
    """The codes of the households ``database`` records as erased (none if it is absent)."""
    if not database.exists():
        return frozenset()
    try:
        return erased_codes(database)
    except sqlite3.DatabaseError as error:
        raise NotRestorable(
            f"{database}: its record of erasures cannot be read ({error}), so nothing was restored"
        ) from None


def _keep_current(database: Database, target: Path) -> Path | None:
    """A backup of the database as it is now, so the restore can be undone."""
    if not target.exists():
        return None
    try:
        return backup_sqlite(database, label="before-restore")
    except UnsoundCopy as error:
        raise NotRestorable(
            f"{target}: the database as it is now cannot be backed up, "
            f"so nothing was restored: {error}"
        ) from None
