"""``lw demo``: fill an empty database with demo data, to show or try the tool."""

from __future__ import annotations

import click

from lwcore.cli.context import Context, emit_table, fail, pass_context
from lwcore.demo import DEFAULT_HOUSEHOLDS_PER_OFFICE, DEFAULT_SEED, DatabaseNotEmpty, load_demo


@click.command("demo")
@click.option(
    "--households",
    type=click.IntRange(min=1),
    help=f"Households across all offices (default: {DEFAULT_HOUSEHOLDS_PER_OFFICE} per "
    "office); about ten consultations each follow.",
)
@click.option(
    "--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Same seed, same data."
)
@pass_context
def demo_command(context: Context, households: int | None, seed: int) -> None:
    """Load two years of realistic, pseudonymous work of every office.

    Refused when the database already holds data.
    """
    directory = context.directory
    if not directory.offices:
        fail("no office is installed: demo data needs at least one office plugin")
    try:
        summary = load_demo(context.database, directory, households=households, seed=seed)
    except DatabaseNotEmpty as error:
        fail(str(error))
    emit_table([[table, str(count)] for table, count in summary.counts.items()], ["TABLE", "ROWS"])
    click.echo(
        f"loaded {summary.total} rows for {', '.join(summary.offices)} (seed {seed})", err=True
    )
