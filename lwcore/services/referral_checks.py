"""The checks and the insert a referral needs, wherever one is made or corrected
(the referral screen, a consultation, a correction)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from attrs import frozen
from sqlmodel import Session

from lwcore.db.models import Consultation, Referral
from lwcore.i18n import N_
from lwcore.records import Partner
from lwcore.services.base import find_row
from lwcore.services.checks import Checks
from lwcore.services.consents import PARTNER_PURPOSE, valid_consent

#: When to ask the partner how it went, unless staff say otherwise.
DEFAULT_FOLLOW_UP = timedelta(days=14)


@frozen
class CheckedReferral:
    """A referral's fields as checked: the partner (None when unknown) and the follow-up."""

    partner: Partner | None
    follow_up_on: date | None


def check_referral(
    checks: Checks,
    *,
    office: str,
    partner_key: str,
    topic: str,
    follow_up_on: date | str | None,
    today: date,
    field_prefix: str = "",
) -> CheckedReferral:
    """Validate a referral's fields; the follow-up defaults to two weeks from today."""
    partner = checks.partner(f"{field_prefix}partner", office, partner_key)
    checks.topic(f"{field_prefix}topic", topic)
    if partner is not None and topic not in partner.topics:
        checks.fail(
            f"{field_prefix}partner",
            N_("{partner} does not help with {topic!r}"),
            partner=partner.name,
            topic=checks.topic_name(topic),
        )
    if follow_up_on is None:
        return CheckedReferral(partner, today + DEFAULT_FOLLOW_UP)
    due = checks.date(f"{field_prefix}follow_up_on", follow_up_on)
    if due is not None and due < today:
        checks.fail(f"{field_prefix}follow_up_on", N_("lies in the past"))
    return CheckedReferral(partner, due)


def check_consent(
    checks: Checks,
    session: Session,
    *,
    household_id: int | None,
    partner: Partner | None,
    anonymous: bool,
    today: date,
    field: str = "anonymous",
) -> bool:
    """Whether the referral goes to the partner anonymously (what is stored).

    A household's data goes to a partner only with the household's valid
    consent to that partner; otherwise staff refer anonymously. A referral
    without a household is anonymous anyway.
    """
    if household_id is None or anonymous:
        return True
    if partner is None:
        return False  # the unknown partner is reported already
    if valid_consent(session, household_id, PARTNER_PURPOSE, partner.key, today) is None:
        checks.fail(
            field,
            N_(
                "no valid consent of this household to pass its data to {partner}; "
                "refer anonymously or record the consent first"
            ),
            partner=partner.name,
        )
    return False


def check_consultation(
    checks: Checks, session: Session, office: str, consultation_id: int | None
) -> None:
    """The consultation a referral comes from must exist and belong to ``office``."""
    if consultation_id is None:
        return
    consultation = find_row(session, Consultation, consultation_id)
    if consultation is None or consultation.office != office:
        checks.fail(
            "consultation",
            N_("no consultation {id} in office {office}"),
            id=consultation_id,
            office=office,
        )


def add_referral(
    session: Session,
    now: datetime,
    *,
    office: str,
    partner_key: str,
    topic: str,
    follow_up_on: date,
    household_id: int | None,
    consultation_id: int | None,
    anonymous: bool,
) -> Referral:
    """Add a checked referral to ``session``'s transaction (the caller audits it)."""
    referral = Referral(
        office=office,
        partner_key=partner_key,
        topic=topic,
        follow_up_on=follow_up_on,
        household_id=household_id,
        consultation_id=consultation_id,
        anonymous=anonymous,
        created_at=now,
        updated_at=now,
    )
    session.add(referral)
    session.flush()
    return referral
