"""The context every service call runs in: the database, the directory of
offices, the clock and the acting staff member.

It is a module of its own so the audit trail (lwcore.services.trail), which
every service base method writes to, needs no import of lwcore.services.base.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from attrs import frozen

from lwcore.db.engine import Database
from lwcore.directory import Directory
from lwcore.services.access import Actor
from lwcore.services.checks import Checks
from lwcore.services.clock import Clock


@frozen
class ServiceContext:
    database: Database
    directory: Directory
    clock: Clock
    actor: Actor

    @property
    def zone(self) -> ZoneInfo:
        return self.directory.deployment.zone

    def now(self) -> datetime:
        return self.clock.now().astimezone(self.zone)

    def today(self) -> date:
        return self.now().date()

    def checks(self) -> Checks:
        return Checks(self.directory)
