"""``lw audit``: who read, changed or exported what, newest first;
``lw audit verify``: whether the trail is still as it was written."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import click

from lwcore.cli.context import (
    Context,
    emit_json,
    emit_table,
    pass_context,
    refused_as_bad_input,
    shown_language,
)
from lwcore.cli.dates import DAY as DATE
from lwcore.cli.privacy import acting_office

if TYPE_CHECKING:
    from lwcore.services.audit import AuditRecord


#: ``lw audit verify``'s exit status when a chain is broken (as ``lw doctor``'s).
EXIT_BROKEN = 1


@click.group("audit", invoke_without_command=True)
@click.option("--household", metavar="CODE", help="Only entries about this household code.")
@click.option("--staff", metavar="KEY", help="Only entries of this staff member.")
@click.option("--since", type=DATE, help="First day (YYYY-MM-DD).")
@click.option(
    "--office",
    metavar="SLUG",
    help="Only this office (default: your own office; every office for a coordinator).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array for scripts.")
@pass_context
def audit_command(
    context: Context,
    household: str | None,
    staff: str | None,
    since: datetime | None,
    office: str | None,
    as_json: bool,
) -> None:
    """Show the audit trail (office leads: their office; coordinators: every office).

    `lw audit verify` checks that no entry was changed, removed or slipped in.
    """
    if click.get_current_context().invoked_subcommand is not None:
        return
    services = context.services
    with refused_as_bad_input():
        entries = services.audit.entries(
            office=acting_office(context, office),
            household=household,
            staff=staff,
            since=since.date() if since else None,
        )
    zone = context.directory.deployment.zone
    if as_json:
        emit_json([_entry_json(entry) for entry in entries])
        return
    emit_table(
        [
            [
                f"{entry.at.astimezone(zone):%Y-%m-%d %H:%M:%S}",
                entry.staff,
                entry.role,
                entry.channel,
                entry.office or "*",
                entry.action,
                entry.kind,
                "" if entry.record_id is None else str(entry.record_id),
                str(entry.records),
                " ".join(entry.households),
                entry.detail,
            ]
            for entry in entries
        ],
        [
            "AT",
            "STAFF",
            "ROLE",
            "CHANNEL",
            "OFFICE",
            "ACTION",
            "KIND",
            "RECORD",
            "ROWS",
            "HOUSEHOLDS",
            "DETAIL",
        ],
    )


@audit_command.command("verify")
@click.option(
    "--office",
    metavar="SLUG",
    help="Only this office's chain (default: your own office; every office for a coordinator).",
)
@pass_context
def verify_command(context: Context, office: str | None) -> None:
    """Recompute the audit trail's hash chains; exit 1 at the first break of any chain."""
    with refused_as_bad_input():
        found = context.services.audit.verify(acting_office(context, office))
    if found.intact:
        click.echo(f"audit trail intact: {found.entries} entries in {found.chains} chains")
        return
    language = shown_language()
    for message in found.messages():
        click.echo(message.translated(language))
    click.get_current_context().exit(EXIT_BROKEN)


def _entry_json(entry: AuditRecord) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at.isoformat(),
        "staff": entry.staff,
        "role": entry.role,
        "channel": entry.channel,
        "office": entry.office,
        "action": entry.action,
        "kind": entry.kind,
        "record_id": entry.record_id,
        "records": entry.records,
        "households": list(entry.households),
        "detail": entry.detail,
    }
