"""The rows about the files on this machine: the newest backup, who may open the
database, its WAL and its backups, where the log file is, and the cache."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy.engine import make_url

from lwcore.db.backup import (
    BACKUP_FOLDER,
    NO_BACKUP_YET,
    STALE_BACKUP,
    latest_backup,
    postgres_backup_hint,
)
from lwcore.db.engine import Database
from lwcore.db.file_modes import open_to_others, with_companions
from lwcore.health.install import Install, shown, sqlite_file
from lwcore.health.rows import ATTENTION, OK, Check, describe_age, plural
from lwcore.i18n import translation
from lwcore.logs import LOG_FILE, log_dir
from lwcore.schedule.public_holidays import CACHE_FILES
from lwcore.settings.paths import user_cache_dir

#: How old the newest backup may be: a day, and an hour for a daily schedule's
#: start to drift (a machine started late, the copy itself taking a while).
MAX_BACKUP_AGE = timedelta(hours=25)


def check_backup(install: Install) -> Iterator[Check]:
    """The newest whole backup of an SQLite database: attention when there is none
    or it is older than a day (a daily schedule keeps it younger, README)."""
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
    if not database_file.exists():
        yield Check("backup", str(folder), OK, "no database yet: nothing to back up")
        return
    database = Database(install.database_url)
    try:
        newest = latest_backup(database)
    finally:
        database.dispose()
    words = translation(install.language)
    if newest is None:
        yield Check(
            "backup", str(folder), ATTENTION, words.gettext(NO_BACKUP_YET).format(folder=folder)
        )
        return
    seconds = time.time() - newest.stat().st_mtime
    if seconds > MAX_BACKUP_AGE.total_seconds():
        age = _age_in(install.language, seconds)
        detail = words.gettext(STALE_BACKUP).format(folder=folder, age=age)
        yield Check("backup", str(folder), ATTENTION, detail)
        return
    yield Check("backup", str(folder), OK, f"newest {newest.name}, {describe_age(seconds)} old")


def _age_in(language: str, seconds: float) -> str:
    """``3 Tage``, ``26 Stunden``: as Babel words a duration in ``language``."""
    from babel.dates import format_timedelta

    return str(
        format_timedelta(timedelta(seconds=seconds), threshold=2, format="long", locale=language)
    )


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


def check_log_folder(_install: Install) -> Iterator[Check]:
    """Where IT finds the log (lwcore.logs): named, and closed to group and others."""
    folder = log_dir()
    files = sorted(folder.glob(f"{LOG_FILE}*")) if folder.is_dir() else []
    loose = list(open_to_others([folder, *files]))
    for path, mode in loose:
        fix = f"chmod {'700' if path.is_dir() else '600'} {path}"
        yield Check(
            "logs", str(path), ATTENTION, f"mode {mode:04o}: group or others may open it; {fix}"
        )
    if loose:
        return
    if not files:
        yield Check("logs", str(folder), OK, f"no {LOG_FILE} yet: written from the next start")
        return
    size = sum(path.stat().st_size for path in files)
    yield Check(
        "logs",
        str(folder),
        OK,
        f"{LOG_FILE}, {plural(len(files), 'file')}, {size // 1024} KiB: events and "
        "unexpected errors, no personal data; owner only",
    )


def check_cache_folder(_install: Install) -> Iterator[Check]:
    """Where lw keeps what it can compute again (the public holidays of each year):
    named, and whether lw may write there (else every start computes them anew)."""
    folder = user_cache_dir()
    kept = sorted(folder.glob(CACHE_FILES)) if folder.is_dir() else []
    writable = folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)
    if folder.exists() and not writable:
        yield Check(
            "cache",
            str(folder),
            ATTENTION,
            "lw may not write here, so every start computes the public holidays anew "
            "(slower): make the folder the user's, or name another with LW_CACHE_DIR",
        )
        return
    if not kept:
        yield Check("cache", str(folder), OK, "nothing kept yet: filled by the next start")
        return
    yield Check(
        "cache",
        str(folder),
        OK,
        f"public holidays of {plural(len(kept), 'year')}, no personal data; "
        "may be deleted at any time",
    )
