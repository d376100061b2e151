"""Consents: what a household agreed to, for which purpose, and until when.

A referral that passes a household's data to a partner needs the
household's consent to exactly that partner (see
``lwcore.services.referrals``); without it the matter can only go to the
partner anonymously. Consents are personal data: every call is checked
and audited like the household itself.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_
from sqlmodel import Session, col, select

from lwcore.db.models import Consent, Household
from lwcore.db.models.privacy import CONSENT_FORMS, CONSENT_PURPOSES
from lwcore.services.access import Permission
from lwcore.services.base import Service, get_or_fail, save_versioned
from lwcore.services.checks import Checks
from lwcore.services.errors import Conflict, StaleRecord

#: The only purpose whose consent names a partner: the data goes to that partner only.
PARTNER_PURPOSE = "referral"
TEXT_VERSION_LENGTH = 20


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


def _household(checks: Checks, session: Session, household_id: int) -> Household | None:
    household = session.get(Household, household_id)
    if household is None:
        checks.fail("household_id", f"no household {household_id}")
    return household


class ConsentService(Service):
    kind = "consent"

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
    ) -> Consent:
        """Record a consent the household has given (``partner_key`` for a referral
        consent only: it names the one partner the data may go to)."""
        checks = self.context.checks()
        checks.choice("purpose", purpose, CONSENT_PURPOSES)
        if purpose == PARTNER_PURPOSE and not partner_key:
            checks.fail("partner_key", "name the partner the household agrees to")
        if purpose != PARTNER_PURPOSE and partner_key is not None:
            checks.fail("partner_key", f"only a {PARTNER_PURPOSE} consent names a partner")
        given = checks.date("given_on", given_on)
        if given is not None and given > self.context.today():
            checks.fail("given_on", "lies in the future")
        checks.choice("given_how", given_how, CONSENT_FORMS)
        checks.language("text_language", text_language)
        version = checks.text("text_version", text_version, TEXT_VERSION_LENGTH, required=True)
        ends = checks.date("expires_on", expires_on) if expires_on is not None else None
        if given is not None and ends is not None and ends <= given:
            checks.fail("expires_on", "must lie after the day the consent was given")
        with self.database.write() as session:
            household = _household(checks, session, household_id)
            if household is not None:
                self.require(Permission.CHANGE, household.office)
                if purpose == PARTNER_PURPOSE and partner_key:
                    checks.partner("partner_key", household.office, partner_key)
            checks.done()
            assert household is not None
            assert given is not None
            now = self.context.now()
            consent = Consent(
                office=household.office,
                household_id=household_id,
                purpose=purpose,
                partner_key=partner_key,
                given_on=given,
                given_how=given_how,
                text_language=text_language,
                text_version=version,
                expires_on=ends,
                recorded_by=self.actor.key,
                created_at=now,
                updated_at=now,
            )
            session.add(consent)
            session.flush()
            self.audit_change(
                session,
                household.office,
                action="create",
                record_id=consent.id,
                household_ids=[household_id],
                detail=f"{purpose} {partner_key}" if partner_key else purpose,
            )
            return consent

    def withdraw(
        self, consent_id: int, expected_version: int, on: date | str | None = None
    ) -> Consent:
        """The household takes its consent back, from ``on`` (default: today) on.

        A consent is withdrawn once; withdrawing it again is a Conflict.
        """
        checks = self.context.checks()
        today = self.context.today()
        day = today if on is None else checks.date("on", on)
        if day is not None and day > today:
            checks.fail("on", "lies in the future")
        with self.database.write() as session:
            row = self.load(session, Consent, consent_id, Permission.CHANGE)
            if row.withdrawn_on is not None:
                raise Conflict(
                    f"consent {consent_id} was already withdrawn on {row.withdrawn_on:%Y-%m-%d}"
                )
            if row.version != expected_version:
                raise StaleRecord(self.kind, consent_id, expected_version, row.version)
            if day is not None and day < row.given_on:
                checks.fail("on", "lies before the day the consent was given")
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
            return row

    def for_household(self, household_id: int) -> list[Consent]:
        """Every consent of the household, withdrawn and expired ones too, newest first."""
        with self.database.read() as session:
            household = get_or_fail(session, Household, household_id, "household")
            self.require(Permission.READ, household.office)
            rows = list(
                session.exec(
                    select(Consent)
                    .where(Consent.household_id == household_id)
                    .order_by(col(Consent.given_on).desc(), col(Consent.id).desc())
                ).all()
            )
        self.audit_read(household.office, records=len(rows), household_ids=[household_id])
        return rows

    def valid(self, household_id: int, purpose: str, partner_key: str | None, on_day: date) -> bool:
        """Whether the household's consent to ``purpose`` (and partner) holds on ``on_day``."""
        with self.database.read() as session:
            household = get_or_fail(session, Household, household_id, "household")
            self.require(Permission.READ, household.office)
            found = valid_consent(session, household_id, purpose, partner_key, on_day)
        self.audit_read(
            household.office,
            record_id=found.id if found else None,
            records=1 if found else 0,
            household_ids=[household_id],
            detail=f"valid {purpose} {partner_key or ''}".rstrip(),
        )
        return found is not None
