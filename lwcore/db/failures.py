"""Why the database cannot be used, in one line for staff and IT (no traceback)."""

from __future__ import annotations

from sqlalchemy.exc import InterfaceError, OperationalError, ProgrammingError

from lwcore.db.engine import BadDatabaseUrl, shown_url

#: PostgreSQL's insufficient_privilege: a staff login asked for what its role may not do.
INSUFFICIENT_PRIVILEGE = "42501"


class MigrationFailed(Exception):
    """A revision raised; nothing of the run was kept (one transaction)."""

    def __init__(self, revision: str, error: Exception) -> None:
        super().__init__(f"revision {revision} failed: {type(error).__name__}: {error}")
        self.revision = revision
        self.error = error


class UnsoundCopy(ValueError):
    """The file is no whole copy of this application's database; the message says why."""


#: What can go wrong before any record is read: the address, the server, the schema.
DATABASE_FAILURES: tuple[type[BaseException], ...] = (
    BadDatabaseUrl,
    OperationalError,
    InterfaceError,
)


def driver_reason(error: BaseException) -> str:
    """The first line of what the database driver said."""
    lines = str(getattr(error, "orig", None) or error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def database_failure(error: BaseException, url: str | None = None) -> str | None:
    """A one-line account of ``error`` when it is the database's (None otherwise)."""
    if isinstance(error, BadDatabaseUrl):
        return f"database_url: {error}"
    if isinstance(error, OperationalError | InterfaceError):
        where = f" at {shown_url(url)}" if url else ""
        return f"the database{where} cannot be used: {driver_reason(error)}"
    if isinstance(error, ProgrammingError) and (
        getattr(error.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE
    ):
        return f"the database refuses this to your login: {driver_reason(error)}"
    return None
