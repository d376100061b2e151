"""Welcome home visits to households that have just moved in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field

from lwcore.db.models.base import (
    KEY_LENGTH,
    NAME_LENGTH,
    NOTE_LENGTH,
    Stamped,
    check,
    record_key,
    timestamp,
)

VISIT_STATES = ("planned", "done", "cancelled")


class HomeVisit(Stamped, table=True):
    """A Willkommens-Hausbesuch: planned, then done (with a short note) or cancelled."""

    __tablename__ = "home_visit"
    __table_args__ = (
        CheckConstraint(check("status", VISIT_STATES), name="status"),
        Index("home_visit_office_planned", "office", "planned_for"),
    )

    id: int | None = Field(default=None, primary_key=True)
    office: str = Field(max_length=KEY_LENGTH)
    household_id: int | None = Field(
        default=None, foreign_key="household.id", ondelete="SET NULL", index=True
    )
    planned_for: datetime = timestamp()
    staff: str = Field(max_length=NAME_LENGTH)
    second_staff: str | None = Field(default=None, max_length=NAME_LENGTH)
    language: str = Field(max_length=3)
    status: str = Field(default="planned", max_length=10)
    note: str = Field(default="", max_length=NOTE_LENGTH)
    done_at: datetime | None = timestamp(nullable=True)
    cancel_reason: str | None = Field(default=None, max_length=NOTE_LENGTH)
    #: Random, fixed: the record key of the statistics' cell key method.
    cell_key: int | None = record_key()
