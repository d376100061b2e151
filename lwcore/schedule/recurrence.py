"""Expand round-table series into dated meetings.

The rule itself is python-dateutil's RFC 5545 implementation; public holidays
come from the ``holidays`` package (lwcore.schedule.public_holidays). This
module only decides what a series does with a meeting that falls on a holiday.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from attrs import frozen
from dateutil.rrule import rrulebase, rrulestr

from lwcore.records import RoundTableSeries
from lwcore.schedule.public_holidays import PublicHolidays

#: How far a meeting may be moved to find a working day: wider than any
#: run of holidays and weekends in NRW (Christmas to New Year is the longest).
_MAX_SHIFT_DAYS = 14

#: At most this many occurrences are stepped through per series and query,
#: counted from the series' first meeting: a daily rule from 1900 to 2100 stays
#: below it, and no rule can make a listing slow.
MAX_OCCURRENCES = 100_000


def _bounded(rule: rrulebase, after: datetime, before: datetime) -> Iterator[datetime]:
    """The rule's occurrences from ``after`` to ``before``, stepping through at most
    MAX_OCCURRENCES from the first one."""
    for count, occurrence in enumerate(rule):
        if occurrence > before or count >= MAX_OCCURRENCES:
            return
        if occurrence >= after:
            yield occurrence


@frozen
class Meeting:
    """One dated round-table meeting of a series.

    ``moved_from`` is the date the rule gave when a holiday moved the meeting.
    """

    office: str
    series: str
    title: str
    place: str
    start: datetime
    end: datetime
    moved_from: date | None = None
    holiday: str | None = None
    example: bool = False

    @property
    def uid(self) -> str:
        """Stable across exports, so calendar apps update instead of duplicating."""
        original = self.moved_from or self.start.date()
        return f"{self.office}.{self.series}.{original:%Y%m%d}@lokal-willkommen.dortmund.de"


def _shift(day: date, step: int, calendar: PublicHolidays) -> date:
    for _ in range(_MAX_SHIFT_DAYS):
        day += timedelta(days=step)
        if calendar.is_working_day(day):
            return day
    raise ValueError(f"no working day within {_MAX_SHIFT_DAYS} days of {day}")


def expand_series(
    office: str,
    series: RoundTableSeries,
    start: date,
    until: date,
    *,
    timezone: ZoneInfo,
    calendar: PublicHolidays,
) -> Iterator[Meeting]:
    """Meetings of ``series`` from ``start`` to ``until`` (both inclusive), holidays handled.

    Occurrences a little outside the window are expanded too, since a holiday
    can move one into it (or out of it).
    """
    dtstart = datetime.combine(series.first, series.start_time, tzinfo=timezone)
    rule = rrulestr(f"RRULE:{series.rrule.removeprefix('RRULE:')}", dtstart=dtstart)
    margin = timedelta(days=_MAX_SHIFT_DAYS)
    window_start = datetime.combine(start - margin, series.start_time, tzinfo=timezone)
    window_end = datetime.combine(until + margin, series.start_time, tzinfo=timezone)
    duration = timedelta(minutes=series.duration_minutes)
    for occurrence in _bounded(rule, window_start, window_end):
        day = occurrence.date()
        holiday = calendar.name(day)
        moved_from = None
        if holiday is not None:
            if series.on_holiday == "drop":
                continue
            moved_from = day
            day = _shift(day, 1 if series.on_holiday == "next_working_day" else -1, calendar)
        if not start <= day <= until:
            continue
        begins = datetime.combine(day, series.start_time, tzinfo=timezone)
        yield Meeting(
            office=office,
            series=series.key,
            title=series.title,
            place=series.place,
            start=begins,
            end=begins + duration,
            moved_from=moved_from,
            holiday=holiday,
            example=series.example,
        )
