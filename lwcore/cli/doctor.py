"""``lw doctor``: is this installation well? One table for IT, or JSON for scripts."""

from __future__ import annotations

import attrs
import click

from lwcore.cli.context import Context, emit_json, emit_table, pass_context, shown_language
from lwcore.health import run_checks

#: Exit status when any check needs attention (2 stays for bad command-line input).
EXIT_ATTENTION = 1


@click.command("doctor")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array for scripts.")
@pass_context
def doctor_command(context: Context, as_json: bool) -> None:
    """Check the core, plugins, settings, database, audit trail, last backup and file modes.

    Names the log folder too. The SQLite database's backup needs attention
    when there is none or the newest is older than a day (said in --lang's
    language, German by default: staff may read it). An office's settings
    file needs attention while it is invalid or still holds a placeholder
    that lw office new wrote (address, welfare association); records marked
    example = true are no fault. The SQLite database, its WAL, its backups
    and their folders, and the log folder, need attention while group or
    others may open them (each is named with its mode). Changes
    nothing. Exit status 0 when all is well, 1 when anything needs attention.
    """
    checks = run_checks(context.config_dir, shown_language())
    attention = sum(check.needs_attention for check in checks)
    if as_json:
        emit_json([attrs.asdict(check) for check in checks])
    else:
        emit_table(
            [[check.check, check.subject, check.status, check.detail] for check in checks],
            ["CHECK", "SUBJECT", "STATUS", "DETAIL"],
        )
        if attention == 0:
            click.echo("all well")
        elif attention == 1:
            click.echo("1 check needs attention")
        else:
            click.echo(f"{attention} checks need attention")
    if attention:
        click.get_current_context().exit(EXIT_ATTENTION)
