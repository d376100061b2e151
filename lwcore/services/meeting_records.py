"""Round-table meetings as the services hand them out: frozen copies of the rows
(a meeting, its agreed actions), so the screens never hold the database's objects,
and the plugin's calendar joined with the meetings that have minutes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from attrs import frozen

from lwcore.db.models import AgreedAction, RoundTableMeeting
from lwcore.schedule import Meeting
from lwcore.services.rows import record_of


@frozen
class UpcomingMeeting:
    """A meeting from the plugin's series; ``recorded_*`` are set once minutes exist."""

    meeting: Meeting
    recorded_id: int | None
    recorded_version: int | None


@frozen
class MeetingRecord:
    """The record of one meeting that took place: who came, the minutes."""

    id: int
    version: int
    office: str
    series_key: str
    starts_at: datetime
    attendees: tuple[str, ...]
    minutes: str


@frozen
class ActionRecord:
    """An action agreed at a meeting; ``owner`` is who took it on."""

    id: int
    version: int
    meeting_id: int
    description: str
    owner: str
    due_on: date
    done_at: datetime | None


@frozen
class RecordedMeeting:
    meeting: MeetingRecord
    actions: tuple[ActionRecord, ...]


@frozen
class OpenAction:
    """An action not yet done, with the meeting it was agreed at."""

    action: ActionRecord
    series_key: str
    meeting_on: date


def recorded_meeting(
    meeting: RoundTableMeeting, actions: Iterable[AgreedAction]
) -> RecordedMeeting:
    return RecordedMeeting(
        record_of(MeetingRecord, meeting),
        tuple(record_of(ActionRecord, action) for action in actions),
    )


def upcoming_meeting(meeting: Meeting, row: RoundTableMeeting | None) -> UpcomingMeeting:
    """The plugin's meeting with the stored record of it, if minutes exist."""
    if row is None:
        return UpcomingMeeting(meeting, None, None)
    return UpcomingMeeting(meeting, row.id, row.version)
