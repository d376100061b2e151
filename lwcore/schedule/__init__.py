"""Round-table dates: RFC 5545 recurrence, NRW public holidays, iCalendar export.

The iCalendar functions load the ``icalendar`` package on first use: most
callers only need dates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lwcore.schedule.public_holidays import PublicHolidays
from lwcore.schedule.recurrence import Meeting, expand_series

if TYPE_CHECKING:
    from lwcore.schedule.ics import calendar_bytes, read_calendar

__all__ = ["Meeting", "PublicHolidays", "calendar_bytes", "expand_series", "read_calendar"]


def __getattr__(name: str) -> Any:
    if name in ("calendar_bytes", "read_calendar"):
        from lwcore.schedule import ics

        return getattr(ics, name)
    raise AttributeError(f"module 'lwcore.schedule' has no attribute {name!r}")
