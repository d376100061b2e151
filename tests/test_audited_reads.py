"""Reads that name people are audited, and a query for a day outside 1900–2100 is a
field error, not an overflow; on SQLite and PostgreSQL.

Round-table minutes name who came and who owes an action, so reading them
leaves an audit entry naming the meeting, as writing them does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from lwcore.db.models import AuditEntry
from lwcore.services import InvalidInput, NotFound, Services
from lwcore.services.meetings import ActionRequest, RecordedMeeting
from tests.access.cases_households import household

MENGEDE = "mengede_huckarde"
SERIES = "runder_tisch_mengede"


@pytest.fixture
def lead(services_as: Callable[..., Services]) -> Services:
    """Mengede-Huckarde's office lead, whose round table is recorded."""
    return services_as(MENGEDE)


@pytest.fixture
def held(lead: Services) -> RecordedMeeting:
    """The November round table in Mengede (first Thursday, 18:00), with one action."""
    return lead.meetings.record(
        office=MENGEDE,
        series_key=SERIES,
        starts_at="2026-11-05T18:00",
        attendees=["Frau Okafor (Diakonie)", "Herr Willeke (Stadt)"],
        minutes="Sprachcafé sucht neue Räume.",
        actions=[ActionRequest("Raumanfrage stellen", "Frau Okafor", "2026-12-01")],
    )


def _last_entry(services: Services) -> int:
    with services.context.database.reading() as connection:
        return int(connection.execute(select(func.coalesce(func.max(AuditEntry.id), 0))).scalar())


def _entries_after(services: Services, last: int) -> list[Any]:
    with services.context.database.reading() as connection:
        return list(
            connection.execute(
                select(AuditEntry).where(AuditEntry.id > last).order_by(AuditEntry.id)  # type: ignore[arg-type]
            ).all()
        )


def test_reading_minutes_and_attendees_is_audited_naming_the_meeting(
    lead: Services, held: RecordedMeeting, services_as: Callable[..., Services]
) -> None:
    meeting_id = held.meeting.id
    assert meeting_id is not None
    with pytest.raises(NotFound):  # a coordinator reads figures only: no meeting at all
        services_as(None, "coordinator").meetings.get(meeting_id)
    for reader in (lead, services_as(MENGEDE, "office_staff")):
        last = _last_entry(lead)
        found = reader.meetings.get(meeting_id)
        assert found.meeting.attendees == ("Frau Okafor (Diakonie)", "Herr Willeke (Stadt)")
        [entry] = _entries_after(lead, last)
        assert (entry.staff, entry.action, entry.kind, entry.office) == (
            reader.actor.key,
            "read",
            "round-table meeting",
            MENGEDE,
        )
        assert entry.record_id == meeting_id
        assert entry.records == 1 + len(held.actions)
        assert entry.detail == f"{SERIES} 2026-11-05"


def test_reading_open_actions_is_audited(lead: Services, held: RecordedMeeting) -> None:
    last = _last_entry(lead)
    actions = lead.meetings.open_actions(MENGEDE)
    [entry] = _entries_after(lead, last)
    assert (entry.action, entry.office, entry.records) == ("read", MENGEDE, len(actions))
    assert len(actions) == 1


def test_writing_minutes_and_actions_is_audited_naming_the_meeting(
    lead: Services, held: RecordedMeeting
) -> None:
    meeting = held.meeting
    assert meeting.id is not None
    with lead.context.database.reading() as connection:
        created = connection.execute(
            select(AuditEntry).where(AuditEntry.record_id == meeting.id)  # type: ignore[arg-type]
        ).all()
    assert [(entry.action, entry.detail) for entry in created] == [
        ("create", f"{SERIES} 2026-11-05")
    ]
    last = _last_entry(lead)
    lead.meetings.update_minutes(meeting.id, meeting.version, minutes="Räume gefunden.")
    added = lead.meetings.add_action(
        meeting.id, ActionRequest("Flyer", "Herr Willeke", date(2026, 12, 1))
    )
    assert added.id is not None
    lead.meetings.complete_action(added.id, added.version)
    entries = _entries_after(lead, last)
    assert [(entry.action, entry.record_id, entry.detail) for entry in entries] == [
        ("change", meeting.id, f"{SERIES} 2026-11-05: corrected minutes"),
        ("change", meeting.id, f"{SERIES} 2026-11-05: action {added.id} added"),
        ("change", meeting.id, f"{SERIES} 2026-11-05: action {added.id} done"),
    ]


def test_the_calendar_of_meetings_names_nobody_and_is_not_audited(
    lead: Services, held: RecordedMeeting
) -> None:
    last = _last_entry(lead)
    upcoming = lead.meetings.upcoming(MENGEDE, date(2026, 11, 1), date(2026, 11, 30))
    assert held.meeting.id in [item.recorded_id for item in upcoming]
    assert _entries_after(lead, last) == []


# Days outside 1900–2100, or no day at all.

OUT_OF_RANGE = [date(1899, 12, 31), date(2101, 1, 1), date.min, date.max]


def _consents_valid(services: Services, day: Any) -> object:
    row = household(services, "brackel")
    return services.consents.valid(row.id, "referral", "jobcenter_brackel", day)


#: Each query taking a day, with the field that names it.
QUERIES: dict[str, tuple[str, Callable[[Services, Any], object]]] = {
    "appointments.for_day": ("day", lambda s, day: s.appointments.for_day("brackel", day)),
    "appointments.free_slots": ("day", lambda s, day: s.appointments.free_slots("brackel", day)),
    "visits.week": ("any_day", lambda s, day: s.visits.week("brackel", day)),
    "visits.due (start)": ("start", lambda s, day: s.visits.due("brackel", day, date(2026, 12, 1))),
    "visits.due (until)": ("until", lambda s, day: s.visits.due("brackel", date(2026, 1, 1), day)),
    "meetings.upcoming (start)": (
        "start",
        lambda s, day: s.meetings.upcoming("brackel", day, date(2026, 12, 1)),
    ),
    "meetings.upcoming (until)": (
        "until",
        lambda s, day: s.meetings.upcoming("brackel", date(2026, 1, 1), day),
    ),
    "referrals.open_due": ("until", lambda s, day: s.referrals.open_due("brackel", day)),
    "dashboard.today": ("day", lambda s, day: s.dashboard.today("brackel", day)),
    "dashboard.month_counters": ("day", lambda s, day: s.dashboard.month_counters("brackel", day)),
    "consents.valid": ("on_day", _consents_valid),
}


@pytest.mark.parametrize("day", OUT_OF_RANGE, ids=str)
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_a_query_for_a_day_outside_the_range_is_a_field_error(
    name: str, day: date, services: Services
) -> None:
    field, query = QUERIES[name]
    with pytest.raises(InvalidInput) as refused:
        query(services, day)
    assert refused.value.errors == {field: f"{day.isoformat()} is outside 1900–2100"}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_a_query_for_no_day_at_all_is_a_field_error(name: str, services: Services) -> None:
    field, query = QUERIES[name]
    with pytest.raises(InvalidInput) as refused:
        query(services, "2026-11-05")
    assert list(refused.value.errors) == [field]


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(2100, 12, 31)], ids=str)
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_the_edges_of_the_range_are_answered(name: str, day: date, services: Services) -> None:
    _field, query = QUERIES[name]
    query(services, day)


def test_a_moment_is_a_day_too(services: Services) -> None:
    """A datetime is a date to Python: its day is checked."""
    with pytest.raises(InvalidInput, match="outside 1900–2100"):
        services.appointments.for_day("brackel", datetime(2101, 1, 1, 9, 0, tzinfo=UTC))
