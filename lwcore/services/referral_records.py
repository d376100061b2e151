"""A referral as the services hand it out: a frozen copy of the row, shared by the
referral service and the consultation that made the referral, so that neither
needs the other and no caller holds the database's object."""

from __future__ import annotations

from datetime import date, datetime

from attrs import frozen

from lwcore.db.models import Referral
from lwcore.services.rows import record_of


@frozen
class ReferralRecord:
    """One referral as stored, at ``version`` (the version a change must name)."""

    id: int
    version: int
    office: str
    household_id: int | None
    consultation_id: int | None
    partner_key: str
    #: Passed to the partner without the household's data (no consent to this partner).
    anonymous: bool
    topic: str
    status: str
    follow_up_on: date
    reason: str | None
    partner_feedback: str
    closed_at: datetime | None
    voided_at: datetime | None
    void_reason: str | None


def referral_record(row: Referral) -> ReferralRecord:
    assert row.id is not None  # a stored row
    return record_of(ReferralRecord, row)
