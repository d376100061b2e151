"""Round-table meetings of the shipped series, with actions; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import attrs
import pytest
from sqlalchemy import event
from sqlmodel import select

from lwcore.db.models import AgreedAction, RoundTableMeeting
from lwcore.services import (
    AccessDenied,
    Conflict,
    FrozenClock,
    InvalidInput,
    NotFound,
    Services,
    StaleRecord,
)
from lwcore.services import meetings as meetings_module
from lwcore.services.base import Service
from lwcore.services.meetings import ActionRequest, MeetingService, RecordedMeeting
from lwcore.testing import make_actor
from tests.conftest import NOW, acting
from tests.test_consultations import count
from tests.test_statistics import audit_count

BERLIN = ZoneInfo("Europe/Berlin")
S = TypeVar("S", bound=Service)
MENGEDE = "mengede_huckarde"


@pytest.fixture
def mengede(services_as: Any) -> Services:
    """Mengede/Huckarde's office lead, whose round tables these tests record (and read
    back: through staff logins, Brackel's lead sees none of them)."""
    return services_as(MENGEDE)  # type: ignore[no-any-return]


@pytest.fixture
def meetings(mengede: Services) -> MeetingService:
    """The service as Mengede/Huckarde's office lead."""
    return MeetingService(mengede.context)


def as_lead_of(service: S, office: str) -> S:
    """The same service, acting as ``office``'s lead (through that lead's own login
    when the tests run through staff logins)."""
    return type(service)(acting(service.context, make_actor(office)))


def after(meetings: MeetingService, moment: datetime) -> MeetingService:
    """The same service at ``moment``: minutes are taken once a meeting has begun."""
    return type(meetings)(attrs.evolve(meetings.context, clock=FrozenClock(moment)))


def record(meetings: MeetingService, **changes: Any) -> RecordedMeeting:
    """The November round table in Mengede (first Thursday, 18:00), already held;
    a meeting of another office is recorded by that office's lead."""
    values: dict[str, Any] = {
        "office": MENGEDE,
        "series_key": "runder_tisch_mengede",
        "starts_at": "2026-11-05T18:00",
        "attendees": ["Frau Okafor (Diakonie)", "Herr Willeke (Stadt)"],
        "minutes": "Sprachcafé sucht neue Räume; Fahrradwerkstatt läuft gut.",
    }
    values.update(changes)
    if values["office"] in meetings.context.directory.offices:
        meetings = as_lead_of(meetings, values["office"])
    return meetings.record(**values)


@contextmanager
def selects(services: Services) -> Iterator[list[str]]:
    """The SELECT statements ``services`` send to the database inside the block."""
    seen: list[str] = []

    def remember(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    engine = services.context.database.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", remember)


def test_meeting_with_actions_is_stored_together(
    mengede: Services, meetings: MeetingService
) -> None:
    recorded = record(
        meetings,
        actions=[
            ActionRequest("Raumanfrage an die Noah-Gemeinde", "Frau Okafor", "2026-11-20"),
            ActionRequest("Flyer auf Arabisch und Farsi", "Herr Willeke", date(2026, 12, 3)),
        ],
    )
    meeting = recorded.meeting
    assert meeting.id is not None
    assert meeting.starts_at == datetime(2026, 11, 5, 18, tzinfo=BERLIN)
    assert [action.owner for action in recorded.actions] == ["Frau Okafor", "Herr Willeke"]
    with mengede.context.database.read() as session:
        stored = session.get(RoundTableMeeting, meeting.id)
        assert stored is not None
        assert (stored.office, stored.series_key) == (MENGEDE, "runder_tisch_mengede")
        assert stored.starts_at == datetime(2026, 11, 5, 18, tzinfo=BERLIN)
        assert stored.attendees == ["Frau Okafor (Diakonie)", "Herr Willeke (Stadt)"]
        assert stored.minutes.startswith("Sprachcafé")
        actions = session.exec(
            select(AgreedAction)
            .where(AgreedAction.meeting_id == meeting.id)
            .order_by(AgreedAction.due_on)  # type: ignore[arg-type]
        ).all()
        assert [(a.description, a.due_on, a.done_at) for a in actions] == [
            ("Raumanfrage an die Noah-Gemeinde", date(2026, 11, 20), None),
            ("Flyer auf Arabisch und Farsi", date(2026, 12, 3), None),
        ]
    assert meetings.get(meeting.id).actions == recorded.actions


def test_meeting_moved_by_a_holiday_is_recorded_on_its_new_date(
    meetings: MeetingService,
) -> None:
    with pytest.raises(InvalidInput) as caught:
        record(meetings, starts_at="2027-05-06T18:00")
    message = caught.value.errors["starts_at"]
    assert message == (
        "Runder Tisch Mengede has no meeting at 2027-05-06 18:00; around it, it meets "
        "2027-04-01 18:00 or 2027-05-07 18:00 (moved from 2027-05-06, Christi Himmelfahrt)"
    )
    later = after(meetings, datetime(2027, 5, 7, 20, tzinfo=BERLIN))
    moved = record(later, starts_at="2027-05-07T18:00")
    assert moved.meeting.starts_at == datetime(2027, 5, 7, 18, tzinfo=BERLIN)


def test_minutes_wait_until_the_meeting_has_begun(
    mengede: Services, meetings: MeetingService
) -> None:
    with pytest.raises(InvalidInput) as caught:
        record(meetings, starts_at="2026-12-03T18:00")
    assert "has not taken place yet" in caught.value.errors["starts_at"]
    assert count(mengede, RoundTableMeeting) == 0
    begun = after(meetings, datetime(2026, 12, 3, 18, 5, tzinfo=BERLIN))
    assert record(begun, starts_at="2026-12-03T18:00").meeting.id is not None


def test_dropped_meeting_names_the_dates_around_it(
    mengede: Services, meetings: MeetingService
) -> None:
    with pytest.raises(InvalidInput) as caught:
        record(meetings, series_key="runder_tisch_huckarde", starts_at="2027-03-29T17:00")
    message = caught.value.errors["starts_at"]
    assert message.startswith("Runder Tisch Huckarde has no meeting at 2027-03-29 17:00")
    assert "2027-01-25 17:00 or 2027-05-31 17:00" in message
    assert count(mengede, RoundTableMeeting) == 0


def test_start_in_another_zone_is_the_same_meeting(meetings: MeetingService) -> None:
    recorded = record(meetings, starts_at="2026-11-05T17:00:00+00:00")
    assert recorded.meeting.starts_at == datetime(2026, 11, 5, 18, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"office": "dorstfeld"}, "office", "unknown office"),
        ({"series_key": "runder_tisch_brackel"}, "series_key", "not a round table of"),
        ({"starts_at": "2026-11-05T17:00"}, "starts_at", "no meeting at 2026-11-05 17:00"),
        ({"starts_at": "2026-11-06T18:00"}, "starts_at", "no meeting at 2026-11-06 18:00"),
        ({"starts_at": "2026-02-30T18:00"}, "starts_at", "not a date and time that exists"),
        ({"attendees": []}, "attendees", "at least one attendee"),
        ({"attendees": "Frau Okafor"}, "attendees", "a list of names"),
        ({"attendees": ["Frau Okafor", "  "]}, "attendees[1]", "must not be empty"),
        ({"attendees": ["x" * 121]}, "attendees[0]", "at most 120 characters"),
        ({"minutes": "x" * 10_000_000}, "minutes", "at most 20000 characters"),
        (
            {"actions": [ActionRequest("Flyer", "Herr Willeke", "2026-02-30")]},
            "actions[0].due_on",
            "not a date that exists",
        ),
        (
            {"actions": [ActionRequest("Flyer", "Herr Willeke", "2026-11-04")]},
            "actions[0].due_on",
            "lies before the meeting on 2026-11-05",
        ),
        (
            {"actions": [ActionRequest(" ", "Herr Willeke", "2026-12-01")]},
            "actions[0].description",
            "must not be empty",
        ),
        (
            {"actions": [ActionRequest("Flyer", "", "2026-12-01")]},
            "actions[0].owner",
            "must not be empty",
        ),
        (
            {"actions": [ActionRequest("x" * 2001, "Herr Willeke", "2026-12-01")]},
            "actions[0].description",
            "at most 2000 characters",
        ),
    ],
)
def test_bad_record_names_the_field_and_saves_nothing(
    mengede: Services,
    meetings: MeetingService,
    changes: dict[str, Any],
    field: str,
    message: str,
) -> None:
    with pytest.raises(InvalidInput) as caught:
        record(meetings, **changes)
    assert message in caught.value.errors[field]
    assert count(mengede, RoundTableMeeting) == 0
    assert count(mengede, AgreedAction) == 0


def test_one_invalid_action_fails_the_whole_record(
    mengede: Services, meetings: MeetingService
) -> None:
    with pytest.raises(InvalidInput) as caught:
        record(
            meetings,
            actions=[
                ActionRequest("Raumanfrage", "Frau Okafor", "2026-11-20"),
                ActionRequest("Flyer", "Herr Willeke", "2026-11-31"),
            ],
        )
    assert set(caught.value.errors) == {"actions[1].due_on"}
    assert count(mengede, RoundTableMeeting) == 0
    assert count(mengede, AgreedAction) == 0


def test_second_record_of_an_occurrence_is_a_conflict(
    mengede: Services, meetings: MeetingService
) -> None:
    first = record(meetings, actions=[ActionRequest("Raumanfrage", "Frau Okafor", "2026-11-20")])
    with pytest.raises(Conflict, match="already recorded"):
        record(
            meetings,
            minutes="zweite Fassung",
            actions=[ActionRequest("Flyer", "Herr Willeke", "2026-12-01")],
        )
    assert count(mengede, RoundTableMeeting) == 1
    assert count(mengede, AgreedAction) == 1
    assert first.meeting.id is not None
    assert meetings.get(first.meeting.id).meeting.minutes.startswith("Sprachcafé")


def test_unique_constraint_catches_a_record_made_meanwhile(
    mengede: Services, meetings: MeetingService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A colleague's record that lands after our look-up is still refused, as a Conflict."""
    record(meetings)
    monkeypatch.setattr(meetings_module, "_recorded_id", lambda *_args: None)
    with pytest.raises(Conflict, match="already recorded"):
        record(meetings, actions=[ActionRequest("Flyer", "Herr Willeke", "2026-12-01")])
    assert count(mengede, RoundTableMeeting) == 1
    assert count(mengede, AgreedAction) == 0


def test_upcoming_joins_recorded_meetings_in_one_select(
    mengede: Services, meetings: MeetingService
) -> None:
    november = record(meetings)
    record(
        meetings,
        office="brackel",
        series_key="runder_tisch_brackel",
        starts_at="2026-11-11T17:00",
    )
    with selects(mengede) as seen:
        upcoming = meetings.upcoming(MENGEDE, date(2026, 11, 1), date(2027, 1, 31))
    assert len(seen) == 1
    assert [(item.meeting.series, item.meeting.start.date()) for item in upcoming] == [
        ("runder_tisch_mengede", date(2026, 11, 5)),
        ("runder_tisch_huckarde", date(2026, 11, 30)),
        ("runder_tisch_mengede", date(2026, 12, 3)),
        ("runder_tisch_mengede", date(2027, 1, 7)),
        ("runder_tisch_huckarde", date(2027, 1, 25)),
    ]
    assert (upcoming[0].recorded_id, upcoming[0].recorded_version) == (
        november.meeting.id,
        november.meeting.version,
    )
    assert all(item.recorded_id is None for item in upcoming[1:])
    assert all(item.recorded_version is None for item in upcoming[1:])
    with pytest.raises(InvalidInput) as caught:
        meetings.upcoming("dorstfeld", date(2026, 11, 1), date(2026, 12, 31))
    assert "unknown office" in caught.value.errors["office"]


def test_minutes_and_attendees_are_corrected_with_the_version(
    meetings: MeetingService,
) -> None:
    meeting = record(meetings).meeting
    assert meeting.id is not None
    updated = meetings.update_minutes(
        meeting.id, meeting.version, attendees=["Frau Okafor", "Herr Willeke", "Frau Demir"]
    )
    assert updated.version == meeting.version + 1
    assert updated.minutes == meeting.minutes
    with pytest.raises(StaleRecord):
        meetings.update_minutes(meeting.id, meeting.version, minutes="ältere Fassung")
    with pytest.raises(InvalidInput) as caught:
        meetings.update_minutes(meeting.id, updated.version, attendees=[])
    assert "at least one attendee" in caught.value.errors["attendees"]
    stored = meetings.get(meeting.id).meeting
    assert stored.attendees == ("Frau Okafor", "Herr Willeke", "Frau Demir")
    assert stored.version == updated.version
    with pytest.raises(NotFound):
        meetings.update_minutes(meeting.id + 100, 1, minutes="gibt es nicht")


def test_action_added_later_and_completed_once(mengede: Services, meetings: MeetingService) -> None:
    meeting = record(meetings).meeting
    assert meeting.id is not None
    with pytest.raises(InvalidInput) as caught:
        meetings.add_action(meeting.id, ActionRequest("Flyer", "Herr Willeke", "2026-10-30"))
    assert "lies before the meeting" in caught.value.errors["due_on"]
    action = meetings.add_action(meeting.id, ActionRequest("Flyer", "Herr Willeke", "2026-12-01"))
    assert action.id is not None
    assert [row.id for row in meetings.get(meeting.id).actions] == [action.id]
    done = meetings.complete_action(action.id, action.version)
    assert done.done_at == NOW
    assert done.version == action.version + 1
    with pytest.raises(Conflict, match="already done"):
        meetings.complete_action(action.id, done.version)
    with pytest.raises(Conflict, match="already done"):
        meetings.complete_action(action.id, action.version)
    with pytest.raises(NotFound):
        meetings.add_action(meeting.id + 100, ActionRequest("Flyer", "Herr Willeke", "2026-12-01"))
    assert count(mengede, AgreedAction) == 1


def test_stale_action_is_not_completed(meetings: MeetingService) -> None:
    recorded = record(meetings, actions=[ActionRequest("Flyer", "Herr Willeke", "2026-12-01")])
    action = recorded.actions[0]
    assert action.id is not None
    with pytest.raises(StaleRecord):
        meetings.complete_action(action.id, action.version + 1)
    assert meetings.get(recorded.meeting.id or 0).actions[0].done_at is None


def test_open_actions_by_due_date_with_their_meeting(
    mengede: Services, meetings: MeetingService
) -> None:
    november = record(
        meetings,
        actions=[
            ActionRequest("Flyer", "Herr Willeke", "2026-12-10"),
            ActionRequest("Raumanfrage", "Frau Okafor", "2026-11-20"),
            ActionRequest("Protokoll verschicken", "Frau Okafor", "2026-11-06"),
        ],
    )
    record(
        after(meetings, datetime(2026, 11, 30, 19, tzinfo=BERLIN)),
        series_key="runder_tisch_huckarde",
        starts_at="2026-11-30T17:00",
        actions=[ActionRequest("Dolmetscher anfragen", "Herr Aydin", "2026-12-01")],
    )
    record(
        meetings,
        office="brackel",
        series_key="runder_tisch_brackel",
        starts_at="2026-11-11T17:00",
        actions=[ActionRequest("Hallenzeiten klären", "Frau Yilmaz", "2026-11-12")],
    )
    sent = november.actions[2]
    assert sent.id is not None
    meetings.complete_action(sent.id, sent.version)
    with selects(mengede) as seen:
        open_actions = meetings.open_actions(MENGEDE)
    # One query for the actions; the audit entry of the read reads only the trail.
    assert len([statement for statement in seen if "audit_" not in statement]) == 1
    assert [
        (item.action.description, item.series_key, item.meeting_on) for item in open_actions
    ] == [
        ("Raumanfrage", "runder_tisch_mengede", date(2026, 11, 5)),
        ("Dolmetscher anfragen", "runder_tisch_huckarde", date(2026, 11, 30)),
        ("Flyer", "runder_tisch_mengede", date(2026, 11, 5)),
    ]
    brackel = as_lead_of(meetings, "brackel")
    assert [item.action.description for item in brackel.open_actions("brackel")] == [
        "Hallenzeiten klären"
    ]


def test_round_tables_are_checked_per_office_and_audited(
    services: Services, services_as: Any, mengede: Services, meetings: MeetingService
) -> None:
    recorded = record(meetings, actions=[ActionRequest("Flyer", "Herr Willeke", "2026-12-01")])
    meeting, [action] = recorded.meeting, recorded.actions
    assert meeting.id is not None
    assert action.id is not None
    entries = audit_count(mengede)
    meetings.get(meeting.id)
    meetings.open_actions(MENGEDE)
    meetings.update_minutes(meeting.id, meeting.version, minutes="Räume gefunden.")
    # Minutes, attendees and actions name people: one entry each (tests/test_audited_reads.py).
    assert audit_count(mengede) == entries + 3

    brackel = MeetingService(services.context)
    # Another office's meeting and action are to them as ones that do not exist.
    with pytest.raises(NotFound, match=f"^round-table meeting {meeting.id} does not exist$"):
        brackel.get(meeting.id)
    with pytest.raises(NotFound, match=f"^agreed action {action.id} does not exist$"):
        brackel.complete_action(action.id, action.version)
    with pytest.raises(AccessDenied, match="may not change the records of mengede_huckarde"):
        brackel.record(
            office=MENGEDE,
            series_key="runder_tisch_mengede",
            starts_at="2026-10-01T18:00",
            attendees=["Herr Willeke (Stadt)"],
            minutes="",
        )

    coordinator = services_as(None, "coordinator").meetings
    with pytest.raises(AccessDenied, match="may not read the records of mengede_huckarde"):
        coordinator.open_actions(MENGEDE)
    with pytest.raises(NotFound, match=f"^round-table meeting {meeting.id} does not exist$"):
        coordinator.add_action(meeting.id, ActionRequest("Flyer", "Herr Willeke", "2026-12-01"))
    assert count(mengede, AgreedAction) == 1
    assert meetings.get(meeting.id).actions[0].done_at is None
