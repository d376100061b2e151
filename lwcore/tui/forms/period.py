"""Choose the period of the statistics: a start and an end date, typed as text.

Staff type dates the German way (``01.11.2026``) or copy them from files in
ISO form (``2026-11-01``); both are read. A date that does not exist or an
end before the start is refused under its field, before anything is loaded.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input

from lwcore.tui.forms.base import Form
from lwcore.tui.forms.date_entry import date_text
from lwcore.tui.i18n import _, language

if TYPE_CHECKING:
    from lwcore.services import Services

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class DateProblem(ValueError):
    """Why a typed date cannot be read; the message is for staff."""


def parse_day(text: str) -> date:
    """``01.11.2026``, ``1.11.2026`` or ``2026-11-01`` as a date."""
    text = text.strip()
    if not text:
        raise DateProblem(_("Enter a date."))
    match = _ISO.fullmatch(date_text(text))  # German day-first dates become ISO first
    if match is None:
        raise DateProblem(_("Enter the date as DD.MM.YYYY or YYYY-MM-DD."))
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise DateProblem(_("This date does not exist.")) from None


def typed_day(day: date) -> str:
    """A date the way staff would type it in the current language."""
    return day.strftime("%d.%m.%Y") if language() == "de" else day.isoformat()


class PeriodForm(Form[tuple[date, date]]):
    """Returns ``(start, end)``, both days included."""

    DEFAULT_CSS = """
    PeriodForm > Vertical { width: 60; height: auto; max-height: 90%; }
    PeriodForm VerticalScroll { height: auto; }
    """

    def __init__(self, start: date, end: date) -> None:
        super().__init__()
        self.start = start
        self.end = end
        self.title_text = _("Choose a period")

    def fields(self) -> ComposeResult:
        yield from self.field(
            "start",
            _("From (DD.MM.YYYY)"),
            Input(typed_day(self.start), id="start", max_length=10),
        )
        yield from self.field(
            "end", _("To (DD.MM.YYYY)"), Input(typed_day(self.end), id="end", max_length=10)
        )

    def on_mount(self) -> None:
        self.query_one("#save", Button).label = _("Show")
        self.query_one("#start", Input).focus()

    @on(Input.Submitted)
    def _typed(self) -> None:
        self.action_submit()

    def values(self) -> dict[str, Any] | None:
        errors: dict[str, str] = {}
        days: dict[str, date] = {}
        for name in ("start", "end"):
            try:
                days[name] = parse_day(self.query_one(f"#{name}", Input).value)
            except DateProblem as problem:
                errors[name] = str(problem)
        if not errors and days["end"] < days["start"]:
            errors["end"] = _("The end is before the start.")
        if errors:
            self.show_errors(errors)
            return None
        return days

    def save(self, services: Services, values: dict[str, Any]) -> tuple[date, date]:
        return values["start"], values["end"]
