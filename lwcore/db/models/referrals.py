"""Referrals to cooperation partners, followed up until the partner reports back."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, false
from sqlmodel import Field

from lwcore.db.models.base import KEY_LENGTH, NOTE_LENGTH, Stamped, check, record_key, timestamp

REFERRAL_STATES = ("open", "accepted", "done", "unsuccessful", "withdrawn")
CLOSED_STATES = ("done", "unsuccessful", "withdrawn")


class Referral(Stamped, table=True):
    """A matter handed to a partner (``partner_key`` is the plugin's stable key).

    ``anonymous``: the partner gets the matter without the person's data,
    because the household has not consented to this partner (see Consent).
    The office still follows it up by its own link to the household.
    """

    __tablename__ = "referral"
    __table_args__ = (
        CheckConstraint(check("status", REFERRAL_STATES), name="status"),
        CheckConstraint("status != 'unsuccessful' OR reason IS NOT NULL", name="reason_required"),
        Index("referral_office_status_due", "office", "status", "follow_up_on"),
        Index("referral_office_created", "office", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    office: str = Field(max_length=KEY_LENGTH)
    consultation_id: int | None = Field(
        default=None, foreign_key="consultation.id", ondelete="SET NULL", index=True
    )
    household_id: int | None = Field(
        default=None, foreign_key="household.id", ondelete="SET NULL", index=True
    )
    partner_key: str = Field(max_length=KEY_LENGTH, index=True)
    anonymous: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    topic: str = Field(max_length=KEY_LENGTH)
    status: str = Field(default="open", max_length=14)
    follow_up_on: date
    reason: str | None = Field(default=None, max_length=NOTE_LENGTH)
    partner_feedback: str = Field(default="", max_length=NOTE_LENGTH)
    closed_at: datetime | None = timestamp(nullable=True)
    #: Withdrawn as a mistaken entry (not the closing state "withdrawn", where the
    #: household took the matter back): kept and marked, no longer counted.
    voided_at: datetime | None = timestamp(nullable=True)
    void_reason: str | None = Field(default=None, max_length=NOTE_LENGTH)
    #: Random, fixed: the record key of the statistics' cell key method.
    cell_key: int | None = record_key()
