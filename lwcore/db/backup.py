"""Backup copies of the embedded SQLite database (SQLite's online backup API).

A copy is taken before every schema upgrade and every restore, so neither
ever costs an office its data. PostgreSQL is backed up by the city's IT with
``pg_dump``; :func:`postgres_backup_hint` and :func:`postgres_restore_hint`
say what to run (tests/test_release_upgrade_pg.py runs exactly that).
"""

from __future__ import annotations

import re
import shlex
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from lwcore.db.copy_checks import looks_whole, sound_copy
from lwcore.db.engine import BUSY_TIMEOUT_MS, Database
from lwcore.db.file_modes import create_private_file, private_folder
from lwcore.db.partial_files import (
    fsync_file,
    partial_name,
    publish,
    remove_stale_partials,
    remove_with_companions,
)
from lwcore.i18n import N_

BACKUP_FOLDER = "backups"
#: ``lw doctor``'s backup row when it needs attention, in the language chosen for
#: the command (German unless ``--lang``/``$LW_LANG`` say otherwise).
NO_BACKUP_YET = N_(
    "no backup in {folder} yet: run `lw backup`, and have it run every day "
    "(README: Backups on a schedule)"
)
STALE_BACKUP = N_(
    "the newest backup in {folder} is {age} old, older than a day: run `lw backup`, "
    "and check that the scheduled backup runs (README: Backups on a schedule)"
)
#: What follows ``<database file's stem>-`` in the name of a backup lw wrote:
#: when (UTC, to the microsecond) and why (``backup``, ``before-0007``,
#: ``before-restore``). Rotation removes only files named so.
BACKUP_NAME = re.compile(r"(?P<stamp>\d{8}T\d{12}Z)-(?P<label>[a-z0-9]+(?:-[a-z0-9]+)*)\.sqlite3")


def _live_path(database: Database) -> Path:
    path = database.sqlite_path
    if path is None:
        raise ValueError("only the embedded SQLite database is backed up by lw")
    return path


def backup_folder(database: Database) -> Path:
    return _live_path(database).parent / BACKUP_FOLDER


def backup_sqlite(
    database: Database,
    *,
    label: str = "backup",
    folder: Path | None = None,
    target: Path | None = None,
) -> Path:
    """Copy the live database, consistently even while others write, to a new file.

    The copy goes to ``target``, else to a time-stamped file in ``folder``
    (default: ``backups/`` beside the database). It is a single self-contained
    file (rollback journal, not WAL), ready to be moved elsewhere; only its
    owner can read it (0600), and the ``backups/`` folder only its owner can open.

    Whole or absent: the copy is written under a partial name beside its
    target, fsynced and checked (every page, a known schema revision, the
    audit trail's chain: intact, or broken exactly as the live one is), and
    only then given its name. A copy that fails a
    check is removed and refused (:class:`~lwcore.db.failures.UnsoundCopy`).
    """
    source = _live_path(database)
    if not source.is_file():
        raise FileNotFoundError(f"{source}: no database file to back up")
    if target is None:
        folder = folder or backup_folder(database)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = folder / f"{source.stem}-{stamp}-{label}.sqlite3"
    if target.exists():
        raise FileExistsError(f"{target}: already exists; a backup never overwrites a file")
    partial = partial_name(target)
    try:
        private_folder(target.parent, tighten=target.parent == backup_folder(database))
        for leftovers in {target.parent, source.parent}:  # a killed restore stages there
            remove_stale_partials(leftovers)
        create_private_file(partial)
    except PermissionError as error:
        raise PermissionError(
            f"{target.parent}: lw may not write there ({error.strerror or error})"
        ) from None
    try:
        _copy_live(source, partial)
        fsync_file(partial)
        sound_copy(partial, copy_of=source)
        publish(partial, target)
    except BaseException as error:
        remove_with_companions(partial)  # no partial file posing as, or hiding, a backup
        if isinstance(error, sqlite3.Error) or type(error) is OSError:  # e.g. the disk is full
            raise OSError(f"{target}: the copy failed ({error}); nothing was kept") from error
        raise
    return target


def _copy_live(source: Path, target: Path) -> None:
    live = sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)
    copy = sqlite3.connect(target)
    try:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()
        live.close()


def latest_backup(database: Database) -> Path | None:
    """The newest backup that is whole (header, pages, one schema revision);
    files cut off or damaged, and partial files, are passed over."""
    try:
        folder = backup_folder(database)
    except ValueError:
        return None
    copies = sorted(folder.glob("*.sqlite3"), key=lambda path: path.stat().st_mtime)
    for copy in reversed(copies):
        if not copy.name.startswith(".") and looks_whole(copy):
            return copy
    return None


def backups_of(database: Database) -> list[Path]:
    """This database's backups in its backup folder, oldest first: the files whose
    names lw gives its backups of this database file (:data:`BACKUP_NAME`), by
    the time in their names. Other files there, and backups of another database
    file kept in the same folder, are not among them."""
    folder = backup_folder(database)
    prefix = f"{_live_path(database).stem}-"
    found: list[tuple[str, Path]] = []
    for path in folder.glob(f"{_glob_escape(prefix)}*.sqlite3"):
        named = BACKUP_NAME.fullmatch(path.name.removeprefix(prefix))
        if named and path.is_file() and not path.is_symlink():
            found.append((named["stamp"], path))
    return [path for _stamp, path in sorted(found)]


def rotate_backups(database: Database, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` backups of this database (:func:`backups_of`);
    the removed files. Run after a backup was written whole, so the newest is
    always a sound one."""
    if keep < 1:
        raise ValueError("at least one backup is kept")
    backups = backups_of(database)
    removed = backups[: max(len(backups) - keep, 0)]
    for path in removed:
        path.unlink(missing_ok=True)  # another rotation may have removed it meanwhile
    return removed


def _glob_escape(text: str) -> str:
    """``text`` matched literally by :meth:`Path.glob` (a database named ``lw[1]``)."""
    return re.sub(r"([*?\[])", r"[\1]", text)


def _connection_options(database: Database) -> str:
    url = make_url(database.url)
    return (
        f"--host={url.host or 'localhost'} --port={url.port or 5432} "
        f"--username={url.username or 'postgres'}"
    )


def postgres_backup_hint(database: Database, target: Path | None = None) -> str:
    """The ``pg_dump`` command for IT: a custom-format dump, to ``target`` if given.

    ``--enable-row-security``: the tables force row-level security on their owner
    too, and ``pg_dump``'s default (row security off) then refuses to read them
    unless a superuser runs it. The owner's own policy lets it read every row;
    a staff login cannot dump at all (it may not read the sequences)."""
    file = shlex.quote(str(target)) if target else "lw-$(date +%Y%m%d-%H%M).dump"
    name = make_url(database.url).database or ""
    return (
        f"pg_dump --format=custom --enable-row-security --file={file} "
        f"{_connection_options(database)} {shlex.quote(name)}"
    )


def postgres_restore_hint(
    database: Database, source: Path, *, administrator: str = "postgres"
) -> str:
    """The commands that put a ``pg_dump`` file back, one a line: the database
    dropped and made anew, owned by the role it connects as, by the server's
    ``administrator`` (the owner may not create databases), then ``pg_restore``
    as the owner, all or nothing.

    Into an empty database because ``pg_restore --clean`` drops only what the dump
    holds: a dump from before an upgrade, put back so, leaves the newer schema's
    functions behind, and the next upgrade fails on them. Without ``--clean``,
    ``pg_restore`` into a database that is not empty fails and changes nothing."""
    url = make_url(database.url)
    name = shlex.quote(url.database or "")
    owner = shlex.quote(url.username or "postgres")
    server = f"--host={url.host or 'localhost'} --port={url.port or 5432}"
    as_administrator = f"{server} --username={shlex.quote(administrator)}"
    return "\n".join(
        (
            f"dropdb {as_administrator} {name}",
            f"createdb {as_administrator} --owner={owner} {name}",
            f"pg_restore --single-transaction --no-owner {_connection_options(database)} "
            f"--dbname={name} {shlex.quote(str(source))}",
        )
    )
