"""Consents: what a household agreed to, for which purpose, and until when.

A referral that passes a household's data to a partner needs the
household's consent to exactly that partner (see
``lwcore.services.referrals``); without it the matter can only go to the
partner anonymously. Consents are personal data: every call is checked
and audited like the household itself.
"""

from __future__ import annotations

from datetime import date, datetime

from attrs import frozen
from sqlalchemy import or_
from sqlmodel import Session, col, select

from lwcore.db.models import Consent, Household
from lwcore.db.models.privacy import CONSENT_FORMS, CONSENT_PURPOSES
from lwcore.i18n import N_
from lwcore.services.access import Permission
from lwcore.services.base import Service, find_row, save_versioned
from lwcore.services.checks import Checks
from lwcore.services.errors import Conflict, StaleRecord
from lwcore.services.household_lookup import household_refusal, visible_household
from lwcore.services.household_records import ConsentRecord, consent_record

#: The purpose whose consent names a partner: the data goes to that partner only.
PARTNER_PURPOSE = "referral"
#: The purpose whose consent names an office: the family moved to its district.
HANDOVER_PURPOSE = "handover"
#: Purposes whose consent names a recipient in ``partner_key``.
NAMED_PURPOSES = (PARTNER_PURPOSE, HANDOVER_PURPOSE)
TEXT_VERSION_LENGTH = 20


@frozen
class ConsentRequest:
    """A consent given right now, recorded with the record it belongs to
    (a new household, a handover).

    ``partner_key`` names the recipient: the partner of a referral consent,
    the office of a handover consent. ``given_on`` defaults to today.
    """

    purpose: str
    given_how: str
    text_language: str
    text_version: str
    partner_key: str | None = None
    given_on: date | str | None = None
    expires_on: date | str | None = None


@frozen
class CheckedConsent:
    """A consent request as checked: the days parsed, the text version stripped."""

    request: ConsentRequest
    given_on: date
    expires_on: date | None
    text_version: str


def check_consent_request(
    checks: Checks, office: str | None, request: ConsentRequest, today: date, prefix: str = ""
) -> CheckedConsent | None:
    """Check every field of ``request`` (names prefixed with ``prefix``); None when any
    is wrong. ``office`` is the household's office, whose partners a referral
    consent may name (None: not known yet, checked by the caller)."""
    before = len(checks.messages)
    purpose, partner_key = request.purpose, request.partner_key
    checks.choice(f"{prefix}purpose", purpose, CONSENT_PURPOSES)
    if purpose in NAMED_PURPOSES and not partner_key:
        checks.fail(
            f"{prefix}partner_key",
            N_("name the partner (or, for a handover, the office) the household agrees to"),
        )
    if purpose not in NAMED_PURPOSES and partner_key is not None:
        checks.fail(f"{prefix}partner_key", N_("only a referral consent names a partner"))
    if purpose == PARTNER_PURPOSE and partner_key and office is not None:
        checks.partner(f"{prefix}partner_key", office, partner_key)
    if purpose == HANDOVER_PURPOSE and partner_key:
        checks.office(f"{prefix}partner_key", partner_key)
    given = (
        today if request.given_on is None else checks.date(f"{prefix}given_on", request.given_on)
    )
    if given is not None and given > today:
        checks.fail(f"{prefix}given_on", N_("lies in the future"))
    checks.choice(f"{prefix}given_how", request.given_how, CONSENT_FORMS)
    checks.language(f"{prefix}text_language", request.text_language)
    version = checks.text(
        f"{prefix}text_version", request.text_version, TEXT_VERSION_LENGTH, required=True
    )
    ends = (
        checks.date(f"{prefix}expires_on", request.expires_on)
        if request.expires_on is not None
        else None
    )
    if given is not None and ends is not None and ends <= given:
        checks.fail(f"{prefix}expires_on", N_("must lie after the day the consent was given"))
    if len(checks.messages) > before or given is None:
        return None
    return CheckedConsent(request, given, ends, version)


def add_consent(
    session: Session,
    checked: CheckedConsent,
    *,
    office: str,
    household_id: int,
    recorded_by: str,
    now: datetime,
) -> Consent:
    """Add a checked consent to ``session``'s transaction (the caller audits it)."""
    request = checked.request
    consent = Consent(
        office=office,
        household_id=household_id,
        purpose=request.purpose,
        partner_key=request.partner_key,
        given_on=checked.given_on,
        given_how=request.given_how,
        text_language=request.text_language,
        text_version=checked.text_version,
        expires_on=checked.expires_on,
        recorded_by=recorded_by,
        created_at=now,
        updated_at=now,
    )
    session.add(consent)
    session.flush()
    return consent


def valid_consent(
    session: Session, household_id: int, purpose: str, partner_key: str | None, day: date
) -> Consent | None:
    """The household's consent to ``purpose`` (with ``partner_key``) that holds on ``day``:
    given by then, not yet expired (it ends on ``expires_on``), not withdrawn by then."""
    query = (
        select(Consent)
        .where(Consent.household_id == household_id, Consent.purpose == purpose)
        .where(Consent.given_on <= day)
        .where(or_(col(Consent.expires_on).is_(None), col(Consent.expires_on) > day))
        .where(or_(col(Consent.withdrawn_on).is_(None), col(Consent.withdrawn_on) > day))
        .order_by(col(Consent.given_on).desc(), col(Consent.id).desc())
        .limit(1)
    )
    if partner_key is None:
        query = query.where(col(Consent.partner_key).is_(None))
    else:
        query = query.where(Consent.partner_key == partner_key)
    return session.exec(query).first()


class ConsentService(Service):
    kind = N_("consent")

    def record(
        self,
        household_id: int,
        purpose: str,
        partner_key: str | None,
        given_on: date | str,
        given_how: str,
        text_language: str,
        text_version: str,
        expires_on: date | str | None = None,
    ) -> ConsentRecord:
        """Record a consent the household has given (``partner_key`` for a referral
        consent only: it names the one partner the data may go to)."""
        checks = self.context.checks()
        request = ConsentRequest(
            purpose=purpose,
            given_how=given_how,
            text_language=text_language,
            text_version=text_version,
            partner_key=partner_key,
            given_on=given_on,
            expires_on=expires_on,
        )
        with self.database.write() as session:
            household = self._household(checks, session, household_id)
            if household is not None:
                self.require(Permission.CHANGE, household.office)
            checked = check_consent_request(
                checks, household.office if household else None, request, self.context.today()
            )
            checks.done()
            assert household is not None
            assert checked is not None
            consent = add_consent(
                session,
                checked,
                office=household.office,
                household_id=household_id,
                recorded_by=self.actor.key,
                now=self.context.now(),
            )
            self.audit_change(
                session,
                household.office,
                action="create",
                record_id=consent.id,
                household_ids=[household_id],
                detail=f"{purpose} {partner_key}" if partner_key else purpose,
            )
            return consent_record(consent)

    def withdraw(
        self, consent_id: int, expected_version: int, on: date | str | None = None
    ) -> ConsentRecord:
        """The household takes its consent back, from ``on`` (default: today) on.

        A consent is withdrawn once; withdrawing it again is a Conflict.
        """
        checks = self.context.checks()
        today = self.context.today()
        day = today if on is None else checks.date("on", on)
        if day is not None and day > today:
            checks.fail("on", N_("lies in the future"))
        with self.database.write() as session:
            row = self.load(session, Consent, consent_id, Permission.CHANGE)
            if row.withdrawn_on is not None:
                raise Conflict(
                    N_("consent {id} was already withdrawn on {day}"),
                    id=consent_id,
                    day=row.withdrawn_on,
                )
            if row.version != expected_version:
                raise StaleRecord(self.kind, consent_id, expected_version, row.version)
            if day is not None and day < row.given_on:
                checks.fail("on", N_("lies before the day the consent was given"))
            checks.done()
            save_versioned(
                session, row, expected_version, self.kind, self.context.now(), withdrawn_on=day
            )
            self.audit_change(
                session,
                row.office,
                record_id=consent_id,
                household_ids=[row.household_id],
                detail="withdrawn",
            )
            return consent_record(row)

    def for_household(self, household_id: int) -> list[ConsentRecord]:
        """Every consent of the household, withdrawn and expired ones too, newest first."""
        with self.database.read() as session:
            household = visible_household(self, session, household_id, Permission.READ)
            rows = [
                consent_record(row)
                for row in session.exec(
                    select(Consent)
                    .where(Consent.household_id == household_id)
                    .order_by(col(Consent.given_on).desc(), col(Consent.id).desc())
                ).all()
            ]
        self.audit_read(household.office, records=len(rows), household_ids=[household_id])
        return rows

    def valid(self, household_id: int, purpose: str, partner_key: str | None, on_day: date) -> bool:
        """Whether the household's consent to ``purpose`` (and partner) holds on ``on_day``."""
        checks = self.context.checks()
        checks.day("on_day", on_day)
        checks.done()
        with self.database.read() as session:
            household = visible_household(self, session, household_id, Permission.READ)
            found = valid_consent(session, household_id, purpose, partner_key, on_day)
        self.audit_read(
            household.office,
            record_id=found.id if found else None,
            records=1 if found else 0,
            household_ids=[household_id],
            detail=f"valid {purpose} {partner_key or ''}".rstrip(),
        )
        return found is not None

    def _household(self, checks: Checks, session: Session, household_id: int) -> Household | None:
        """The household the consent is of; unknown and another office's are the
        same problem of ``household_id`` (see lwcore.services.household_lookup)."""
        household = find_row(session, Household, household_id)
        if household is not None and self.actor.may(Permission.READ, household.office):
            return household
        checks.fail("household_id", N_("no household {id}"), id=household_id)
        checks.refuse(household_refusal(self, household_id, Permission.CHANGE.value))
        return None
