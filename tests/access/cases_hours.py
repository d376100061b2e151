"""Access cases of the consultation hours: the waiting list and the appointments hold a
person's label, so each call about them is audited once; free slots name nobody, so
they are checked per office but not audited."""

from __future__ import annotations

from datetime import date, datetime

from attrs import frozen

from lwcore.db.models import Appointment, Household, WalkIn
from lwcore.services import FrozenClock, Services
from lwcore.services.appointments import Slot
from tests.access.case import AccessCase
from tests.access.cases_households import household


@frozen
class Booking:
    """A household of the office and the first slot it could book."""

    household: Household
    slot: Slot


def walk_in(services: Services, office: str) -> WalkIn:
    return services.waiting.add(
        office=office,
        label="Amina",
        language="ar",
        household_id=household(services, office).id,
        outside_hours=True,  # the tests' clock is a Friday morning
    )


def free_slot(services: Services, office: str) -> Booking:
    return Booking(household(services, office), _first_free(services, office))


def appointment(services: Services, office: str) -> Appointment:
    return book(services, office, free_slot(services, office))


def _first_free(services: Services, office: str) -> Slot:
    return services.appointments.next_free_slots(office, limit=1, days=14)[0]


def book(services: Services, office: str, booking: Booking) -> Appointment:
    return services.appointments.book(
        office=office,
        starts_at=booking.slot.starts_at,
        label="Familie Haddad",
        language="ar",
        household_id=booking.household.id,
    )


def services_at(services: Services, moment: datetime) -> Services:
    """The same services at ``moment``: what is marked done or missed has begun."""
    context = services.context
    return Services(context.database, context.directory, FrozenClock(moment), actor=context.actor)


def _day_of(services: Services, row: Appointment) -> date:
    """The local day of a booking."""
    return row.starts_at.astimezone(services.context.zone).date()


CASES = [
    AccessCase(
        "WaitingListService.add",
        household,
        lambda services, office, row: services.waiting.add(
            office=office, label="Bilal", language="fa", household_id=row.id, outside_hours=True
        ),
    ),
    AccessCase(
        "WaitingListService.waiting",
        walk_in,
        lambda services, office, row: services.waiting.waiting(office),
    ),
    AccessCase(
        "WaitingListService.leave",
        walk_in,
        lambda services, office, row: services.waiting.leave(row.id, row.version),
        by_id=True,
    ),
    AccessCase(
        "WaitingListService.get",
        walk_in,
        lambda services, office, row: services.waiting.get(row.id),
        by_id=True,
    ),
    AccessCase(
        "AppointmentService.free_slots",
        appointment,
        lambda services, office, row: services.appointments.free_slots(
            office, _day_of(services, row)
        ),
        audit_entries=0,
    ),
    AccessCase(
        "AppointmentService.next_free_slots",
        appointment,
        lambda services, office, row: services.appointments.next_free_slots(office),
        audit_entries=0,
    ),
    AccessCase(
        "AppointmentService.book",
        free_slot,
        book,
    ),
    AccessCase(
        "AppointmentService.cancel",
        appointment,
        lambda services, office, row: services.appointments.cancel(row.id, row.version),
        by_id=True,
    ),
    AccessCase(
        "AppointmentService.mark",
        appointment,
        lambda services, office, row: services_at(services, row.starts_at).appointments.mark(
            row.id, row.version, "missed"
        ),
        by_id=True,
    ),
    AccessCase(
        "AppointmentService.for_day",
        appointment,
        lambda services, office, row: services.appointments.for_day(office, _day_of(services, row)),
    ),
    AccessCase(
        "AppointmentService.get",
        appointment,
        lambda services, office, row: services.appointments.get(row.id),
        by_id=True,
    ),
]
