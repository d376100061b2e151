"""A household's case file: who they are, what they agreed to, and everything the
office did with them, newest first, with the history of every correction.

Opening it is one read of personal data and one audit entry, whichever page.
A household's history is short (tens of rows), so each kind is read by the
household's index and the timeline is merged and paged here.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from attrs import frozen
from sqlalchemy import Select, select
from sqlmodel import Session, col

from lwcore.db.models import (
    Appointment,
    Consent,
    Consultation,
    ConsultationTopic,
    HomeVisit,
    Referral,
    WalkIn,
)
from lwcore.db.models import Revision as RevisionRow
from lwcore.i18n import N_
from lwcore.services.access import Permission
from lwcore.services.base import Service
from lwcore.services.export import former_codes
from lwcore.services.household_lookup import visible_household
from lwcore.services.household_records import (
    ConsentRecord,
    HouseholdRecord,
    consent_record,
    household_record,
)

MAX_PAGE_SIZE = 200

_C = Consultation.__table__.c  # type: ignore[attr-defined]
_T = ConsultationTopic.__table__.c  # type: ignore[attr-defined]
_R = Referral.__table__.c  # type: ignore[attr-defined]
_A = Appointment.__table__.c  # type: ignore[attr-defined]
_W = WalkIn.__table__.c  # type: ignore[attr-defined]
_V = HomeVisit.__table__.c  # type: ignore[attr-defined]
_REV = RevisionRow.__table__.c  # type: ignore[attr-defined]


@frozen
class TimelineEntry:
    """One thing the office did with the household, as the case file lists it.

    ``status`` is a consultation's outcome and every other kind's status;
    ``note`` the note, the partner's feedback or why a visit was cancelled.
    """

    kind: str
    id: int
    version: int
    at: datetime
    status: str
    topics: tuple[str, ...]
    language: str | None
    partner_key: str | None
    note: str
    staff: str | None
    voided: bool
    void_reason: str | None
    corrected: bool


@frozen
class Revision:
    """One correction as the case file shows it: ``changes`` maps a field to
    (before, after)."""

    id: int
    at: datetime
    staff: str
    kind: str
    record_id: int
    action: str
    changes: dict[str, tuple[object, object]]
    reason: str


@frozen
class CaseFile:
    household: HouseholdRecord
    former_codes: tuple[str, ...]
    consents: tuple[ConsentRecord, ...]
    timeline: tuple[TimelineEntry, ...]
    total: int
    page: int
    page_size: int
    revisions: tuple[Revision, ...]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def _rows(session: Session, query: Select[Any]) -> list[Any]:
    return list(session.execute(query).all())


def _timeline(session: Session, key: int, corrected: set[tuple[str, int]]) -> list[TimelineEntry]:
    topics: dict[int, list[str]] = defaultdict(list)
    for consultation_id, topic in _rows(
        session,
        select(_T.consultation_id, _T.topic)
        .join_from(Consultation.__table__, ConsultationTopic.__table__)  # type: ignore[attr-defined]
        .where(_C.household_id == key)
        .order_by(_T.consultation_id, _T.topic),
    ):
        topics[consultation_id].append(topic)

    def entry(kind: str, row: Any, **values: Any) -> TimelineEntry:
        return TimelineEntry(
            kind=kind,
            id=row.id,
            version=row.version,
            corrected=(kind, row.id) in corrected,
            **{
                "topics": (),
                "language": None,
                "partner_key": None,
                "note": "",
                "staff": None,
                "voided": False,
                "void_reason": None,
                **values,
            },
        )

    found = [
        entry(
            "consultation",
            row,
            at=row.started_at,
            status=row.outcome,
            topics=tuple(topics[row.id]),
            language=row.language,
            note=row.note,
            staff=row.staff,
            voided=row.voided_at is not None,
            void_reason=row.void_reason,
        )
        for row in _rows(session, select(Consultation.__table__).where(_C.household_id == key))  # type: ignore[attr-defined]
    ]
    found += [
        entry(
            "referral",
            row,
            at=row.created_at,
            status=row.status,
            topics=(row.topic,),
            partner_key=row.partner_key,
            note=row.partner_feedback or (row.reason or ""),
            voided=row.voided_at is not None,
            void_reason=row.void_reason,
        )
        for row in _rows(session, select(Referral.__table__).where(_R.household_id == key))  # type: ignore[attr-defined]
    ]
    found += [
        entry(
            "appointment",
            row,
            at=row.starts_at,
            status=row.status,
            topics=(row.topic,) if row.topic else (),
            language=row.language,
            note=row.note,
        )
        for row in _rows(session, select(Appointment.__table__).where(_A.household_id == key))  # type: ignore[attr-defined]
    ]
    found += [
        entry(
            "walk_in",
            row,
            at=row.arrived_at,
            status=row.status,
            topics=(row.topic,) if row.topic else (),
            language=row.language,
        )
        for row in _rows(session, select(WalkIn.__table__).where(_W.household_id == key))  # type: ignore[attr-defined]
    ]
    found += [
        entry(
            "home_visit",
            row,
            at=row.planned_for,
            status=row.status,
            language=row.language,
            note=row.note or (row.cancel_reason or ""),
            staff=row.staff,
        )
        for row in _rows(session, select(HomeVisit.__table__).where(_V.household_id == key))  # type: ignore[attr-defined]
    ]
    found.sort(key=lambda item: (item.at, item.kind, item.id), reverse=True)
    return found


def _revisions(session: Session, key: int) -> list[Revision]:
    rows = _rows(
        session,
        select(RevisionRow.__table__)  # type: ignore[attr-defined]
        .where(_REV.household_id == key)
        .order_by(_REV.at.desc(), _REV.id.desc()),
    )
    return [
        Revision(
            id=row.id,
            at=row.at,
            staff=row.staff,
            kind=row.kind,
            record_id=row.record_id,
            action=row.action,
            changes={
                field: (change.get("from"), change.get("to"))
                for field, change in (row.changes or {}).items()
            },
            reason=row.reason,
        )
        for row in rows
    ]


class CaseFileService(Service):
    kind = N_("household")

    def open(self, household: int | str, *, page: int = 0, page_size: int = 20) -> CaseFile:
        """The case file of one household (id or code), the timeline's ``page`` (from 0)."""
        checks = self.context.checks()
        checks.number("page", page, low=0, high=1_000_000)
        checks.number("page_size", page_size, low=1, high=MAX_PAGE_SIZE)
        checks.done()
        with self.database.read() as session:
            row = visible_household(self, session, household, Permission.READ)
            assert row.id is not None
            key = row.id
            revisions = _revisions(session, key)
            corrected = {(revision.kind, revision.record_id) for revision in revisions}
            timeline = _timeline(session, key, corrected)
            consents = tuple(
                consent_record(consent)
                for consent in session.scalars(
                    select(Consent)
                    .where(col(Consent.household_id) == key)
                    .order_by(col(Consent.given_on).desc(), col(Consent.id).desc())
                ).all()
            )
            codes = former_codes(session, key)
        start = page * page_size
        shown = timeline[start : start + page_size]
        self.audit_read(
            row.office,
            record_id=key,
            records=1 + len(consents) + len(shown),
            household_ids=[key],
            detail="case file",
        )
        return CaseFile(
            household=household_record(row),
            former_codes=codes,
            consents=consents,
            timeline=tuple(shown),
            total=len(timeline),
            page=page,
            page_size=page_size,
            revisions=tuple(revisions),
        )
