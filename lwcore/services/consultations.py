"""Consultation hours: record a consultation (with a referral) or a quick contact."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from attrs import frozen
from sqlalchemy import select
from sqlmodel import Session

from lwcore.db.models import Consultation, ConsultationTopic, Referral, WalkIn
from lwcore.db.models.base import NAME_LENGTH, NOTE_LENGTH
from lwcore.db.models.consultations import OUTCOMES, VISITORS
from lwcore.i18n import N_
from lwcore.services.access import Permission
from lwcore.services.base import Service, find_row, save_versioned
from lwcore.services.errors import Conflict, StaleRecord
from lwcore.services.household_lookup import household_field
from lwcore.services.messages import status_term
from lwcore.services.partners import RankedPartner, rank_partners
from lwcore.services.record_corrections import (
    consultation_topics,
    correct_consultation,
    void_consultation,
)
from lwcore.services.referral_checks import add_referral, check_consent, check_referral
from lwcore.services.referral_records import ReferralRecord, referral_record
from lwcore.services.rows import record_of

_REFERRAL = Referral.__table__.c  # type: ignore[attr-defined]


@frozen
class ReferralRequest:
    """The referral made in a consultation: to which partner, on which topic.

    ``anonymous``: the partner gets the matter without the household's data
    (needed when the household has not consented to this partner).
    """

    partner_key: str
    topic: str
    follow_up_on: date | str | None = None
    anonymous: bool = False


@frozen
class ConsultationRecord:
    """One consultation as stored; ``staff`` is who held it."""

    id: int
    version: int
    office: str
    place: str
    staff: str
    started_at: datetime
    language: str
    household_id: int | None
    people: int
    visitor: str
    outcome: str
    note: str
    voided_at: datetime | None
    void_reason: str | None


@frozen
class RecordedConsultation:
    consultation: ConsultationRecord
    topics: tuple[str, ...]
    referral: ReferralRecord | None = None


def recorded(
    row: Consultation, topics: Iterable[str], referral: Referral | None = None
) -> RecordedConsultation:
    return RecordedConsultation(
        record_of(ConsultationRecord, row),
        tuple(topics),
        referral_record(referral) if referral is not None else None,
    )


def mark_seen(
    session: Session, office: str, walk_in: tuple[int, int], consultation_id: int, now: datetime
) -> None:
    """Mark the waiting-list entry (id, version) seen in this consultation; it must be
    waiting in ``office`` and unchanged since staff called it."""
    walk_in_id, version = walk_in
    row = find_row(session, WalkIn, walk_in_id)
    # Unknown and another office's alike: the answer tells nothing of other offices.
    if row is None or row.office != office:
        raise Conflict(
            N_("walk-in {id} is not on the list of {office}"), id=walk_in_id, office=office
        )
    if row.version != version:
        raise StaleRecord("walk-in", walk_in_id, version, row.version)
    if row.status != "waiting":
        raise Conflict(
            N_("walk-in {id} is not waiting in {office} (status {status})"),
            id=walk_in_id,
            office=office,
            status=status_term(row.status),
        )
    save_versioned(
        session, row, version, "walk-in", now, status="seen", consultation_id=consultation_id
    )


class ConsultationService(Service):
    kind = N_("consultation")

    def record(
        self,
        *,
        office: str,
        language: str,
        topics: list[str],
        outcome: str,
        household_id: int | None = None,
        place: str = "office",
        started_at: datetime | str | None = None,
        note: str = "",
        people: int = 1,
        visitor: str = "refugee",
        referral: ReferralRequest | None = None,
        walk_in: tuple[int, int] | None = None,
    ) -> RecordedConsultation:
        """Record one consultation, its topics and (when referred) the referral,
        in one transaction and one audit entry, held by the acting staff member.
        ``walk_in`` is (id, version) of the waiting-list entry this consultation
        serves; it is marked seen."""
        checks = self.context.checks()
        entry = checks.office("office", office)
        if entry is not None:
            self.require(Permission.CHANGE, office)
        checks.place("place", entry, place)
        staff = checks.text("staff", self.actor.name, NAME_LENGTH, required=True)
        checks.language("language", language)
        chosen = checks.topics("topics", topics)
        checks.choice("outcome", outcome, OUTCOMES)
        checks.choice("visitor", visitor, VISITORS)
        checks.number("people", people, low=1, high=50)
        note = checks.text("note", note, NOTE_LENGTH)
        now = self.context.now()
        started = (
            now
            if started_at is None
            else checks.moment("started_at", started_at, self.context.zone)
        )
        if started is not None and started > now:
            checks.fail("started_at", N_("lies in the future"))
        checked = None
        if outcome == "referred" and referral is None:
            checks.fail("referral", N_("choose the partner the matter is referred to"))
        if referral is not None:
            if outcome != "referred":
                checks.fail("outcome", N_("a consultation with a referral has outcome 'referred'"))
            if referral.topic not in chosen:
                checks.fail("referral.topic", N_("must be one of the consultation's topics"))
            checked = check_referral(
                checks,
                office=office,
                partner_key=referral.partner_key,
                topic=referral.topic,
                follow_up_on=referral.follow_up_on,
                today=self.context.today(),
                field_prefix="referral.",
            )
        with self.database.write() as session:
            household = household_field(self, checks, session, office, household_id)
            anonymous = referral is not None and check_consent(
                checks,
                session,
                household_id=household.id if household else None,
                partner=checked.partner if checked else None,
                anonymous=referral.anonymous,
                today=self.context.today(),
                field="referral.anonymous",
            )
            checks.done()
            assert started is not None
            consultation = Consultation(
                office=office,
                place=place,
                staff=staff,
                started_at=started,
                language=language,
                household_id=household_id,
                people=people,
                visitor=visitor,
                outcome=outcome,
                note=note,
                created_at=now,
                updated_at=now,
            )
            session.add(consultation)
            session.flush()
            assert consultation.id is not None
            session.add_all(
                ConsultationTopic(consultation_id=consultation.id, topic=topic) for topic in chosen
            )
            made = None
            if referral is not None and checked is not None:
                assert checked.follow_up_on is not None
                made = add_referral(
                    session,
                    now,
                    office=office,
                    partner_key=referral.partner_key,
                    topic=referral.topic,
                    follow_up_on=checked.follow_up_on,
                    household_id=household_id,
                    consultation_id=consultation.id,
                    anonymous=anonymous,
                )
            if walk_in is not None:
                mark_seen(session, office, walk_in, consultation.id, now)
            details = [f"referral {made.id}"] if made is not None else []
            if walk_in is not None:
                details.append(f"walk-in {walk_in[0]} seen")
            self.audit_change(
                session,
                office,
                action="create",
                record_id=consultation.id,
                household_ids=[household_id],
                detail=", ".join(details),
            )
            return recorded(consultation, chosen, made)

    def correct(
        self,
        consultation_id: int,
        expected_version: int,
        *,
        reason: str = "",
        topics: list[str] | None = None,
        language: str | None = None,
        note: str | None = None,
        outcome: str | None = None,
        people: int | None = None,
    ) -> RecordedConsultation:
        """Correct what was recorded (None: unchanged); the earlier values are kept
        as a revision. A withdrawn consultation is not corrected."""
        row, topics_now = correct_consultation(
            self,
            consultation_id,
            expected_version,
            reason=reason,
            topics=topics,
            language=language,
            note=note,
            outcome=outcome,
            people=people,
        )
        return recorded(row, topics_now)

    def void(
        self, consultation_id: int, expected_version: int, *, reason: str
    ) -> ConsultationRecord:
        """Withdraw a consultation recorded by mistake, with the referrals made in it:
        kept and marked, no longer counted."""
        row = void_consultation(self, consultation_id, expected_version, reason=reason)
        return record_of(ConsultationRecord, row)

    def get(self, consultation_id: int) -> RecordedConsultation:
        """One consultation with its topics and the first referral made in it."""
        with self.database.read() as session:
            row = self.load(session, Consultation, consultation_id, Permission.READ)
            topics = consultation_topics(session, consultation_id)
            referral = session.scalars(
                select(Referral)
                .where(_REFERRAL.consultation_id == consultation_id)
                .order_by(_REFERRAL.id)
            ).first()
        self.audit_read(row.office, record_id=consultation_id, household_ids=[row.household_id])
        return recorded(row, topics, referral)

    def quick_contact(
        self,
        *,
        office: str,
        language: str,
        topics: list[str],
        people: int = 1,
        visitor: str = "refugee",
        place: str = "office",
        note: str = "",
    ) -> RecordedConsultation:
        """Count a short contact anonymously: no household is created or linked
        (still one audit entry: the contact's note may say who came)."""
        return self.record(
            office=office,
            language=language,
            topics=topics,
            outcome="solved",
            people=people,
            visitor=visitor,
            place=place,
            note=note,
        )

    def ranked_partners(
        self,
        office: str,
        topic: str,
        *,
        language: str | None = None,
        district: str | None = None,
    ) -> list[RankedPartner]:
        """The partners to refer ``topic`` to, best match first (see ``rank_partners``):
        from the office's settings, so nothing is read from the database."""
        self.require(Permission.READ, office)
        return rank_partners(
            self.context.directory, office, topic, language=language, district=district
        )
