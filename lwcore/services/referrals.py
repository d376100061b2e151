"""Referrals to partners: made, followed up, closed with the partner's outcome."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from attrs import frozen
from sqlalchemy import Connection, Date, Integer, bindparam, select
from sqlmodel import Session

from lwcore.db.models import Referral
from lwcore.db.models.base import NOTE_LENGTH
from lwcore.db.models.referrals import CLOSED_STATES
from lwcore.services.base import Service, get_or_fail, load_versioned, save_versioned
from lwcore.services.checks import Checks
from lwcore.services.errors import Conflict

#: When to ask the partner how it went, unless staff say otherwise.
DEFAULT_FOLLOW_UP = timedelta(days=14)

_R = Referral.__table__.c  # type: ignore[attr-defined]

#: Open and accepted referrals of an office due by a day, earliest first; built once,
#: since the Today screen and the referral list ask for it all day.
OPEN_DUE = (
    select(
        _R.id,
        _R.version,
        _R.follow_up_on,
        _R.partner_key,
        _R.topic,
        _R.status,
        _R.household_id,
        _R.consultation_id,
        _R.partner_feedback,
        _R.reason,
    )
    .where(_R.office == bindparam("office"), _R.status.in_(("open", "accepted")))
    .where(_R.follow_up_on <= bindparam("until", type_=Date()))
    .order_by(_R.follow_up_on, _R.id)
    .limit(bindparam("limit", type_=Integer()))
)


@frozen
class OpenReferral:
    """A referral still waiting for the partner's outcome, as lists show it."""

    id: int
    version: int
    follow_up_on: date
    partner_key: str
    topic: str
    status: str
    household_id: int | None
    consultation_id: int | None
    partner_feedback: str
    reason: str | None


def open_referrals(
    connection: Connection, office: str, until: date, limit: int
) -> list[OpenReferral]:
    parameters = {"office": office, "until": until, "limit": limit}
    # fetchall in one call: iterating the result would fetch row by row.
    return [OpenReferral(*tuple(row)) for row in connection.execute(OPEN_DUE, parameters).all()]


_NEXT_STATES = {
    "open": ("accepted", "done", "unsuccessful", "withdrawn"),
    "accepted": ("done", "unsuccessful", "withdrawn"),
}


def check_referral(
    checks: Checks,
    *,
    office: str,
    partner_key: str,
    topic: str,
    follow_up_on: date | str | None,
    today: date,
    field_prefix: str = "",
) -> date | None:
    """Validate a referral's fields; returns the follow-up date (default: in two weeks)."""
    partner = checks.partner(f"{field_prefix}partner", office, partner_key)
    checks.topic(f"{field_prefix}topic", topic)
    if partner is not None and topic not in partner.topics:
        checks.fail(f"{field_prefix}partner", f"{partner.name} does not help with {topic!r}")
    if follow_up_on is None:
        return today + DEFAULT_FOLLOW_UP
    due = checks.date(f"{field_prefix}follow_up_on", follow_up_on)
    if due is not None and due < today:
        checks.fail(f"{field_prefix}follow_up_on", "lies in the past")
    return due


class ReferralService(Service):
    kind = "referral"

    def refer(
        self,
        *,
        office: str,
        partner_key: str,
        topic: str,
        household_id: int | None = None,
        consultation_id: int | None = None,
        follow_up_on: date | str | None = None,
    ) -> Referral:
        """Hand a matter to a partner, outside a consultation (see also
        ``ConsultationService.record`` with a referral)."""
        checks = self.context.checks()
        checks.office("office", office)
        due = check_referral(
            checks,
            office=office,
            partner_key=partner_key,
            topic=topic,
            follow_up_on=follow_up_on,
            today=self.context.today(),
        )
        checks.done()
        assert due is not None
        with self.database.write() as session:
            return add_referral(
                session,
                self.context.now(),
                office=office,
                partner_key=partner_key,
                topic=topic,
                follow_up_on=due,
                household_id=household_id,
                consultation_id=consultation_id,
            )

    def update(
        self,
        referral_id: int,
        expected_version: int,
        *,
        status: str | None = None,
        partner_feedback: str | None = None,
        reason: str | None = None,
        follow_up_on: date | str | None = None,
    ) -> Referral:
        """Record the partner's feedback and move the referral on (or close it).

        ``unsuccessful`` needs a ``reason``; a closed referral is not reopened.
        """
        checks = self.context.checks()
        feedback = (
            checks.text("partner_feedback", partner_feedback, NOTE_LENGTH)
            if partner_feedback is not None
            else None
        )
        why = checks.text("reason", reason, NOTE_LENGTH) if reason is not None else None
        due = checks.date("follow_up_on", follow_up_on) if follow_up_on is not None else None
        if due is not None and due < self.context.today():
            checks.fail("follow_up_on", "lies in the past")
        with self.database.write() as session:
            row = load_versioned(session, Referral, referral_id, expected_version, self.kind)
            changes: dict[str, object] = {}
            if status is not None and status != row.status:
                allowed = _NEXT_STATES.get(row.status, ())
                if row.status in CLOSED_STATES:
                    raise Conflict(f"referral {referral_id} is already closed ({row.status})")
                if status not in allowed:
                    checks.fail("status", f"cannot go from {row.status} to {status!r}")
                if status == "unsuccessful" and not why:
                    checks.fail("reason", "say why the referral did not succeed")
                changes["status"] = status
                if status in CLOSED_STATES:
                    changes["closed_at"] = self.context.now()
            checks.done()
            if feedback is not None:
                changes["partner_feedback"] = feedback
            if why is not None:
                changes["reason"] = why or None
            if due is not None:
                changes["follow_up_on"] = due
            if not changes:
                return row
            return save_versioned(
                session, row, expected_version, self.kind, self.context.now(), **changes
            )

    def close(
        self,
        referral_id: int,
        expected_version: int,
        *,
        outcome: str,
        partner_feedback: str | None = None,
        reason: str | None = None,
    ) -> Referral:
        """Close with ``done``, ``unsuccessful`` (with a reason) or ``withdrawn``;
        feedback left out keeps what is stored."""
        if outcome not in CLOSED_STATES:
            checks = self.context.checks()
            checks.fail("outcome", f"{outcome!r} is not one of {', '.join(CLOSED_STATES)}")
            checks.done()
        return self.update(
            referral_id,
            expected_version,
            status=outcome,
            partner_feedback=partner_feedback,
            reason=reason,
        )

    def get(self, referral_id: int) -> Referral:
        with self.database.read() as session:
            return get_or_fail(session, Referral, referral_id, self.kind)

    def open_due(self, office: str, until: date, *, limit: int = 200) -> list[OpenReferral]:
        """Open or accepted referrals whose follow-up is due by ``until``, earliest first."""
        with self.database.reading() as connection:
            return open_referrals(connection, office, until, limit)


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
) -> Referral:
    referral = Referral(
        office=office,
        partner_key=partner_key,
        topic=topic,
        follow_up_on=follow_up_on,
        household_id=household_id,
        consultation_id=consultation_id,
        created_at=now,
        updated_at=now,
    )
    session.add(referral)
    session.flush()
    return referral
