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

The slots are worked out in lwcore.services.appointment_slots, a booking's
refusals in lwcore.services.appointment_checks; the record handed out is
lwcore.services.appointment_records'.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from lwcore.db.models import Appointment
from lwcore.db.models.base import NOTE_LENGTH
from lwcore.directory import OfficeEntry
from lwcore.i18n import N_
from lwcore.services.access import Permission
from lwcore.services.appointment_checks import (
    OUTCOMES,
    is_slot_clash,
    slot_starting,
    taken_message,
)
from lwcore.services.appointment_records import AppointmentRecord, appointment_record
from lwcore.services.appointment_slots import Slot, booked_slots, upcoming_slots
from lwcore.services.base import Service, ServiceContext, save_versioned
from lwcore.services.checks import Checks
from lwcore.services.errors import Conflict
from lwcore.services.household_lookup import household_field
from lwcore.services.messages import GERMAN_MOMENT, Formatted, status_term
from lwcore.services.waiting import check_visitor

__all__ = [
    "MAX_DAYS_AHEAD",
    "MAX_SLOTS_LISTED",
    "AppointmentRecord",
    "AppointmentService",
    "Slot",
]

#: The longest look ahead ``next_free_slots`` allows: booking is weeks ahead, not years.
MAX_DAYS_AHEAD = 366
MAX_SLOTS_LISTED = 500


class AppointmentService(Service):
    kind = N_("appointment")

    def __init__(self, context: ServiceContext) -> None:
        super().__init__(context)
        self.holidays = context.directory.public_holidays

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
            slot = slot_starting(
                checks,
                entry,
                place,
                start,
                now=self.context.now(),
                zone=self.context.zone,
                holidays=self.holidays,
            )
        now = self.context.now()
        with self.database.write() as session:
            household_field(self, checks, session, office, household_id)
            checks.done()
            assert slot is not None
            if slot.key in booked_slots(session, office, slot.starts_at, slot.ends_at):
                raise Conflict(taken_message(office, slot, self.context.zone))
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
                raise Conflict(taken_message(office, slot, self.context.zone)) from error
            self.audit_change(
                session,
                office,
                action="create",
                record_id=appointment.id,
                household_ids=[household_id],
            )
            return appointment_record(appointment)

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
            rows = [appointment_record(row) for row in session.exec(query)]
        self.audit_read(
            office,
            records=len(rows),
            household_ids=[row.household_id for row in rows],
            detail=f"appointments of {day:%Y-%m-%d}",
        )
        return rows

    def get(self, appointment_id: int) -> AppointmentRecord:
        with self.database.read() as session:
            row = appointment_record(
                self.load(session, Appointment, appointment_id, Permission.READ)
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
            return appointment_record(row)

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

    def _free_between(
        self, entry: OfficeEntry, first: date, last: date, place: str | None
    ) -> list[Slot]:
        """Free slots from ``first`` to ``last`` (inclusive), with one query for the bookings."""
        upcoming = upcoming_slots(
            entry, first, last, place, self.context.zone, self.holidays, after=self.context.now()
        )
        if not upcoming:
            return []
        with self.database.read() as session:
            taken = booked_slots(session, entry.slug, upcoming[0].starts_at, upcoming[-1].ends_at)
        return [slot for slot in upcoming if slot.key not in taken]
