"""Referrals through their states; stale saves refused; household search."""

from __future__ import annotations

from datetime import date

import pytest

from lwcore.services import Conflict, InvalidInput, NotFound, Services, StaleRecord
from tests.test_consultations import household


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


def test_open_due_lists_open_and_accepted_by_date(services: Services) -> None:
    late, _ = refer(services, follow_up_on="2026-12-10")
    early, version = refer(services, follow_up_on="2026-11-30")
    done, done_version = refer(services, follow_up_on="2026-11-29")
    services.referrals.close(done, done_version, outcome="done")
    services.referrals.update(early, version, status="accepted")
    refer(services, office="mengede_huckarde", partner_key="jobcenter_nordwest")
    due = services.referrals.open_due("brackel", date(2026, 12, 6))
    assert [row.id for row in due] == [early]
    assert [r.id for r in services.referrals.open_due("brackel", date(2026, 12, 31))] == [
        early,
        late,
    ]


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


def test_household_codes_in_one_call(services: Services) -> None:
    first, second = household(services, "Amina"), household(services, "Olena")
    codes = services.households.codes([first, None, second, first])
    assert codes == {
        first: services.households.get(first).code,
        second: services.households.get(second).code,
    }
    assert services.households.codes([]) == {}


def test_closing_without_feedback_keeps_the_stored_feedback(services: Services) -> None:
    referral_id, version = refer(services)
    noted = services.referrals.update(referral_id, version, partner_feedback="Termin steht")
    closed = services.referrals.close(referral_id, noted.version, outcome="done")
    assert closed.partner_feedback == "Termin steht"
