"""Appointment slots: free slots, booking, clashes, cancelling, outcomes; both engines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from lwcore.db.models import Appointment
from lwcore.services import (
    AccessDenied,
    Conflict,
    FrozenClock,
    InvalidInput,
    NotFound,
    Services,
    StaleRecord,
)
from lwcore.services.appointments import AppointmentService, Slot
from tests.conftest import NOW
from tests.test_consultations import count, household
from tests.test_waiting_list import audit_trail

BERLIN = ZoneInfo("Europe/Berlin")
#: Brackel's appointment hours: Thursday 09:00-12:00, 30-minute slots.
THURSDAY = date(2026, 12, 3)
#: Mengede/Huckarde's appointment hours: Friday 09:00-11:00, 20-minute slots.
FRIDAY = date(2026, 12, 4)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def starts(slots: list[Slot]) -> list[str]:
    return [f"{slot.starts_at:%Y-%m-%d %H:%M}" for slot in slots]


@pytest.fixture
def appointments(services: Services) -> AppointmentService:
    return AppointmentService(services.context)


def appointments_at(services: Services, moment: datetime) -> AppointmentService:
    """The service as it will be at ``moment`` (after the appointments began)."""
    return AppointmentService(attrs.evolve(services.context, clock=FrozenClock(moment)))


@pytest.fixture
def mengede(services_as: Callable[..., Services]) -> AppointmentService:
    """The appointments as Mengede/Huckarde's office lead sees them."""
    return services_as("mengede_huckarde").appointments


def book(appointments: AppointmentService, **changes: object) -> Appointment:
    values: dict[str, object] = {
        "office": "brackel",
        "starts_at": at(THURSDAY, 10),
        "label": "Familie Haddad",
        "language": "ar",
    }
    values.update(changes)
    return appointments.book(**values)  # type: ignore[arg-type]


def stored(services: Services) -> list[Appointment]:
    with services.context.database.read() as session:
        return list(session.exec(select(Appointment).order_by(col(Appointment.id))))


def test_thursday_block_is_cut_into_six_slots(appointments: AppointmentService) -> None:
    slots = appointments.free_slots("brackel", THURSDAY)
    assert starts(slots) == [f"2026-12-03 {time}" for time in ("09:00", "09:30", "10:00")] + [
        f"2026-12-03 {time}" for time in ("10:30", "11:00", "11:30")
    ]
    assert {(slot.place, slot.duration_minutes) for slot in slots} == {("office", 30)}
    first = slots[0]
    assert first.starts_at == datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    assert first.starts_at.utcoffset() == timedelta(hours=1)
    assert first.ends_at == at(THURSDAY, 9, 30)


def test_twenty_minute_slots_in_mengede(mengede: AppointmentService) -> None:
    slots = mengede.free_slots("mengede_huckarde", FRIDAY)
    assert [f"{slot.starts_at:%H:%M}" for slot in slots] == [
        "09:00",
        "09:20",
        "09:40",
        "10:00",
        "10:20",
        "10:40",
    ]
    assert {slot.duration_minutes for slot in slots} == {20}


@pytest.mark.parametrize(
    ("day", "place"),
    [
        (date(2026, 11, 30), None),  # Monday: open walk-in hours only
        (date(2026, 12, 2), None),  # Wednesday: open walk-in hours only
        (FRIDAY, None),  # no hours at all
        (date(2026, 12, 5), None),  # Saturday
        (THURSDAY, "aplerbeck"),  # the outpost has no appointment hours
    ],
)
def test_no_slots_without_appointment_hours(
    appointments: AppointmentService, day: date, place: str | None
) -> None:
    assert appointments.free_slots("brackel", day, place=place) == []


def test_past_slots_of_today_are_not_offered(
    appointments: AppointmentService, mengede: AppointmentService
) -> None:
    # NOW is Friday 10:30: only the 10:40 slot of the 09:00-11:00 block is still ahead.
    today = NOW.date()
    assert starts(mengede.free_slots("mengede_huckarde", today)) == ["2026-11-27 10:40"]
    assert appointments.free_slots("brackel", date(2026, 11, 26)) == []


def test_no_slots_on_public_holidays(
    appointments: AppointmentService, mengede: AppointmentService
) -> None:
    assert appointments.holidays.name(date(2027, 5, 6)) == "Christi Himmelfahrt"
    assert appointments.free_slots("brackel", date(2027, 5, 6)) == []
    assert appointments.free_slots("brackel", date(2027, 5, 27)) == []  # Fronleichnam
    assert mengede.free_slots("mengede_huckarde", date(2026, 12, 25)) == []
    # Christmas Eve is no public holiday: the Thursday block takes place.
    assert len(appointments.free_slots("brackel", date(2026, 12, 24))) == 6


def test_unknown_office_or_place_is_named(appointments: AppointmentService) -> None:
    with pytest.raises(InvalidInput) as caught:
        appointments.free_slots("dorstfeld", THURSDAY)
    assert "unknown office" in caught.value.errors["office"]
    with pytest.raises(InvalidInput) as caught:
        appointments.free_slots("brackel", THURSDAY, place="aplerbeck_nord")
    assert "not a place of brackel" in caught.value.errors["place"]


def test_booking_takes_the_slot(services: Services, appointments: AppointmentService) -> None:
    household_id = household(services)
    made = book(
        appointments,
        household_id=household_id,
        topic="kindergarten_place",
        label="  Familie Haddad ",
        note="bringt Geburtsurkunde mit",
    )
    assert made.id is not None
    assert made.version == 1
    [row] = stored(services)
    assert row.id == made.id
    assert row.office == "brackel"
    assert row.place == "office"
    assert row.starts_at == at(THURSDAY, 10)
    assert row.duration_minutes == 30
    assert row.status == "booked"
    assert row.label == "Familie Haddad"
    assert row.household_id == household_id
    assert row.topic == "kindergarten_place"
    assert row.note == "bringt Geburtsurkunde mit"
    assert row.created_at == NOW
    free = starts(appointments.free_slots("brackel", THURSDAY))
    assert "2026-12-03 10:00" not in free
    assert len(free) == 5


def test_text_time_is_read_in_the_deployment_zone(
    services: Services, appointments: AppointmentService
) -> None:
    book(appointments, starts_at="2026-12-03T09:30")
    book(appointments, starts_at="2026-12-03T10:00:00+00:00")  # 11:00 in Dortmund
    assert [row.starts_at for row in stored(services)] == [
        at(THURSDAY, 9, 30),
        at(THURSDAY, 11),
    ]


def test_double_booking_is_a_conflict(services: Services, appointments: AppointmentService) -> None:
    book(appointments, label="Familie Haddad")
    with pytest.raises(Conflict, match=r"03\.12\.2026 10:00 at office of brackel is already"):
        book(appointments, label="Herr Popescu", starts_at="2026-12-03T10:00")
    assert [row.label for row in stored(services)] == ["Familie Haddad"]


def test_booking_race_is_caught_by_the_slot_index(
    services: Services, appointments: AppointmentService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two colleagues both saw the slot free: the database refuses the second."""
    book(appointments, label="Familie Haddad")
    monkeypatch.setattr("lwcore.services.appointments.booked_slots", lambda *_args: set())
    with pytest.raises(Conflict, match="already booked") as caught:
        book(appointments, label="Herr Popescu")
    assert isinstance(caught.value.__cause__, IntegrityError)
    assert [row.label for row in stored(services)] == ["Familie Haddad"]
    # The refused transaction left nothing behind: the next booking works.
    book(appointments, label="Herr Popescu", starts_at=at(THURSDAY, 10, 30))
    assert count(services, Appointment) == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"starts_at": "2026-11-26T10:00"}, "starts_at", "26.11.2026 10:00 lies in the past"),
        ({"starts_at": at(NOW.date(), 9)}, "starts_at", "lies in the past"),
        ({"starts_at": "2026-12-03T12:00"}, "starts_at", "not the start of a slot"),
        ({"starts_at": "2026-12-03T09:15"}, "starts_at", "not the start of a slot"),
        ({"starts_at": "2026-12-04T09:00"}, "starts_at", "TH 09:00-12:00, every 30 minutes"),
        (
            {"starts_at": "2026-12-03T09:00", "place": "aplerbeck"},
            "starts_at",
            "at aplerbeck (there are none)",
        ),
        (
            {"starts_at": "2027-05-06T09:00"},
            "starts_at",
            "06.05.2027 is a public holiday (Christi Himmelfahrt)",
        ),
        (
            {"office": "mengede_huckarde", "starts_at": "2026-12-25T09:00"},
            "starts_at",
            "public holiday (Erster Weihnachtstag)",
        ),
        ({"starts_at": "2026-02-30T10:00"}, "starts_at", "not a date and time that exists"),
        ({"label": "  "}, "label", "must not be empty"),
        ({"label": "x" * 41}, "label", "at most 40 characters"),
        ({"language": "arabic"}, "language", "not an ISO 639-1"),
        ({"topic": "weather"}, "topic", "unknown topic 'weather'"),
        ({"note": "x" * 2001}, "note", "at most 2000 characters"),
        ({"office": "dorstfeld"}, "office", "unknown office"),
        ({"place": "aplerbeck_nord"}, "place", "not a place of brackel"),
        ({"household_id": 999}, "household", "no household 999"),
    ],
)
def test_bad_booking_names_the_field_and_saves_nothing(
    services: Services,
    services_as: Callable[..., Services],
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    office = str(changes.get("office", "brackel"))
    with pytest.raises(InvalidInput) as caught:
        book(services_as(office).appointments, **changes)
    assert message in caught.value.errors[field]
    assert count(services, Appointment) == 0


def test_every_bad_field_is_reported_at_once(
    services: Services, appointments: AppointmentService
) -> None:
    with pytest.raises(InvalidInput) as caught:
        book(appointments, starts_at="2026-12-03T09:15", label="", language="xx")
    assert set(caught.value.errors) == {"starts_at", "label", "language"}
    assert count(services, Appointment) == 0


def test_household_of_another_office_is_refused(
    services: Services, appointments: AppointmentService, services_as: Callable[..., Services]
) -> None:
    other = household(services_as("mengede_huckarde"), office="mengede_huckarde")
    with pytest.raises(InvalidInput) as caught:
        book(appointments, household_id=other)
    assert "no household" in caught.value.errors["household"]
    assert count(services, Appointment) == 0


def test_cancelling_frees_the_slot(services: Services, appointments: AppointmentService) -> None:
    first = book(appointments, label="Familie Haddad")
    assert first.id is not None
    cancelled = appointments.cancel(first.id, first.version)
    assert cancelled.status == "cancelled"
    assert cancelled.version == first.version + 1
    assert appointments.get(first.id).status == "cancelled"
    assert "2026-12-03 10:00" in starts(appointments.free_slots("brackel", THURSDAY))
    again = book(appointments, label="Herr Popescu")
    assert [(row.label, row.status) for row in stored(services)] == [
        ("Familie Haddad", "cancelled"),
        ("Herr Popescu", "booked"),
    ]
    assert [row.id for row in appointments.for_day("brackel", THURSDAY)] == [again.id]
    everything = appointments.for_day("brackel", THURSDAY, include_cancelled=True)
    assert [row.id for row in everything] == [first.id, again.id]


def test_cancelling_twice_or_stale_is_refused(
    services: Services, appointments: AppointmentService
) -> None:
    made = book(appointments)
    assert made.id is not None
    with pytest.raises(StaleRecord) as caught:
        appointments.cancel(made.id, made.version + 1)
    assert caught.value.current == made.version
    assert appointments.get(made.id).status == "booked"
    cancelled = appointments.cancel(made.id, made.version)
    with pytest.raises(StaleRecord):
        appointments.cancel(made.id, made.version)
    with pytest.raises(Conflict, match="is cancelled, not booked"):
        appointments.cancel(made.id, cancelled.version)
    assert appointments.get(made.id).version == cancelled.version
    with pytest.raises(NotFound):
        appointments.cancel(made.id + 100, 1)


def test_marking_attended_and_missed(services: Services, appointments: AppointmentService) -> None:
    came = book(appointments, label="Familie Haddad")
    away = book(appointments, label="Herr Popescu", starts_at=at(THURSDAY, 10, 30))
    assert came.id is not None
    assert away.id is not None
    afterwards = appointments_at(services, at(THURSDAY, 11))
    attended = afterwards.mark(came.id, came.version, "attended")
    missed = afterwards.mark(away.id, away.version, "missed")
    assert (attended.status, attended.version) == ("attended", 2)
    assert (missed.status, missed.version) == ("missed", 2)
    assert [row.status for row in stored(services)] == ["attended", "missed"]
    # Still holding their slots: an outcome does not give the slot back.
    free = starts(appointments.free_slots("brackel", THURSDAY))
    assert "2026-12-03 10:00" not in free
    assert "2026-12-03 10:30" not in free
    with pytest.raises(Conflict, match="is attended, not booked"):
        afterwards.mark(came.id, attended.version, "missed")
    with pytest.raises(Conflict, match="is missed, not booked"):
        appointments.cancel(away.id, missed.version)
    assert [row.status for row in stored(services)] == ["attended", "missed"]


def test_an_appointment_is_not_missed_before_it_starts(
    services: Services, appointments: AppointmentService
) -> None:
    made = book(appointments)
    assert made.id is not None
    for status in ("missed", "attended"):
        with pytest.raises(InvalidInput) as caught:
            appointments_at(services, at(THURSDAY, 9, 59)).mark(made.id, made.version, status)
        assert "starts 03.12.2026 10:00" in caught.value.errors["status"]
    assert [row.status for row in stored(services)] == ["booked"]
    # Cancelling is allowed ahead, of course.
    assert appointments.cancel(made.id, made.version).status == "cancelled"


def test_marking_refusals(services: Services, appointments: AppointmentService) -> None:
    made = book(appointments)
    assert made.id is not None
    for status in ("cancelled", "booked", "late"):
        with pytest.raises(InvalidInput) as caught:
            appointments.mark(made.id, made.version, status)
        assert "not one of attended, missed" in caught.value.errors["status"]
    with pytest.raises(StaleRecord):
        appointments.mark(made.id, made.version - 1, "attended")
    cancelled = appointments.cancel(made.id, made.version)
    with pytest.raises(Conflict, match="cannot become attended"):
        appointments.mark(made.id, cancelled.version, "attended")
    [row] = stored(services)
    assert (row.status, row.version) == ("cancelled", 2)


def test_next_free_slots_look_ahead(appointments: AppointmentService) -> None:
    book(appointments, starts_at=at(THURSDAY, 9))
    slots = appointments.next_free_slots("brackel")
    assert len(slots) == 10
    assert starts(slots)[:5] == [f"2026-12-03 {time}" for time in ("09:30", "10:00")] + [
        f"2026-12-03 {time}" for time in ("10:30", "11:00", "11:30")
    ]
    assert starts(slots)[5:] == [f"2026-12-10 {time}" for time in ("09:00", "09:30")] + [
        f"2026-12-10 {time}" for time in ("10:00", "10:30", "11:00")
    ]
    # Today (a Friday) is the first day: a week ahead reaches next Thursday, not further.
    assert {slot.starts_at.date() for slot in appointments.next_free_slots("brackel", days=7)} == {
        THURSDAY
    }
    assert appointments.next_free_slots("brackel", days=6) == []


def test_next_free_slots_skip_the_past_and_holidays(mengede: AppointmentService) -> None:
    soon = mengede.next_free_slots("mengede_huckarde", limit=3)
    assert starts(soon) == ["2026-11-27 10:40", "2026-12-04 09:00", "2026-12-04 09:20"]
    # Six weeks: today's last slot, three ordinary Fridays; Christmas and New Year are holidays.
    weeks = mengede.next_free_slots("mengede_huckarde", limit=500, days=42)
    days = sorted({slot.starts_at.date() for slot in weeks})
    assert days == [NOW.date(), FRIDAY, date(2026, 12, 11), date(2026, 12, 18)]
    assert len(weeks) == 1 + 3 * 6


def test_next_free_slots_checks_its_limits(appointments: AppointmentService) -> None:
    with pytest.raises(InvalidInput) as caught:
        appointments.next_free_slots("brackel", limit=0, days=1000)
    assert set(caught.value.errors) == {"limit", "days"}


def test_day_list_is_ordered_by_start(
    appointments: AppointmentService, mengede: AppointmentService
) -> None:
    late = book(appointments, label="C", starts_at=at(THURSDAY, 11))
    early = book(appointments, label="A", starts_at=at(THURSDAY, 9))
    middle = book(appointments, label="B", starts_at=at(THURSDAY, 10))
    book(appointments, label="next week", starts_at=at(date(2026, 12, 10), 9))
    book(mengede, office="mengede_huckarde", label="D", starts_at=at(FRIDAY, 9))
    day = appointments.for_day("brackel", THURSDAY)
    assert [row.id for row in day] == [early.id, middle.id, late.id]
    assert [row.label for row in mengede.for_day("mengede_huckarde", FRIDAY)] == ["D"]
    assert appointments.for_day("brackel", FRIDAY) == []


def test_free_slots_are_checked_but_not_audited(
    services: Services,
    appointments: AppointmentService,
    services_as: Callable[..., Services],
) -> None:
    start = len(audit_trail(services))
    assert len(appointments.free_slots("brackel", THURSDAY)) == 6
    assert appointments.next_free_slots("brackel", limit=1)
    assert audit_trail(services)[start:] == []
    assert (
        len(services_as("mengede_huckarde").appointments.free_slots("mengede_huckarde", FRIDAY))
        == 6
    )
    with pytest.raises(AccessDenied):
        appointments.free_slots("mengede_huckarde", FRIDAY)
    with pytest.raises(AccessDenied):  # a coordinator reads figures only
        services_as(None, "coordinator").appointments.free_slots("mengede_huckarde", FRIDAY)
    with pytest.raises(AccessDenied):
        services_as(None, "it_admin").appointments.next_free_slots("brackel")


def test_each_booking_call_leaves_one_audit_entry(
    services: Services, appointments: AppointmentService
) -> None:
    household_id = household(services)
    code = services.households.get(household_id).code
    start = len(audit_trail(services))
    made = book(appointments, household_id=household_id)
    assert made.id is not None
    appointments.for_day("brackel", THURSDAY)
    appointments.get(made.id)
    appointments_at(services, at(THURSDAY, 10, 5)).mark(made.id, made.version, "attended")
    entries = audit_trail(services)[start:]
    assert [(e.action, e.kind, e.records, e.detail) for e, _codes in entries] == [
        ("create", "appointment", 1, ""),
        ("read", "appointment", 1, "appointments of 2026-12-03"),
        ("read", "appointment", 1, ""),
        ("change", "appointment", 1, "attended"),
    ]
    assert all(codes == {code} for _entry, codes in entries)


def test_a_coordinator_reads_no_booking_and_books_none(
    services: Services,
    appointments: AppointmentService,
    services_as: Callable[..., Services],
) -> None:
    made = book(appointments)
    assert made.id is not None
    coordinator = services_as(None, "coordinator").appointments
    with pytest.raises(AccessDenied):
        coordinator.for_day("brackel", THURSDAY)
    # A booking they may not read is to them as one that does not exist.
    unknown = f"appointment {made.id} does not exist"
    with pytest.raises(NotFound, match=unknown):
        coordinator.get(made.id)
    with pytest.raises(AccessDenied):
        book(coordinator, starts_at=at(THURSDAY, 9))
    with pytest.raises(NotFound, match=unknown):
        coordinator.cancel(made.id, made.version)
    for outsider in (services_as(None, "it_admin"), services_as("mengede_huckarde")):
        with pytest.raises(AccessDenied):
            outsider.appointments.for_day("brackel", THURSDAY)
        with pytest.raises(NotFound, match=unknown):
            outsider.appointments.get(made.id)
        with pytest.raises(NotFound, match=unknown):
            outsider.appointments.mark(made.id, made.version, "missed")
    assert [(row.label, row.status) for row in stored(services)] == [("Familie Haddad", "booked")]
