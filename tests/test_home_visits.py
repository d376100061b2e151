"""Welcome home visits: planned, done or cancelled, by week; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import attrs
import pytest

from lwcore.db.models import HomeVisit
from lwcore.services import (
    AccessDenied,
    Conflict,
    FrozenClock,
    InvalidInput,
    NotFound,
    Services,
    StaleRecord,
)
from lwcore.services.visits import HomeVisitService
from tests.conftest import NOW
from tests.test_consultations import count, household
from tests.test_waiting_list import audit_trail

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def visits(services: Services) -> HomeVisitService:
    return HomeVisitService(services.context)


def visits_at(services: Services, moment: datetime) -> HomeVisitService:
    """The service as it was (or will be) at ``moment``: to plan visits NOW lies after."""
    return HomeVisitService(attrs.evolve(services.context, clock=FrozenClock(moment)))


def plan(visits: HomeVisitService, household_id: int, /, **changes: object) -> HomeVisit:
    values: dict[str, object] = {
        "office": "brackel",
        "household_id": household_id,
        "planned_for": "2026-12-01T15:00",
        "staff": "Frau Yilmaz",
        "language": "ar",
    }
    values.update(changes)
    return visits.plan(**values)  # type: ignore[arg-type]


#: A week before NOW: when the visits that are done by NOW were planned.
PLANNED_AT = datetime(2026, 11, 20, 9, tzinfo=BERLIN)
#: Before NOW (10:30), so the visit can be done by then.
THIS_MORNING = "2026-11-27T09:00"


def test_who_plans_a_visit_goes_unless_someone_else_is_named(
    services: Services, visits: HomeVisitService
) -> None:
    household_id = household(services)
    values = {"office": "brackel", "household_id": household_id, "language": "ar"}
    own = visits.plan(**values, planned_for="2026-12-01T15:00")  # type: ignore[arg-type]
    named = visits.plan(  # type: ignore[arg-type]
        **values, planned_for="2026-12-02T15:00", staff="Frau Yilmaz"
    )
    assert own.staff == services.actor.name
    assert named.staff == "Frau Yilmaz"


def test_planned_visit_is_recorded_as_done(services: Services, visits: HomeVisitService) -> None:
    household_id = household(services)
    earlier = visits_at(services, PLANNED_AT)
    planned = plan(earlier, household_id, second_staff="Herr Becker", planned_for=THIS_MORNING)
    assert planned.id is not None
    assert planned.status == "planned"
    assert planned.planned_for == datetime(2026, 11, 27, 9, tzinfo=BERLIN)
    assert planned.second_staff == "Herr Becker"
    done = visits.record_done(
        planned.id, planned.version, note="Wohnung eingerichtet, Fragen zum Stromvertrag"
    )
    assert done.status == "done"
    assert done.version == planned.version + 1
    stored = visits.get(planned.id)
    assert stored.status == "done"
    assert stored.done_at == NOW
    assert stored.note == "Wohnung eingerichtet, Fragen zum Stromvertrag"
    assert stored.household_id == household_id


def test_done_at_may_be_given_but_not_in_the_future(
    services: Services, visits: HomeVisitService
) -> None:
    planned = plan(visits_at(services, PLANNED_AT), household(services), planned_for=THIS_MORNING)
    assert planned.id is not None
    with pytest.raises(InvalidInput) as caught:
        visits.record_done(planned.id, planned.version, note="", done_at="2026-11-27T11:00")
    assert "lies in the future" in caught.value.errors["done_at"]
    assert visits.get(planned.id).status == "planned"
    done = visits.record_done(planned.id, planned.version, note="", done_at="2026-11-27T09:15")
    assert done.done_at == datetime(2026, 11, 27, 9, 15, tzinfo=BERLIN)


def test_a_visit_is_not_done_before_it_starts(services: Services, visits: HomeVisitService) -> None:
    """Planned for Tuesday, it cannot be marked done on Friday before (Today would count
    it as done this week, the statistics next week)."""
    planned = plan(visits, household(services))
    assert planned.id is not None
    with pytest.raises(InvalidInput) as caught:
        visits.record_done(planned.id, planned.version, note="schon erledigt")
    assert "planned for 01.12.2026 15:00" in caught.value.errors["done_at"]
    stored = visits.get(planned.id)
    assert (stored.status, stored.version, stored.note) == ("planned", planned.version, "")


def test_planned_visit_is_cancelled_with_a_reason(
    services: Services, visits: HomeVisitService
) -> None:
    planned = plan(visits, household(services))
    assert planned.id is not None
    with pytest.raises(InvalidInput) as caught:
        visits.cancel(planned.id, planned.version, reason="   ")
    assert "must not be empty" in caught.value.errors["reason"]
    cancelled = visits.cancel(planned.id, planned.version, reason="Familie ist krank")
    assert cancelled.status == "cancelled"
    stored = visits.get(planned.id)
    assert stored.cancel_reason == "Familie ist krank"
    assert stored.done_at is None


def test_only_a_planned_visit_moves_on(services: Services, visits: HomeVisitService) -> None:
    planned = plan(visits, household(services))
    assert planned.id is not None
    cancelled = visits.cancel(planned.id, planned.version, reason="abgesagt")
    with pytest.raises(Conflict, match="already cancelled"):
        visits.record_done(planned.id, cancelled.version, note="doch da gewesen")
    with pytest.raises(Conflict, match="already cancelled"):
        visits.cancel(planned.id, cancelled.version, reason="nochmal")
    with pytest.raises(Conflict, match="already cancelled"):
        visits.reschedule(planned.id, cancelled.version, "2026-12-03T10:00")
    stored = visits.get(planned.id)
    assert (stored.status, stored.version, stored.note) == ("cancelled", cancelled.version, "")


def test_reschedule_moves_the_visit_into_the_future(
    services: Services, visits: HomeVisitService
) -> None:
    planned = plan(visits, household(services))
    assert planned.id is not None
    with pytest.raises(InvalidInput) as caught:
        visits.reschedule(planned.id, planned.version, "2026-11-27T10:00")
    assert "lies in the past" in caught.value.errors["planned_for"]
    moved = visits.reschedule(planned.id, planned.version, "2026-12-08T09:30")
    assert moved.version == planned.version + 1
    assert visits.get(planned.id).planned_for == datetime(2026, 12, 8, 9, 30, tzinfo=BERLIN)


def test_stale_version_is_refused_and_nothing_lost(
    services: Services, visits: HomeVisitService
) -> None:
    planned = plan(visits, household(services))
    assert planned.id is not None
    moved = visits.reschedule(planned.id, planned.version, "2026-12-02T10:00")
    with pytest.raises(StaleRecord) as caught:
        visits.record_done(planned.id, planned.version, note="meine ältere Sicht")
    assert (caught.value.expected, caught.value.current) == (planned.version, moved.version)
    with pytest.raises(StaleRecord):
        visits.cancel(planned.id, planned.version, reason="zu spät")
    stored = visits.get(planned.id)
    assert (stored.status, stored.note) == ("planned", "")
    assert stored.planned_for == datetime(2026, 12, 2, 10, tzinfo=BERLIN)
    with pytest.raises(NotFound):
        visits.cancel(planned.id + 100, 1, reason="gibt es nicht")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"planned_for": "2026-11-27T10:29"}, "planned_for", "lies in the past"),
        ({"planned_for": "2026-02-30T10:00"}, "planned_for", "not a date and time that exists"),
        ({"language": "arabisch"}, "language", "not an ISO 639-1"),
        ({"staff": " "}, "staff", "must not be empty"),
        ({"staff": "x" * 121}, "staff", "at most 120 characters"),
        ({"second_staff": "frau yilmaz"}, "second_staff", "someone other than staff"),
        ({"office": "dorstfeld"}, "office", "unknown office"),
        ({"household_id": 999}, "household", "no household 999"),
        ({"household_id": None}, "household", "choose the household"),
    ],
)
def test_bad_plan_names_the_field_and_saves_nothing(
    services: Services,
    visits: HomeVisitService,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    household_id = household(services)
    with pytest.raises(InvalidInput) as caught:
        plan(visits, household_id, **changes)
    assert message in caught.value.errors[field]
    assert count(services, HomeVisit) == 0


def test_household_of_another_office_is_refused(
    services: Services, visits: HomeVisitService, services_as: Callable[..., Services]
) -> None:
    mengede = services_as("mengede_huckarde")
    other = household(mengede, office="mengede_huckarde")
    with pytest.raises(InvalidInput) as caught:
        plan(visits, other)
    assert "no household" in caught.value.errors["household"]
    with pytest.raises(AccessDenied):
        plan(visits, other, office="mengede_huckarde", language="fa")
    assert count(services, HomeVisit) == 0
    assert plan(mengede.visits, other, office="mengede_huckarde", language="fa").office == (
        "mengede_huckarde"
    )


def test_huge_note_is_refused_and_the_visit_stays_planned(
    services: Services, visits: HomeVisitService
) -> None:
    planned = plan(visits, household(services))
    assert planned.id is not None
    with pytest.raises(InvalidInput) as caught:
        visits.record_done(planned.id, planned.version, note="x" * 10_000_000)
    assert "at most 2000 characters" in caught.value.errors["note"]
    stored = visits.get(planned.id)
    assert (stored.status, stored.version, stored.note) == ("planned", planned.version, "")


def test_week_runs_from_monday_to_sunday_local_time(
    services: Services, visits: HomeVisitService, services_as: Callable[..., Services]
) -> None:
    household_id = household(services)
    earlier = visits_at(services, datetime(2026, 11, 16, 8, tzinfo=BERLIN))
    times = {
        "previous sunday": "2026-11-22T23:59",
        "monday midnight": "2026-11-23T00:00",
        "friday": "2026-11-27T14:00",
        "sunday night": "2026-11-29T23:59",
        "next monday": "2026-11-30T00:00",
        "wednesday": "2026-11-25T09:00",
    }
    ids = {
        label: plan(earlier, household_id, planned_for=when, staff=label).id
        for label, when in times.items()
    }
    mengede = services_as("mengede_huckarde")
    plan(
        visits_at(mengede, datetime(2026, 11, 16, 8, tzinfo=BERLIN)),
        household(mengede, office="mengede_huckarde"),
        office="mengede_huckarde",
    )
    week = visits.week("brackel", date(2026, 11, 27)).visits
    assert [visit.staff for visit in week] == [
        "monday midnight",
        "wednesday",
        "friday",
        "sunday night",
    ]
    assert [visit.id for visit in visits.week("brackel", date(2026, 11, 23)).visits] == [
        visit.id for visit in week
    ]
    assert [visit.id for visit in visits.week("brackel", date(2026, 11, 22)).visits] == [
        ids["previous sunday"]
    ]
    assert visits.week("brackel", date(2026, 11, 30)).visits[0].id == ids["next monday"]


def test_week_with_the_change_to_summer_time(services: Services, visits: HomeVisitService) -> None:
    household_id = household(services)
    # Easter 2027 falls on that weekend: planned on purpose.
    sunday = plan(
        visits, household_id, planned_for="2027-03-28T23:30", staff="Sonntag", on_holiday=True
    )
    monday = plan(
        visits, household_id, planned_for="2027-03-29T00:30", staff="Montag", on_holiday=True
    )
    first = plan(visits, household_id, planned_for="2027-03-22T00:30", staff="erster Tag")
    assert [visit.id for visit in visits.week("brackel", date(2027, 3, 28)).visits] == [
        first.id,
        sunday.id,
    ]
    assert [visit.id for visit in visits.week("brackel", date(2027, 3, 29)).visits] == [monday.id]


def test_week_shows_every_status_and_due_only_the_asked_one(
    services: Services, visits: HomeVisitService, services_as: Callable[..., Services]
) -> None:
    household_id = household(services)
    kept = plan(visits, household_id, planned_for="2026-12-02T10:00")
    called_off = plan(visits, household_id, planned_for="2026-12-01T10:00")
    later = plan(visits, household_id, planned_for="2026-12-10T10:00")
    assert called_off.id is not None
    visits.cancel(called_off.id, called_off.version, reason="verzogen")
    assert [visit.id for visit in visits.week("brackel", date(2026, 12, 1)).visits] == [
        called_off.id,
        kept.id,
    ]
    due = visits.due("brackel", date(2026, 11, 30), date(2026, 12, 10))
    assert [visit.id for visit in due] == [kept.id, later.id]
    cancelled = visits.due("brackel", date(2026, 11, 30), date(2026, 12, 10), status="cancelled")
    assert [visit.id for visit in cancelled] == [called_off.id]
    assert visits.due("brackel", date(2026, 12, 3), date(2026, 12, 9)) == []
    mengede = services_as("mengede_huckarde").visits
    assert mengede.due("mengede_huckarde", date(2026, 11, 30), date(2026, 12, 10)) == []
    with pytest.raises(InvalidInput) as caught:
        visits.due("brackel", date(2026, 11, 30), date(2026, 12, 10), status="vergessen")
    assert "not one of planned" in caught.value.errors["status"]


def test_the_week_carries_the_household_codes_in_one_audit_entry(
    services: Services, visits: HomeVisitService
) -> None:
    household_id = household(services)
    code = services.households.get(household_id).code
    made = plan(visits, household_id)
    start = len(audit_trail(services))
    week = visits.week("brackel", date(2026, 12, 3))
    assert week.monday == date(2026, 11, 30)
    assert [visit.id for visit in week.visits] == [made.id]
    assert week.codes == {household_id: code}
    [(entry, codes)] = audit_trail(services)[start:]
    assert (entry.action, entry.kind, entry.office, entry.records) == (
        "read",
        "home visit",
        "brackel",
        1,
    )
    assert codes == {code}


def test_each_change_of_a_visit_leaves_one_audit_entry(
    services: Services, visits: HomeVisitService
) -> None:
    household_id = household(services)
    code = services.households.get(household_id).code
    start = len(audit_trail(services))
    earlier = visits_at(services, PLANNED_AT)
    made = plan(earlier, household_id)
    assert made.id is not None
    moved = earlier.reschedule(made.id, made.version, "2026-11-27T08:30")
    visits.record_done(made.id, moved.version, note="", done_at=THIS_MORNING)
    visits.get(made.id)
    entries = audit_trail(services)[start:]
    assert [(e.action, e.record_id, e.detail) for e, _codes in entries] == [
        ("create", made.id, ""),
        ("change", made.id, "rescheduled"),
        ("change", made.id, "done"),
        ("read", made.id, ""),
    ]
    assert all(codes == {code} for _entry, codes in entries)


def test_a_coordinator_reads_no_visit_and_plans_none(
    services: Services, visits: HomeVisitService, services_as: Callable[..., Services]
) -> None:
    household_id = household(services)
    planned = plan(visits, household_id)
    assert planned.id is not None
    coordinator = services_as(None, "coordinator").visits
    with pytest.raises(AccessDenied):
        coordinator.week("brackel", date(2026, 12, 1))
    # A visit they may not read is to them as one that does not exist.
    unknown = f"^home visit {planned.id} does not exist$"
    with pytest.raises(NotFound, match=unknown):
        coordinator.get(planned.id)
    with pytest.raises((AccessDenied, InvalidInput)):
        plan(coordinator, household_id)
    with pytest.raises(NotFound, match=unknown):
        coordinator.cancel(planned.id, planned.version, reason="abgesagt")
    for outsider in (services_as(None, "it_admin"), services_as("mengede_huckarde")):
        with pytest.raises(AccessDenied):
            outsider.visits.week("brackel", date(2026, 12, 1))
        with pytest.raises(AccessDenied):
            outsider.visits.due("brackel", date(2026, 12, 1), date(2026, 12, 7))
        with pytest.raises(NotFound, match=unknown):
            outsider.visits.get(planned.id)
        with pytest.raises(NotFound, match=unknown):
            outsider.visits.reschedule(planned.id, planned.version, "2026-12-08T10:00")
    stored = visits.get(planned.id)
    assert (stored.status, stored.version) == ("planned", planned.version)


def test_a_visit_on_a_public_holiday_is_planned_once_confirmed(
    services: Services, visits: HomeVisitService
) -> None:
    household_id = household(services)
    with pytest.raises(InvalidInput) as caught:
        plan(visits, household_id, planned_for="2026-12-25T11:00")
    assert (
        "25.12.2026 is a public holiday (Erster Weihnachtstag)"
        in (caught.value.errors["on_holiday"])
    )
    assert count(services, HomeVisit) == 0
    made = plan(visits, household_id, planned_for="2026-12-25T11:00", on_holiday=True)
    assert made.status == "planned"
    with pytest.raises(InvalidInput) as caught:
        visits.reschedule(made.id or 0, made.version, "2026-12-26T11:00")
    assert "Zweiter Weihnachtstag" in caught.value.errors["on_holiday"]
    moved = visits.reschedule(made.id or 0, made.version, "2026-12-28T11:00")
    assert moved.version == made.version + 1
