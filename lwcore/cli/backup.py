"""``lw backup`` and ``lw restore``: copies of the database, for IT.

SQLite copies are made and put back by lw itself (SQLite's online backup
API, safe while staff work); PostgreSQL belongs to ``pg_dump`` and
``pg_restore``, and lw only says what to run.
"""

from __future__ import annotations

import logging
import textwrap
from pathlib import Path

import click

from lwcore.cli.context import Context, fail, pass_context, shown_language
from lwcore.db.engine import Database
from lwcore.services.messages import REAPPLIED_ERASURES, Message

#: Backups and restores in the log file (lwcore.logs): counts, never a path's content.
_LOG = logging.getLogger("lwcore.backup")


def _database(context: Context) -> Database:
    """Only the deployment file is read: a broken office settings file must not
    stand between IT and a backup or a restore."""
    return context.configured_database()


@click.command("backup")
@click.option(
    "--to",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the copy to this new file (default: backups/ beside the database).",
)
@click.option(
    "--keep",
    type=click.IntRange(min=1),
    metavar="N",
    help="Then keep only the newest N backups of this database in backups/ and remove "
    "the older ones (for a scheduled backup).",
)
@pass_context
def backup_command(context: Context, target: Path | None, keep: int | None) -> None:
    """Copy the embedded database, consistently even while staff work, and print where.

    With --keep N, the backups/ folder then holds the newest N backups of this
    database: older ones are removed (each named on a line starting with
    "removed"). Only files named as lw names its backups of this database are
    counted or removed; the new copy is whole before any is removed. For
    PostgreSQL, prints the pg_dump command to run instead.
    """
    from lwcore.db.backup import backup_sqlite, postgres_backup_hint, rotate_backups
    from lwcore.db.failures import UnsoundCopy

    if keep is not None and target is not None:
        fail("--keep rotates the backups/ folder beside the database; it does not go with --to")
    database = _database(context)
    if database.sqlite_path is None:
        click.echo(
            f"PostgreSQL is backed up with pg_dump: {postgres_backup_hint(database, target)}"
        )
        return
    try:
        copy = backup_sqlite(database, target=target)
        removed = [] if keep is None else rotate_backups(database, keep)
    except (OSError, UnsoundCopy) as error:
        fail(str(error))
    click.echo(str(copy))
    for path in removed:
        click.echo(f"removed {path}")
    _LOG.info(
        "backup written%s",
        "" if keep is None else f", kept the newest {keep}, removed {len(removed)}",
    )


@click.command("restore")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_context
def restore_command(context: Context, file: Path, yes: bool) -> None:
    """Put the copy FILE back as the embedded database.

    FILE must be a whole copy of this application's database: every page
    sound, a schema revision this core knows with exactly the tables,
    columns, indexes and triggers its migrations make, and an audit trail
    whose chain verifies. Households erased since the copy was taken are
    erased in it again. The database as it is now is backed up first, so
    `lw restore` on that copy undoes the restore. For PostgreSQL, prints the
    commands to run instead (dropdb, createdb, pg_restore).
    """
    from lwcore.db.backup import postgres_restore_hint
    from lwcore.db.restore import NotRestorable, check_backup, restore_sqlite

    database = _database(context)
    if database.sqlite_path is None:
        click.echo(
            "PostgreSQL is restored with pg_restore into an empty database, which the "
            "server's administrator drops and makes anew (every workstation closed first):"
        )
        click.echo(textwrap.indent(postgres_restore_hint(database, file), "  "))
        return
    try:
        revision = check_backup(file)
        if not yes:
            click.confirm(
                f"Replace the database {database.sqlite_path} with {file} "
                f"(schema {revision}), after a backup of the current one?",
                abort=True,
            )
        restored = restore_sqlite(database, file)
    except (NotRestorable, OSError) as error:
        fail(str(error))
    if restored.previous is not None:
        click.echo(f"backup of the replaced database: {restored.previous}")
        click.echo(f"  (`lw restore {restored.previous}` undoes this restore)")
    click.echo(f"restored {restored.source} into {restored.target} (schema {restored.revision})")
    if restored.schema != restored.revision:
        click.echo(f"upgraded to schema {restored.schema} to apply the erasures again")
    click.echo(
        Message.of(REAPPLIED_ERASURES, count=restored.reapplied).translated(shown_language())
    )
    if restored.upgrade_to is not None:
        click.echo(
            f"schema {restored.revision} is older than this core's {restored.upgrade_to}: "
            "the next start of lw (or `lw db upgrade`) upgrades it"
        )
