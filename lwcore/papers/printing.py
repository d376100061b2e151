"""Printing a paper: read its record through the services (checked and audited
as every read), lay it out, write the PDF readable by its owner only, and
leave an audit entry that the paper left the system (action ``export``, as
the Art. 15 export does: a printed paper carries personal data)."""

from __future__ import annotations

from pathlib import Path

from attrs import frozen

from lwcore.files import write_private
from lwcore.papers.appointment import appointment_paper
from lwcore.papers.catalogue import GERMAN, Words, column_language
from lwcore.papers.consent import consent_paper
from lwcore.papers.data_copy import data_copy_paper
from lwcore.papers.document import Paper
from lwcore.papers.layout import render
from lwcore.papers.referral import referral_paper
from lwcore.services import Services, trail
from lwcore.services.household_records import HouseholdRecord

#: What ``lw print`` prints, and what the ID names for each.
KINDS = {
    "appointment": "appointment",
    "referral": "referral",
    "consent": "household",
    "data-copy": "household",
}


@frozen
class Gathered:
    """A paper and what its audit entry names; ``language`` is the client's
    language as the records know it (None: unknown)."""

    paper: Paper
    kind: str
    office: str
    record_id: int
    household_id: int | None
    language: str | None


@frozen
class Printed:
    path: Path
    language: str


def client_language(household: HouseholdRecord) -> str:
    """The household's first language that is not German, else German."""
    others = [code for code in household.languages if code != GERMAN]
    return others[0] if others else GERMAN


def household_of(services: Services, key: int | str) -> HouseholdRecord:
    """A household by id, or by its code as the CLI's household commands take it."""
    if isinstance(key, int) or key.isdigit():
        return services.households.get(int(key))
    return services.exports.find(key)


def gather(services: Services, kind: str, key: int | str) -> Gathered:
    """Read what the paper ``kind`` of ``key`` says (refused as the services refuse)."""
    directory = services.context.directory
    if kind == "appointment":
        appointment = services.appointments.get(int(key))
        return Gathered(
            appointment_paper(appointment, directory),
            "appointment",
            appointment.office,
            appointment.id,
            appointment.household_id,
            appointment.language or None,
        )
    if kind == "referral":
        referral = services.referrals.get(int(key))
        household = (
            services.households.get(referral.household_id) if referral.household_id else None
        )
        return Gathered(
            referral_paper(referral, directory),
            "referral",
            referral.office,
            referral.id,
            referral.household_id,
            client_language(household) if household else None,
        )
    household = household_of(services, key)
    if kind == "consent":
        consents = services.consents.for_household(household.id)
        names = {listing.partner.key: listing.partner.name for listing in directory.partners()}
        names.update({slug: entry.office.name for slug, entry in directory.offices.items()})
        paper = consent_paper(household, consents, directory, names)
    elif kind == "data-copy":
        paper = data_copy_paper(services.exports.household(household.id), directory)
    else:
        raise ValueError(f"unknown paper {kind!r} (papers: {', '.join(KINDS)})")
    return Gathered(
        paper, "household", household.office, household.id, household.id, client_language(household)
    )


def print_paper(
    services: Services,
    kind: str,
    key: int | str,
    folder: Path,
    *,
    language: str | None = None,
    make_folders: bool = False,
) -> Printed:
    """Write the paper ``kind`` of ``key`` into ``folder`` as PDF (0600), German
    beside ``language`` (default: the client's language as recorded), and audit it."""
    gathered = gather(services, kind, key)
    column = column_language(language or gathered.language or GERMAN)
    data = render(gathered.paper, Words(column), services.context.today())
    path = folder / f"{gathered.paper.file_stem}-{column}.pdf"
    write_private(path, data, make_folders=make_folders)
    trail.append_now(
        services.context,
        "export",
        gathered.kind,
        gathered.office,
        record_id=gathered.record_id,
        household_ids=[gathered.household_id],
        detail=f"paper {kind} {column}",
    )
    return Printed(path, column)
