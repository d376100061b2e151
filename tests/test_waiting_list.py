"""The walk-in waiting list: arrival order, leaving, being seen in a consultation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import attrs
import pytest
from sqlmodel import col, func, select

from lwcore.db.engine import Database
from lwcore.db.models import AuditEntry, AuditSubject, Consultation, ConsultationTopic, WalkIn
from lwcore.services import (
    AccessDenied,
    Conflict,
    FrozenClock,
    InvalidInput,
    NotFound,
    Services,
    StaleRecord,
)
from lwcore.services.waiting import WaitingListService
from tests.conftest import NOW
from tests.test_consultations import count, household


@pytest.fixture
def waiting_list(services: Services) -> WaitingListService:
    return WaitingListService(services.context)


def arriving_at(services: Services, moment: datetime) -> WaitingListService:
    """The waiting list as seen from another moment (the fixture's clock is frozen)."""
    return WaitingListService(attrs.evolve(services.context, clock=FrozenClock(moment)))


def add(waiting_list: WaitingListService, **changes: object) -> WalkIn:
    """A walk-in at Brackel; NOW (a Friday) lies outside its hours, so staff have
    confirmed that (the rule itself: test_outside_the_hours_staff_confirm_first)."""
    values: dict[str, object] = {
        "office": "brackel",
        "label": "Amina",
        "language": "ar",
        "outside_hours": True,
    }
    values.update(changes)
    return waiting_list.add(**values)  # type: ignore[arg-type]


def audit_trail(services: Services) -> list[tuple[AuditEntry, set[str]]]:
    """Every audit entry so far that ``services``' connection reads, oldest first, with
    the household codes it names."""
    return trail_of(services.context.database)


def trail_of(database: Database) -> list[tuple[AuditEntry, set[str]]]:
    """Every audit entry so far that ``database``'s connection reads (:func:`audit_trail`)."""
    with database.read() as session:
        entries = list(session.exec(select(AuditEntry).order_by(col(AuditEntry.id))))
        subjects = list(session.exec(select(AuditSubject)))
    codes: dict[int | None, set[str]] = {}
    for subject in subjects:
        codes.setdefault(subject.entry_id, set()).add(subject.household_code)
    return [(entry, codes.get(entry.id, set())) for entry in entries]


def stored(services: Services) -> list[WalkIn]:
    return walk_ins(services.context.database)


def walk_ins(database: Database) -> list[WalkIn]:
    with database.read() as session:
        return list(session.exec(select(WalkIn).order_by(col(WalkIn.id))))


def test_walk_in_is_added_now_and_waiting(
    services: Services, waiting_list: WaitingListService
) -> None:
    household_id = household(services)
    made = add(waiting_list, label=" Amina ", topic="birth", household_id=household_id)
    assert made.id is not None
    [row] = stored(services)
    assert row.id == made.id
    assert (row.office, row.place, row.label, row.language) == ("brackel", "office", "Amina", "ar")
    assert row.arrived_at == NOW
    assert row.status == "waiting"
    assert row.version == 1
    assert row.topic == "birth"
    assert row.household_id == household_id
    assert row.consultation_id is None
    assert [walk_in.id for walk_in in waiting_list.waiting("brackel")] == [made.id]


def test_list_is_in_order_of_arrival_and_only_today(
    services: Services, services_as: Callable[..., Services], lw_database: Database
) -> None:
    # Entered out of order on purpose: the list follows the arrival time, not the id.
    third = add(arriving_at(services, NOW - timedelta(minutes=5)), label="Carla")
    first = add(arriving_at(services, NOW - timedelta(minutes=40)), label="Amina")
    second = add(arriving_at(services, NOW - timedelta(minutes=20)), label="Bilal")
    add(arriving_at(services, NOW - timedelta(days=1)), label="yesterday, never closed")
    add(arriving_at(services, NOW + timedelta(days=1)), label="tomorrow")
    outpost = add(arriving_at(services, NOW - timedelta(minutes=30)), place="aplerbeck")
    mengede = services_as("mengede_huckarde")
    add(arriving_at(mengede, NOW), office="mengede_huckarde", label="elsewhere")
    waiting_list = arriving_at(services, NOW)
    assert [w.label for w in waiting_list.waiting("brackel", place="office")] == [
        "Amina",
        "Bilal",
        "Carla",
    ]
    assert [w.id for w in waiting_list.waiting("brackel")] == [
        first.id,
        outpost.id,
        second.id,
        third.id,
    ]
    assert [w.id for w in waiting_list.waiting("brackel", place="aplerbeck")] == [outpost.id]
    assert [w.label for w in mengede.waiting.waiting("mengede_huckarde")] == ["elsewhere"]
    assert len(walk_ins(lw_database)) == 7  # both offices' (a staff login reads its own)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"label": ""}, "label", "must not be empty"),
        ({"label": "x" * 41}, "label", "at most 40 characters"),
        ({"language": "arabic"}, "language", "not an ISO 639-1"),
        ({"topic": "weather"}, "topic", "unknown topic 'weather'"),
        ({"office": "dorstfeld"}, "office", "unknown office"),
        ({"place": "aplerbeck_nord"}, "place", "not a place of brackel"),
        ({"household_id": 999}, "household", "no household 999"),
    ],
)
def test_bad_walk_in_names_the_field_and_saves_nothing(
    services: Services,
    waiting_list: WaitingListService,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    with pytest.raises(InvalidInput) as caught:
        add(waiting_list, **changes)
    assert message in caught.value.errors[field]
    assert count(services, WalkIn) == 0


def test_household_of_another_office_is_refused(
    services: Services, waiting_list: WaitingListService, services_as: Callable[..., Services]
) -> None:
    other = household(services_as("mengede_huckarde"), office="mengede_huckarde")
    with pytest.raises(InvalidInput) as caught:
        add(waiting_list, household_id=other)
    assert "no household" in caught.value.errors["household"]
    assert count(services, WalkIn) == 0


def test_unknown_office_or_place_of_the_list(waiting_list: WaitingListService) -> None:
    with pytest.raises(InvalidInput) as caught:
        waiting_list.waiting("dorstfeld")
    assert "unknown office" in caught.value.errors["office"]
    with pytest.raises(InvalidInput) as caught:
        waiting_list.waiting("brackel", place="aplerbeck_nord")
    assert "not a place" in caught.value.errors["place"]


def test_leaving_takes_someone_off_the_list(
    services: Services, waiting_list: WaitingListService
) -> None:
    gone = add(waiting_list, label="Amina")
    stays = add(waiting_list, label="Bilal")
    assert gone.id is not None
    left = waiting_list.leave(gone.id, gone.version)
    assert (left.status, left.version) == ("left", 2)
    assert waiting_list.get(gone.id).status == "left"
    assert [w.id for w in waiting_list.waiting("brackel")] == [stays.id]
    with pytest.raises(Conflict, match="no longer waiting \\(left\\)"):
        waiting_list.leave(gone.id, left.version)
    assert [row.status for row in stored(services)] == ["left", "waiting"]


def test_stale_or_unknown_leave_is_refused(
    services: Services, waiting_list: WaitingListService
) -> None:
    made = add(waiting_list)
    assert made.id is not None
    with pytest.raises(StaleRecord) as caught:
        waiting_list.leave(made.id, made.version + 1)
    assert caught.value.current == made.version
    with pytest.raises(NotFound):
        waiting_list.leave(made.id + 100, 1)
    [row] = stored(services)
    assert (row.status, row.version) == ("waiting", 1)


def consult(services: Services, walk_in: tuple[int, int]) -> None:
    services.consultations.record(
        office="brackel",
        language="ar",
        topics=["birth"],
        outcome="solved",
        walk_in=walk_in,
    )


def test_being_seen_in_a_consultation(services: Services, waiting_list: WaitingListService) -> None:
    made = add(waiting_list)
    assert made.id is not None
    consult(services, (made.id, made.version))
    seen = waiting_list.get(made.id)
    assert (seen.status, seen.version) == ("seen", 2)
    with services.context.database.read() as session:
        [consultation] = session.exec(select(Consultation)).all()
    assert seen.consultation_id == consultation.id
    assert waiting_list.waiting("brackel") == []
    with pytest.raises(Conflict, match="no longer waiting \\(seen\\)"):
        waiting_list.leave(made.id, seen.version)


def test_stale_walk_in_refuses_the_whole_consultation(
    services: Services, waiting_list: WaitingListService
) -> None:
    """Two colleagues call the same person: the second consultation is not saved."""
    made = add(waiting_list)
    assert made.id is not None
    consult(services, (made.id, made.version))
    with pytest.raises(StaleRecord):
        consult(services, (made.id, made.version))
    assert count(services, Consultation) == 1
    assert count(services, ConsultationTopic) == 1
    gone = add(waiting_list, label="Bilal")
    assert gone.id is not None
    waiting_list.leave(gone.id, gone.version)
    with pytest.raises(StaleRecord):
        consult(services, (gone.id, gone.version))
    assert count(services, Consultation) == 1
    assert count(services, ConsultationTopic) == 1
    assert [row.status for row in stored(services)] == ["seen", "left"]


def test_walk_in_that_left_cannot_be_seen(services: Services) -> None:
    waiting = WaitingListService(services.context)
    entry = waiting.add(office="brackel", label="K.", language="ku", outside_hours=True)
    assert entry.id is not None
    left = waiting.leave(entry.id, entry.version)
    with pytest.raises(Conflict, match="is not waiting"):
        services.consultations.record(
            office="brackel",
            language="ku",
            topics=["housing"],
            outcome="solved",
            walk_in=(entry.id, left.version),
        )
    with services.context.database.read() as session:
        assert session.exec(select(func.count()).select_from(Consultation)).one() == 0


def test_each_call_on_the_list_leaves_one_audit_entry(
    services: Services, waiting_list: WaitingListService
) -> None:
    household_id = household(services)
    code = services.households.get(household_id).code
    start = len(audit_trail(services))
    made = add(waiting_list, household_id=household_id)
    add(waiting_list, label="Bilal")
    assert made.id is not None
    waiting_list.waiting("brackel")
    waiting_list.get(made.id)
    waiting_list.leave(made.id, made.version)
    entries = audit_trail(services)[start:]
    assert [(e.action, e.kind, e.office, e.records) for e, _codes in entries] == [
        ("create", "walk-in", "brackel", 1),
        ("create", "walk-in", "brackel", 1),
        ("read", "walk-in", "brackel", 2),
        ("read", "walk-in", "brackel", 1),
        ("change", "walk-in", "brackel", 1),
    ]
    assert [codes for _entry, codes in entries] == [{code}, set(), {code}, {code}, {code}]


def test_a_coordinator_reads_no_list_and_adds_to_none(
    services: Services,
    waiting_list: WaitingListService,
    services_as: Callable[..., Services],
    lw_database: Database,
) -> None:
    made = add(waiting_list, label="Amina")
    assert made.id is not None
    coordinator = services_as(None, "coordinator").waiting
    with pytest.raises(AccessDenied, match="may not read the records of brackel"):
        coordinator.waiting("brackel")
    # A walk-in they may not read is to them as one that does not exist.
    with pytest.raises(NotFound, match=f"^walk-in {made.id} does not exist$"):
        coordinator.get(made.id)
    with pytest.raises(AccessDenied, match="may not change the records of brackel"):
        add(coordinator, label="Bilal")
    with pytest.raises(NotFound, match=f"^walk-in {made.id} does not exist$"):
        coordinator.leave(made.id, made.version)
    assert [(row.label, row.status) for row in stored(services)] == [("Amina", "waiting")]
    # The whole trail: a refusal names no office, so an office lead's login does not read it.
    refusal, _codes = trail_of(lw_database)[-1]
    assert (refusal.action, refusal.role, refusal.record_id) == ("denied", "coordinator", made.id)


def test_an_it_admin_or_another_office_reads_no_list(
    services: Services, waiting_list: WaitingListService, services_as: Callable[..., Services]
) -> None:
    made = add(waiting_list, label="Amina")
    assert made.id is not None
    for outsider in (services_as(None, "it_admin"), services_as("mengede_huckarde")):
        with pytest.raises(AccessDenied):
            outsider.waiting.waiting("brackel")
        with pytest.raises(NotFound, match=f"^walk-in {made.id} does not exist$"):
            outsider.waiting.get(made.id)
        with pytest.raises(NotFound, match=f"^walk-in {made.id} does not exist$"):
            outsider.waiting.leave(made.id, made.version)
    assert [(row.label, row.status) for row in stored(services)] == [("Amina", "waiting")]


@pytest.mark.parametrize(
    ("moment", "reason"),
    [
        (
            datetime(2026, 11, 27, 10, 30, tzinfo=NOW.tzinfo),
            "10:30 lies outside the office's hours",
        ),
        (datetime(2026, 11, 30, 9, 59, tzinfo=NOW.tzinfo), "09:59 lies outside"),
        (
            datetime(2026, 12, 25, 10, 30, tzinfo=NOW.tzinfo),
            "public holiday (Erster Weihnachtstag)",
        ),
    ],
)
def test_outside_the_hours_staff_confirm_first(
    services: Services, moment: datetime, reason: str
) -> None:
    waiting = arriving_at(services, moment)
    with pytest.raises(InvalidInput) as caught:
        waiting.add(office="brackel", label="Amina", language="ar")
    assert reason in caught.value.errors["outside_hours"]
    assert "MO 10:00-12:00" in caught.value.errors["outside_hours"] or "holiday" in reason
    assert stored(services) == []
    confirmed = waiting.add(office="brackel", label="Amina", language="ar", outside_hours=True)
    assert confirmed.status == "waiting"


def test_in_the_hours_nobody_is_asked(services: Services) -> None:
    monday = arriving_at(services, datetime(2026, 11, 30, 10, 0, tzinfo=NOW.tzinfo))
    assert monday.add(office="brackel", label="Amina", language="ar").status == "waiting"
    thursday = arriving_at(services, datetime(2026, 11, 26, 11, 59, tzinfo=NOW.tzinfo))
    assert thursday.add(office="brackel", label="Bilal", language="fa").status == "waiting"
    aplerbeck = arriving_at(services, datetime(2026, 12, 1, 15, 0, tzinfo=NOW.tzinfo))
    assert aplerbeck.add(office="brackel", place="aplerbeck", label="C.", language="tr").id
