"""The ``lw`` command: one entry point for staff and IT.

``lw`` alone opens the terminal UI. Exit status 0 on success, 2 on bad input
or configuration (with a one-line message per problem on stderr); plugin
problems are warnings on stderr.
"""

from __future__ import annotations

from pathlib import Path

import click

from lwcore.cli.context import BadInput, Context
from lwcore.cli.lazy import LazyGroup

COMMANDS = {
    "offices": "lwcore.cli.offices.offices_command",
    "partners": "lwcore.cli.partners.partners_command",
    "round-tables": "lwcore.cli.round_tables.round_tables_command",
    "config": "lwcore.cli.config.config_group",
    "db": "lwcore.cli.db.db_group",
    "demo": "lwcore.cli.demo.demo_command",
    "doctor": "lwcore.cli.doctor.doctor_command",
    "backup": "lwcore.cli.backup.backup_command",
    "restore": "lwcore.cli.backup.restore_command",
    "office": "lwcore.cli.office.office_group",
    "statistics": "lwcore.cli.statistics.statistics_command",
    "audit": "lwcore.cli.audit.audit_command",
    "privacy": "lwcore.cli.privacy.privacy_group",
    "household": "lwcore.cli.household.household_group",
    "consultation": "lwcore.cli.records.consultation_group",
    "referral": "lwcore.cli.records.referral_group",
}


class Commands(LazyGroup):
    """The ``lw`` group: a database that cannot be used is a one-line message and exit
    status 2 in every command, not a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except Exception as error:
            from lwcore.db.failures import database_failure  # only when something failed

            message = database_failure(error)
            if message is None:
                raise
            raise BadInput(message) from None


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from lwcore import __version__

        click.echo(f"lw {__version__}")
        ctx.exit()


@click.group(
    cls=Commands,
    lazy=COMMANDS,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--config",
    "config_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Config folder (default: $LW_CONFIG_DIR, ./config, or the user config folder).",
)
@click.option(
    "--demo",
    is_flag=True,
    help="Open a fresh demo office with fictional households, on a database of its own "
    "(never the real one).",
)
@click.option(
    "--lang",
    type=click.Choice(["de", "en"]),
    help="Language of the terminal UI and of what the services report "
    "(default: $LW_LANG or German).",
)
@click.option(
    "--as",
    "staff",
    metavar="KEY",
    help="Work as this staff member, a [staff.KEY] of lwcore.toml "
    "(default: $LW_STAFF, then default_staff).",
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Show the version and exit.",
)
@click.pass_context
def cli(
    click_context: click.Context,
    config_dir: Path | None,
    demo: bool,
    lang: str | None,
    staff: str | None,
) -> None:
    """lokal willkommen: the district offices' working tool.

    Without a command, opens the terminal UI on the configured database.
    """
    from lwcore.services.access import empty_staff_choice  # only once a command runs

    empty = empty_staff_choice(staff)
    if empty is not None:
        raise BadInput(empty)
    click_context.obj = Context(config_dir, staff, lang)
    if click_context.invoked_subcommand is None:
        from lwcore.tui import run

        run(config_dir, demo=demo, language=lang, staff=staff)


def main() -> None:
    cli(prog_name="lw")
