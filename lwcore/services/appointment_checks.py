"""The refusals a booking can meet, each naming what staff can do about it: a start
that is no slot (past, a public holiday, outside the appointment hours, between
slots), a slot already taken (seen before the insert, or by the unique index
``appointment_one_per_slot`` when a colleague booked it a moment earlier), an
outcome that is not one."""

from __future__ import annotations

from datetime import datetime, tzinfo

from sqlalchemy.exc import IntegrityError

from lwcore.directory import OfficeEntry
from lwcore.i18n import N_
from lwcore.schedule import PublicHolidays
from lwcore.services.appointment_slots import Slot, describe_blocks, planned_slots
from lwcore.services.checks import Checks
from lwcore.services.messages import GERMAN_DAY, GERMAN_MOMENT, Formatted, Message, place_term

#: How an appointment that was booked ends, as staff record it afterwards.
OUTCOMES = ("attended", "missed")
#: The unique index that holds one booking per slot (see the Appointment model).
SLOT_INDEX = "appointment_one_per_slot"


def slot_starting(
    checks: Checks,
    entry: OfficeEntry,
    place: str,
    start: datetime,
    *,
    now: datetime,
    zone: tzinfo,
    holidays: PublicHolidays,
) -> Slot | None:
    """The slot that begins at ``start``, or None with the reason on ``starts_at``."""
    local = start.astimezone(zone)
    if local < now:
        checks.fail(
            "starts_at", N_("{start} lies in the past"), start=Formatted(local, GERMAN_MOMENT)
        )
        return None
    holiday = holidays.name(local.date())
    if holiday is not None:
        checks.fail(
            "starts_at",
            N_("{day} is a public holiday ({holiday}): no appointments"),
            day=Formatted(local.date(), GERMAN_DAY),
            holiday=holiday,
        )
        return None
    for slot in planned_slots(entry, local.date(), place, zone, holidays):
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


def taken_message(office: str, slot: Slot, zone: tzinfo) -> Message:
    """Why a booking of ``slot`` is refused: someone holds it."""
    local = slot.starts_at.astimezone(zone)
    return Message.of(
        N_("the slot {start} at {place} of {office} is already booked"),
        start=Formatted(local, GERMAN_MOMENT),
        place=place_term(slot.place),
        office=office,
    )


def is_slot_clash(error: IntegrityError) -> bool:
    """Whether the insert broke the one-booking-per-slot index.

    PostgreSQL names the index in its message; SQLite names the columns.
    """
    message = str(error.orig)
    return SLOT_INDEX in message or (
        "UNIQUE constraint failed: appointment.office, appointment.place" in message
    )
