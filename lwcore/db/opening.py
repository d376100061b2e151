"""Open the configured database at the current schema.

The embedded SQLite file is brought up to date on start (after a backup
copy when it already holds data), so an office laptop needs no IT visit
after a core update. A PostgreSQL database is upgraded only by IT with
``lw db upgrade``; until then it is refused with that advice.
"""

from __future__ import annotations

from attrs import frozen

from lwcore.db.engine import Database, database_url
from lwcore.db.schema_version import is_current
from lwcore.settings.deployment import DeploymentSettings


class SchemaOutOfDate(Exception):
    """The database needs migrations that only IT may run."""


@frozen
class Opened:
    database: Database
    upgraded_from: str | None = None
    backup: str | None = None


def open_database(deployment: DeploymentSettings, *, url: str | None = None) -> Opened:
    database = Database(url or database_url(deployment))
    if is_current(database):  # the every-day case, without importing Alembic
        return Opened(database)
    from lwcore.db import migrate
    from lwcore.db.backup import backup_sqlite

    state = migrate.status(database)
    if state.up_to_date:
        return Opened(database)
    if database.dialect != "sqlite":
        raise SchemaOutOfDate(
            f"the database is at schema {state.current or 'empty'}, this core needs "
            f"{state.head}: run `lw db upgrade` (IT)"
        )
    backup = None
    if state.current is not None:
        backup = str(backup_sqlite(database, label=f"before-{state.head}"))
    migrate.upgrade(database)
    return Opened(database, upgraded_from=state.current or "empty", backup=backup)
