"""The ``lw`` command: one entry point for staff and IT.

``lw`` alone opens the terminal UI. Exit status 0 on success, 2 on bad input
or configuration (with a one-line message per problem on stderr); plugin
problems are warnings on stderr.
"""

from __future__ import annotations

import logging
from pathlib import Path

import click

from lwcore.cli.context import BadInput, Context, UnexpectedError
from lwcore.cli.lazy import Lazy, LazyGroup
from lwcore.staff_choice import empty_staff_choice

#: Each subcommand: where it is defined, and the line ``lw --help`` shows for it
#: (so the listing imports none of them; tests/test_cli_startup.py keeps the
#: lines equal to the commands' own).
COMMANDS = {
    "offices": Lazy(
        "lwcore.cli.offices.offices_command", "List the offices, their districts and languages."
    ),
    "partners": Lazy(
        "lwcore.cli.partners.partners_command",
        "List cooperation partners, filtered by office, topic and language.",
    ),
    "round-tables": Lazy(
        "lwcore.cli.round_tables.round_tables_command",
        "List round-table meetings; public holidays are dropped or moved as each series says.",
    ),
    "config": Lazy("lwcore.cli.config.config_group", "Check or change the settings files."),
    "db": Lazy("lwcore.cli.db.db_group", "Database schema: status and upgrade."),
    "demo": Lazy(
        "lwcore.cli.demo.demo_command",
        "Load two years of realistic, pseudonymous work of every office.",
    ),
    "doctor": Lazy(
        "lwcore.cli.doctor.doctor_command",
        "Check the core, plugins, settings, database, audit trail, last backup and file modes.",
    ),
    "backup": Lazy(
        "lwcore.cli.backup.backup_command",
        "Copy the embedded database, consistently even while staff work, and print where.",
    ),
    "restore": Lazy(
        "lwcore.cli.backup.restore_command", "Put the copy FILE back as the embedded database."
    ),
    "office": Lazy("lwcore.cli.office.office_group", "Start a new office."),
    "statistics": Lazy(
        "lwcore.cli.statistics.statistics_command",
        "Consultations, households, referrals and home visits of a month, quarter or year "
        "that is over, perturbed (at most 2 off).",
    ),
    "report": Lazy(
        "lwcore.cli.report.report_command",
        "Write a month's, quarter's or year's figures as a report (Excel, PDF, CSV) for the "
        "council or the fund, perturbed as every figure that leaves an office.",
    ),
    "audit": Lazy(
        "lwcore.cli.audit.audit_command",
        "Show the audit trail (office leads: their office; coordinators: every office).",
    ),
    "privacy": Lazy(
        "lwcore.cli.privacy.privacy_group",
        "Data protection: export, erase, legal holds, retention purge, processing record.",
    ),
    "print": Lazy(
        "lwcore.cli.print_papers.print_command",
        "Print a client's paper as PDF: appointment, referral, consent or data-copy.",
    ),
    "household": Lazy(
        "lwcore.cli.household.household_group",
        "Households: register, find, case file, correct, merge, hand over.",
    ),
    "consultation": Lazy(
        "lwcore.cli.records.consultation_group", "Correct or withdraw a recorded consultation."
    ),
    "referral": Lazy(
        "lwcore.cli.records.referral_group", "Correct or withdraw a recorded referral."
    ),
    "staff": Lazy(
        "lwcore.cli.staff.staff_group", "PostgreSQL logins of staff: add, new password, remove."
    ),
}


class Commands(LazyGroup):
    """The ``lw`` group: a database that cannot be used is a one-line message and exit
    status 2 in every command, not a traceback; any other unexpected error is one
    line for the person (exit status 1), its traceback in the log for IT
    (:mod:`lwcore.logs`, never an exception's message: it may name a person)."""

    def invoke(self, ctx: click.Context) -> object:
        from lwcore.logs import configure_logging  # a command runs: its events are logged

        log = configure_logging()
        logger = logging.getLogger("lwcore.cli")
        try:
            result = super().invoke(ctx)
        except click.exceptions.Exit as stop:
            logger.info("command %s finished, exit status %s", _named(ctx), stop.exit_code)
            raise
        except click.ClickException as refusal:
            logger.info("command %s refused, exit status %s", _named(ctx), refusal.exit_code)
            raise
        except click.Abort:
            logger.info("command %s aborted", _named(ctx))
            raise
        except Exception as error:
            from lwcore.db.failures import database_failure  # only when something failed

            name = _named(ctx)
            message = database_failure(error)
            if message is not None:
                logger.warning("command %s: the database failed (%s)", name, type(error).__name__)
                raise BadInput(message) from None
            logger.error("command %s failed unexpectedly", name, exc_info=error)
            if log is None:
                raise  # nowhere to keep the traceback: the person sees it
            raise UnexpectedError(error, log) from None
        logger.info("command %s finished", _named(ctx))
        return result

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            name, command, rest = super().resolve_command(ctx, args)
        except click.UsageError:
            ctx.meta[_COMMAND_NAME] = "(unknown command)"
            raise
        if name is not None and command is not None:
            # The command's own words, never what follows them: ``household new``.
            if isinstance(command, click.Group) and rest and rest[0] in command.list_commands(ctx):
                name = f"{name} {rest[0]}"
            ctx.meta[_COMMAND_NAME] = name
            logging.getLogger("lwcore.cli").info("command %s started", name)
        return name, command, rest


#: Where the group keeps the name of the command it runs, for the log.
_COMMAND_NAME = "lwcore.command"


def _named(ctx: click.Context) -> str:
    """The running command's name as logged; a mistyped command is not repeated (it
    may be a name typed in the wrong place)."""
    return str(ctx.meta.get(_COMMAND_NAME, "(terminal UI)"))


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
    empty = empty_staff_choice(staff)
    if empty is not None:
        raise BadInput(empty)
    click_context.obj = Context(config_dir, staff, lang)
    if click_context.invoked_subcommand is None:
        from lwcore.tui import run

        run(config_dir, demo=demo, language=lang, staff=staff)


def main() -> None:
    cli(prog_name="lw")
