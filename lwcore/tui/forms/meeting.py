"""Round tables: record a meeting (who came, minutes, agreed actions), correct the
minutes of a recorded one, and write the office's meetings to an iCalendar file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, Static, TextArea

from lwcore.files import write_private
from lwcore.schedule import calendar_bytes
from lwcore.services.errors import InvalidInput
from lwcore.services.meetings import ActionRequest
from lwcore.tui.forms.base import Form
from lwcore.tui.forms.date_entry import date_text
from lwcore.tui.i18n import _, day_and_time, short_date

if TYPE_CHECKING:
    from lwcore.directory import Directory
    from lwcore.schedule import Meeting
    from lwcore.services import Services
    from lwcore.services.meetings import MeetingRecord, RecordedMeeting

#: Rows for agreed actions; more than five at one meeting go in the minutes.
ACTION_ROWS = 5
#: The calendar export covers this far ahead.
CALENDAR_AHEAD = timedelta(days=365)

_ACTION_ERROR = re.compile(r"actions\[(\d+)\]\.(\w+)")
_ATTENDEE_ERROR = re.compile(r"attendees\[(\d+)\]")


def split_names(text: str) -> list[str]:
    """Attendees typed one per line or separated by commas, blanks dropped."""
    return [name.strip() for line in text.splitlines() for name in line.split(",") if name.strip()]


def action_field(row: int, part: str) -> str:
    """The form's name for one part of an action row (``actions.0.due_on``)."""
    return f"actions.{row}.{part}"


class MinutesFields:
    """Who came and the minutes: what recording and correcting a meeting share."""

    meeting: Meeting
    zone: tzinfo
    sent_names: list[str]

    def minutes_fields(
        self, form: Form[Any], attendees: str = "", minutes: str = ""
    ) -> ComposeResult:
        start = self.meeting.start.astimezone(self.zone)
        yield Static(f"{day_and_time(start)} · {self.meeting.place}", id="meeting-when")
        yield from form.field(
            "attendees",
            _("Who came (one per line, or separated by commas)"),
            TextArea(attendees, id="attendees"),
        )
        yield from form.field("minutes", _("Minutes"), TextArea(minutes, id="minutes"))

    def minutes_values(self, form: Form[Any]) -> dict[str, Any]:
        self.sent_names = split_names(form.query_one("#attendees", TextArea).text)
        return {"attendees": self.sent_names, "minutes": form.query_one("#minutes", TextArea).text}

    def attendee_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """The service names a bad attendee by position; the form has one field for all."""
        shown: dict[str, str] = {}
        for name, message in errors.items():
            found = _ATTENDEE_ERROR.fullmatch(name)
            if found is None:
                shown.setdefault(name, message)
                continue
            index = int(found.group(1))
            who = self.sent_names[index] if index < len(self.sent_names) else str(index + 1)
            shown.setdefault("attendees", f"{who}: {message}")
        return shown


class MeetingForm(MinutesFields, Form["RecordedMeeting"]):
    """Record one occurrence of a series: the service saves all of it or nothing."""

    DEFAULT_CSS = """
    MeetingForm TextArea { height: 5; }
    MeetingForm #meeting-when { color: $text-muted; }
    MeetingForm .action-row { height: auto; }
    MeetingForm .action-row > .field { width: 2fr; margin-right: 1; }
    MeetingForm .action-row > .field.due { width: 18; margin-right: 0; }
    MeetingForm #actions-heading { margin-top: 1; text-style: bold; }
    MeetingForm #add-action { margin-top: 1; }
    """

    def __init__(
        self, office: str, meeting: Meeting, zone: tzinfo, participants: tuple[str, ...] = ()
    ) -> None:
        super().__init__()
        self.office = office
        self.meeting = meeting
        self.zone = zone
        self.participants = participants
        self.sent_names = []
        self.sent_rows: list[int] = []
        self.title_text = _("Record: {title}").format(title=meeting.title)

    def fields(self) -> ComposeResult:
        yield from self.minutes_fields(self)
        if self.participants:
            yield Static(
                _("Usually invited: {names}").format(names=", ".join(self.participants)),
                id="participants",
            )
        yield Label(_("Agreed actions"), id="actions-heading")
        for row in range(ACTION_ROWS):
            with Horizontal(classes="action-row", id=f"action-row-{row}"):
                number = row + 1
                yield from self.field(
                    action_field(row, "description"),
                    _("{number}. What").format(number=number),
                    Input(id=f"action-{row}-description"),
                )
                yield from self.field(
                    action_field(row, "owner"),
                    _("Who"),
                    Input(id=f"action-{row}-owner"),
                )
                yield from self.field(
                    action_field(row, "due_on"),
                    _("By when"),
                    Input(placeholder=_("DD.MM.YYYY"), id=f"action-{row}-due"),
                )
        yield Button(_("Another action"), id="add-action")

    def on_mount(self) -> None:
        for row in range(ACTION_ROWS):
            self.query_one(f"#field-actions-{row}-due-on").add_class("due")
            self.query_one(f"#action-row-{row}").display = row == 0

    @on(Button.Pressed, "#add-action")
    def _another_action(self) -> None:
        hidden = [row for row in range(ACTION_ROWS) if not self._row_shown(row)]
        if hidden:
            self.query_one(f"#action-row-{hidden[0]}").display = True
            self.query_one(f"#action-{hidden[0]}-description", Input).focus()
        if len(hidden) <= 1:
            self.query_one("#add-action").display = False

    def _row_shown(self, row: int) -> bool:
        return bool(self.query_one(f"#action-row-{row}").display)

    def _row(self, row: int) -> tuple[str, str, str]:
        return (
            self.query_one(f"#action-{row}-description", Input).value,
            self.query_one(f"#action-{row}-owner", Input).value,
            self.query_one(f"#action-{row}-due", Input).value,
        )

    def values(self) -> dict[str, Any] | None:
        actions: list[ActionRequest] = []
        self.sent_rows = []
        for row in range(ACTION_ROWS):
            description, owner, due = self._row(row)
            if not self._row_shown(row) or not (description + owner + due).strip():
                continue
            actions.append(ActionRequest(description, owner, date_text(due)))
            self.sent_rows.append(row)
        return {**self.minutes_values(self), "actions": actions}

    def show_errors(self, errors: dict[str, str]) -> None:
        """Errors of the n-th action sent go under the row it came from."""
        shown: dict[str, str] = {}
        for name, message in self.attendee_errors(errors).items():
            found = _ACTION_ERROR.fullmatch(name)
            if found is None:
                shown.setdefault(name, message)
                continue
            index = int(found.group(1))
            row = self.sent_rows[index] if index < len(self.sent_rows) else index
            shown.setdefault(action_field(row, found.group(2)), message)
        super().show_errors(shown)

    def save(self, services: Services, values: dict[str, Any]) -> RecordedMeeting:
        return services.meetings.record(
            office=self.office,
            series_key=self.meeting.series,
            starts_at=self.meeting.start,
            attendees=values["attendees"],
            minutes=values["minutes"],
            actions=values["actions"],
        )


class MinutesCorrectionForm(MinutesFields, Form["MeetingRecord"]):
    """Correct who came and the minutes of a recorded meeting; its actions are listed."""

    DEFAULT_CSS = """
    MinutesCorrectionForm TextArea { height: 5; }
    MinutesCorrectionForm #meeting-when { color: $text-muted; }
    MinutesCorrectionForm #agreed { margin-top: 1; }
    """

    def __init__(self, meeting: Meeting, zone: tzinfo, recorded: RecordedMeeting) -> None:
        super().__init__()
        self.meeting = meeting
        self.zone = zone
        self.recorded = recorded
        self.sent_names = []
        self.title_text = _("Correct the minutes: {title}").format(title=meeting.title)

    def fields(self) -> ComposeResult:
        row = self.recorded.meeting
        yield from self.minutes_fields(self, "\n".join(row.attendees), row.minutes)
        lines = [
            f"{short_date(action.due_on)}  {action.owner}: {action.description}"
            + (f"  ({_('done')})" if action.done_at is not None else "")
            for action in self.recorded.actions
        ]
        yield Static(
            "\n".join([_("Agreed actions:"), *lines]) if lines else _("No actions were agreed."),
            id="agreed",
        )

    def values(self) -> dict[str, Any] | None:
        return self.minutes_values(self)

    def show_errors(self, errors: dict[str, str]) -> None:
        super().show_errors(self.attendee_errors(errors))

    def save(self, services: Services, values: dict[str, Any]) -> MeetingRecord:
        row = self.recorded.meeting
        return services.meetings.update_minutes(
            row.id, row.version, minutes=values["minutes"], attendees=values["attendees"]
        )


@dataclass(frozen=True)
class ExportedCalendar:
    path: Path
    meetings: int


def default_calendar_path(office: str) -> str:
    return f"~/runde-tische-{office}.ics"


class CalendarExportForm(Form[ExportedCalendar]):
    """Write the office's meetings of the next twelve months to an .ics file."""

    def __init__(self, office: str, directory: Directory) -> None:
        super().__init__()
        self.office = office
        self.directory = directory
        self.title_text = _("Export the round tables as a calendar (.ics)")

    def fields(self) -> ComposeResult:
        yield Static(_("All meetings of the next twelve months, holidays already handled."))
        yield from self.field(
            "path",
            _("Write to file"),
            Input(default_calendar_path(self.office), id="path"),
        )

    def values(self) -> dict[str, Any] | None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.show_errors({"path": _("give a file name")})
            return None
        return {"path": text}

    def save(self, services: Services, values: dict[str, Any]) -> ExportedCalendar:
        path = Path(values["path"]).expanduser()
        today = services.context.today()
        meetings = self.directory.meetings(today, today + CALENDAR_AHEAD, office=self.office)
        data = calendar_bytes(meetings, stamp=services.context.now())
        try:
            write_private(path, data)
        except OSError as error:
            reason = error.strerror or str(error)
            raise InvalidInput(
                {"path": _("cannot write {path}: {reason}").format(path=path, reason=reason)}
            ) from error
        return ExportedCalendar(path.resolve(), len(meetings))
