"""``lw household``: register a household, find it, open its case file; corrections,
merges and hand-overs are in :mod:`lwcore.cli.household_changes`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from lwcore.cli.context import Context, emit_json, pass_context, refused_as_bad_input
from lwcore.cli.household_changes import correct_command, hand_over_command, merge_command
from lwcore.cli.household_output import (
    case_file_json,
    consent_json,
    emit_object,
    hit_json,
    household_json,
    print_case_file,
    print_hits,
)
from lwcore.cli.typed_input import language_codes, own_office, typed_date

if TYPE_CHECKING:
    from lwcore.services.consents import ConsentRequest

#: The service names each consent's fields by its place in the list
#: (``consents[1].text_version``); all of them come from these options.
CONSENT_OPTIONS = {
    "consents": "--consent",
    "consents.purpose": "--consent",
    "consents.partner_key": "--consent",
    "consents.given_on": "--consent",
    "consents.expires_on": "--consent",
    "consents.given_how": "--consent-how",
    "consents.text_language": "--consent-language",
    "consents.text_version": "--consent-version",
}


@click.group("household")
def household_group() -> None:
    """Households: register, find, case file, correct, merge, hand over."""


household_group.add_command(correct_command)
household_group.add_command(merge_command)
household_group.add_command(hand_over_command)


@household_group.command("new")
@click.option("--label", required=True, help='How staff greet them, e.g. "Familie Aydın".')
@click.option("--district", required=True, metavar="NAME", help="Their district (the office's).")
@click.option("--languages", required=True, metavar="CODES", help="ISO 639-1, e.g. de,fa.")
@click.option(
    "--moved-in", metavar="DATE", help="Moved into their flat (YYYY-MM-DD or DD.MM.YYYY)."
)
@click.option("--adults", type=int, help="Adults in the household.")
@click.option("--children", type=int, help="Children in the household.")
@click.option("--note", default="", help="What the office needs to remember (500 characters).")
@click.option("--office", metavar="SLUG", help="The office (default: your own).")
@click.option(
    "--consent",
    "consents",
    multiple=True,
    metavar="PURPOSE[:PARTNER]",
    help="A consent given now: referral:PARTNER_KEY, volunteer_matching or photos (repeatable).",
)
@click.option(
    "--consent-how", metavar="HOW", help="How the consents were given: written, oral, digital."
)
@click.option(
    "--consent-language", metavar="CODE", help="Language of the consent text read (ISO 639-1)."
)
@click.option("--consent-version", metavar="TEXT", help="Version of the consent text, e.g. 2024-1.")
@click.option("--yes", is_flag=True, help="Do not ask when similar households are registered.")
@click.option("--json", "as_json", is_flag=True, help="Print the household as a JSON object.")
@pass_context
def new_command(
    context: Context,
    label: str,
    district: str,
    languages: str,
    moved_in: str | None,
    adults: int | None,
    children: int | None,
    note: str,
    office: str | None,
    consents: tuple[str, ...],
    consent_how: str | None,
    consent_language: str | None,
    consent_version: str | None,
    yes: bool,
    as_json: bool,
) -> None:
    """Register a household with the consents it gives now.

    Asks first when the office already has households that may be the same
    family (Aydin and Aydın, Mohammed and Muhammad); prints the new code.
    """
    services = context.services
    slug = own_office(context, office)
    requests = [_consent(text, consent_how, consent_language, consent_version) for text in consents]
    with refused_as_bad_input():
        similar = services.households.similar(slug, label)
    if similar and not yes:
        click.echo(f"{slug} has households that may be the same family:", err=True)
        for hit in similar:
            click.echo(f"  {hit.describe()}", err=True)
        click.confirm("Register a new household anyway?", abort=True, err=True)
    with refused_as_bad_input(CONSENT_OPTIONS):
        household = services.households.create(
            office=slug,
            label=label,
            district=district,
            languages=language_codes(languages),
            moved_in=typed_date(moved_in),
            adults=adults,
            children=children,
            note=note,
            consents=requests,
        )
    if not as_json:
        click.echo(household.code)
        return
    with refused_as_bad_input():
        stored = services.consents.for_household(household.id) if requests else []
    emit_object({**household_json(household), "consents": [consent_json(c) for c in stored]})


def _consent(
    text: str, how: str | None, language: str | None, version: str | None
) -> ConsentRequest:
    """``referral:caritas_migrationsdienst`` (or ``photos``) with how, text language and
    version; missing parts are left to the service to name."""
    from lwcore.services.consents import ConsentRequest

    purpose, _, partner = text.partition(":")
    return ConsentRequest(
        purpose=purpose.strip(),
        given_how=(how or "").strip(),
        text_language=(language or "").strip().lower(),
        text_version=(version or "").strip(),
        partner_key=partner.strip() or None,
    )


@household_group.command("find")
@click.argument("text")
@click.option("--office", metavar="SLUG", help="The office to search (default: your own).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array for scripts.")
@pass_context
def find_command(context: Context, text: str, office: str | None, as_json: bool) -> None:
    """Find households by code or name.

    Households whose code or name starts with TEXT, also when spelled another
    way (Aydin finds Aydın, Muhammad finds Mohammed); best first.
    """
    slug = own_office(context, office)
    with refused_as_bad_input():
        hits = context.services.households.search(slug, text)
    if as_json:
        emit_json([hit_json(hit) for hit in hits])
        return
    print_hits(hits)


@household_group.command("show")
@click.argument("code")
@click.option(
    "--page",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Page of the timeline (newest first).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the case file as a JSON object.")
@pass_context
def show_command(context: Context, code: str, page: int, as_json: bool) -> None:
    """Open the case file of household CODE.

    Who they are, their consents, the timeline (newest first, by page) and
    every correction.
    """
    with refused_as_bad_input():
        case_file = context.services.case_files.open(code, page=page - 1)
    zone = context.directory.deployment.zone
    if as_json:
        emit_object(case_file_json(case_file, zone))
        return
    print_case_file(case_file, zone)
