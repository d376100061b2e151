"""Correcting and withdrawing recorded consultations and referrals.

A correction changes the given fields and keeps the earlier values as a
revision; a withdrawal marks a mistaken entry (``voided_at`` and a reason):
the row stays, shown as withdrawn, and is no longer counted in the
statistics or listed as due. Both check the version staff saw, like every
save, and leave one audit entry.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from sqlalchemy import delete, select
from sqlmodel import Session

from lwcore.db.models import Consultation, ConsultationTopic, Referral
from lwcore.db.models.base import NOTE_LENGTH
from lwcore.db.models.consultations import OUTCOMES
from lwcore.i18n import N_
from lwcore.services.access import Permission
from lwcore.services.base import Service, save_versioned
from lwcore.services.checks import Checks
from lwcore.services.errors import Conflict, StaleRecord
from lwcore.services.messages import Message
from lwcore.services.referral_checks import check_consent, check_referral
from lwcore.services.revisions import add_revision, differences

_TOPICS = ConsultationTopic.__table__  # type: ignore[attr-defined]
_R = Referral.__table__.c  # type: ignore[attr-defined]


M = TypeVar("M", Consultation, Referral)


def _loaded(
    service: Service, session: Session, model: type[M], key: int, expected_version: int
) -> M:
    """The row, refused unless the actor may change it, it is at the version staff
    saw, and it is not withdrawn already."""
    row = service.load(session, model, key, Permission.CHANGE)
    if row.version != expected_version:
        raise StaleRecord(service.kind, key, expected_version, row.version)
    if row.voided_at is not None:
        raise Conflict(
            N_("{kind} {key} was withdrawn as a mistaken entry"),
            kind=Message(service.kind),
            key=key,
        )
    return row


def _reason(checks: Checks, reason: str, *, required: bool) -> str:
    return checks.text("reason", reason, NOTE_LENGTH, required=required)


def consultation_topics(session: Session, consultation_id: int) -> list[str]:
    found = session.execute(
        select(_TOPICS.c.topic)
        .where(_TOPICS.c.consultation_id == consultation_id)
        .order_by(_TOPICS.c.topic)
    )
    return [str(topic) for topic in found.scalars()]


def correct_consultation(
    service: Service,
    consultation_id: int,
    expected_version: int,
    *,
    reason: str,
    topics: list[str] | None,
    language: str | None,
    note: str | None,
    outcome: str | None,
    people: int | None,
) -> tuple[Consultation, list[str]]:
    """The corrected consultation and its topics (see ConsultationService.correct)."""
    checks = service.context.checks()
    why = _reason(checks, reason, required=False)
    wanted: dict[str, Any] = {}
    if topics is not None:
        wanted["topics"] = sorted(checks.topics("topics", topics))
    if language is not None:
        checks.language("language", language)
        wanted["language"] = language
    if note is not None:
        wanted["note"] = checks.text("note", note, NOTE_LENGTH)
    if outcome is not None:
        wanted["outcome"] = checks.choice("outcome", outcome, OUTCOMES)
    if people is not None:
        wanted["people"] = checks.number("people", people, low=1, high=50)
    checks.done()
    with service.database.write() as session:
        row = _loaded(service, session, Consultation, consultation_id, expected_version)
        stored_topics = consultation_topics(session, consultation_id)
        current = {name: getattr(row, name) for name in wanted if name != "topics"}
        current["topics"] = stored_topics
        changes = differences(current, wanted)
        if not changes:
            return row, stored_topics
        if "topics" in changes:
            session.execute(delete(_TOPICS).where(_TOPICS.c.consultation_id == consultation_id))
            session.add_all(
                ConsultationTopic(consultation_id=consultation_id, topic=topic)
                for topic in wanted["topics"]
            )
        add_revision(
            service.context,
            session,
            office=row.office,
            kind=service.kind,
            record_id=consultation_id,
            household_id=row.household_id,
            action="correct",
            changes=changes,
            reason=why,
        )
        values = {name: wanted[name] for name in changes if name != "topics"}
        save_versioned(
            session, row, expected_version, service.kind, service.context.now(), **values
        )
        service.audit_change(
            session,
            row.office,
            record_id=consultation_id,
            household_ids=[row.household_id],
            detail="corrected " + ", ".join(sorted(changes)),
        )
        return row, consultation_topics(session, consultation_id)


def void_consultation(
    service: Service, consultation_id: int, expected_version: int, *, reason: str
) -> Consultation:
    """Withdraw a mistaken consultation and the referrals made in it."""
    checks = service.context.checks()
    why = _reason(checks, reason, required=True)
    checks.done()
    with service.database.write() as session:
        row = _loaded(service, session, Consultation, consultation_id, expected_version)
        referrals = session.scalars(
            select(Referral)
            .where(_R.consultation_id == consultation_id, _R.voided_at.is_(None))
            .order_by(_R.id)
        ).all()
        for referral in referrals:
            _mark_void(service, session, referral, "referral", why, referral.version)
        _mark_void(service, session, row, service.kind, why, expected_version)
        made = f" with referral(s) {', '.join(str(r.id) for r in referrals)}" if referrals else ""
        service.audit_change(
            session,
            row.office,
            record_id=consultation_id,
            records=1 + len(referrals),
            household_ids=[row.household_id],
            detail=f"withdrawn{made}",
        )
        return row


def _mark_void(
    service: Service, session: Session, row: Any, kind: str, reason: str, version: int
) -> None:
    add_revision(
        service.context,
        session,
        office=row.office,
        kind=kind,
        record_id=row.id,
        household_id=row.household_id,
        action="void",
        changes={"withdrawn": {"from": False, "to": True}},
        reason=reason,
    )
    now = service.context.now()
    save_versioned(session, row, version, kind, now, voided_at=now, void_reason=reason)


def correct_referral(
    service: Service,
    referral_id: int,
    expected_version: int,
    *,
    reason: str,
    partner_key: str | None,
    topic: str | None,
    follow_up_on: date | str | None,
    anonymous: bool | None,
) -> Referral:
    """The corrected referral (see ReferralService.correct)."""
    checks = service.context.checks()
    why = _reason(checks, reason, required=False)
    with service.database.write() as session:
        row = _loaded(service, session, Referral, referral_id, expected_version)
        today = service.context.today()
        checked = check_referral(
            checks,
            office=row.office,
            partner_key=partner_key if partner_key is not None else row.partner_key,
            topic=topic if topic is not None else row.topic,
            follow_up_on=follow_up_on if follow_up_on is not None else today,
            today=today,
        )
        wanted: dict[str, Any] = {}
        if partner_key is not None:
            wanted["partner_key"] = partner_key
        if topic is not None:
            wanted["topic"] = topic
        if follow_up_on is not None:
            wanted["follow_up_on"] = checked.follow_up_on
        if anonymous is not None:
            wanted["anonymous"] = anonymous
        stays_anonymous = wanted.get("anonymous", row.anonymous)
        if "partner_key" in wanted or "anonymous" in wanted:
            wanted["anonymous"] = check_consent(
                checks,
                session,
                household_id=row.household_id,
                partner=checked.partner,
                anonymous=stays_anonymous,
                today=today,
            )
        checks.done()
        changes = differences({name: getattr(row, name) for name in wanted}, wanted)
        if not changes:
            return row
        add_revision(
            service.context,
            session,
            office=row.office,
            kind=service.kind,
            record_id=referral_id,
            household_id=row.household_id,
            action="correct",
            changes=changes,
            reason=why,
        )
        values = {name: wanted[name] for name in changes}
        save_versioned(
            session, row, expected_version, service.kind, service.context.now(), **values
        )
        service.audit_change(
            session,
            row.office,
            record_id=referral_id,
            household_ids=[row.household_id],
            detail="corrected " + ", ".join(sorted(changes)),
        )
        return row


def void_referral(
    service: Service, referral_id: int, expected_version: int, *, reason: str
) -> Referral:
    """Withdraw a mistaken referral."""
    checks = service.context.checks()
    why = _reason(checks, reason, required=True)
    checks.done()
    with service.database.write() as session:
        row = _loaded(service, session, Referral, referral_id, expected_version)
        _mark_void(service, session, row, service.kind, why, expected_version)
        service.audit_change(
            session,
            row.office,
            record_id=referral_id,
            household_ids=[row.household_id],
            detail="withdrawn",
        )
        return row
