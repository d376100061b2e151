"""``lw db status`` and ``lw db upgrade``: the schema, for IT."""

from __future__ import annotations

import click
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from lwcore.cli.context import Context, emit_json, fail, pass_context
from lwcore.db import migrate
from lwcore.db.backup import backup_sqlite, postgres_backup_hint
from lwcore.db.engine import Database, database_url


@click.group("db")
def db_group() -> None:
    """Database schema: status and upgrade."""


def _database(context: Context) -> Database:
    """The configured database as it is: no automatic upgrade here."""
    return Database(database_url(context.directory.deployment))


@db_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object for scripts.")
@pass_context
def status_command(context: Context, as_json: bool) -> None:
    """Show the engine, the schema revision and pending migrations."""
    database = _database(context)
    try:
        state = migrate.status(database)
    except OperationalError as error:
        fail(f"database {database!r} unreachable: {error.orig}")
    shown = make_url(database.url).render_as_string(hide_password=True)
    if as_json:
        emit_json(
            [
                {
                    "engine": database.dialect,
                    "url": shown,
                    "current": state.current,
                    "head": state.head,
                    "pending": list(state.pending),
                }
            ]
        )
        return
    click.echo(f"engine:   {database.dialect} ({shown})")
    click.echo(f"schema:   {state.current or 'empty'} (this core: {state.head})")
    click.echo(f"pending:  {', '.join(state.pending) if state.pending else 'none'}")


@db_group.command("upgrade")
@pass_context
def upgrade_command(context: Context) -> None:
    """Back up, then bring the schema to this core's version in one transaction."""
    database = _database(context)
    try:
        state = migrate.status(database)
    except OperationalError as error:
        fail(f"database {database!r} unreachable: {error.orig}")
    if state.up_to_date:
        click.echo(f"schema is at {state.head}; nothing to do")
        return
    if database.dialect == "sqlite" and state.current is not None:
        copy = backup_sqlite(database, label=f"before-{state.head}")
        click.echo(f"backup: {copy}")
    elif database.dialect != "sqlite":
        click.echo(f"back up first if you have not: {postgres_backup_hint(database)}")
    try:
        migrate.upgrade(database)
    except Exception as error:
        fail(
            f"upgrade failed, the database is unchanged at {state.current or 'empty'}: "
            f"{type(error).__name__}: {error}"
        )
    click.echo(f"upgraded {state.current or 'empty'} -> {state.head}")
