"""A family registered twice is merged into one household; a family that moved to
another office's district is handed over, the old office keeping only its counts:
on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from lwcore.db.models import (
    Appointment,
    AuditEntry,
    Consent,
    Consultation,
    HomeVisit,
    Referral,
    WalkIn,
)
from lwcore.services import InvalidInput, NotFound, Services, StaleRecord
from lwcore.services.consents import ConsentRequest
from lwcore.services.households import HouseholdRecord
from tests.access.test_isolation_and_audit import every_row
from tests.conftest import NOW
from tests.test_consultations import count
from tests.test_household_corrections import consult, month, referred
from tests.test_household_register import referral_consent, register

#: Every table whose rows belong to a household, and the kind the case file names it by.
RECORDS = {
    Consultation: "consultation",
    Referral: "referral",
    Appointment: "appointment",
    WalkIn: "walk_in",
    HomeVisit: "home_visit",
    Consent: "consent",
}
THEIRS = "mengede_huckarde"


def one_of_each(services: Services, household: HouseholdRecord) -> None:
    """A consultation with its referral, an appointment, a walk-in, a home visit and a
    consent of ``household`` (of Brackel)."""
    household_id = household.id
    referred(services, household_id)
    slot = services.appointments.next_free_slots("brackel", limit=1, days=14)[0]
    services.appointments.book(
        office="brackel",
        starts_at=slot.starts_at,
        label=household.label,
        language="ar",
        household_id=household_id,
    )
    services.waiting.add(
        office="brackel",
        label=household.label,
        language="ar",
        household_id=household_id,
        outside_hours=True,  # NOW, a Friday, lies outside Brackel's hours
    )
    services.visits.plan(
        office="brackel",
        household_id=household_id,
        planned_for=NOW + timedelta(days=3),
        staff="Frau Yilmaz",
        language="ar",
    )
    services.consents.record(household_id, "photos", None, date(2026, 11, 20), "oral", "ar", "1")


def owners(services: Services) -> dict[str, list[int | None]]:
    """For each kind of record, the household of every row."""
    with services.context.database.read() as session:
        return {
            kind: sorted(
                session.exec(select(model.household_id)).all(),  # type: ignore[attr-defined]
                key=lambda value: value or 0,
            )
            for model, kind in RECORDS.items()
        }


def new_entries(services: Services, after: int) -> list[AuditEntry]:
    with services.context.database.read() as session:
        return list(
            session.exec(
                select(AuditEntry).where(col(AuditEntry.id) > after).order_by(col(AuditEntry.id))
            ).all()
        )


def last_entry(services: Services) -> int:
    with services.context.database.read() as session:
        found = session.exec(select(AuditEntry.id).order_by(col(AuditEntry.id).desc())).first()
    return found or 0


# Merge


def test_a_merge_moves_every_record_to_the_kept_household(services: Services) -> None:
    kept = register(services, "Familie Haddad")
    duplicate = register(services, "Familie Hadad")
    consult(services, kept.id)
    one_of_each(services, duplicate)
    before = month(services)
    assert before.households == 2
    entries = count(services, AuditEntry)

    merged = services.households.merge(
        kept.id, kept.version, duplicate.id, duplicate.version, reason="doppelt angelegt"
    )

    assert count(services, AuditEntry) == entries + 1
    assert (merged.id, merged.code, merged.label) == (kept.id, kept.code, "Familie Haddad")
    assert merged.version > kept.version
    assert all(
        household == kept.id for households in owners(services).values() for household in households
    )
    assert {kind: len(rows) for kind, rows in owners(services).items()} == {
        "consultation": 2,
        "referral": 1,
        "appointment": 1,
        "walk_in": 1,
        "home_visit": 1,
        "consent": 1,
    }
    assert services.households.find(duplicate.code).id == kept.id
    case_file = services.case_files.open(kept.id)
    assert case_file.former_codes == (duplicate.code,)
    assert sorted(entry.kind for entry in case_file.timeline) == [
        "appointment",
        "consultation",
        "consultation",
        "home_visit",
        "referral",
        "walk_in",
    ]
    assert [consent.purpose for consent in case_file.consents] == ["photos"]
    [revision] = [r for r in case_file.revisions if r.action == "merge"]
    assert (revision.kind, revision.record_id, revision.reason) == (
        "household",
        kept.id,
        "doppelt angelegt",
    )
    assert revision.staff == services.actor.key
    assert "Familie Hadad" in repr(revision.changes)  # the duplicate's data is kept
    after = month(services)
    assert (after.consultations, after.people, after.by_topic) == (
        before.consultations,
        before.people,
        before.by_topic,
    )
    assert after.households == 1  # one family, as it always was


def test_the_duplicates_corrections_follow_it(services: Services) -> None:
    kept = register(services, "Familie Haddad")
    duplicate = register(services, "Familie Hadad")
    corrected = services.households.correct(
        duplicate.id, duplicate.version, reason="Tippfehler", note="Tochter kommt im März"
    )
    made = consult(services, duplicate.id).consultation
    assert made.id is not None
    services.consultations.correct(made.id, made.version, reason="verwechselt", language="fa")
    services.households.merge(
        kept.id, kept.version, duplicate.id, corrected.version, reason="doppelt angelegt"
    )
    case_file = services.case_files.open(kept.id)
    assert sorted((r.kind, r.record_id, r.action) for r in case_file.revisions) == sorted(
        [
            ("household", duplicate.id, "correct"),
            ("consultation", made.id, "correct"),
            ("household", kept.id, "merge"),
        ]
    )
    assert [entry.corrected for entry in case_file.timeline] == [True]


def test_former_codes_stay_with_the_family_through_a_second_merge(services: Services) -> None:
    first = register(services, "Familie Hadad")
    second = register(services, "Familie Haddat")
    kept = register(services, "Familie Haddad")
    middle = services.households.merge(
        second.id, second.version, first.id, first.version, reason="doppelt angelegt"
    )
    services.households.merge(
        kept.id, kept.version, second.id, middle.version, reason="doppelt angelegt"
    )
    for code in (first.code, second.code, kept.code):
        assert services.households.find(code).id == kept.id
    assert sorted(services.case_files.open(kept.id).former_codes) == sorted(
        [first.code, second.code]
    )


def test_after_a_merge_the_search_lists_the_family_once(services: Services) -> None:
    kept = register(services, "Familie Haddad")
    duplicate = register(services, "Familie Hadad")
    services.households.merge(
        kept.id, kept.version, duplicate.id, duplicate.version, reason="doppelt angelegt"
    )
    assert [hit.id for hit in services.households.search("brackel", "hadad")] == [kept.id]


def test_a_merge_needs_a_reason(services: Services) -> None:
    kept = register(services, "Familie Haddad")
    duplicate = register(services, "Familie Hadad")
    with pytest.raises(InvalidInput) as caught:
        services.households.merge(
            kept.id, kept.version, duplicate.id, duplicate.version, reason=" "
        )
    assert set(caught.value.errors) == {"reason"}
    assert services.households.get(duplicate.id).label == "Familie Hadad"


def test_a_household_is_not_merged_with_itself(services: Services) -> None:
    kept = register(services, "Familie Haddad")
    with pytest.raises(InvalidInput) as caught:
        services.households.merge(kept.id, kept.version, kept.id, kept.version, reason="x")
    assert "duplicate" in caught.value.errors
    assert services.households.get(kept.id).version == kept.version


def test_a_stale_merge_is_refused_and_nothing_moves(services: Services) -> None:
    kept = register(services, "Familie Haddad")
    duplicate = register(services, "Familie Hadad")
    one_of_each(services, duplicate)
    services.households.correct(duplicate.id, duplicate.version, note="Kollegin: Umzug")
    before = every_row(services)
    with pytest.raises(StaleRecord):
        services.households.merge(
            kept.id, kept.version, duplicate.id, duplicate.version, reason="doppelt"
        )
    assert every_row(services) == before


def test_households_of_two_offices_are_not_merged(
    services: Services, services_as: Callable[..., Services]
) -> None:
    ours = register(services, "Familie Haddad")
    theirs = register(services, "Familie Hadad", office=THEIRS)
    before = every_row(services)
    # Each office sees only its own of the two: the other is no household to it.
    for acting, refusal in (
        (services, NotFound),
        (services_as(THEIRS), NotFound),
        (services_as(None, "coordinator"), NotFound),
    ):
        with pytest.raises(refusal):
            acting.households.merge(
                ours.id, ours.version, theirs.id, theirs.version, reason="doppelt"
            )
    assert every_row(services) == before
    assert services_as(THEIRS).households.find(theirs.code).id == theirs.id


# Hand-over


def handover(**changes: Any) -> ConsentRequest:
    values: dict[str, Any] = {
        "purpose": "handover",
        "given_how": "written",
        "text_language": "ar",
        "text_version": "2024-1",
    }
    values.update(changes)
    return ConsentRequest(**values)


def test_a_handed_over_household_belongs_to_the_new_office(
    services: Services, services_as: Callable[..., Services]
) -> None:
    created = register(services, "Familie Haddad", consents=[referral_consent()])
    household_id = created.id
    corrected = services.households.correct(household_id, created.version, note="zieht um")
    consult(services, household_id, note="Wohnungssuche in Mengede")
    one_of_each(services, corrected)
    theirs = services_as(THEIRS)
    ours_before = month(services)
    theirs_before = theirs.statistics.month(THEIRS, NOW.year, NOW.month)
    last = last_entry(services)

    moved = services.households.hand_over(
        household_id, corrected.version, to_office=THEIRS, district="Huckarde", consent=handover()
    )

    assert (moved.id, moved.office, moved.district) == (household_id, THEIRS, "Huckarde")
    entries = new_entries(services, last)
    assert sorted(entry.office or "" for entry in entries) == ["brackel", THEIRS]
    assert theirs.households.get(household_id).office == THEIRS
    for call in (
        lambda: services.households.get(household_id),
        lambda: services.case_files.open(household_id),
    ):
        with pytest.raises(NotFound):  # as if there were no such household
            call()
    # Brackel keeps its figures, no longer linked to the family, without notes or names.
    assert month(services) == ours_before
    assert {kind: len(rows) for kind, rows in owners(services).items()} == {
        "consultation": 2,
        "referral": 1,
        "appointment": 1,
        "walk_in": 1,
        "home_visit": 1,
        "consent": 3,  # the family's, now Mengede/Huckarde's
    }
    for kind, households in owners(services).items():
        if kind != "consent":
            assert set(households) == {None}, kind
    with services.context.database.read() as session:
        left = session.exec(select(Consultation).where(Consultation.office == "brackel")).all()
        names = [
            *session.exec(select(Appointment.label)).all(),
            *session.exec(select(WalkIn.label)).all(),
        ]
    assert {row.note for row in left} == {""}
    assert "Familie Haddad" not in names
    # Mengede/Huckarde gets the family with its consents and corrections, not Brackel's work.
    theirs_after = theirs.statistics.month(THEIRS, NOW.year, NOW.month)
    assert theirs_after.consultations == theirs_before.consultations
    case_file = theirs.case_files.open(household_id)
    assert (case_file.total, case_file.timeline) == (0, ())
    assert sorted((c.purpose, c.partner_key) for c in case_file.consents) == [
        ("handover", THEIRS),
        ("photos", None),
        ("referral", "jobcenter_brackel"),
    ]
    assert {c.office for c in case_file.consents} == {THEIRS}
    assert sorted((r.kind, r.action) for r in case_file.revisions) == [
        ("household", "correct"),
        ("household", "handover"),
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"to_office": "dortmund_nord"}, "to_office"),
        ({"district": "Brackel"}, "district"),
        ({"district": "Atlantis"}, "district"),
        ({"consent": handover(purpose="photos")}, "consent"),
        ({"consent": handover(text_version="")}, "consent"),
    ],
    ids=["unknown-office", "district-of-another-office", "unknown-district", "purpose", "text"],
)
def test_a_hand_over_is_checked_and_nothing_changes(
    services: Services, changes: dict[str, Any], field: str
) -> None:
    created = register(services, "Familie Haddad")
    consult(services, created.id)
    before = every_row(services)
    values: dict[str, Any] = {"to_office": THEIRS, "district": "Mengede", "consent": handover()}
    values.update(changes)
    with pytest.raises(InvalidInput) as caught:
        services.households.hand_over(created.id, created.version, **values)
    assert [name for name in caught.value.errors if name.split(".")[0] == field]
    assert every_row(services) == before


def test_a_stale_hand_over_is_refused(services: Services) -> None:
    created = register(services, "Familie Haddad")
    services.households.correct(created.id, created.version, note="zieht um")
    with pytest.raises(StaleRecord):
        services.households.hand_over(
            created.id, created.version, to_office=THEIRS, district="Mengede", consent=handover()
        )
    assert services.households.get(created.id).office == "brackel"


def test_only_the_households_own_office_hands_it_over(
    services: Services, services_as: Callable[..., Services]
) -> None:
    created = register(services, "Familie Haddad")
    before = every_row(services)
    for acting, refusal in (
        (services_as(THEIRS), NotFound),
        (services_as(None, "coordinator"), NotFound),
    ):
        with pytest.raises(refusal):
            acting.households.hand_over(
                created.id,
                created.version,
                to_office=THEIRS,
                district="Mengede",
                consent=handover(),
            )
    assert every_row(services) == before
