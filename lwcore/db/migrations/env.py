"""Alembic environment: runs on the connection ``lwcore.db.migrate`` hands over."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection
from sqlmodel.sql.sqltypes import AutoString

from lwcore.db.models import metadata
from lwcore.db.types import TextList, UTCDateTime

config = context.config


def render_item(kind: str, item: Any, _context: Any) -> str | Literal[False]:
    """Write plain SQLAlchemy types into migrations, so an old migration never
    depends on how today's code spells a column type."""
    if kind == "type":
        if isinstance(item, AutoString):
            return f"sa.String(length={item.length})" if item.length else "sa.String()"
        if isinstance(item, UTCDateTime):
            return "sa.DateTime(timezone=True)"
        if isinstance(item, TextList):
            return "sa.JSON()"
    return False


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER much
        compare_type=True,
        render_item=render_item,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    from lwcore.db.engine import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as new_connection:
        run_migrations(new_connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; use `lw db upgrade`")
run_online()
