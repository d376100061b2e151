"""iCalendar (RFC 5545) files of round-table meetings, via the ``icalendar`` package."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from icalendar import Calendar, Event

from lwcore.schedule.recurrence import Meeting

PRODID = "-//Stadt Dortmund//lokal willkommen//DE"


def calendar_bytes(meetings: Iterable[Meeting], *, stamp: datetime | None = None) -> bytes:
    """One VCALENDAR holding a VEVENT per meeting, with time zones added by icalendar."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "lokal willkommen: Runde Tische")
    stamp = stamp or datetime.now(UTC)
    for meeting in meetings:
        event = Event()
        event.add("uid", meeting.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.start)
        event.add("dtend", meeting.end)
        event.add("summary", meeting.title)
        event.add("location", meeting.place)
        event.add("categories", [meeting.office, meeting.series])
        if meeting.moved_from is not None:
            event.add(
                "description",
                f"Verschoben vom {meeting.moved_from:%d.%m.%Y} ({meeting.holiday}).",
            )
        calendar.add_component(event)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data


def read_calendar(data: bytes) -> list[tuple[str, str, datetime, datetime]]:
    """(uid, summary, start, end) of each event in an iCalendar file, in file order."""
    calendar = Calendar.from_ical(data)
    return [
        (
            str(event["uid"]),
            str(event["summary"]),
            event.decoded("dtstart"),
            event.decoded("dtend"),
        )
        for event in calendar.walk("VEVENT")
    ]
