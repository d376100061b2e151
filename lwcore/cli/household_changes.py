"""``lw household correct|merge|hand-over``: changes to a household that keep its history.

Each reads the household first (by its code) for the version the change is
based on, so a colleague's change in between is refused, not overwritten.
"""

from __future__ import annotations

from typing import Any

import click

from lwcore.cli.context import Context, fail, pass_context, refused_as_bad_input
from lwcore.cli.household_output import emit_object, household_json, print_household
from lwcore.cli.typed_input import language_codes, own_office, typed_date

#: The hand-over consent's fields, however the service names them.
HANDOVER_CONSENT_OPTIONS = {
    f"{prefix}{field}": option
    for prefix in ("", "consent.")
    for field, option in (
        ("given_how", "--consent-how"),
        ("text_language", "--consent-language"),
        ("text_version", "--consent-version"),
        ("partner_key", "--to"),
    )
}


@click.command("correct")
@click.argument("code")
@click.option("--label", help="The label staff greet them by.")
@click.option("--district", metavar="NAME", help="Their district (the office's).")
@click.option("--languages", metavar="CODES", help="ISO 639-1, e.g. de,fa (replaces the list).")
@click.option("--moved-in", metavar="DATE", help='YYYY-MM-DD or DD.MM.YYYY; "" clears it.')
@click.option("--adults", type=int, help="Adults in the household.")
@click.option("--children", type=int, help="Children in the household.")
@click.option("--note", help='The household\'s note; "" clears it.')
@click.option("--reason", required=True, help="Why: kept with the earlier values.")
@click.option("--json", "as_json", is_flag=True, help="Print the household as a JSON object.")
@pass_context
def correct_command(
    context: Context,
    code: str,
    label: str | None,
    district: str | None,
    languages: str | None,
    moved_in: str | None,
    adults: int | None,
    children: int | None,
    note: str | None,
    reason: str,
    as_json: bool,
) -> None:
    """Correct household CODE, keeping the earlier values.

    Only the options given change; the earlier values stay in its case file
    with the reason.
    """
    changes: dict[str, Any] = {
        name: value
        for name, value in (
            ("label", label),
            ("district", district),
            ("adults", adults),
            ("children", children),
            ("note", note),
        )
        if value is not None
    }
    if languages is not None:
        changes["languages"] = language_codes(languages)
    if moved_in is not None:
        changes["moved_in"] = typed_date(moved_in) or None
    if not changes:
        fail(
            "name what to correct: --label, --district, --languages, --moved-in, "
            "--adults, --children or --note"
        )
    services = context.services
    with refused_as_bad_input():
        current = services.households.find(code)
        household = services.households.correct(
            current.id, current.version, reason=reason, **changes
        )
    if as_json:
        emit_object(household_json(household))
        return
    click.echo(f"corrected {household.code}: {', '.join(changes)}")


@click.command("merge")
@click.argument("keep_code", metavar="KEEP_CODE")
@click.argument("duplicate_code", metavar="DUPLICATE_CODE")
@click.option("--reason", required=True, help="Why they are the same family.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_context
def merge_command(
    context: Context, keep_code: str, duplicate_code: str, reason: str, yes: bool
) -> None:
    """Merge DUPLICATE_CODE, a household registered twice, into KEEP_CODE.

    Every record of the duplicate moves to the kept household; its code keeps
    leading there and its data is kept in the case file's corrections.
    """
    services = context.services
    fields = {"keep": "KEEP_CODE", "duplicate": "DUPLICATE_CODE"}
    with refused_as_bad_input(fields):
        keep = services.households.find(keep_code)
        duplicate = services.households.find(duplicate_code)
    if not yes and keep.id != duplicate.id:  # the service refuses a merge with itself
        click.echo("Keep:")
        print_household(keep)
        click.echo("Merge into it, and no longer list on its own:")
        print_household(duplicate)
        click.confirm(f"Merge {duplicate.code} into {keep.code}?", abort=True, err=True)
    with refused_as_bad_input(fields):
        merged = services.households.merge(
            keep.id, keep.version, duplicate.id, duplicate.version, reason=reason
        )
    click.echo(f"merged {duplicate.code} into {merged.code}; {duplicate.code} leads there now")


@click.command("hand-over")
@click.argument("code")
@click.option("--to", "to_office", required=True, metavar="OFFICE", help="The office taking over.")
@click.option("--district", required=True, metavar="NAME", help="Their new district (its).")
@click.option("--consent-how", required=True, metavar="HOW", help="written, oral or digital.")
@click.option("--consent-language", required=True, metavar="CODE", help="Consent text language.")
@click.option("--consent-version", required=True, metavar="TEXT", help="Consent text version.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_context
def hand_over_command(
    context: Context,
    code: str,
    to_office: str,
    district: str,
    consent_how: str,
    consent_language: str,
    consent_version: str,
    yes: bool,
) -> None:
    """Hand household CODE over to another office.

    The family moved to that office's district and agreed: the household, its
    consents and corrections go there; this office keeps only anonymous counts
    of its work with them.
    """
    from lwcore.services.consents import ConsentRequest

    to_office = own_office(context, to_office, "--to")
    services = context.services
    with refused_as_bad_input():
        household = services.households.find(code)
    if not yes:
        print_household(household)
        click.echo(
            f"{household.office} keeps only anonymous counts of its consultations, referrals, "
            "visits and appointments; the household, its consents and corrections move."
        )
        click.confirm(
            f"Hand {household.code} over to {to_office} ({district})?", abort=True, err=True
        )
    consent = ConsentRequest(
        purpose="handover",
        given_how=consent_how.strip(),
        text_language=consent_language.strip().lower(),
        text_version=consent_version.strip(),
        partner_key=to_office,
    )
    with refused_as_bad_input(HANDOVER_CONSENT_OPTIONS):
        moved = services.households.hand_over(
            household.id, household.version, to_office=to_office, district=district, consent=consent
        )
    click.echo(f"handed {moved.code} over to {moved.office} (district {moved.district})")
