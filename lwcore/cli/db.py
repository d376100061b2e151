"""``lw db status`` and ``lw db upgrade``: the schema, for IT."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from lwcore.cli.context import Context, emit_json, fail, pass_context
from lwcore.db import migrate
from lwcore.db.backup import backup_sqlite, postgres_backup_hint, postgres_restore_hint
from lwcore.db.engine import Database
from lwcore.db.failures import MigrationFailed, UnsoundCopy


@click.group("db")
def db_group() -> None:
    """Database schema: status and upgrade."""


def _database(context: Context) -> Database:
    return context.configured_database()


@db_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object for scripts.")
@pass_context
def status_command(context: Context, as_json: bool) -> None:
    """Show the engine, the schema revision and pending migrations."""
    database = _database(context)
    path = database.sqlite_path
    if path is not None and not path.exists():
        # Looking must not create it: an empty file would count as a database.
        fail(f"no database yet at {path}: it is created on first start (or by `lw db upgrade`)")
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
    """Back up, then bring the schema to this core's version in one transaction.

    Exit status 1 if a migration fails: the database is then left exactly as
    it was, and the message names the revision and the backup copy. Exit
    status 2 if the database cannot be reached.
    """
    database = _database(context)
    try:
        state = migrate.status(database)
    except OperationalError as error:
        fail(f"database {database!r} unreachable: {error.orig}")
    if state.up_to_date:
        click.echo(f"schema is at {state.head}; nothing to do")
        return
    copy = None
    if database.dialect == "sqlite" and state.current is not None:
        try:
            copy = backup_sqlite(database, label=f"before-{state.head}")
        except (OSError, UnsoundCopy) as error:
            fail(f"not upgraded: the backup before the upgrade was refused: {error}")
        click.echo(f"backup: {copy}")
    elif database.dialect != "sqlite":
        click.echo(f"back up first if you have not: {postgres_backup_hint(database)}")
    try:
        migrate.upgrade(database)
    except Exception as error:
        raise click.ClickException(_failure(database, state, copy, error)) from None
    click.echo(f"upgraded {state.current or 'empty'} -> {state.head}")


def _failure(
    database: Database, state: migrate.SchemaStatus, copy: Path | None, error: Exception
) -> str:
    """What went wrong, that nothing changed, and the way back should anything look odd."""
    if isinstance(error, MigrationFailed):
        where, error = f" in revision {error.revision}", error.error
    else:
        where = ""
    lines = [
        f"upgrade failed{where}: {type(error).__name__}: {error}",
        f"the database is unchanged at schema {state.current or 'empty'}",
    ]
    if copy is not None:
        lines.append(
            f"the backup taken before the upgrade: {copy} (put it back: lw restore {copy})"
        )
    elif database.dialect != "sqlite":
        lines.append("to put your pg_dump copy back (into an empty database):")
        lines.append(
            textwrap.indent(postgres_restore_hint(database, Path("<your-dump-file>")), "  ")
        )
    return "\n".join(lines)
