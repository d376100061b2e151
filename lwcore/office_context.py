"""What a plugin's screens and panels may know about their office (plugin API 1.2).

Handed to ``lw_screens`` and ``lw_today_panels`` as ``office``, so a plugin
neither hard-codes the time zone nor expands round tables itself: the day
comes from the app's clock (a frozen one in tests and the demo), the
meetings from the directory, holidays handled as everywhere else.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from attrs import field, frozen

if TYPE_CHECKING:
    from lwcore.schedule import Meeting


class OfficeSource(Protocol):
    """What the context asks of the directory of offices (lwcore.directory.Directory).

    A protocol, so the hook specifications, which name this module, stay
    below the directory that calls the hooks.
    """

    def now(self) -> datetime: ...

    def meetings(self, start: date, until: date, *, office: str | None = None) -> list[Meeting]: ...


@frozen
class OfficeContext:
    """One office as the core sees it, read-only.

    ``timezone`` is the deployment's; :meth:`today` and :meth:`now` follow the
    clock the app runs on, read at each call (a screen opened after midnight
    sees the new day).
    """

    slug: str
    timezone: ZoneInfo
    _directory: OfficeSource = field(repr=False, eq=False, alias="directory")

    def now(self) -> datetime:
        """The current time in the office's time zone."""
        return self._directory.now().astimezone(self.timezone)

    def today(self) -> date:
        return self.now().date()

    def meetings(self, start: date, until: date) -> list[Meeting]:
        """This office's round-table meetings in [start, until], by start time.

        The series are those the office plugin gave (its ``lw_round_tables``
        or its settings), expanded with the deployment's public holidays.
        """
        return self._directory.meetings(start, until, office=self.slug)
