"""Slots: what an office's appointment hours offer on a day, worked out from the
consultation hours and the public holidays, and which of them bookings hold.

Each appointment block of the consultation hours (a block with ``walk_in =
false``) is cut into slots of ``slot_minutes``; a remainder shorter than a slot
is no slot, and a public holiday has none. A slot is free unless a booking that
is not cancelled holds it. Nothing here checks access or writes the audit
trail: the appointment service does, around these."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, tzinfo

from attrs import frozen
from sqlmodel import Session, select

from lwcore.db.models import Appointment
from lwcore.directory import OfficeEntry
from lwcore.i18n import N_
from lwcore.records import ConsultationHours
from lwcore.schedule import PublicHolidays
from lwcore.services.messages import Listing, Message, opening_hours
from lwcore.vocabulary import WEEKDAYS


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


def planned_slots(
    entry: OfficeEntry, day: date, place: str | None, zone: tzinfo, holidays: PublicHolidays
) -> list[Slot]:
    """Every slot of the day's appointment blocks, booked or not; none on a holiday."""
    if holidays.name(day) is not None:
        return []
    slots = [
        slot
        for block in appointment_blocks(entry, day, place)
        for slot in cut_into_slots(block, day, zone)
    ]
    return sorted(slots, key=lambda slot: (slot.starts_at, slot.place))


def upcoming_slots(
    entry: OfficeEntry,
    first: date,
    last: date,
    place: str | None,
    zone: tzinfo,
    holidays: PublicHolidays,
    *,
    after: datetime,
) -> list[Slot]:
    """The planned slots from ``first`` to ``last`` (inclusive) that start at
    ``after`` or later, earliest first."""
    return [
        slot
        for offset in range((last - first).days + 1)
        for slot in planned_slots(entry, first + timedelta(days=offset), place, zone, holidays)
        if slot.starts_at >= after
    ]


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
