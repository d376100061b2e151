"""``lw consultation|referral correct|withdraw``: put a recorded consultation or
referral right, or withdraw it as a mistaken entry (kept and marked, no longer
counted). The ids are in the household's case file (``lw household show``)."""

from __future__ import annotations

from typing import Any

import click

from lwcore.cli.context import Context, fail, pass_context, refused_as_bad_input
from lwcore.cli.typed_input import comma_list, typed_date

REASON = click.option("--reason", required=True, help="Why: kept with the earlier values.")


def _given(**values: Any) -> dict[str, Any]:
    """The options staff gave (None: not given); at least one is needed."""
    given = {name: value for name, value in values.items() if value is not None}
    if not given:
        command = click.get_current_context().command
        options = [
            "/".join(param.opts + param.secondary_opts)
            for param in command.params
            if isinstance(param, click.Option) and param.name in values
        ]
        fail(f"name what to correct: {', '.join(options)}")
    return given


@click.group("consultation")
def consultation_group() -> None:
    """Correct or withdraw a recorded consultation."""


@consultation_group.command("correct")
@click.argument("consultation_id", metavar="ID", type=int)
@click.option("--topics", metavar="KEYS", help="Topic keys, comma-separated (replaces the list).")
@click.option("--language", metavar="CODE", help="Language of the consultation (ISO 639-1).")
@click.option("--note", help='The note; "" clears it.')
@click.option("--outcome", help="The outcome, e.g. advised or referred.")
@click.option("--people", type=int, help="How many people took part.")
@REASON
@pass_context
def correct_consultation(
    context: Context,
    consultation_id: int,
    topics: str | None,
    language: str | None,
    note: str | None,
    outcome: str | None,
    people: int | None,
    reason: str,
) -> None:
    """Correct consultation ID (only the options given change)."""
    changes = _given(
        topics=None if topics is None else comma_list(topics),
        language=None if language is None else language.strip().lower(),
        note=note,
        outcome=outcome,
        people=people,
    )
    consultations = context.services.consultations
    with refused_as_bad_input({"consultation_id": "ID"}):
        current = consultations.get(consultation_id).consultation
        consultations.correct(consultation_id, current.version, reason=reason, **changes)
    click.echo(f"corrected consultation {consultation_id}: {', '.join(changes)}")


@consultation_group.command("withdraw")
@click.argument("consultation_id", metavar="ID", type=int)
@REASON
@pass_context
def withdraw_consultation(context: Context, consultation_id: int, reason: str) -> None:
    """Withdraw consultation ID as a mistaken entry.

    The referrals made in it are withdrawn too; all stay, marked, and are no
    longer counted.
    """
    consultations = context.services.consultations
    with refused_as_bad_input({"consultation_id": "ID"}):
        current = consultations.get(consultation_id).consultation
        consultations.void(consultation_id, current.version, reason=reason)
    click.echo(f"withdrew consultation {consultation_id} and the referrals made in it")


@click.group("referral")
def referral_group() -> None:
    """Correct or withdraw a recorded referral."""


@referral_group.command("correct")
@click.argument("referral_id", metavar="ID", type=int)
@click.option("--partner", "partner_key", metavar="KEY", help="The partner's key.")
@click.option("--topic", metavar="KEY", help="The topic referred.")
@click.option("--follow-up", "follow_up_on", metavar="DATE", help="YYYY-MM-DD or DD.MM.YYYY.")
@click.option(
    "--anonymous/--with-data",
    default=None,
    help="Without the household's data, or with it (needs their consent to the partner).",
)
@REASON
@pass_context
def correct_referral(
    context: Context,
    referral_id: int,
    partner_key: str | None,
    topic: str | None,
    follow_up_on: str | None,
    anonymous: bool | None,
    reason: str,
) -> None:
    """Correct referral ID (only the options given change)."""
    changes = _given(
        partner_key=partner_key,
        topic=topic,
        follow_up_on=typed_date(follow_up_on),
        anonymous=anonymous,
    )
    referrals = context.services.referrals
    with refused_as_bad_input(_REFERRAL_OPTIONS):
        current = referrals.get(referral_id)
        referrals.correct(referral_id, current.version, reason=reason, **changes)
    click.echo(f"corrected referral {referral_id}: {', '.join(changes)}")


@referral_group.command("withdraw")
@click.argument("referral_id", metavar="ID", type=int)
@REASON
@pass_context
def withdraw_referral(context: Context, referral_id: int, reason: str) -> None:
    """Withdraw referral ID as a mistaken entry.

    Not for a household taking the matter back: that closes the referral as
    withdrawn.
    """
    referrals = context.services.referrals
    with refused_as_bad_input(_REFERRAL_OPTIONS):
        current = referrals.get(referral_id)
        referrals.void(referral_id, current.version, reason=reason)
    click.echo(f"withdrew referral {referral_id}")


_REFERRAL_OPTIONS = {"referral_id": "ID", "anonymous": "--anonymous/--with-data"}
