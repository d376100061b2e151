"""Correcting households, consultations and referrals, and voiding mistaken entries:
the earlier version is kept, the figures follow, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

import pytest

from lwcore.db.models import AuditEntry, Household, Referral
from lwcore.services import Conflict, InvalidInput, NotFound, Services, StaleRecord
from lwcore.services.consultations import RecordedConsultation, ReferralRequest
from lwcore.services.statistics import PeriodStatistics
from tests.access.test_isolation_and_audit import every_row
from tests.conftest import NOW
from tests.test_consultations import count
from tests.test_household_register import register

JOBCENTER = "jobcenter_brackel"
UNTIL = date(2026, 12, 31)


def consult(services: Services, household_id: int | None, **changes: Any) -> RecordedConsultation:
    values: dict[str, Any] = {
        "office": "brackel",
        "language": "ar",
        "topics": ["job_search"],
        "outcome": "solved",
        "household_id": household_id,
        "note": "Bewerbung besprochen",
    }
    values.update(changes)
    return services.consultations.record(**values)


def referred(services: Services, household_id: int | None, **changes: Any) -> RecordedConsultation:
    """A consultation on job search and benefits, referred to the job centre (anonymously:
    the household has not consented)."""
    return consult(
        services,
        household_id,
        topics=["job_search", "benefits"],
        outcome="referred",
        referral=ReferralRequest(JOBCENTER, "job_search", anonymous=True),
        **changes,
    )


def refer(services: Services, household_id: int | None, **changes: Any) -> Referral:
    values: dict[str, Any] = {
        "office": "brackel",
        "partner_key": JOBCENTER,
        "topic": "job_search",
        "household_id": household_id,
        "follow_up_on": "2026-12-04",
        "anonymous": True,
    }
    values.update(changes)
    return services.referrals.refer(**values)


def month(services: Services) -> PeriodStatistics:
    return services.statistics.month("brackel", NOW.year, NOW.month)


def by_topic(figures: PeriodStatistics) -> dict[str, int]:
    return {cell.key: cell.consultations for cell in figures.by_topic}


def by_language(figures: PeriodStatistics) -> dict[str, int]:
    return {cell.key: cell.consultations for cell in figures.by_language}


def by_partner(figures: PeriodStatistics) -> dict[str, int]:
    return {row.partner: row.referrals for row in figures.by_partner}


def due(services: Services) -> list[int]:
    return [row.id for row in services.referrals.open_due("brackel", UNTIL)]


def revisions(services: Services, household_id: int) -> Any:
    return services.case_files.open(household_id).revisions


def household_id(row: Household) -> int:
    assert row.id is not None
    return row.id


# Households


def test_a_correction_keeps_the_earlier_version(services: Services) -> None:
    created = register(services, "Familie Aydin", languages=["tr"], adults=2, children=1)
    key = household_id(created)
    entries = count(services, AuditEntry)
    corrected = services.households.correct(
        key, created.version, reason="Schreibweise laut Ausweis", label="Familie Aydın", children=2
    )
    assert count(services, AuditEntry) == entries + 1
    assert corrected.version == created.version + 1
    assert (corrected.label, corrected.children, corrected.members) == ("Familie Aydın", 2, 4)
    # only what was given changes
    assert (corrected.district, list(corrected.languages), corrected.adults) == (
        "Brackel",
        ["tr"],
        2,
    )
    assert services.households.get(key).label == "Familie Aydın"
    [revision] = revisions(services, key)
    assert (revision.kind, revision.record_id, revision.action) == ("household", key, "correct")
    assert revision.staff == services.actor.key
    assert revision.at == NOW
    assert revision.reason == "Schreibweise laut Ausweis"
    assert revision.changes["label"] == ("Familie Aydin", "Familie Aydın")
    assert revision.changes["children"] == (1, 2)
    assert not {"district", "languages", "adults", "note", "moved_in"} & set(revision.changes)


def test_each_correction_is_a_revision_newest_first_with_plain_values(
    services: Services,
) -> None:
    created = register(services, "Familie Rahimi", moved_in=date(2026, 10, 1))
    key = household_id(created)
    first = services.households.correct(key, created.version, moved_in="2026-09-15")
    services.households.correct(key, first.version, note="Zweitwohnung bei der Tante")
    newest, older = revisions(services, key)
    assert older.changes == {"moved_in": ("2026-10-01", "2026-09-15")}
    assert older.reason == ""
    assert newest.changes == {"note": ("", "Zweitwohnung bei der Tante")}


def test_the_search_follows_a_corrected_name(services: Services) -> None:
    created = register(services, "Familie Rahimi")
    services.households.correct(household_id(created), created.version, label="Familie Karimi")
    assert [hit.id for hit in services.households.search("brackel", "kari")] == [created.id]


def test_a_bad_correction_changes_nothing(services: Services) -> None:
    created = register(services, "Familie Rahimi")
    key = household_id(created)
    with pytest.raises(InvalidInput) as caught:
        services.households.correct(
            key, created.version, label="", district="Mengede", moved_in="2028-06-01", adults=-2
        )
    assert set(caught.value.errors) == {"label", "district", "moved_in", "adults"}
    stored = services.households.get(key)
    assert (stored.label, stored.district, stored.version) == ("Familie Rahimi", "Brackel", 1)
    assert revisions(services, key) == ()


def test_a_stale_correction_is_refused_and_nothing_changes(services: Services) -> None:
    created = register(services, "Familie Rahimi")
    key = household_id(created)
    services.households.correct(key, created.version, note="Kollegin: Vater arbeitet vormittags")
    with pytest.raises(StaleRecord) as caught:
        services.households.correct(key, created.version, note="meine ältere Sicht")
    assert (caught.value.expected, caught.value.current) == (created.version, created.version + 1)
    stored = services.households.get(key)
    assert stored.note == "Kollegin: Vater arbeitet vormittags"
    assert stored.version == created.version + 1
    assert len(revisions(services, key)) == 1


# Consultations


def test_a_consultation_is_corrected_and_the_figures_follow(services: Services) -> None:
    key = household_id(register(services, "Familie Rahimi"))
    recorded = consult(services, key)
    made = recorded.consultation
    assert made.id is not None
    before = month(services)
    corrected = services.consultations.correct(
        made.id,
        made.version,
        reason="Thema verwechselt",
        topics=["language_course", "job_search"],
        language="fa",
        note="Sprachkurs B1 gesucht",
        outcome="follow_up",
    )
    assert corrected.consultation.version == made.version + 1
    assert sorted(corrected.topics) == ["job_search", "language_course"]
    stored = services.consultations.get(made.id)
    assert sorted(stored.topics) == ["job_search", "language_course"]
    assert (stored.consultation.language, stored.consultation.outcome) == ("fa", "follow_up")
    assert stored.consultation.note == "Sprachkurs B1 gesucht"
    after = month(services)
    assert after.consultations == before.consultations == 1
    assert by_topic(after) == {"job_search": 1, "language_course": 1}
    assert by_language(after) == {"fa": 1}
    [revision] = revisions(services, key)
    assert (revision.kind, revision.record_id, revision.action) == (
        "consultation",
        made.id,
        "correct",
    )
    assert revision.reason == "Thema verwechselt"
    assert revision.changes["language"] == ("ar", "fa")
    assert revision.changes["outcome"] == ("solved", "follow_up")
    assert revision.changes["note"] == ("Bewerbung besprochen", "Sprachkurs B1 gesucht")
    topics_before, topics_after = revision.changes["topics"]
    assert (sorted(topics_before), sorted(topics_after)) == (
        ["job_search"],
        ["job_search", "language_course"],
    )
    [entry] = services.case_files.open(key).timeline
    assert (entry.kind, entry.id, entry.corrected, entry.voided) == (
        "consultation",
        made.id,
        True,
        False,
    )


def test_a_bad_consultation_correction_changes_nothing(services: Services) -> None:
    made = consult(services, household_id(register(services, "Familie Rahimi"))).consultation
    assert made.id is not None
    with pytest.raises(InvalidInput) as caught:
        services.consultations.correct(
            made.id, made.version, topics=["no_such_topic"], language="xx", outcome="maybe"
        )
    assert set(caught.value.errors) == {"topics", "language", "outcome"}
    stored = services.consultations.get(made.id)
    assert (stored.topics, stored.consultation.version) == (("job_search",), made.version)


def test_a_stale_consultation_correction_is_refused(services: Services) -> None:
    made = consult(services, household_id(register(services, "Familie Rahimi"))).consultation
    assert made.id is not None
    services.consultations.correct(made.id, made.version, note="Kollegin")
    with pytest.raises(StaleRecord):
        services.consultations.correct(made.id, made.version, note="ich")
    assert services.consultations.get(made.id).consultation.note == "Kollegin"


def test_a_voided_consultation_is_kept_marked_and_no_longer_counted(services: Services) -> None:
    key = household_id(register(services, "Familie Rahimi"))
    consult(services, key)  # stays
    recorded = referred(services, key)
    made, referral = recorded.consultation, recorded.referral
    assert made.id is not None
    assert referral is not None
    before = month(services)
    counters = services.dashboard.month_counters("brackel")
    assert referral.id in due(services)
    voided = services.consultations.void(
        made.id, made.version, reason="bei der falschen Familie erfasst"
    )
    assert (voided.voided_at, voided.void_reason) == (NOW, "bei der falschen Familie erfasst")
    assert voided.version == made.version + 1
    kept = services.consultations.get(made.id)
    assert kept.consultation.voided_at == NOW
    assert sorted(kept.topics) == ["benefits", "job_search"]
    after = month(services)
    assert after.consultations == before.consultations - 1
    assert by_topic(before) == {"job_search": 2, "benefits": 1}
    assert by_topic(after) == {"job_search": 1}
    assert by_partner(after).get(JOBCENTER, 0) == by_partner(before)[JOBCENTER] - 1
    # the Today screen counts the same way
    counted = services.dashboard.month_counters("brackel")
    assert (counted.consultations, counted.referrals) == (
        counters.consultations - 1,
        counters.referrals - 1,
    )
    # its referral is voided with it
    assert services.referrals.get(referral.id).voided_at == NOW
    assert referral.id not in due(services)
    case_file = services.case_files.open(key)
    entries = {(entry.kind, entry.id): entry for entry in case_file.timeline}
    entry = entries["consultation", made.id]
    assert (entry.voided, entry.void_reason) == (True, "bei der falschen Familie erfasst")
    assert entries["referral", referral.id].voided is True
    assert ("consultation", made.id, "void", "bei der falschen Familie erfasst") in {
        (r.kind, r.record_id, r.action, r.reason) for r in case_file.revisions
    }


def test_a_voided_consultation_is_not_voided_again(services: Services) -> None:
    made = consult(services, household_id(register(services, "Familie Rahimi"))).consultation
    assert made.id is not None
    voided = services.consultations.void(made.id, made.version, reason="falsche Familie")
    with pytest.raises(Conflict):
        services.consultations.void(made.id, voided.version, reason="noch einmal")
    assert services.consultations.get(made.id).consultation.void_reason == "falsche Familie"


@pytest.mark.parametrize("reason", ["", "   "], ids=["empty", "blank"])
def test_voiding_needs_a_reason(services: Services, reason: str) -> None:
    recorded = referred(services, household_id(register(services, "Familie Rahimi")))
    made, referral = recorded.consultation, recorded.referral
    assert made.id is not None
    assert referral is not None
    assert referral.id is not None
    with pytest.raises(InvalidInput) as caught:
        services.consultations.void(made.id, made.version, reason=reason)
    assert set(caught.value.errors) == {"reason"}
    with pytest.raises(InvalidInput) as caught:
        services.referrals.void(referral.id, referral.version, reason=reason)
    assert set(caught.value.errors) == {"reason"}
    stored = services.consultations.get(made.id).consultation
    assert (stored.voided_at, stored.version) == (None, made.version)
    assert services.referrals.get(referral.id).voided_at is None
    assert referral.id in due(services)


# Referrals


def test_a_referral_is_corrected_with_its_earlier_version_kept(services: Services) -> None:
    key = household_id(register(services, "Familie Rahimi"))
    made = refer(services, key)
    assert made.id is not None
    corrected = services.referrals.correct(
        made.id,
        made.version,
        reason="an das Sprachcafé, nicht ans Jobcenter",
        partner_key="sprachcafe_caritas_brackel",
        topic="language_course",
        follow_up_on="2026-12-11",
    )
    assert corrected.version == made.version + 1
    assert (corrected.partner_key, corrected.topic, corrected.follow_up_on) == (
        "sprachcafe_caritas_brackel",
        "language_course",
        date(2026, 12, 11),
    )
    assert corrected.anonymous is True
    [revision] = revisions(services, key)
    assert (revision.kind, revision.record_id, revision.action) == ("referral", made.id, "correct")
    assert revision.changes["partner_key"] == (JOBCENTER, "sprachcafe_caritas_brackel")
    assert revision.changes["follow_up_on"] == ("2026-12-04", "2026-12-11")
    assert by_partner(month(services)) == {"sprachcafe_caritas_brackel": 1}


def test_a_referral_correction_checks_partner_topic_and_consent(services: Services) -> None:
    made = refer(services, household_id(register(services, "Familie Rahimi")))
    assert made.id is not None
    with pytest.raises(InvalidInput) as caught:
        services.referrals.correct(made.id, made.version, partner_key="no_such_partner")
    assert {"partner_key", "partner"} & set(caught.value.errors)
    with pytest.raises(InvalidInput) as caught:
        # the household never agreed to pass its data to the job centre
        services.referrals.correct(made.id, made.version, anonymous=False)
    assert set(caught.value.errors) == {"anonymous"}
    stored = services.referrals.get(made.id)
    assert (stored.partner_key, stored.anonymous, stored.version) == (JOBCENTER, True, 1)


def test_a_voided_referral_is_not_voided_again(services: Services) -> None:
    made = refer(services, None)
    assert made.id is not None
    voided = services.referrals.void(made.id, made.version, reason="doppelt erfasst")
    with pytest.raises(Conflict):
        services.referrals.void(made.id, voided.version, reason="noch einmal")


def test_a_voided_referral_is_kept_and_no_longer_due_or_counted(services: Services) -> None:
    made = refer(services, household_id(register(services, "Familie Rahimi")))
    other = refer(services, None)
    assert made.id is not None
    assert by_partner(month(services)) == {JOBCENTER: 2}
    voided = services.referrals.void(made.id, made.version, reason="doppelt erfasst")
    assert (voided.voided_at, voided.void_reason, voided.version) == (
        NOW,
        "doppelt erfasst",
        made.version + 1,
    )
    assert services.referrals.get(made.id).void_reason == "doppelt erfasst"
    assert due(services) == [other.id]
    assert by_partner(month(services)) == {JOBCENTER: 1}
    assert services.dashboard.month_counters("brackel").referrals == 1


# Another office


def test_another_offices_staff_can_neither_correct_nor_void(
    services: Services, services_as: Callable[..., Services]
) -> None:
    created = register(services, "Familie Rahimi")
    key = household_id(created)
    made = consult(services, key).consultation
    referral = refer(services, key)
    assert made.id is not None
    assert referral.id is not None
    before = every_row(services)
    theirs = services_as("mengede_huckarde")
    coordinator = services_as(None, "coordinator")
    for acting in (theirs, services_as("mengede_huckarde", "office_staff"), coordinator):
        # Another office's household is no household to its staff at all.
        with pytest.raises(NotFound):
            acting.households.correct(key, created.version, label="Familie Karimi")
        changes = (
            partial(acting.consultations.correct, made.id, made.version, note="gelesen"),
            partial(acting.consultations.void, made.id, made.version, reason="falsch"),
            partial(acting.referrals.correct, referral.id, referral.version, topic="benefits"),
            partial(acting.referrals.void, referral.id, referral.version, reason="falsch"),
        )
        # Nor are its consultations and referrals: they are as ones that do not exist.
        for change in changes:
            with pytest.raises(NotFound):
                change()
    with pytest.raises(NotFound, match=f"^consultation {made.id} does not exist$"):
        theirs.consultations.get(made.id)
    with pytest.raises(NotFound):
        theirs.case_files.open(key)
    assert every_row(services) == before
