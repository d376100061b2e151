"""A booking as the services hand it out: a frozen copy of the row, for the hours
screen, the appointment slip and the access cases alike, so none of them holds the
database's object."""

from __future__ import annotations

from datetime import datetime

from attrs import frozen

from lwcore.db.models import Appointment
from lwcore.services.rows import record_of


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


def appointment_record(row: Appointment) -> AppointmentRecord:
    return record_of(AppointmentRecord, row)
