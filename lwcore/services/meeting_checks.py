"""The checks a meeting's minutes and actions need: who came, what was agreed, and
whether the series really meets at the given start (holidays and moves included),
naming its dates just before and after when it does not."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from attrs import frozen

from lwcore.db.models.base import NAME_LENGTH, NOTE_LENGTH
from lwcore.i18n import N_
from lwcore.records import RoundTableSeries
from lwcore.schedule import Meeting
from lwcore.services.checks import Checks
from lwcore.services.context import ServiceContext
from lwcore.services.messages import Message, listing

#: How far around a refused start to look for the series' real dates; wider
#: than the longest gap of the shipped series (quarterly, one dropped).
NEARBY = timedelta(days=100)


@frozen
class ActionRequest:
    """An action agreed at a meeting: what, who, by when (a date or ISO text)."""

    description: str
    owner: str
    due_on: date | str


def check_attendees(checks: Checks, attendees: Sequence[str]) -> list[str]:
    """Who came: at least one name, each a short non-empty text."""
    if isinstance(attendees, str):
        checks.fail("attendees", N_("give a list of names, not one text"))
        return []
    names = [
        checks.text(f"attendees[{index}]", name, NAME_LENGTH, required=True)
        for index, name in enumerate(attendees)
    ]
    if not names:
        checks.fail("attendees", N_("name at least one attendee"))
    return names


def check_action(
    checks: Checks, request: ActionRequest, prefix: str, meeting_day: date | None
) -> tuple[str, str, date] | None:
    """(description, owner, due date) of an action; problems named ``{prefix}<field>``."""
    description = checks.text(
        f"{prefix}description", request.description, NOTE_LENGTH, required=True
    )
    owner = checks.text(f"{prefix}owner", request.owner, NAME_LENGTH, required=True)
    due = checks.date(f"{prefix}due_on", request.due_on)
    if due is None:
        return None
    if meeting_day is not None and due < meeting_day:
        checks.fail(f"{prefix}due_on", N_("lies before the meeting on {day}"), day=meeting_day)
    return description, owner, due


def round_table_series(checks: Checks, office: str, series_key: str) -> RoundTableSeries | None:
    """The office's series ``series_key``, or None with the problem on the field."""
    entry = checks.office("office", office)
    if entry is None:
        return None
    for series in entry.round_tables:
        if series.key == series_key:
            return series
    checks.fail(
        "series_key",
        N_("{key!r} is not a round table of {office} ({known})"),
        key=series_key,
        office=office,
        known=listing(series.key for series in entry.round_tables),
    )
    return None


def find_occurrence(
    context: ServiceContext,
    checks: Checks,
    office: str,
    series: RoundTableSeries,
    start: datetime,
) -> Meeting | None:
    """The series' meeting starting at ``start``, holidays and moves included."""
    day = start.astimezone(context.zone).date()
    nearby = [
        meeting
        for meeting in context.directory.meetings(day - NEARBY, day + NEARBY, office=office)
        if meeting.series == series.key
    ]
    for meeting in nearby:
        if meeting.start == start:
            return meeting
    checks.fail("starts_at", _no_meeting_then(context, series, start, nearby))
    return None


def _no_meeting_then(
    context: ServiceContext, series: RoundTableSeries, start: datetime, nearby: list[Meeting]
) -> Message:
    """Say when the series meets just before and after, so staff can pick the right date."""
    asked = start.astimezone(context.zone)
    before = [meeting for meeting in nearby if meeting.start < start][-1:]
    after = [meeting for meeting in nearby if meeting.start > start][:1]
    if not before and not after:
        return Message.of(
            N_("{title} has no meeting within {days} days of {asked}"),
            title=series.title,
            days=NEARBY.days,
            asked=asked,
        )
    if before and after:
        dates: object = Message.of(
            N_("{first} or {second}"), first=describe(before[0]), second=describe(after[0])
        )
    else:
        dates = describe((before + after)[0])
    return Message.of(
        N_("{title} has no meeting at {asked}; around it, it meets {dates}"),
        title=series.title,
        asked=asked,
        dates=dates,
    )


def describe(meeting: Meeting) -> datetime | Message:
    """``2027-05-07 18:00 (moved from 2027-05-06, Christi Himmelfahrt)``."""
    if meeting.moved_from is None:
        return meeting.start
    return Message.of(
        N_("{start} (moved from {day}, {holiday})"),
        start=meeting.start,
        day=meeting.moved_from,
        holiday=meeting.holiday,
    )
