"""Schema migrations with Alembic, shipped inside lwcore.

Used by ``lw db upgrade`` / ``lw db status`` and at start-up, where the
embedded SQLite database is brought to the current schema automatically
(after a backup copy).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from attrs import frozen

from lwcore.db.engine import Database

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(database: Database | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if database is not None:
        config.set_main_option("sqlalchemy.url", database.url.replace("%", "%%"))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


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


def status(database: Database) -> SchemaStatus:
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(database)
    head = head_revision()
    pending = tuple(
        revision.revision for revision in reversed(list(script.iterate_revisions(head, current)))
    )
    return SchemaStatus(current, head, pending)


def upgrade(database: Database, target: str = "head") -> None:
    """Run the pending migrations in one transaction: all of them, or none."""
    config = alembic_config(database)
    with database.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
        connection.commit()
