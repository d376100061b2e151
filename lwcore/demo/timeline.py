"""The demo's time frame: which days the offices worked, and when their hours were.

Everything is anchored on one ``now``, so the same seed and ``now`` give the
same rows, and nothing lies in the future except what is booked or planned.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from attrs import field, frozen

from lwcore.demo.profiles import HoursBlock
from lwcore.schedule import PublicHolidays

#: How far back the demo's history reaches.
HISTORY_DAYS = 730


@frozen
class Session:
    """One dated occurrence of an hours block, its start in UTC."""

    start: datetime
    minutes: int
    block: HoursBlock

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


@frozen
class Window:
    """The history: ``history_days`` up to ``now``, with the deployment's zone and holidays."""

    now: datetime
    zone: ZoneInfo
    holidays: PublicHolidays = field(factory=PublicHolidays)
    history_days: int = HISTORY_DAYS

    @property
    def local_now(self) -> datetime:
        return self.now.astimezone(self.zone)

    @property
    def today(self) -> date:
        return self.local_now.date()

    @property
    def first_day(self) -> date:
        return self.today - timedelta(days=self.history_days)

    def at(self, day: date, clock: time) -> datetime:
        """``clock`` on ``day`` in the office's zone, as UTC."""
        return datetime.combine(day, clock, tzinfo=self.zone).astimezone(UTC)

    def working_days(self, first: date, last: date) -> Iterator[date]:
        day = first
        while day <= last:
            if self.holidays.is_working_day(day):
                yield day
            day += timedelta(days=1)

    def next_working_day(self, day: date) -> date:
        while not self.holidays.is_working_day(day):
            day += timedelta(days=1)
        return day

    def sessions(
        self, blocks: Sequence[HoursBlock], first: date, last: date, *, future: bool = False
    ) -> list[Session]:
        """The blocks' occurrences on working days from ``first`` to ``last``.

        Without ``future``, today's blocks are cut at ``now`` and later ones left out.
        """
        by_weekday: dict[int, list[HoursBlock]] = {}
        for block in blocks:
            by_weekday.setdefault(block.weekday, []).append(block)
        found: list[Session] = []
        for day in self.working_days(first, last):
            for block in by_weekday.get(day.weekday(), ()):
                start = self.at(day, block.start)
                minutes = block.minutes
                if not future:
                    elapsed = int((self.now - start).total_seconds() // 60)
                    minutes = min(minutes, elapsed)
                if minutes > 0:
                    found.append(Session(start, minutes, block))
        return found


class Moments:
    """Random moments inside sessions, weighted by the sessions' length."""

    def __init__(self, sessions: Sequence[Session], appointment_weight: float = 0.5) -> None:
        self.sessions = list(sessions)
        total = 0.0
        self.cumulative: list[float] = []
        for session in self.sessions:
            total += session.minutes * (1.0 if session.block.walk_in else appointment_weight)
            self.cumulative.append(total)
        self.total = total
        if self.cumulative:
            self.cumulative[-1] = math.inf  # see Weighted: rounding never runs past the end
        longest = max((session.minutes for session in self.sessions), default=0)
        self._minutes = [timedelta(minutes=m) for m in range(longest + 1)]

    def __bool__(self) -> bool:
        return self.total > 0

    def draw(self, rng: random.Random) -> tuple[datetime, Session]:
        """A moment in a session: any minute in open hours, a slot's start in appointment hours."""
        session = self.sessions[bisect.bisect_right(self.cumulative, rng.random() * self.total)]
        block = session.block
        if block.walk_in:
            offset = int(rng.random() * session.minutes)
        else:
            slots = max(1, session.minutes // block.slot_minutes)
            offset = block.slot_minutes * int(rng.random() * slots)
        return session.start + self._minutes[offset], session
