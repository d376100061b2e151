"""Round-table dates: RFC 5545 recurrence, NRW public holidays, iCalendar export."""

from lwcore.schedule.ics import calendar_bytes, read_calendar
from lwcore.schedule.recurrence import Meeting, PublicHolidays, expand_series

__all__ = ["Meeting", "PublicHolidays", "calendar_bytes", "expand_series", "read_calendar"]
