"""Referrals through their states; stale saves refused; household search."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlmodel import select

from lwcore.db.models import AuditEntry, Referral
from lwcore.services import AccessDenied, Conflict, InvalidInput, NotFound, Services, StaleRecord
from tests.test_consultations import count, household


def refer(services: Services, **changes: object) -> tuple[int, int]:
    values: dict[str, object] = {
        "office": "brackel",
        "partner_key": "jobcenter_brackel",
        "topic": "job_search",
        "follow_up_on": "2026-12-04",
    }
    values.update(changes)
    made = services.referrals.refer(**values)  # type: ignore[arg-type]
    assert made.id is not None
    return made.id, made.version


def test_referral_is_accepted_then_done_with_feedback(services: Services) -> None:
    referral_id, version = refer(services)
    accepted = services.referrals.update(referral_id, version, status="accepted")
    assert accepted.version == version + 1
    done = services.referrals.close(
        referral_id, accepted.version, outcome="done", partner_feedback="Termin am 3.12. vereinbart"
    )
    assert done.status == "done"
    assert done.closed_at is not None
    assert services.referrals.get(referral_id).partner_feedback == "Termin am 3.12. vereinbart"


def test_unsuccessful_needs_a_reason(services: Services) -> None:
    referral_id, version = refer(services)
    with pytest.raises(InvalidInput) as caught:
        services.referrals.close(referral_id, version, outcome="unsuccessful")
    assert "say why" in caught.value.errors["reason"]
    assert services.referrals.get(referral_id).status == "open"
    closed = services.referrals.close(
        referral_id, version, outcome="unsuccessful", reason="Kein Platz vor März"
    )
    assert closed.reason == "Kein Platz vor März"


def test_closed_referral_is_not_reopened(services: Services) -> None:
    referral_id, version = refer(services)
    withdrawn = services.referrals.close(referral_id, version, outcome="withdrawn")
    with pytest.raises(Conflict, match="already closed"):
        services.referrals.update(referral_id, withdrawn.version, status="accepted")
    with pytest.raises(InvalidInput, match="outcome"):
        services.referrals.close(referral_id, withdrawn.version, outcome="open")


def test_stale_version_is_refused_and_nothing_lost(services: Services) -> None:
    referral_id, version = refer(services)
    services.referrals.update(referral_id, version, partner_feedback="Kollegin: angerufen")
    with pytest.raises(StaleRecord) as caught:
        services.referrals.update(referral_id, version, partner_feedback="meine ältere Sicht")
    assert caught.value.expected == version
    assert caught.value.current == version + 1
    assert "changed by someone else" in str(caught.value)
    assert services.referrals.get(referral_id).partner_feedback == "Kollegin: angerufen"
    with pytest.raises(NotFound):
        services.referrals.update(referral_id + 100, 1, status="accepted")


def test_open_due_lists_open_and_accepted_by_date(
    services: Services, services_as: Callable[..., Services]
) -> None:
    late, _ = refer(services, follow_up_on="2026-12-10")
    early, version = refer(services, follow_up_on="2026-11-30")
    done, done_version = refer(services, follow_up_on="2026-11-29")
    services.referrals.close(done, done_version, outcome="done")
    services.referrals.update(early, version, status="accepted")
    refer(
        services_as("mengede_huckarde"), office="mengede_huckarde", partner_key="jobcenter_nordwest"
    )
    due = services.referrals.open_due("brackel", date(2026, 12, 6))
    assert [row.id for row in due] == [early]
    assert [r.id for r in services.referrals.open_due("brackel", date(2026, 12, 31))] == [
        early,
        late,
    ]


def test_open_due_carries_the_household_code(services: Services) -> None:
    amina = household(services, "Amina")
    named, _ = refer(services, household_id=amina, anonymous=True)
    nobody, _ = refer(services)
    due = {row.id: row for row in services.referrals.open_due("brackel", date(2026, 12, 31))}
    assert due[named].household_code == services.households.get(amina).code
    assert due[named].anonymous is True
    assert due[nobody].household_code is None
    assert due[nobody].anonymous is True


def test_another_offices_referrals_are_neither_read_nor_changed(
    services: Services, services_as: Callable[..., Services]
) -> None:
    referral_id, version = refer(services)
    theirs = services_as("mengede_huckarde")
    # Another office's referral is to them as one that does not exist.
    for call in (
        lambda: theirs.referrals.get(referral_id),
        lambda: theirs.referrals.update(referral_id, version, partner_feedback="gelesen"),
        lambda: theirs.referrals.close(referral_id, version, outcome="done"),
    ):
        with pytest.raises(NotFound, match=f"^referral {referral_id} does not exist$"):
            call()
    for call in (
        lambda: theirs.referrals.open_due("brackel", date(2026, 12, 31)),
        lambda: theirs.referrals.refer(
            office="brackel", partner_key="jobcenter_brackel", topic="job_search"
        ),
    ):
        with pytest.raises(AccessDenied):
            call()
    with pytest.raises(NotFound):
        services_as(None, "coordinator").referrals.update(referral_id, version, status="accepted")
    stored = services.referrals.get(referral_id)
    assert (stored.status, stored.version, stored.partner_feedback) == ("open", version, "")
    assert count(services, Referral) == 1


def test_a_household_or_consultation_of_another_office_is_not_linked(
    services: Services, services_as: Callable[..., Services]
) -> None:
    other = household(services, "Amal", office="mengede_huckarde")
    consultation = services_as("mengede_huckarde").consultations.quick_contact(
        office="mengede_huckarde", language="fa", topics=["job_search"]
    )
    with pytest.raises(InvalidInput) as caught:
        refer(
            services,
            household_id=other,
            consultation_id=consultation.consultation.id,
            anonymous=True,
        )
    assert "no household" in caught.value.errors["household"]
    assert "no consultation" in caught.value.errors["consultation"]
    assert count(services, Referral) == 0


def test_each_referral_call_leaves_one_audit_entry(services: Services) -> None:
    with services.context.database.read() as session:
        before = len(session.exec(select(AuditEntry)).all())
    referral_id, version = refer(services)
    services.referrals.get(referral_id)
    services.referrals.update(referral_id, version)  # nothing to change: a read
    services.referrals.close(referral_id, version, outcome="withdrawn")
    services.referrals.open_due("brackel", date(2026, 12, 31))
    with services.context.database.read() as session:
        entries = session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()[before:]
    assert [(e.kind, e.action) for e in entries] == [
        ("referral", "create"),
        ("referral", "read"),
        ("referral", "read"),
        ("referral", "change"),
        ("referral", "read"),
    ]
    assert all(e.office == "brackel" and e.staff == services.actor.key for e in entries)


def test_household_search_by_name_or_code_prefix(services: Services) -> None:
    amina = household(services, "Amina")
    household(services, "Amir")
    household(services, "Olena")
    household(services, "Amal", office="mengede_huckarde")
    hits = services.households.search("brackel", "am")
    assert [hit.label for hit in hits] == ["Amina", "Amir"]
    code = services.households.get(amina).code
    assert code.startswith("BR-")
    assert [hit.id for hit in services.households.search("brackel", code[:6].lower())] == [amina]
    assert services.households.search("brackel", "%") == []
    assert services.households.search("brackel", "") == []


def test_household_fields_are_checked(services: Services) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.households.create(
            office="brackel", label="", district="Eving", languages=[], moved_in="2026-13-01"
        )
    assert set(caught.value.errors) == {"label", "district", "languages", "moved_in"}


def test_closing_without_feedback_keeps_the_stored_feedback(services: Services) -> None:
    referral_id, version = refer(services)
    noted = services.referrals.update(referral_id, version, partner_feedback="Termin steht")
    closed = services.referrals.close(referral_id, noted.version, outcome="done")
    assert closed.partner_feedback == "Termin steht"
