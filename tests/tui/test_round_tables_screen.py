"""The round-table screen on demo data: minutes, agreed actions, the calendar file."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from textual.widgets import DataTable, Input, TextArea

from lwcore.db.engine import Database
from lwcore.directory import build_directory
from lwcore.schedule import PublicHolidays, read_calendar
from lwcore.services import FrozenClock, Services
from lwcore.services.meetings import UpcomingMeeting
from lwcore.testing import make_actor
from lwcore.tui.app import OfficeApp
from lwcore.tui.forms.base import FieldError
from lwcore.tui.forms.meeting import CalendarExportForm, MeetingForm, MinutesCorrectionForm
from lwcore.tui.i18n import short_date
from lwcore.tui.screens.round_tables import RoundTablesScreen, meeting_cells
from tests.conftest import REPO_CONFIG
from tests.tui.conftest import TUI_NOW, minutes_not_yet_written, settle

OFFICE = "brackel"
TODAY = TUI_NOW.date()
SIZE = (120, 40)


def fresh_services(url: str) -> Services:
    """A second door to the app's database, as Brackel's office lead (as the app works)."""
    return Services(
        Database(url), build_directory(REPO_CONFIG), FrozenClock(TUI_NOW), actor=make_actor(OFFICE)
    )


def meeting_on(services: Services, day: date) -> UpcomingMeeting:
    (found,) = [
        entry
        for entry in services.meetings.upcoming(OFFICE, day, day)
        if entry.meeting.series == "runder_tisch_brackel"
    ]
    return found


def shown_error(form: object, name: str) -> str | None:
    """The text under a form field, or None when no error is shown there."""
    from textual.screen import Screen

    assert isinstance(form, Screen)
    label = form.query_one(f"#error-{name}", FieldError)
    return str(label.render()) if label.display else None


def test_meeting_list_starts_at_the_minutes_still_to_write(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    """The latest meeting that has met without minutes is highlighted, not the next one;
    a meeting still to come cannot be minuted."""
    day = minutes_not_yet_written(demo_url, OFFICE)

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, RoundTablesScreen)
            table = screen.query_one("#meetings", DataTable)
            assert screen.meetings[table.cursor_row].meeting.start.date() == day
            coming = next(
                index
                for index, entry in enumerate(screen.meetings)
                if entry.meeting.start.date() > TODAY
            )
            table.move_cursor(row=coming)
            await pilot.press("r")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, MeetingForm)
            form.query_one("#attendees", TextArea).text = "Frau Test"
            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is form, "refused: the meeting has not met yet"
            notices = " ".join(str(n.message) for n in app._notifications)
            assert "hat noch nicht stattgefunden" in notices

    asyncio.run(scenario())
    assert meeting_on(fresh_services(demo_url), day).recorded_id is None


def test_meeting_list_starts_at_the_next_meeting(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, RoundTablesScreen)
            expected = fresh_services(demo_url).meetings.upcoming(
                OFFICE, TODAY - timedelta(days=30), TODAY + timedelta(days=120)
            )
            assert [m.meeting.start for m in screen.meetings] == [m.meeting.start for m in expected]
            table = screen.query_one("#meetings", DataTable)
            assert table.row_count == len(expected)
            highlighted = screen.meetings[table.cursor_row].meeting.start.date()
            assert highlighted == min(
                m.meeting.start.date() for m in expected if m.meeting.start.date() >= TODAY
            )
            open_actions = fresh_services(demo_url).meetings.open_actions(OFFICE)
            assert screen.query_one("#actions", DataTable).row_count == len(open_actions)

    asyncio.run(scenario())


def test_record_a_meeting_with_attendees_minutes_and_one_action(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    day = minutes_not_yet_written(demo_url, OFFICE)
    assert meeting_on(fresh_services(demo_url), day).recorded_id is None

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, RoundTablesScreen)
            table = screen.query_one("#meetings", DataTable)
            assert screen.meetings[table.cursor_row].meeting.start.date() == day
            await pilot.press("r")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, MeetingForm)
            form.query_one("#attendees", TextArea).text = "Frau Test\nCaritas, Jobcenter\n\n"
            form.query_one("#minutes", TextArea).text = "Sprachcafé zieht ins Gemeindehaus."
            form.query_one("#action-0-description", Input).value = "Schlüssel abholen"
            form.query_one("#action-0-owner", Input).value = "Caritas"
            form.query_one("#action-0-due", Input).value = "20.12.2026"
            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is screen
            row = screen.meetings[table.cursor_row]
            assert row.recorded_id is not None
            assert "recorded" in str(table.get_row_at(table.cursor_row)[2]) or "erfasst" in str(
                table.get_row_at(table.cursor_row)[2]
            )

    asyncio.run(scenario())
    services = fresh_services(demo_url)
    entry = meeting_on(services, day)
    assert entry.recorded_id is not None
    recorded = services.meetings.get(entry.recorded_id)
    assert recorded.meeting.attendees == ("Frau Test", "Caritas", "Jobcenter")
    assert recorded.meeting.minutes == "Sprachcafé zieht ins Gemeindehaus."
    [action] = recorded.actions
    assert (action.description, action.owner, action.due_on) == (
        "Schlüssel abholen",
        "Caritas",
        date(2026, 12, 20),
    )
    assert action.id in {open_.action.id for open_ in services.meetings.open_actions(OFFICE)}


def test_a_due_date_that_does_not_exist_is_refused_under_its_field(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    day = date(2026, 12, 9)
    before = len(fresh_services(demo_url).meetings.open_actions(OFFICE))

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, MeetingForm)
            form.query_one("#attendees", TextArea).text = "Frau Test"
            form.query_one("#action-0-description", Input).value = "Flyer drucken"
            form.query_one("#action-0-owner", Input).value = "Frau Test"
            form.query_one("#action-0-due", Input).value = "2027-01-15"
            await pilot.click("#add-action")
            await pilot.pause()
            assert form.query_one("#action-row-1").display
            form.query_one("#action-1-description", Input).value = "Raum buchen"
            form.query_one("#action-1-owner", Input).value = "Caritas"
            form.query_one("#action-1-due", Input).value = "2027-02-30"
            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is form
            message = shown_error(form, "actions-1-due-on")
            assert message is not None
            assert "2027-02-30" in message
            assert shown_error(form, "actions-0-due-on") is None
            assert shown_error(form, "attendees") is None

    asyncio.run(scenario())
    services = fresh_services(demo_url)
    assert meeting_on(services, day).recorded_id is None
    assert len(services.meetings.open_actions(OFFICE)) == before


def test_a_meeting_without_attendees_is_refused(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, MeetingForm)
            form.query_one("#attendees", TextArea).text = " , \n"
            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is form
            assert shown_error(form, "attendees") is not None

    asyncio.run(scenario())
    assert meeting_on(fresh_services(demo_url), date(2026, 12, 9)).recorded_id is None


def test_correct_the_minutes_of_a_recorded_meeting(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    day = date(2026, 11, 11)
    entry = meeting_on(fresh_services(demo_url), day)
    assert entry.recorded_id is not None

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, RoundTablesScreen)
            index = [m.meeting.start.date() for m in screen.meetings].index(day)
            table = screen.query_one("#meetings", DataTable)
            table.move_cursor(row=index)
            table.focus()
            await pilot.press("enter")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, MinutesCorrectionForm)
            attendees = form.query_one("#attendees", TextArea)
            assert attendees.text.splitlines()[0]  # the stored names are shown
            form.query_one("#minutes", TextArea).text = "Korrigiertes Protokoll."
            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is screen

    asyncio.run(scenario())
    assert entry.recorded_id is not None
    corrected = fresh_services(demo_url).meetings.get(entry.recorded_id).meeting
    assert corrected.minutes == "Korrigiertes Protokoll."
    assert corrected.version == (entry.recorded_version or 0) + 1


def test_mark_an_action_done(demo_url: str, make_app: Callable[..., OfficeApp]) -> None:
    first = fresh_services(demo_url).meetings.open_actions(OFFICE)[0].action

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, RoundTablesScreen)
            table = screen.query_one("#actions", DataTable)
            rows_before = table.row_count
            table.focus()
            table.move_cursor(row=0)
            await pilot.press("o")
            await settle(pilot)
            await pilot.click("#yes")
            await settle(pilot)
            assert app.screen is screen
            assert table.row_count == rows_before - 1
            assert str(first.id) not in {key.value for key in table.rows}

    asyncio.run(scenario())
    services = fresh_services(demo_url)
    assert first.id not in {entry.action.id for entry in services.meetings.open_actions(OFFICE)}
    done = {action.id: action for action in services.meetings.get(first.meeting_id).actions}
    assert done[first.id].done_at == TUI_NOW


def test_export_the_calendar_and_read_it_back(
    demo_url: str, make_app: Callable[..., OfficeApp], tmp_path: Path
) -> None:
    target = tmp_path / "runde-tische.ics"
    shown: list[date] = []

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, RoundTablesScreen)
            shown.extend(m.meeting.start.date() for m in screen.meetings)
            await pilot.press("e")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, CalendarExportForm)
            assert form.query_one("#path", Input).value == "~/runde-tische-brackel.ics"
            form.query_one("#path", Input).value = str(target)
            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is screen
            notices = [str(n.message) for n in app._notifications]
            assert any(str(target) in text for text in notices)

    asyncio.run(scenario())
    events = read_calendar(target.read_bytes())
    days = [start.date() for _uid, _title, start, _end in events]
    directory = build_directory(REPO_CONFIG)
    expected = directory.meetings(TODAY, TODAY + timedelta(days=365), office=OFFICE)
    assert [start for _u, _t, start, _e in events] == [m.start for m in expected]
    window_end = TODAY + timedelta(days=120)
    assert [d for d in days if d <= window_end] == [d for d in shown if d >= TODAY]
    holidays = PublicHolidays(subdivision="NW")
    assert all(holidays.name(day) is None for day in days)
    assert len(days) >= 10


def test_an_unwritable_calendar_path_is_shown_under_the_field(
    demo_url: str, make_app: Callable[..., OfficeApp], tmp_path: Path
) -> None:
    target = tmp_path / "no-such-folder" / "runde-tische.ics"

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("f5")
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, CalendarExportForm)
            form.query_one("#path", Input).value = str(target)
            await pilot.click("#save")
            await settle(pilot)
            assert app.screen is form
            message = shown_error(form, "path")
            assert message is not None
            assert "no-such-folder" in message

    asyncio.run(scenario())
    assert not target.parent.exists()


def test_a_moved_meeting_says_from_when() -> None:
    directory = build_directory(REPO_CONFIG)
    (moved,) = [
        meeting
        for meeting in directory.meetings(
            date(2027, 5, 1), date(2027, 5, 31), office="mengede_huckarde"
        )
        if meeting.moved_from is not None
    ]
    cells = meeting_cells(UpcomingMeeting(moved, None, None), TODAY, directory.deployment.zone)
    note = str(cells[4])
    assert short_date(date(2027, 5, 6)) in note
    assert "Christi Himmelfahrt" in note
    assert cells[0] == short_date(date(2027, 5, 7))
