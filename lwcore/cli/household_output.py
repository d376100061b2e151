"""How households, their consents and case files are printed: JSON with stable keys
for scripts, aligned text for people."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

import click

from lwcore.cli.context import emit_table

if TYPE_CHECKING:
    from lwcore.services.case_files import CaseFile, Revision, TimelineEntry
    from lwcore.services.household_records import ConsentRecord, HouseholdRecord
    from lwcore.services.households import HouseholdHit


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def household_json(household: HouseholdRecord) -> dict[str, Any]:
    return {
        "code": household.code,
        "office": household.office,
        "label": household.label,
        "district": household.district,
        "languages": list(household.languages),
        "moved_in": _day(household.moved_in),
        "members": household.members,
        "adults": household.adults,
        "children": household.children,
        "note": household.note,
    }


def consent_json(consent: ConsentRecord) -> dict[str, Any]:
    return {
        "id": consent.id,
        "purpose": consent.purpose,
        "partner_key": consent.partner_key,
        "given_on": _day(consent.given_on),
        "given_how": consent.given_how,
        "text_language": consent.text_language,
        "text_version": consent.text_version,
        "expires_on": _day(consent.expires_on),
        "withdrawn_on": _day(consent.withdrawn_on),
    }


def hit_json(hit: HouseholdHit) -> dict[str, Any]:
    return {
        "code": hit.code,
        "label": hit.label,
        "district": hit.district,
        "languages": list(hit.languages),
        "matched": hit.matched,
    }


def entry_json(entry: TimelineEntry, zone: tzinfo) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "id": entry.id,
        "version": entry.version,
        "at": entry.at.astimezone(zone).isoformat(),
        "status": entry.status,
        "topics": list(entry.topics),
        "language": entry.language,
        "partner_key": entry.partner_key,
        "staff": entry.staff,
        "note": entry.note,
        "voided": entry.voided,
        "void_reason": entry.void_reason,
        "corrected": entry.corrected,
    }


def revision_json(revision: Revision, zone: tzinfo) -> dict[str, Any]:
    return {
        "id": revision.id,
        "at": revision.at.astimezone(zone).isoformat(),
        "staff": revision.staff,
        "kind": revision.kind,
        "record_id": revision.record_id,
        "action": revision.action,
        "changes": {
            field: {"from": before, "to": after}
            for field, (before, after) in revision.changes.items()
        },
        "reason": revision.reason,
    }


def case_file_json(case_file: CaseFile, zone: tzinfo) -> dict[str, Any]:
    """The case file; ``page`` counts from 1 as ``--page`` does."""
    return {
        "household": household_json(case_file.household),
        "former_codes": list(case_file.former_codes),
        "consents": [consent_json(consent) for consent in case_file.consents],
        "timeline": [entry_json(entry, zone) for entry in case_file.timeline],
        "page": case_file.page + 1,
        "pages": case_file.pages,
        "total": case_file.total,
        "revisions": [revision_json(revision, zone) for revision in case_file.revisions],
    }


def one_line(text: str) -> str:
    """A note as one table cell: line breaks and runs of spaces as one space."""
    return " ".join(text.split())


def _minute(moment: datetime, zone: tzinfo) -> str:
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M}"


def size(household: HouseholdRecord) -> str:
    """``4 (2 adults, 2 children)``, or the number of members alone."""
    parts = [
        f"{count} {name}"
        for count, name in ((household.adults, "adults"), (household.children, "children"))
        if count is not None
    ]
    return f"{household.members} ({', '.join(parts)})" if parts else str(household.members)


def print_household(household: HouseholdRecord) -> None:
    """Who the household is, in two lines (a third for its note)."""
    click.echo(f"{household.code}  {household.label}  ({household.office})")
    moved = f"   moved in: {household.moved_in:%Y-%m-%d}" if household.moved_in else ""
    click.echo(
        f"  district: {household.district}   languages: {', '.join(household.languages)}"
        f"   members: {size(household)}{moved}"
    )
    if household.note:
        click.echo(f"  note: {one_line(household.note)}")


def print_hits(hits: list[HouseholdHit]) -> None:
    emit_table(
        [
            [hit.code, hit.label, hit.district, ", ".join(hit.languages), hit.matched]
            for hit in hits
        ],
        ["CODE", "LABEL", "DISTRICT", "LANGUAGES", "MATCHED"],
    )


def print_consents(consents: tuple[ConsentRecord, ...] | list[ConsentRecord]) -> None:
    emit_table(
        [
            [
                consent.purpose,
                consent.partner_key or "",
                f"{consent.given_on:%Y-%m-%d}",
                consent.given_how,
                f"{consent.text_language} {consent.text_version}",
                _day(consent.expires_on) or "",
                _day(consent.withdrawn_on) or "",
            ]
            for consent in consents
        ],
        ["PURPOSE", "PARTNER", "GIVEN", "HOW", "TEXT", "EXPIRES", "WITHDRAWN"],
    )


def _mark(entry: TimelineEntry) -> str:
    if entry.voided:
        return f"withdrawn: {entry.void_reason}" if entry.void_reason else "withdrawn"
    return "corrected" if entry.corrected else ""


def _changes(revision: Revision) -> str:
    """``label: Aydin -> Aydın``; for a merge, what the duplicate was (it has no "after")."""
    if revision.action == "merge":
        return "merged in: " + "; ".join(
            f"{field}: {_plain(before)}"
            for field, (before, _after) in revision.changes.items()
            if before not in (None, "", [])
        )
    return "; ".join(
        f"{field}: {_plain(before)} -> {_plain(after)}"
        for field, (before, after) in revision.changes.items()
    )


def _plain(value: object) -> str:
    if value is None:
        return "-"
    if value == "":
        return '""'
    if isinstance(value, list | tuple):
        return ",".join(str(part) for part in value)
    return str(value)


def print_case_file(case_file: CaseFile, zone: tzinfo) -> None:
    """Who, consents, one page of the timeline (newest first) and the corrections."""
    print_household(case_file.household)
    if case_file.former_codes:
        click.echo(f"  former codes: {', '.join(case_file.former_codes)}")
    if case_file.household.legal_hold:
        click.echo(f"  legal hold: {case_file.household.legal_hold}")
    click.echo()
    click.echo("Consents")
    print_consents(case_file.consents)
    click.echo()
    pages = max(case_file.pages, 1)
    click.echo(
        f"Timeline, newest first (page {case_file.page + 1} of {pages}, {case_file.total} entries)"
    )
    emit_table(
        [
            [
                _minute(entry.at, zone),
                entry.kind,
                str(entry.id),
                entry.status,
                ",".join(entry.topics),
                entry.language or "",
                entry.partner_key or "",
                entry.staff or "",
                one_line(entry.note),
                one_line(_mark(entry)),
            ]
            for entry in case_file.timeline
        ],
        ["AT", "KIND", "ID", "STATUS", "TOPICS", "LANGUAGE", "PARTNER", "STAFF", "NOTE", "MARK"],
    )
    if case_file.page + 1 < case_file.pages:
        click.echo(
            f"(older entries: lw household show {case_file.household.code} "
            f"--page {case_file.page + 2})"
        )
    click.echo()
    click.echo("Corrections, newest first")
    emit_table(
        [
            [
                _minute(revision.at, zone),
                revision.staff,
                f"{revision.kind} {revision.record_id}",
                revision.action,
                one_line(_changes(revision)),
                one_line(revision.reason),
            ]
            for revision in case_file.revisions
        ],
        ["AT", "STAFF", "RECORD", "ACTION", "CHANGES", "REASON"],
    )


def emit_object(document: dict[str, Any]) -> None:
    """One JSON object (a single record), as ``emit_json`` prints lists."""
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
