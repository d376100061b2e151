"""The case file: everything about one household on one page, newest first, read as
one audited call, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import col, select

from lwcore.db.models import AuditEntry, AuditSubject
from lwcore.services import FrozenClock, NotFound, Services
from lwcore.services.households import HouseholdRecord
from tests.test_consultations import count
from tests.test_household_corrections import JOBCENTER, consult, refer
from tests.test_household_register import register

BERLIN = ZoneInfo("Europe/Berlin")


def in_november(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


def at(services: Services, moment: datetime) -> Services:
    """The same services on a clock stopped at ``moment``."""
    context = services.context
    return Services(context.database, context.directory, FrozenClock(moment), actor=services.actor)


@pytest.fixture
def family(services: Services) -> HouseholdRecord:
    """A household with one record of each kind, each made on its own day in November:
    consultation (2nd), walk-in (5th), referral (9th), appointment (booked on the 10th
    for the 12th), home visit (planned on the 16th for the 18th)."""
    household = register(services, "Familie Haddad")
    assert household.id is not None
    consult(at(services, in_november(2, 10)), household.id)
    at(services, in_november(5, 10, 15)).waiting.add(
        office="brackel", label="Familie Haddad", language="ar", household_id=household.id
    )
    refer(at(services, in_november(9, 11)), household.id)
    booking = at(services, in_november(10, 9))
    slot = booking.appointments.next_free_slots("brackel", limit=1, days=14)[0]
    assert in_november(10, 9) < slot.starts_at < in_november(16, 10)
    booking.appointments.book(
        office="brackel",
        starts_at=slot.starts_at,
        label="Familie Haddad",
        language="ar",
        household_id=household.id,
    )
    at(services, in_november(16, 10)).visits.plan(
        office="brackel",
        household_id=household.id,
        planned_for=in_november(18, 10),
        staff="Frau Yilmaz",
        language="ar",
    )
    return household


def test_the_case_file_opens_by_id_and_by_code(services: Services, family: HouseholdRecord) -> None:
    by_id = services.case_files.open(family.id)  # type: ignore[arg-type]
    by_code = services.case_files.open(family.code)
    assert by_id.household.id == by_code.household.id == family.id
    assert by_id.household.label == "Familie Haddad"
    assert by_id.former_codes == ()
    assert (by_id.total, by_id.timeline) == (by_code.total, by_code.timeline)


def test_the_timeline_is_newest_first_across_kinds(
    services: Services, family: HouseholdRecord
) -> None:
    case_file = services.case_files.open(family.code)
    assert (case_file.total, case_file.page, case_file.pages) == (5, 0, 1)
    timeline = case_file.timeline
    assert [entry.kind for entry in timeline] == [
        "home_visit",
        "appointment",
        "referral",
        "walk_in",
        "consultation",
    ]
    assert [entry.at for entry in timeline] == sorted((e.at for e in timeline), reverse=True)
    assert all(entry.at.tzinfo is not None for entry in timeline)
    assert all(not entry.voided and not entry.corrected for entry in timeline)
    entries = {entry.kind: entry for entry in timeline}
    consultation = entries["consultation"]
    assert consultation.at == in_november(2, 10)
    assert (consultation.status, consultation.topics, consultation.language) == (
        "solved",
        ("job_search",),
        "ar",
    )
    # held by the acting staff member, named as the case file shows them
    assert (consultation.note, consultation.staff) == ("Bewerbung besprochen", services.actor.name)
    referral = entries["referral"]
    assert (referral.status, referral.partner_key, referral.topics) == (
        "open",
        JOBCENTER,
        ("job_search",),
    )
    assert entries["walk_in"].status == "waiting"
    assert entries["appointment"].status == "booked"
    assert (entries["home_visit"].status, entries["home_visit"].staff) == (
        "planned",
        "Frau Yilmaz",
    )


def test_the_timeline_comes_in_pages(services: Services, family: HouseholdRecord) -> None:
    def page(number: int) -> Any:
        return services.case_files.open(family.code, page=number, page_size=2)

    pages = [page(number) for number in range(3)]
    assert [[entry.kind for entry in p.timeline] for p in pages] == [
        ["home_visit", "appointment"],
        ["referral", "walk_in"],
        ["consultation"],
    ]
    assert {(p.total, p.pages, p.page_size) for p in pages} == {(5, 3, 2)}
    assert [p.page for p in pages] == [0, 1, 2]


def test_consents_are_listed_newest_first_withdrawn_ones_too(services: Services) -> None:
    household = register(services, "Familie Haddad")
    assert household.id is not None
    older = services.consents.record(
        household.id, "photos", None, date(2026, 3, 2), "written", "ar", "2024-1"
    )
    services.consents.withdraw(older.id, older.version, on="2026-06-01")  # type: ignore[arg-type]
    services.consents.record(
        household.id, "referral", JOBCENTER, date(2026, 11, 2), "oral", "ar", "2024-1"
    )
    consents = services.case_files.open(household.id).consents
    assert [(c.purpose, c.withdrawn_on) for c in consents] == [
        ("referral", None),
        ("photos", date(2026, 6, 1)),
    ]


def test_each_opening_leaves_one_audit_entry(services: Services, family: HouseholdRecord) -> None:
    entries = count(services, AuditEntry)
    services.case_files.open(family.code, page=1, page_size=2)
    assert count(services, AuditEntry) == entries + 1
    with services.context.database.read() as session:
        entry = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc())).first()
        assert entry is not None
        subjects = session.exec(
            select(AuditSubject.household_code).where(AuditSubject.entry_id == entry.id)
        ).all()
    assert (entry.action, entry.office, entry.staff) == ("read", "brackel", services.actor.key)
    assert list(subjects) == [family.code]


def test_another_offices_staff_cannot_open_it(
    services: Services, services_as: Callable[..., Services], family: HouseholdRecord
) -> None:
    theirs = services_as("mengede_huckarde")
    for household in (family.id, family.code):
        with pytest.raises(NotFound, match="does not exist"):
            theirs.case_files.open(household)  # type: ignore[arg-type]
    with services.context.database.read() as session:
        denied = session.exec(select(AuditEntry).where(AuditEntry.action == "denied")).all()
    # In the asking office, as for a household that does not exist.
    assert [(entry.staff, entry.office) for entry in denied] == [
        (theirs.actor.key, "mengede_huckarde"),
        (theirs.actor.key, "mengede_huckarde"),
    ]


def test_an_unknown_household_is_not_found(services: Services) -> None:
    for household in (999, "BR-000000"):
        with pytest.raises(NotFound):
            services.case_files.open(household)
