"""The walk-in waiting list of open consultation hours, in order of arrival.

Someone who comes in is added with a short label (a first name, "woman with
pram") so staff can call them; they leave the list when a consultation is
recorded for them (``ConsultationService.record(..., walk_in=(id, version))``
marks them seen) or when they go home without being seen.

The label names a person, so every read and change of the list is checked
against the acting staff member's office and leaves one audit entry.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from attrs import frozen
from sqlmodel import col, select

from lwcore.db.models import WalkIn
from lwcore.directory import OfficeEntry
from lwcore.i18n import N_
from lwcore.schedule import PublicHolidays
from lwcore.services.access import Permission
from lwcore.services.base import Service, load_versioned, save_versioned
from lwcore.services.checks import Checks
from lwcore.services.errors import Conflict
from lwcore.services.household_lookup import household_field
from lwcore.services.messages import Message, listing, opening_hours, status_term
from lwcore.services.rows import record_of
from lwcore.vocabulary import WEEKDAYS

#: The label column's width: enough for a first name or a short description.
LABEL_LENGTH = 40


@frozen
class WalkInRecord:
    """Someone on (or once on) the waiting list, as the hours screen lists them."""

    id: int
    version: int
    office: str
    place: str
    arrived_at: datetime
    label: str
    household_id: int | None
    language: str
    topic: str | None
    status: str
    consultation_id: int | None


def check_visitor(checks: Checks, *, label: str, language: str, topic: str | None) -> str:
    """Check who is waiting or booked (the label staff call them by, their
    language, what they come about); returns the label without outer spaces."""
    label = checks.text("label", label, LABEL_LENGTH, required=True)
    checks.language("language", language)
    if topic is not None:
        checks.topic("topic", topic)
    return label


class WaitingListService(Service):
    kind = N_("walk-in")

    def add(
        self,
        *,
        office: str,
        label: str,
        language: str,
        topic: str | None = None,
        household_id: int | None = None,
        place: str = "office",
        outside_hours: bool = False,
    ) -> WalkInRecord:
        """Put someone who just came in at the end of today's list.

        Outside the office's hours (or on a public holiday) staff confirm it first
        (``outside_hours``): a walk-in then is rare enough to be a typing slip.
        """
        checks = self.context.checks()
        entry = checks.office("office", office)
        if entry is not None:  # an unknown office is a field error, named below
            self.require(Permission.CHANGE, office)
        checks.place("place", entry, place)
        label = check_visitor(checks, label=label, language=language, topic=topic)
        now = self.context.now()
        if entry is not None and not outside_hours:
            closed = self._closed(entry, place, now)
            if closed:
                checks.fail("outside_hours", closed)
        with self.database.write() as session:
            household_field(self, checks, session, office, household_id)
            checks.done()
            walk_in = WalkIn(
                office=office,
                place=place,
                arrived_at=now,
                label=label,
                household_id=household_id,
                language=language,
                topic=topic,
                created_at=now,
                updated_at=now,
            )
            session.add(walk_in)
            session.flush()
            self.audit_change(
                session,
                office,
                action="create",
                record_id=walk_in.id,
                household_ids=[household_id],
            )
            return record_of(WalkInRecord, walk_in)

    def waiting(self, office: str, *, place: str | None = None) -> list[WalkInRecord]:
        """Who is still waiting today, first come first served.

        Only today's arrivals count: an entry nobody closed yesterday is not
        someone sitting in the office now.
        """
        checks = self.context.checks()
        entry = checks.office("office", office)
        if entry is not None:
            self.require(Permission.READ, office)
        if place is not None:
            checks.place("place", entry, place)
        checks.done()
        start, end = self._today()
        query = (
            select(WalkIn)
            .where(WalkIn.office == office, WalkIn.status == "waiting")
            .where(WalkIn.arrived_at >= start, WalkIn.arrived_at < end)
            .order_by(col(WalkIn.arrived_at), col(WalkIn.id))
        )
        if place is not None:
            query = query.where(WalkIn.place == place)
        with self.database.read() as session:
            rows = [record_of(WalkInRecord, row) for row in session.exec(query)]
        self.audit_read(
            office,
            records=len(rows),
            household_ids=[row.household_id for row in rows],
            detail="waiting list",
        )
        return rows

    def leave(self, walk_in_id: int, expected_version: int) -> WalkInRecord:
        """Take someone off the list who went without being seen."""
        with self.database.write() as session:
            row = self.load(session, WalkIn, walk_in_id, Permission.CHANGE)
            load_versioned(session, WalkIn, walk_in_id, expected_version, self.kind)
            if row.status != "waiting":
                raise Conflict(
                    N_("walk-in {id} is no longer waiting ({status})"),
                    id=walk_in_id,
                    status=status_term(row.status),
                )
            save_versioned(
                session, row, expected_version, self.kind, self.context.now(), status="left"
            )
            self.audit_change(
                session,
                row.office,
                record_id=walk_in_id,
                household_ids=[row.household_id],
                detail="left without being seen",
            )
            return record_of(WalkInRecord, row)

    def get(self, walk_in_id: int) -> WalkInRecord:
        with self.database.read() as session:
            row = record_of(WalkInRecord, self.load(session, WalkIn, walk_in_id, Permission.READ))
        self.audit_read(row.office, record_id=walk_in_id, household_ids=[row.household_id])
        return row

    def _closed(self, entry: OfficeEntry, place: str, now: datetime) -> Message | None:
        """Why ``now`` lies outside the office's hours at ``place`` (None: it does not)."""
        holiday = PublicHolidays(
            subdivision=self.context.directory.deployment.holiday_subdivision
        ).name(now.date())
        if holiday:
            return Message.of(
                N_("today is a public holiday ({holiday}): add anyway?"), holiday=holiday
            )
        weekday = WEEKDAYS[now.weekday()]
        blocks = [block for block in entry.hours if block.place == place]
        if any(
            block.weekday == weekday and block.start <= now.time() < block.end for block in blocks
        ):
            return None
        hours = listing((opening_hours(block) for block in blocks), "; ")
        return Message.of(
            N_("{time} lies outside the office's hours ({hours}): add anyway?"),
            time=now.time(),
            hours=hours,
        )

    def _today(self) -> tuple[datetime, datetime]:
        """[midnight, next midnight) of the local day, so the list empties overnight."""
        today = self.context.today()
        zone = self.context.zone
        return (
            datetime.combine(today, time(), tzinfo=zone),
            datetime.combine(today + timedelta(days=1), time(), tzinfo=zone),
        )
