"""``lw privacy``: the data-subject rights (export, erasure), legal holds, the
retention purge and the record of processing activities."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from lwcore.cli.context import (
    Context,
    emit_json,
    emit_table,
    fail,
    pass_context,
    refused_as_bad_input,
)
from lwcore.files import write_private


def acting_office(context: Context, office: str | None) -> str | None:
    """``--office`` if given (it must be installed), else the acting staff member's
    own office; None (every office) for staff who work across offices."""
    if office:
        context.office(office)
        return office
    return context.services.actor.office or None


@click.group("privacy")
def privacy_group() -> None:
    """Data protection: export, erase, legal holds, retention purge, processing record."""


@privacy_group.command("export")
@click.argument("household", metavar="HOUSEHOLD")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the JSON to this file (readable by you only) instead of printing it.",
)
@pass_context
def export_command(context: Context, household: str, output: Path | None) -> None:
    """Everything stored about one household (its code, e.g. BR-7K4Q2M), as JSON."""
    with refused_as_bad_input():
        document = context.services.exports.household(household)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_private(output, text.encode())
    except OSError as error:
        fail(f"--output: cannot write {output}: {error.strerror}")
    rows = sum(len(rows) for rows in document["records"].values()) + 1
    click.echo(f"wrote the export of {document['code']} ({rows} records) to {output}", err=True)


@privacy_group.command("erase")
@click.argument("household", metavar="HOUSEHOLD")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_context
def erase_command(context: Context, household: str, yes: bool) -> None:
    """Erase a household: its record and consents go, its consultations stay anonymised."""
    from lwcore.services.erasure import DELETED

    if not yes:
        click.confirm(
            f"Erase household {household.upper()}? This cannot be undone", abort=True, err=True
        )
    with refused_as_bad_input():
        erased = context.services.erasure.erase(household)
    click.echo(f"erased household {erased.code} ({erased.office}, controller {erased.controller})")
    emit_table(
        [
            [table, str(rows), "deleted" if table in (*DELETED, "household") else "anonymised"]
            for table, rows in erased.counts.items()
        ],
        ["TABLE", "ROWS", "DONE"],
    )


@privacy_group.command("purge")
@click.option("--dry-run", is_flag=True, help="Only count what would be purged.")
@click.option(
    "--office",
    metavar="SLUG",
    help="Only this office (default: your own office; every office for IT).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array for scripts.")
@pass_context
def purge_command(context: Context, dry_run: bool, office: str | None, as_json: bool) -> None:
    """Remove what is kept longer than [retention] in lwcore.toml allows."""
    with refused_as_bad_input():
        report = context.services.retention.purge(acting_office(context, office), dry_run=dry_run)
    if as_json:
        emit_json(
            [
                {"office": c.office, "category": c.category, "rows": c.rows, "dry_run": dry_run}
                for c in report.counts
            ]
        )
        return
    if dry_run:
        click.echo("dry run: nothing was changed; a purge now would remove")
    emit_table(
        [[count.office, count.category, str(count.rows)] for count in report.counts],
        ["OFFICE", "CATEGORY", "ROWS"],
    )


@privacy_group.command("hold")
@click.argument("household", metavar="HOUSEHOLD")
@click.argument("reason")
@pass_context
def hold_command(context: Context, household: str, reason: str) -> None:
    """Keep a household past its retention period, and refuse its erasure, for REASON."""
    services = context.services
    with refused_as_bad_input():
        row = services.exports.find(household)
        services.households.set_legal_hold(row.id, row.version, reason)
    click.echo(f"legal hold set on {row.code}: {reason.strip()}")


@privacy_group.command("release")
@click.argument("household", metavar="HOUSEHOLD")
@pass_context
def release_command(context: Context, household: str) -> None:
    """Release a household's legal hold: retention and erasure apply again."""
    services = context.services
    with refused_as_bad_input():
        row = services.exports.find(household)
        if row.legal_hold is None:
            fail(f"household {row.code} has no legal hold to release")
        services.households.set_legal_hold(row.id, row.version, None)
    click.echo(f"legal hold released on {row.code}")


@privacy_group.command("record")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array for scripts.")
@pass_context
def record_command(context: Context, as_json: bool) -> None:
    """The record of processing activities (Art. 30 GDPR), from the configuration."""
    from lwcore.processing_record import processing_record

    records = processing_record(context.directory)
    if as_json:
        emit_json([record.as_json() for record in records])
        return
    for number, record in enumerate(records):
        if number:
            click.echo()
        _print_record(record.as_json())


def _print_record(record: dict[str, Any]) -> None:
    click.echo(f"{record['name']} ({record['office']})")
    click.echo("  controllers:")
    for controller in record["controllers"]:
        click.echo(
            f"    {controller['name']} ({controller['law']}): {controller['responsible_for']}"
        )
    click.echo(f"  joint controllers: {record['joint_controllers']}")
    click.echo("  purposes:")
    for purpose in record["purposes"]:
        click.echo(f"    {purpose['key']}: {purpose['description']}")
    click.echo("  categories of data:")
    for category in record["categories"]:
        click.echo(f"    {category['description']}: {', '.join(category['fields'])}")
    click.echo("  recipients (by name only with the household's consent):")
    for recipient in record["recipients"]:
        where = "city-wide, " if recipient["city_wide"] else ""
        click.echo(f"    {recipient['name']} ({where}topics: {', '.join(recipient['topics'])})")
    click.echo("  retention (months):")
    for name, periods in record["retention"].items():
        click.echo(f"    {name}: " + ", ".join(f"{k} {v}" for k, v in periods.items()))
