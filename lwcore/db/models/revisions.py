"""Corrections with their history: the earlier values of a record, kept on every change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index
from sqlmodel import Field, SQLModel

from lwcore.db.models.base import KEY_LENGTH, NOTE_LENGTH, check, timestamp

REVISION_KINDS = ("household", "consultation", "referral")
REVISION_ACTIONS = ("correct", "void", "merge", "handover")


class Revision(SQLModel, table=True):
    """One correction of a record: who, when, which fields from what to what, and why.

    ``changes`` maps each changed field to ``{"from": …, "to": …}`` (JSON
    values). ``household_id`` is the household the record belongs to, so the
    case file shows the history of everything about it, and erasing the
    household erases the earlier values too.
    """

    __tablename__ = "record_revision"
    __table_args__ = (
        CheckConstraint(check("kind", REVISION_KINDS), name="kind"),
        CheckConstraint(check("action", REVISION_ACTIONS), name="action"),
        Index("record_revision_record", "kind", "record_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = timestamp()
    staff: str = Field(max_length=KEY_LENGTH)
    office: str = Field(max_length=KEY_LENGTH)
    kind: str = Field(max_length=20)
    record_id: int
    household_id: int | None = Field(
        default=None, foreign_key="household.id", ondelete="CASCADE", index=True
    )
    action: str = Field(max_length=10)
    changes: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    reason: str = Field(default="", max_length=NOTE_LENGTH)
