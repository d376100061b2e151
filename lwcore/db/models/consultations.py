"""Consultation hours: consultations, the walk-in waiting list, booked appointments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Index, text
from sqlmodel import Field, SQLModel

from lwcore.db.models.base import (
    KEY_LENGTH,
    NAME_LENGTH,
    NOTE_LENGTH,
    Stamped,
    check,
    record_key,
    timestamp,
)

OUTCOMES = ("solved", "referred", "follow_up")
VISITORS = ("refugee", "neighbour", "landlord", "volunteer", "other")
WALK_IN_STATES = ("waiting", "seen", "left")
APPOINTMENT_STATES = ("booked", "attended", "missed", "cancelled")


class Consultation(Stamped, table=True):
    """One conversation in consultation hours (a Beratungskontakt).

    ``household_id`` is empty for an anonymous quick contact, which is
    counted without creating a household; ``people`` counts who came. When
    a household is erased or purged, its consultations stay for the counts:
    ``household_id`` is cleared and ``former_household`` holds a random
    number shared by that household's consultations only, so "how many
    households" still adds up while nothing leads back to the person.
    """

    __tablename__ = "consultation"
    __table_args__ = (
        CheckConstraint(check("outcome", OUTCOMES), name="outcome"),
        CheckConstraint(check("visitor", VISITORS), name="visitor"),
        CheckConstraint("people >= 1", name="people"),
        Index("consultation_office_started", "office", "started_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    office: str = Field(max_length=KEY_LENGTH)
    place: str = Field(default="office", max_length=KEY_LENGTH)
    staff: str = Field(max_length=NAME_LENGTH)
    started_at: datetime = timestamp()
    language: str = Field(max_length=3)
    household_id: int | None = Field(
        default=None, foreign_key="household.id", ondelete="SET NULL", index=True
    )
    former_household: int | None = Field(default=None, sa_type=BigInteger)
    people: int = Field(default=1)
    visitor: str = Field(default="refugee", max_length=12)
    outcome: str = Field(max_length=12)
    note: str = Field(default="", max_length=NOTE_LENGTH)
    #: Withdrawn as a mistaken entry: kept and marked, no longer counted.
    voided_at: datetime | None = timestamp(nullable=True)
    void_reason: str | None = Field(default=None, max_length=NOTE_LENGTH)
    #: Random, fixed: the record key of the statistics' cell key method.
    cell_key: int | None = record_key()


class ConsultationTopic(SQLModel, table=True):
    """The topics of a consultation (one or more)."""

    __tablename__ = "consultation_topic"

    consultation_id: int = Field(
        foreign_key="consultation.id", ondelete="CASCADE", primary_key=True
    )
    topic: str = Field(max_length=KEY_LENGTH, primary_key=True, index=True)


class WalkIn(Stamped, table=True):
    """Someone waiting in open consultation hours, in order of arrival."""

    __tablename__ = "walk_in"
    __table_args__ = (
        CheckConstraint(check("status", WALK_IN_STATES), name="status"),
        Index("walk_in_office_status", "office", "status", "arrived_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    office: str = Field(max_length=KEY_LENGTH)
    place: str = Field(default="office", max_length=KEY_LENGTH)
    arrived_at: datetime = timestamp()
    label: str = Field(max_length=40)
    household_id: int | None = Field(
        default=None, foreign_key="household.id", ondelete="SET NULL", index=True
    )
    language: str = Field(max_length=3)
    topic: str | None = Field(default=None, max_length=KEY_LENGTH)
    status: str = Field(default="waiting", max_length=10)
    consultation_id: int | None = Field(
        default=None, foreign_key="consultation.id", ondelete="SET NULL"
    )


class Appointment(Stamped, table=True):
    """A booked slot in the office's appointment hours.

    One slot holds one booking: a second booking of the same place and time
    is refused by a unique index that ignores cancelled bookings.
    """

    __tablename__ = "appointment"
    __table_args__ = (
        CheckConstraint(check("status", APPOINTMENT_STATES), name="status"),
        Index(
            "appointment_one_per_slot",
            "office",
            "place",
            "starts_at",
            unique=True,
            sqlite_where=text("status != 'cancelled'"),
            postgresql_where=text("status != 'cancelled'"),
        ),
        Index("appointment_office_start", "office", "starts_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    office: str = Field(max_length=KEY_LENGTH)
    place: str = Field(default="office", max_length=KEY_LENGTH)
    starts_at: datetime = timestamp()
    duration_minutes: int = Field(default=30)
    household_id: int | None = Field(
        default=None, foreign_key="household.id", ondelete="SET NULL", index=True
    )
    label: str = Field(max_length=40)
    language: str = Field(max_length=3)
    topic: str | None = Field(default=None, max_length=KEY_LENGTH)
    status: str = Field(default="booked", max_length=10)
    note: str = Field(default="", max_length=NOTE_LENGTH)
