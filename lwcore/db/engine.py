"""Opening the database: the embedded SQLite file by default, PostgreSQL city-wide.

SQLite is opened so that two staff members working on one office's file both
write without errors or lost rows: WAL (readers never block the writer),
foreign keys on, a busy timeout, and write transactions that take the write
lock up front (``BEGIN IMMEDIATE``) so two writers queue instead of failing
with "database is locked" when both try to upgrade a read lock.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from lwcore.db.file_modes import create_private_file, private_folder
from lwcore.settings.deployment import DeploymentSettings
from lwcore.settings.paths import user_data_dir

if TYPE_CHECKING:
    from sqlmodel import Session

DATABASE_URL_VARIABLE = "LW_DATABASE_URL"
DATABASE_FILE = "lokal-willkommen.sqlite3"
BUSY_TIMEOUT_MS = 15_000
_WRITE = "lw_write"
_READ = "lw_read"


def default_sqlite_path() -> Path:
    return user_data_dir() / DATABASE_FILE


def database_url(deployment: DeploymentSettings | None = None) -> str:
    """``$LW_DATABASE_URL``, else the deployment's ``database_url``, else embedded SQLite."""
    url = os.environ.get(DATABASE_URL_VARIABLE) or (deployment.database_url if deployment else "")
    if url:
        return normalise_url(url)
    return f"sqlite:///{default_sqlite_path()}"


#: How ``database_url`` is written, for messages about a wrong one.
URL_FORMS = "sqlite:///PATH | postgresql://USER@HOST:PORT/DATABASE"


class BadDatabaseUrl(ValueError):
    """``database_url`` (or ``$LW_DATABASE_URL``) names no database this core can open."""

    def __init__(self, message: str, url: str) -> None:
        super().__init__(message)
        self.url = url


def normalise_url(url: str) -> str:
    """PostgreSQL URLs use psycopg 3 whatever driver they name (or none); the old
    ``postgres://`` spelling many hosting guides use is read as PostgreSQL too."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise BadDatabaseUrl(f"{url!r} is not a database address ({URL_FORMS})", url) from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
        if importlib.util.find_spec("psycopg") is None:
            shown = parsed.render_as_string(hide_password=True)
            raise BadDatabaseUrl(
                f"{shown!r}: PostgreSQL support is not installed here: install lwcore "
                "with its extra, e.g. uv tool install 'lwcore[postgresql]'",
                shown,
            )
    elif backend != "sqlite":
        shown = parsed.render_as_string(hide_password=True)
        raise BadDatabaseUrl(
            f"{shown!r}: {backend} databases are not supported ({URL_FORMS})", shown
        )
    return parsed.render_as_string(hide_password=False)


def shown_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _configure_sqlite(engine: Engine, database: Path | None) -> None:
    @event.listens_for(engine, "do_connect")
    def _before_connect(*_arguments: Any) -> None:
        # SQLite gives the WAL and shared-memory files the database file's mode:
        # a file created 0600 here keeps all three to their owner.
        if database is not None:
            with suppress(FileExistsError):
                create_private_file(database)

    @event.listens_for(engine, "connect")
    def _on_connect(connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN, so writes can say IMMEDIATE.
        connection.isolation_level = None
        cursor = connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # Search keys are stored case-folded; a case-sensitive LIKE lets a
        # prefix search use the index.
        cursor.execute("PRAGMA case_sensitive_like = ON")
        # Deleted and overwritten content is zeroed, not left in free pages:
        # erased means gone from the file (see Database.forget_freed_pages).
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        options = connection.get_execution_options()
        if options.get(_READ, False):
            return  # hot read paths: each SELECT is consistent on its own
        connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get(_WRITE, False) else "BEGIN")


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = None
        if parsed.database and parsed.database != ":memory:" and not parsed.query.get("uri"):
            database = Path(parsed.database)
            private_folder(database.parent)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine, database)
        return engine
    # No pre-ping: it costs a round trip on every checkout, on the screens staff
    # look at all day. A connection lost to a server restart fails one call
    # (shown as a notice), SQLAlchemy then discards the pool and the next works.
    return create_engine(url)


class Database:
    """The engine and the two kinds of session the services use."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url)
        self._writer = self.engine.execution_options(**{_WRITE: True})
        self._reader = self.engine.execution_options(**{_READ: True})

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def sqlite_path(self) -> Path | None:
        parsed = make_url(self.url)
        if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
            return None
        return Path(str(parsed.database))

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A unit of work that writes nothing; closing it ends the transaction and
        leaves the loaded records usable (detached, not expired)."""
        from sqlmodel import Session  # the ORM loads with the first record read as one

        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A plain connection for the hot read paths (dashboard, lists, search):
        prebuilt Core statements and plain records, no ORM objects."""
        with self._reader.connect() as connection:
            yield connection

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error,
        so a failed operation leaves nothing half-written."""
        from sqlmodel import Session

        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One short write transaction on a plain connection, for appends that need
        no ORM (the audit entry of a read): committed when the block ends."""
        with self._writer.begin() as connection:
            yield connection

    def forget_freed_pages(self) -> None:
        """Move every change from SQLite's WAL into the database file and empty
        the WAL, after an erasure: with ``secure_delete`` the file then holds
        zeros where the erased text was, and the WAL no copy of it. Nothing to
        do on PostgreSQL (IT's server, its own storage)."""
        if self.dialect != "sqlite":
            return
        with self._reader.connect() as connection:  # no BEGIN: a checkpoint runs outside one
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def dispose(self) -> None:
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({make_url(self.url).render_as_string(hide_password=True)!r})"
