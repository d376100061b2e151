"""Time for the services: the real clock, or a frozen one in tests and demos."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from attrs import frozen


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, time-zone aware."""
        ...


@frozen
class SystemClock:
    zone: ZoneInfo

    def now(self) -> datetime:
        return datetime.now(self.zone)


@frozen
class FrozenClock:
    at: datetime

    def now(self) -> datetime:
        return self.at
