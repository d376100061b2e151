"""Schema migrations with Alembic, shipped inside lwcore.

Used by ``lw db upgrade`` / ``lw db status`` and at start-up, where the
embedded SQLite database is brought to the current schema automatically
(after a backup copy). Every function takes an optional ``script_location``:
another migration history (tests run one with an extra revision).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from attrs import frozen
from sqlalchemy import Connection

from lwcore.db.engine import _WRITE as WRITE_OPTION  # SQLite: take the write lock up front
from lwcore.db.engine import Database
from lwcore.db.failures import MigrationFailed

MIGRATIONS = Path(__file__).parent / "migrations"


class ForeignKeyBroken(Exception):
    """A revision left rows that refer to rows that do not exist."""


def alembic_config(
    database: Database | None = None, *, script_location: Path | None = None
) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location or MIGRATIONS))
    if database is not None:
        config.set_main_option("sqlalchemy.url", database.url.replace("%", "%%"))
    return config


def _scripts(script_location: Path | None) -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(script_location=script_location))


def head_revision(*, script_location: Path | None = None) -> str:
    head = _scripts(script_location).get_current_head()
    assert head is not None
    return head


def known_revisions(*, script_location: Path | None = None) -> frozenset[str]:
    """Every revision of the migration history: the schemas a database of this core can have."""
    return frozenset(script.revision for script in _scripts(script_location).walk_revisions())


def current_revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@frozen
class SchemaStatus:
    current: str | None
    head: str
    pending: tuple[str, ...]

    @property
    def up_to_date(self) -> bool:
        return not self.pending


def _pending(script: ScriptDirectory, target: str, current: str | None) -> tuple[str, ...]:
    """The revisions from ``current`` (exclusive) to ``target``, oldest first."""
    return tuple(
        revision.revision for revision in reversed(list(script.iterate_revisions(target, current)))
    )


def status(database: Database, *, script_location: Path | None = None) -> SchemaStatus:
    script = _scripts(script_location)
    current = current_revision(database)
    head = head_revision(script_location=script_location)
    return SchemaStatus(current, head, _pending(script, head, current))


def upgrade(
    database: Database, target: str = "head", *, script_location: Path | None = None
) -> None:
    """Run the pending migrations in one transaction: all of them, or none.

    Left to itself, Alembic commits after each revision on SQLite (it assumes
    the driver cannot roll DDL back). So the transaction is opened here, with
    the write lock taken up front, and Alembic, finding it already open, leaves
    it alone; SQLite rolls DDL and ``alembic_version`` back like any row. The
    revisions run one by one so that a failure names its revision. On SQLite,
    foreign keys are checked after each revision rather than enforced row by
    row (see :func:`_enforce_foreign_keys`).
    """
    config = alembic_config(database, script_location=script_location)
    script = ScriptDirectory.from_config(config)
    with database.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _enforce_foreign_keys(connection, False)
        try:
            with connection.execution_options(**{WRITE_OPTION: True}).begin():
                config.attributes["connection"] = connection
                current = MigrationContext.configure(connection).get_current_revision()
                for revision in _pending(script, target, current):
                    try:
                        command.upgrade(config, revision)
                        if sqlite:
                            _check_foreign_keys(connection)
                    except Exception as error:
                        raise MigrationFailed(revision, error) from error
        finally:
            if sqlite:
                _enforce_foreign_keys(connection, True)


def _enforce_foreign_keys(connection: Connection, enforced: bool) -> None:
    """SQLite's foreign keys, off while migrating: a migration that rebuilds a table
    (Alembic's batch mode: copy, drop, rename) would otherwise fire the ON DELETE
    actions of the rows referring to it, nulling or deleting them. SQLite heeds
    this pragma only outside a transaction, hence on the driver's connection."""
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(f"PRAGMA foreign_keys = {'ON' if enforced else 'OFF'}")


def _check_foreign_keys(connection: Connection) -> None:
    """What SQLite did not enforce during the revision, checked before it counts."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, _rowid, parent, _key = broken[0]
        raise ForeignKeyBroken(
            f"{len(broken)} rows refer to missing rows (first: {table} -> {parent})"
        )
