"""Access cases of the round-table service: checked per office; minutes, attendees
and agreed actions name people, so each call about them is audited once (the
calendar of upcoming meetings names nobody)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from lwcore.services import Services
from lwcore.services.meetings import ActionRequest, RecordedMeeting
from tests.access.case import AccessCase
from tests.conftest import NOW

#: The period in which every shipped office has held at least one round table.
LOOK_BACK = timedelta(days=60)


def held_meeting(services: Services, office: str) -> Any:
    """The office's most recent round table before now: the one to write minutes for."""
    today = NOW.date()
    held = [
        meeting
        for meeting in services.context.directory.meetings(today - LOOK_BACK, today, office=office)
        if meeting.start < NOW
    ]
    return held[-1]


def recorded(services: Services, office: str) -> RecordedMeeting:
    meeting = held_meeting(services, office)
    return services.meetings.record(
        office=office,
        series_key=meeting.series,
        starts_at=meeting.start,
        attendees=["Frau Okafor (Diakonie)"],
        minutes="Sprachcafé sucht neue Räume.",
        actions=[ActionRequest("Raumanfrage stellen", "Frau Okafor", NOW.date())],
    )


def _no_records(services: Services, office: str) -> None:
    return None


CASES = [
    AccessCase(
        "MeetingService.upcoming",
        _no_records,
        lambda services, office, _: services.meetings.upcoming(
            office, NOW.date(), NOW.date() + timedelta(days=90)
        ),
        audit_entries=0,
    ),
    AccessCase(
        "MeetingService.record",
        held_meeting,
        lambda services, office, meeting: services.meetings.record(
            office=office,
            series_key=meeting.series,
            starts_at=meeting.start,
            attendees=["Herr Willeke (Stadt)"],
            minutes="",
        ),
    ),
    AccessCase(
        "MeetingService.get",
        recorded,
        lambda services, office, done: services.meetings.get(done.meeting.id),
        by_id=True,
    ),
    AccessCase(
        "MeetingService.update_minutes",
        recorded,
        lambda services, office, done: services.meetings.update_minutes(
            done.meeting.id, done.meeting.version, minutes="Räume gefunden."
        ),
        by_id=True,
    ),
    AccessCase(
        "MeetingService.add_action",
        recorded,
        lambda services, office, done: services.meetings.add_action(
            done.meeting.id, ActionRequest("Flyer drucken", "Herr Willeke", date(2026, 12, 1))
        ),
        by_id=True,
    ),
    AccessCase(
        "MeetingService.complete_action",
        recorded,
        lambda services, office, done: services.meetings.complete_action(
            done.actions[0].id, done.actions[0].version
        ),
        by_id=True,
    ),
    AccessCase(
        "MeetingService.open_actions",
        recorded,
        lambda services, office, done: services.meetings.open_actions(office),
    ),
]
