"""The schema revision this core expects, readable without importing Alembic.

Alembic takes about a second to import; checking on every start that the
database is current needs only this constant and one SELECT. A test keeps
the constant equal to the head of the shipped migrations.
"""

from __future__ import annotations

from sqlalchemy import inspect, text

from lwcore.db.engine import Database

#: The newest revision in lwcore/db/migrations/versions.
SCHEMA_HEAD = "0011"


def stored_revision(database: Database) -> str | None:
    """The revision the database says it is at; None for a database without schema."""
    with database.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if revision is None else str(revision)


def is_current(database: Database) -> bool:
    return stored_revision(database) == SCHEMA_HEAD
