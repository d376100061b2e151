"""Appointments: booked slots in an office's appointment hours.

People often wait up to two weeks for an appointment, so offices hand out
fixed slots: each appointment block of the consultation hours (a block with
``walk_in = false``) is cut into slots of ``slot_minutes``. A slot is free
unless a booking that is not cancelled holds it; there are no slots in the
past or on a public holiday. The unique index ``appointment_one_per_slot``
keeps two colleagues from booking the same slot at the same moment.

A booking holds the label of a person: reading or changing one is checked
against the acting staff member's office and audited. Free slots say
nothing about anyone, so they need the office's READ access but leave no
audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from attrs import frozen
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from lwcore.db.models import Appointment
from lwcore.db.models.base import NOTE_LENGTH
from lwcore.directory import OfficeEntry
from lwcore.i18n import N_
from lwcore.records import ConsultationHours
from lwcore.schedule import PublicHolidays
from lwcore.services.access import Permission
from lwcore.services.base import (
    Service,
    ServiceContext,
    save_versioned,
)
from lwcore.services.checks import Checks
from lwcore.services.errors import Conflict
from lwcore.services.household_lookup import household_field
from lwcore.services.messages import (
    GERMAN_DAY,
    GERMAN_MOMENT,
    Formatted,
    Listing,
    Message,
    opening_hours,
    place_term,
    status_term,
)
from lwcore.services.rows import record_of
from lwcore.services.waiting import check_visitor
from lwcore.vocabulary import WEEKDAYS

#: How an appointment that was booked ends, as staff record it afterwards.
OUTCOMES = ("attended", "missed")
#: The unique index that holds one booking per slot (see the Appointment model).
SLOT_INDEX = "appointment_one_per_slot"
#: The longest look ahead ``next_free_slots`` allows: booking is weeks ahead, not years.
MAX_DAYS_AHEAD = 366
MAX_SLOTS_LISTED = 500


@frozen
class Slot:
    """One bookable time of an appointment block, in the deployment's zone."""

    place: str
    starts_at: datetime
    duration_minutes: int

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def key(self) -> tuple[str, datetime]:
        """Place and UTC start: compares equal to a stored booking of the same slot."""
        return self.place, self.starts_at.astimezone(UTC)


@frozen
class AppointmentRecord:
    """A booking as the hours screen lists it."""

    id: int
    version: int
    office: str
    place: str
    starts_at: datetime
    duration_minutes: int
    household_id: int | None
    label: str
    language: str
    topic: str | None
    status: str
    note: str


def appointment_blocks(
    entry: OfficeEntry, day: date, place: str | None = None
) -> list[ConsultationHours]:
    """The office's appointment blocks on ``day``'s weekday (at ``place``, if given)."""
    weekday = WEEKDAYS[day.weekday()]
    return [
        block
        for block in entry.hours
        if not block.walk_in
        and block.weekday == weekday
        and (place is None or block.place == place)
    ]


def cut_into_slots(block: ConsultationHours, day: date, zone: tzinfo) -> list[Slot]:
    """The block's slots on ``day``; a remainder shorter than a slot is no slot."""
    start = datetime.combine(day, block.start, tzinfo=zone)
    end = datetime.combine(day, block.end, tzinfo=zone)
    length = timedelta(minutes=block.slot_minutes)
    slots = []
    while start + length <= end:
        slots.append(Slot(block.place, start, block.slot_minutes))
        start += length
    return slots


def describe_blocks(blocks: Iterable[ConsultationHours]) -> Listing:
    """The blocks as staff read them, for an error message."""
    return Listing(
        [
            Message.of(
                N_("{hours}, every {minutes} minutes"),
                hours=opening_hours(block),
                minutes=block.slot_minutes,
            )
            for block in blocks
        ],
        "; ",
        Message(N_("there are none")),
    )


class AppointmentService(Service):
    kind = N_("appointment")

    def __init__(self, context: ServiceContext) -> None:
        super().__init__(context)
        self.holidays = PublicHolidays(subdivision=context.directory.deployment.holiday_subdivision)

    def free_slots(self, office: str, day: date, *, place: str | None = None) -> list[Slot]:
        """The slots of ``day`` that can still be booked, earliest first."""
        checks = self.context.checks()
        checks.day("day", day)
        entry = self._office_entry(office, place, checks)
        return self._free_between(entry, day, day, place)

    def next_free_slots(
        self,
        office: str,
        *,
        limit: int = 10,
        days: int = 21,
        place: str | None = None,
    ) -> list[Slot]:
        """The first ``limit`` free slots from today on, looking ``days`` days ahead
        (today included): what staff offer someone asking for an appointment."""
        checks = self.context.checks()
        checks.number("limit", limit, low=1, high=MAX_SLOTS_LISTED)
        checks.number("days", days, low=1, high=MAX_DAYS_AHEAD)
        entry = self._office_entry(office, place, checks)
        today = self.context.today()
        return self._free_between(entry, today, today + timedelta(days=days - 1), place)[:limit]

    def book(
        self,
        *,
        office: str,
        starts_at: datetime | str,
        label: str,
        language: str,
        household_id: int | None = None,
        topic: str | None = None,
        place: str = "office",
        note: str = "",
    ) -> AppointmentRecord:
        """Book the free slot that starts at ``starts_at``.

        Raises InvalidInput when the time is no slot at all (past, outside the
        appointment hours, a public holiday) and Conflict when the slot is taken,
        also when a colleague booked it a moment earlier.
        """
        checks = self.context.checks()
        entry = checks.office("office", office)
        if entry is not None:  # an unknown office is a field error, named below
            self.require(Permission.CHANGE, office)
        checks.place("place", entry, place)
        label = check_visitor(checks, label=label, language=language, topic=topic)
        note = checks.text("note", note, NOTE_LENGTH)
        start = checks.moment("starts_at", starts_at, self.context.zone)
        slot = None
        if entry is not None and start is not None and place in entry.office.place_keys():
            slot = self._slot_starting(checks, entry, place, start)
        now = self.context.now()
        with self.database.write() as session:
            household_field(self, checks, session, office, household_id)
            checks.done()
            assert slot is not None
            if slot.key in booked_slots(session, office, slot.starts_at, slot.ends_at):
                raise Conflict(self._taken_message(office, slot))
            appointment = Appointment(
                office=office,
                place=slot.place,
                starts_at=slot.starts_at,
                duration_minutes=slot.duration_minutes,
                household_id=household_id,
                label=label,
                language=language,
                topic=topic,
                note=note,
                created_at=now,
                updated_at=now,
            )
            session.add(appointment)
            try:
                session.flush()
            except IntegrityError as error:
                if not is_slot_clash(error):
                    raise
                raise Conflict(self._taken_message(office, slot)) from error
            self.audit_change(
                session,
                office,
                action="create",
                record_id=appointment.id,
                household_ids=[household_id],
            )
            return record_of(AppointmentRecord, appointment)

    def cancel(self, appointment_id: int, expected_version: int) -> AppointmentRecord:
        """Give the slot back; the cancelled booking stays on record."""
        return self._close(appointment_id, expected_version, "cancelled")

    def mark(self, appointment_id: int, expected_version: int, status: str) -> AppointmentRecord:
        """Record whether the person came (``attended``) or not (``missed``), once the
        appointment has begun."""
        checks = self.context.checks()
        checks.choice("status", status, OUTCOMES)
        checks.done()
        return self._close(appointment_id, expected_version, status)

    def for_day(
        self, office: str, day: date, *, include_cancelled: bool = False
    ) -> list[AppointmentRecord]:
        """The day's bookings by start time: the office's appointment list."""
        checks = self.context.checks()
        checks.day("day", day)
        self._office_entry(office, None, checks)
        start = datetime.combine(day, time(), tzinfo=self.context.zone)
        query = (
            select(Appointment)
            .where(Appointment.office == office)
            .where(Appointment.starts_at >= start)
            .where(Appointment.starts_at < start + timedelta(days=1))
            .order_by(col(Appointment.starts_at), col(Appointment.place), col(Appointment.id))
        )
        if not include_cancelled:
            query = query.where(Appointment.status != "cancelled")
        with self.database.read() as session:
            rows = [record_of(AppointmentRecord, row) for row in session.exec(query)]
        self.audit_read(
            office,
            records=len(rows),
            household_ids=[row.household_id for row in rows],
            detail=f"appointments of {day:%Y-%m-%d}",
        )
        return rows

    def get(self, appointment_id: int) -> AppointmentRecord:
        with self.database.read() as session:
            row = record_of(
                AppointmentRecord,
                self.load(session, Appointment, appointment_id, Permission.READ),
            )
        self.audit_read(row.office, record_id=appointment_id, household_ids=[row.household_id])
        return row

    def _close(self, appointment_id: int, expected_version: int, status: str) -> AppointmentRecord:
        """Move a booking on to ``status``; only a booking still open can move."""
        with self.database.write() as session:
            row = self.load(
                session,
                Appointment,
                appointment_id,
                Permission.CHANGE,
                expected_version=expected_version,
            )
            if row.status != "booked":
                raise Conflict(
                    N_("appointment {id} is {status}, not booked: it cannot become {wanted}"),
                    id=appointment_id,
                    status=status_term(row.status),
                    wanted=status_term(status),
                )
            if status in OUTCOMES and row.starts_at > self.context.now():
                starts = row.starts_at.astimezone(self.context.zone)
                checks = self.context.checks()
                checks.fail(
                    "status",
                    N_("the appointment starts {starts}: not yet"),
                    starts=Formatted(starts, GERMAN_MOMENT),
                )
                checks.done()
            save_versioned(
                session, row, expected_version, self.kind, self.context.now(), status=status
            )
            self.audit_change(
                session,
                row.office,
                record_id=appointment_id,
                household_ids=[row.household_id],
                detail=status,
            )
            return record_of(AppointmentRecord, row)

    def _office_entry(
        self, office: str, place: str | None, checks: Checks | None = None
    ) -> OfficeEntry:
        """The office (and place) of a query, refused with the field named when unknown,
        and refused (AccessDenied) when the acting staff member may not read it."""
        checks = checks or self.context.checks()
        entry = checks.office("office", office)
        if entry is not None:
            self.require(Permission.READ, office)
        if place is not None:
            checks.place("place", entry, place)
        checks.done()
        assert entry is not None
        return entry

    def _planned_slots(self, entry: OfficeEntry, day: date, place: str | None) -> list[Slot]:
        """Every slot of the day's appointment blocks, booked or not; none on a holiday."""
        if self.holidays.name(day) is not None:
            return []
        slots = [
            slot
            for block in appointment_blocks(entry, day, place)
            for slot in cut_into_slots(block, day, self.context.zone)
        ]
        return sorted(slots, key=lambda slot: (slot.starts_at, slot.place))

    def _free_between(
        self, entry: OfficeEntry, first: date, last: date, place: str | None
    ) -> list[Slot]:
        """Free slots from ``first`` to ``last`` (inclusive), with one query for the bookings."""
        now = self.context.now()
        upcoming = [
            slot
            for offset in range((last - first).days + 1)
            for slot in self._planned_slots(entry, first + timedelta(days=offset), place)
            if slot.starts_at >= now
        ]
        if not upcoming:
            return []
        with self.database.read() as session:
            taken = booked_slots(session, entry.slug, upcoming[0].starts_at, upcoming[-1].ends_at)
        return [slot for slot in upcoming if slot.key not in taken]

    def _slot_starting(
        self, checks: Checks, entry: OfficeEntry, place: str, start: datetime
    ) -> Slot | None:
        """The slot that begins at ``start``, or None with the reason on ``starts_at``."""
        local = start.astimezone(self.context.zone)
        if local < self.context.now():
            checks.fail(
                "starts_at", N_("{start} lies in the past"), start=Formatted(local, GERMAN_MOMENT)
            )
            return None
        holiday = self.holidays.name(local.date())
        if holiday is not None:
            checks.fail(
                "starts_at",
                N_("{day} is a public holiday ({holiday}): no appointments"),
                day=Formatted(local.date(), GERMAN_DAY),
                holiday=holiday,
            )
            return None
        for slot in self._planned_slots(entry, local.date(), place):
            if slot.starts_at == local:
                return slot
        hours = describe_blocks(
            block for block in entry.hours if not block.walk_in and block.place == place
        )
        checks.fail(
            "starts_at",
            N_(
                "{start} is not the start of a slot in the appointment hours "
                "of {office} at {place} ({hours})"
            ),
            start=Formatted(local, f"%a {GERMAN_MOMENT}"),
            office=entry.slug,
            place=place_term(place),
            hours=hours,
        )
        return None

    def _taken_message(self, office: str, slot: Slot) -> Message:
        local = slot.starts_at.astimezone(self.context.zone)
        return Message.of(
            N_("the slot {start} at {place} of {office} is already booked"),
            start=Formatted(local, GERMAN_MOMENT),
            place=place_term(slot.place),
            office=office,
        )


def booked_slots(
    session: Session, office: str, start: datetime, end: datetime
) -> set[tuple[str, datetime]]:
    """(place, UTC start) of every booking in [start, end) that holds its slot."""
    query = (
        select(Appointment.place, Appointment.starts_at)
        .where(Appointment.office == office)
        .where(Appointment.starts_at >= start, Appointment.starts_at < end)
        .where(Appointment.status != "cancelled")
    )
    return {(place, starts_at.astimezone(UTC)) for place, starts_at in session.exec(query)}


def is_slot_clash(error: IntegrityError) -> bool:
    """Whether the insert broke the one-booking-per-slot index.

    PostgreSQL names the index in its message; SQLite names the columns.
    """
    message = str(error.orig)
    return SLOT_INDEX in message or (
        "UNIQUE constraint failed: appointment.office, appointment.place" in message
    )
