"""``lw offices``: the offices the installed plugins provide."""

from __future__ import annotations

from typing import Any

import click

from lwcore.cli.context import Context, emit_json, emit_table, pass_context
from lwcore.directory import OfficeEntry


def office_json(entry: OfficeEntry) -> dict[str, Any]:
    office = entry.office
    return {
        "slug": office.slug,
        "name": office.name,
        "districts": list(office.districts),
        "address": str(office.address),
        "welfare_association": office.welfare_association,
        "welfare_law": office.welfare_law,
        "opened": office.opened.isoformat(),
        "languages": list(entry.language_codes),
        "outposts": [
            {"key": outpost.key, "name": outpost.name, "address": str(outpost.address)}
            for outpost in office.outposts
        ],
        "plugin": entry.plugin,
    }


@click.command("offices")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array for scripts.")
@pass_context
def offices_command(context: Context, as_json: bool) -> None:
    """List the offices, their districts and languages."""
    entries = list(context.directory.offices.values())
    if as_json:
        emit_json([office_json(entry) for entry in entries])
        return
    emit_table(
        [
            [
                entry.slug,
                entry.office.name,
                ", ".join(entry.office.districts),
                ", ".join(entry.language_codes),
                entry.office.welfare_association,
            ]
            for entry in entries
        ],
        ["SLUG", "NAME", "DISTRICTS", "LANGUAGES", "WELFARE ASSOCIATION"],
    )
