"""Runde Tische: the office's meetings around today with their minutes, the actions
agreed there and still open, and the calendar of the year ahead as an .ics file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Footer, Header, Label

from lwcore.tui.i18n import N_, _, clock, language, short_date
from lwcore.tui.screens.base import OfficeScreen

if TYPE_CHECKING:
    from lwcore.directory import Directory
    from lwcore.services import Services
    from lwcore.services.meetings import OpenAction, RecordedMeeting, UpcomingMeeting

#: The window of the meeting list: last month's minutes still to write, the next months.
LOOK_BACK = timedelta(days=30)
LOOK_AHEAD = timedelta(days=120)
#: An office rarely has more than a few dozen open actions; a longer list is cut here.
MAX_ACTIONS = 300


@dataclass(frozen=True)
class MeetingList:
    today: date
    meetings: list[UpcomingMeeting]


@dataclass(frozen=True)
class ActionList:
    today: date
    actions: list[OpenAction]
    total: int


def load_meetings(services: Services, office: str) -> MeetingList:
    today = services.context.today()
    return MeetingList(
        today, services.meetings.upcoming(office, today - LOOK_BACK, today + LOOK_AHEAD)
    )


def load_actions(services: Services, office: str) -> ActionList:
    actions = services.meetings.open_actions(office)
    return ActionList(services.context.today(), actions[:MAX_ACTIONS], len(actions))


def refill(table: DataTable[Any], rows: Sequence[tuple[str, Sequence[str | Text]]]) -> bool:
    """Replace the table's rows, keeping the highlighted record (or its place) on a reload.

    Returns whether the highlighted record was found again.
    """
    row = table.cursor_row
    kept = (
        table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value if table.row_count else None
    )
    table.clear()
    for key, cells in rows:
        table.add_row(*cells, key=key)
    keys = [key for key, _cells in rows]
    if kept in keys:
        table.move_cursor(row=keys.index(kept))
        return True
    if keys:
        table.move_cursor(row=min(max(row, 0), len(keys) - 1))
    return False


def dated(day: date) -> str:
    """A date with its year, for lists that reach back into earlier years."""
    from babel.dates import format_date

    return format_date(day, format="medium", locale=language())


def series_title(directory: Directory, office: str, key: str) -> str:
    for series in directory.office(office).round_tables:
        if series.key == key:
            return series.title
    return key


def moved_note(meeting: UpcomingMeeting) -> str:
    """``verschoben vom Do 01.01. (Neujahr)`` when a holiday moved the meeting."""
    moved_from = meeting.meeting.moved_from
    if moved_from is None:
        return ""
    note = _("moved from {day}").format(day=short_date(moved_from))
    holiday = meeting.meeting.holiday
    return f"{note} ({holiday})" if holiday else note


def meeting_cells(entry: UpcomingMeeting, today: date, zone: tzinfo) -> tuple[str | Text, ...]:
    """One row of the meeting list: when, minutes, which round table, holiday note, where."""
    meeting = entry.meeting
    start = meeting.start.astimezone(zone)
    if entry.recorded_id is not None:
        minutes: str | Text = _("recorded")
    elif start.date() < today:
        minutes = Text(_("missing"), style="bold red")
    else:
        minutes = ""
    example = _("(example)") if meeting.example else ""
    return (
        short_date(start.date()),
        clock(start),
        minutes,
        meeting.title,
        moved_note(entry),
        meeting.place,
        example,
    )


def action_cells(
    directory: Directory, office: str, entry: OpenAction, today: date
) -> tuple[str | Text, ...]:
    action = entry.action
    due: str | Text = dated(action.due_on)
    if action.due_on < today:
        due = Text(str(due), style="bold red")
    return (
        due,
        action.owner,
        action.description,
        series_title(directory, office, entry.series_key),
        dated(entry.meeting_on),
    )


class RoundTablesScreen(OfficeScreen):
    DEFAULT_CSS = """
    RoundTablesScreen .heading { height: 1; padding: 0 1; text-style: bold; }
    RoundTablesScreen DataTable { height: 1fr; margin: 0 1; }
    RoundTablesScreen #actions { height: 1fr; }
    """
    CHANGES = frozenset({"record", "done"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "record", N_("Record")),
        Binding("o", "done", N_("Action done")),
        Binding("e", "export", N_("Export calendar")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.meetings: list[UpcomingMeeting] = []
        self.actions: list[OpenAction] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(_("Meetings"), id="meetings-heading", classes="heading")
        yield DataTable(id="meetings", cursor_type="row", zebra_stripes=True)
        yield Label(_("Open agreed actions"), id="actions-heading", classes="heading")
        yield DataTable(id="actions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#meetings", DataTable).add_columns(
            _("Date"), _("Time"), _("Minutes"), _("Round table"), _("Note"), _("Place"), ""
        )
        self.query_one("#actions", DataTable).add_columns(
            _("Due"), _("Who"), _("Action"), _("Round table"), _("Agreed on")
        )

    def reload(self) -> None:
        office = self.office
        if office is None:
            return
        self.fetch(
            self.query_one("#meetings"),
            lambda services: load_meetings(services, office),
            self.show_meetings,
            group="meetings",
        )
        self.fetch(
            self.query_one("#actions"),
            lambda services: load_actions(services, office),
            self.show_actions,
            group="actions",
        )

    # --- showing --------------------------------------------------------------------

    def show_meetings(self, loaded: MeetingList) -> None:
        zone = self.office_app.backend.directory.deployment.zone
        self.meetings = loaded.meetings
        self.query_one("#meetings-heading", Label).update(
            _("Meetings from {start} to {until}").format(
                start=short_date(loaded.today - LOOK_BACK),
                until=short_date(loaded.today + LOOK_AHEAD),
            )
        )
        table = self.query_one("#meetings", DataTable)
        rows = [
            (
                f"{entry.meeting.series}@{entry.meeting.start.isoformat()}",
                meeting_cells(entry, loaded.today, zone),
            )
            for entry in loaded.meetings
        ]
        if refill(table, rows):
            return
        # The latest meeting that has met and waits for its minutes, else the next one.
        now = self.office_app.backend.services.context.now()
        to_record = [
            index
            for index, entry in enumerate(loaded.meetings)
            if entry.recorded_id is None and entry.meeting.start <= now
        ]
        upcoming = [
            index
            for index, entry in enumerate(loaded.meetings)
            if entry.meeting.start.astimezone(zone).date() >= loaded.today
        ]
        if to_record:
            table.move_cursor(row=to_record[-1])
        elif upcoming:
            table.move_cursor(row=upcoming[0])

    def show_actions(self, loaded: ActionList) -> None:
        office = self.office
        if office is None:
            return
        directory = self.office_app.backend.directory
        self.actions = loaded.actions
        heading = _("Open agreed actions ({count})").format(count=loaded.total)
        if loaded.total > len(loaded.actions):
            heading += " " + _("(the {shown} most urgent shown)").format(shown=len(loaded.actions))
        self.query_one("#actions-heading", Label).update(heading)
        refill(
            self.query_one("#actions", DataTable),
            [
                (str(entry.action.id), action_cells(directory, office, entry, loaded.today))
                for entry in loaded.actions
            ],
        )

    # --- choosing -------------------------------------------------------------------

    def _selected_meeting(self) -> UpcomingMeeting | None:
        table = self.query_one("#meetings", DataTable)
        if not self.meetings or not 0 <= table.cursor_row < len(self.meetings):
            return None
        return self.meetings[table.cursor_row]

    def _selected_action(self) -> OpenAction | None:
        table = self.query_one("#actions", DataTable)
        if not self.actions or not 0 <= table.cursor_row < len(self.actions):
            return None
        return self.actions[table.cursor_row]

    @on(DataTable.RowSelected, "#meetings")
    def _meeting_chosen(self) -> None:
        self.action_record()

    @on(DataTable.RowSelected, "#actions")
    def _action_chosen(self) -> None:
        self.action_done()

    def _after_save(self, result: Any) -> None:
        if result is not None:
            self.notify(_("Saved."))
            self.reload()

    # --- actions --------------------------------------------------------------------

    def action_record(self) -> None:
        """Minutes for a meeting not yet recorded; a correction form for one that is."""
        entry = self._selected_meeting()
        office = self.office
        if entry is None or office is None:
            self.notify(_("No meeting in the list."))
            return
        if entry.recorded_id is not None:
            recorded_id = entry.recorded_id
            self.fetch(
                None,
                lambda services: services.meetings.get(recorded_id),
                lambda recorded: self._correct(entry, recorded),
            )
            return
        from lwcore.tui.forms.meeting import MeetingForm

        directory = self.office_app.backend.directory
        participants = next(
            (
                series.participants
                for series in directory.office(office).round_tables
                if series.key == entry.meeting.series
            ),
            (),
        )
        form = MeetingForm(office, entry.meeting, directory.deployment.zone, participants)
        self.app.push_screen(form, self._after_save)

    def _correct(self, entry: UpcomingMeeting, recorded: RecordedMeeting) -> None:
        from lwcore.tui.forms.meeting import MinutesCorrectionForm

        zone = self.office_app.backend.directory.deployment.zone
        self.app.push_screen(MinutesCorrectionForm(entry.meeting, zone, recorded), self._after_save)

    def action_done(self) -> None:
        """Mark the highlighted action done, after a question: it cannot be undone here."""
        from lwcore.tui.forms.base import Question

        entry = self._selected_action()
        if entry is None:
            self.notify(_("No open action."))
            return
        key, version = entry.action.id, entry.action.version

        def decided(done: bool | None) -> None:
            if done:
                self.fetch(
                    None,
                    lambda services: services.meetings.complete_action(key, version),
                    self._after_save,
                )

        question = _("Mark as done: {description} ({owner})?").format(
            description=entry.action.description, owner=entry.action.owner
        )
        self.app.push_screen(Question(question, _("Done"), _("Not yet")), decided)

    def action_export(self) -> None:
        from lwcore.tui.forms.meeting import CalendarExportForm, ExportedCalendar

        office = self.office
        if office is None:
            return

        def written(result: ExportedCalendar | None) -> None:
            if result is not None:
                self.notify(
                    _("{count} meetings written to {path}").format(
                        count=result.meetings, path=result.path
                    ),
                    timeout=10,
                )

        form = CalendarExportForm(office, self.office_app.backend.directory)
        self.app.push_screen(form, written)
