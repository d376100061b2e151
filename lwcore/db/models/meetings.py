"""Round-table meetings (a dated occurrence of a plugin's series) and agreed actions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from lwcore.db.models.base import (
    KEY_LENGTH,
    MINUTES_LENGTH,
    NAME_LENGTH,
    NOTE_LENGTH,
    Stamped,
    code_list,
    timestamp,
)


class RoundTableMeeting(Stamped, table=True):
    """What happened at one meeting: who came, the minutes."""

    __tablename__ = "round_table_meeting"
    __table_args__ = (UniqueConstraint("office", "series_key", "starts_at"),)

    id: int | None = Field(default=None, primary_key=True)
    office: str = Field(max_length=KEY_LENGTH, index=True)
    series_key: str = Field(max_length=KEY_LENGTH)
    starts_at: datetime = timestamp()
    attendees: list[str] = code_list()
    minutes: str = Field(default="", max_length=MINUTES_LENGTH)


class AgreedAction(Stamped, table=True):
    """An action agreed at a meeting: who does what by when."""

    __tablename__ = "agreed_action"

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="round_table_meeting.id", ondelete="CASCADE", index=True)
    description: str = Field(max_length=NOTE_LENGTH)
    owner: str = Field(max_length=NAME_LENGTH)
    due_on: date
    done_at: datetime | None = timestamp(nullable=True)
