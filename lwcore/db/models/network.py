"""The office's network: group offers, volunteers, integration barriers, suggestions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field

from lwcore.db.models.base import (
    KEY_LENGTH,
    NAME_LENGTH,
    NOTE_LENGTH,
    Stamped,
    check,
    code_list,
)
from lwcore.vocabulary import BARRIER_STATES, OFFER_KINDS, SUGGESTION_STATES

__all__ = [
    "BARRIER_STATES",
    "OFFER_KINDS",
    "SUGGESTION_STATES",
    "Barrier",
    "GroupOffer",
    "GroupSession",
    "Suggestion",
    "Volunteer",
]


class GroupOffer(Stamped, table=True):
    """A recurring group offer (language café, sport, cooking), counted by attendance."""

    __tablename__ = "group_offer"
    __table_args__ = (CheckConstraint(check("kind", OFFER_KINDS), name="kind"),)

    id: int | None = Field(default=None, primary_key=True)
    office: str = Field(max_length=KEY_LENGTH, index=True)
    title: str = Field(max_length=NAME_LENGTH)
    kind: str = Field(max_length=14)
    active: bool = True


class GroupSession(Stamped, table=True):
    """How many came to one session of a group offer."""

    __tablename__ = "group_session"
    __table_args__ = (
        UniqueConstraint("offer_id", "held_on"),
        CheckConstraint("attendance >= 0", name="attendance"),
    )

    id: int | None = Field(default=None, primary_key=True)
    offer_id: int = Field(foreign_key="group_offer.id", ondelete="CASCADE", index=True)
    held_on: date
    attendance: int


class Volunteer(Stamped, table=True):
    """Someone who helps: matched by language, topic and availability (weekdays)."""

    __tablename__ = "volunteer"

    id: int | None = Field(default=None, primary_key=True)
    office: str = Field(max_length=KEY_LENGTH, index=True)
    label: str = Field(max_length=NAME_LENGTH)
    languages: list[str] = code_list()
    topics: list[str] = code_list()
    availability: list[str] = code_list()
    active: bool = True


class Barrier(Stamped, table=True):
    """An integration barrier found in the work, tracked until resolved or escalated."""

    __tablename__ = "barrier"
    __table_args__ = (CheckConstraint(check("status", BARRIER_STATES), name="status"),)

    id: int | None = Field(default=None, primary_key=True)
    office: str = Field(max_length=KEY_LENGTH, index=True)
    topic: str = Field(max_length=KEY_LENGTH)
    description: str = Field(max_length=NOTE_LENGTH)
    found_at: str = Field(max_length=NAME_LENGTH)
    status: str = Field(default="open", max_length=12)
    resolution: str = Field(default="", max_length=NOTE_LENGTH)


class Suggestion(Stamped, table=True):
    """A citizen's suggestion or wish (Anregungen und Wünsche)."""

    __tablename__ = "suggestion"
    __table_args__ = (CheckConstraint(check("status", SUGGESTION_STATES), name="status"),)

    id: int | None = Field(default=None, primary_key=True)
    office: str = Field(max_length=KEY_LENGTH, index=True)
    received_on: date
    text: str = Field(max_length=NOTE_LENGTH)
    status: str = Field(default="new", max_length=10)
    response: str = Field(default="", max_length=NOTE_LENGTH)
