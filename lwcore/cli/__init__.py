"""The ``lw`` command: one entry point for staff and IT.

Exit status 0 on success, 2 on bad input or configuration (with a one-line
message per problem on stderr); plugin problems are warnings on stderr.
"""

from __future__ import annotations

from pathlib import Path

import click

from lwcore import __version__
from lwcore.cli.config import config_group
from lwcore.cli.context import Context
from lwcore.cli.db import db_group
from lwcore.cli.offices import offices_command
from lwcore.cli.partners import partners_command
from lwcore.cli.round_tables import round_tables_command


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Config folder (default: $LW_CONFIG_DIR, ./config, or the user config folder).",
)
@click.version_option(__version__, prog_name="lw")
@click.pass_context
def cli(click_context: click.Context, config_dir: Path | None) -> None:
    """lokal willkommen: the district offices' working tool."""
    click_context.obj = Context(config_dir)
    if click_context.invoked_subcommand is None:
        click_context.invoke(offices_command, as_json=False)


cli.add_command(offices_command)
cli.add_command(partners_command)
cli.add_command(round_tables_command)
cli.add_command(config_group)
cli.add_command(db_group)


def main() -> None:
    cli(prog_name="lw")
