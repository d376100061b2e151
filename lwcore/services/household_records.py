"""A household and its consents as the services hand them out: frozen copies of
the rows, so that the TUI and the CLI never hold (or change) the database's objects."""

from __future__ import annotations

from datetime import date

from attrs import frozen

from lwcore.db.models import Consent, Household
from lwcore.services.rows import record_of


@frozen
class HouseholdRecord:
    """One household as stored, at ``version`` (the version a change must name)."""

    id: int
    version: int
    code: str
    office: str
    label: str
    district: str
    languages: tuple[str, ...]
    members: int
    adults: int | None
    children: int | None
    moved_in: date | None
    note: str
    #: Why it is kept past its retention period (None: no legal hold).
    legal_hold: str | None


@frozen
class ConsentRecord:
    """One consent of a household; ``partner_key`` names the recipient of a
    referral or handover consent."""

    id: int
    version: int
    office: str
    household_id: int
    purpose: str
    partner_key: str | None
    given_on: date
    given_how: str
    text_language: str
    text_version: str
    expires_on: date | None
    withdrawn_on: date | None
    #: The staff member who recorded it.
    recorded_by: str


def household_record(row: Household) -> HouseholdRecord:
    assert row.id is not None  # a stored row
    return record_of(HouseholdRecord, row)


def consent_record(row: Consent) -> ConsentRecord:
    assert row.id is not None  # a stored row
    return record_of(ConsentRecord, row)
