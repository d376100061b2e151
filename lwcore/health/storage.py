"""The rows about the files on this machine: the newest backup, and who may open
the database, its WAL and its backups."""

from __future__ import annotations

import time
from collections.abc import Iterator

from sqlalchemy.engine import make_url

from lwcore.db.backup import BACKUP_FOLDER, latest_backup, postgres_backup_hint
from lwcore.db.engine import Database
from lwcore.db.file_modes import open_to_others, with_companions
from lwcore.health.install import Install, shown, sqlite_file
from lwcore.health.rows import ATTENTION, OK, Check, describe_age

NO_BACKUP_YET = "no backup yet (one is taken before every upgrade)"


def check_backup(install: Install) -> Iterator[Check]:
    if install.database_url is None:
        return  # the database row already says why nothing was checked
    url = make_url(install.database_url)
    database_file = sqlite_file(url)
    if url.get_backend_name() != "sqlite":
        database = Database(install.database_url)  # no connection is made
        try:
            hint = postgres_backup_hint(database)
        finally:
            database.dispose()
        yield Check("backup", shown(url), OK, f"backups are IT's (pg_dump), e.g. {hint}")
        return
    if database_file is None:
        yield Check("backup", shown(url), OK, "in-memory database: nothing to back up")
        return
    folder = database_file.parent / BACKUP_FOLDER
    newest = None
    if database_file.parent.is_dir():  # else Database() would create the folder
        database = Database(install.database_url)
        try:
            newest = latest_backup(database)
        finally:
            database.dispose()
    if newest is None:
        yield Check("backup", str(folder), OK, NO_BACKUP_YET)
        return
    age = describe_age(time.time() - newest.stat().st_mtime)
    yield Check("backup", str(folder), OK, f"newest {newest.name}, {age} old")


def check_file_modes(install: Install) -> Iterator[Check]:
    """The database, its WAL and its backups hold refugees' data: each one, and the
    folders they are in, must be closed to group and others."""
    if install.database_url is None:
        return  # the database row already says why nothing was checked
    database_file = sqlite_file(make_url(install.database_url))
    if database_file is None or not database_file.parent.is_dir():
        return  # PostgreSQL's files are the server's; a new database is created owner-only
    folder = database_file.parent
    backups = folder / BACKUP_FOLDER
    files = [*with_companions(database_file), *sorted(backups.glob("*.sqlite3"))]
    loose = list(open_to_others([folder, backups, *files]))
    for path, mode in loose:
        fix = f"chmod {'700' if path.is_dir() else '600'} {path}"
        yield Check(
            "files", str(path), ATTENTION, f"mode {mode:04o}: group or others may open it; {fix}"
        )
    if not loose:
        yield Check(
            "files", str(folder), OK, "owner only: folders 0700; database, WAL, backups 0600"
        )
