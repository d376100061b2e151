"""Round-table recurrence across public holidays, and iCalendar export."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest

from lwcore import RoundTableSeries
from lwcore.records import HolidayRule
from lwcore.schedule import PublicHolidays, calendar_bytes, expand_series, read_calendar

BERLIN = ZoneInfo("Europe/Berlin")
NRW = PublicHolidays()


def series(
    rule: str, first: date, on_holiday: HolidayRule = "next_working_day"
) -> RoundTableSeries:
    return RoundTableSeries(
        key="rt",
        title="Runder Tisch",
        place="Büro",
        rrule=rule,
        first=first,
        start_time=time(17),
        duration_minutes=90,
        on_holiday=on_holiday,
    )


def days(rule: RoundTableSeries, start: date, until: date) -> list[date]:
    return [
        meeting.start.date()
        for meeting in expand_series("o", rule, start, until, timezone=BERLIN, calendar=NRW)
    ]


def test_nrw_holidays_come_from_the_holidays_package() -> None:
    assert NRW.name(date(2027, 5, 27)) == "Fronleichnam"  # NRW, not every state
    assert PublicHolidays(subdivision="BE").name(date(2027, 5, 27)) is None
    assert not NRW.is_working_day(date(2026, 11, 1))  # Allerheiligen, and a Sunday
    assert NRW.is_working_day(date(2026, 11, 27))


@pytest.mark.parametrize(
    ("on_holiday", "expected"),
    [
        ("drop", [date(2027, 3, 22), date(2027, 4, 5)]),
        ("next_working_day", [date(2027, 3, 22), date(2027, 3, 30), date(2027, 4, 5)]),
        ("previous_working_day", [date(2027, 3, 22), date(2027, 3, 25), date(2027, 4, 5)]),
    ],
)
def test_easter_monday_is_dropped_or_moved(on_holiday: HolidayRule, expected: list[date]) -> None:
    # Weekly on Mondays; 29 Mar 2027 is Easter Monday, 26 Mar Good Friday.
    weekly = series("FREQ=WEEKLY;BYDAY=MO", date(2027, 1, 4), on_holiday)
    assert days(weekly, date(2027, 3, 20), date(2027, 4, 5)) == expected


def test_moved_meeting_says_from_when_and_why() -> None:
    monthly = series("FREQ=MONTHLY;BYDAY=1TH", date(2027, 1, 7))
    [moved] = expand_series(
        "o", monthly, date(2027, 5, 1), date(2027, 5, 31), timezone=BERLIN, calendar=NRW
    )
    assert moved.start.date() == date(2027, 5, 7)
    assert moved.moved_from == date(2027, 5, 6)
    assert moved.holiday == "Christi Himmelfahrt"


def test_meeting_moved_into_the_window_is_included() -> None:
    # 6 May 2027 (Ascension) moves to 7 May: asked from 7 May, it is there.
    monthly = series("FREQ=MONTHLY;BYDAY=1TH", date(2027, 1, 7))
    assert days(monthly, date(2027, 5, 7), date(2027, 5, 7)) == [date(2027, 5, 7)]
    assert days(monthly, date(2027, 5, 6), date(2027, 5, 6)) == []


def test_local_time_is_kept_across_daylight_saving() -> None:
    weekly = series("FREQ=WEEKLY;BYDAY=WE", date(2027, 3, 17))
    meetings = list(
        expand_series(
            "o", weekly, date(2027, 3, 17), date(2027, 4, 7), timezone=BERLIN, calendar=NRW
        )
    )
    assert {m.start.hour for m in meetings} == {17}
    assert meetings[0].start.utcoffset() != meetings[-1].start.utcoffset()


def test_series_starts_at_first_and_respects_count() -> None:
    limited = series("FREQ=WEEKLY;BYDAY=TU;COUNT=3", date(2027, 1, 12))
    assert days(limited, date(2027, 1, 1), date(2027, 12, 31)) == [
        date(2027, 1, 12),
        date(2027, 1, 19),
        date(2027, 1, 26),
    ]


def test_ics_round_trip() -> None:
    monthly = series("FREQ=MONTHLY;BYDAY=1TH", date(2027, 1, 7))
    meetings = list(
        expand_series(
            "o", monthly, date(2027, 1, 1), date(2027, 6, 30), timezone=BERLIN, calendar=NRW
        )
    )
    parsed = read_calendar(calendar_bytes(meetings))
    assert parsed == [(m.uid, m.title, m.start, m.end) for m in meetings]
    assert len({uid for uid, *_ in parsed}) == len(meetings)
