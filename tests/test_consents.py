"""Consents per purpose, and the rule that a household's data goes to a partner only
with its consent to that partner: on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from lwcore.db.models import Consultation, Referral
from lwcore.services import Conflict, InvalidInput, NotFound, Services, StaleRecord
from lwcore.services.consultations import ReferralRequest
from tests.conftest import NOW
from tests.test_consultations import count, household

TODAY = NOW.date()
JOBCENTER = "jobcenter_brackel"


def consent(services: Services, household: int, **changes: Any) -> Any:
    values: dict[str, Any] = {
        "household_id": household,
        "purpose": "referral",
        "partner_key": JOBCENTER,
        "given_on": date(2026, 10, 1),
        "given_how": "written",
        "text_language": "ar",
        "text_version": "2024-1",
    }
    values.update(changes)
    return services.consents.record(**values)


def refer(services: Services, household_id: int | None, **changes: Any) -> Referral:
    values: dict[str, Any] = {
        "office": "brackel",
        "partner_key": JOBCENTER,
        "topic": "job_search",
        "household_id": household_id,
    }
    values.update(changes)
    return services.referrals.refer(**values)


def refused(services: Services, household_id: int) -> str:
    """The message of a named referral refused for want of consent; nothing was saved."""
    with pytest.raises(InvalidInput) as caught:
        refer(services, household_id)
    assert count(services, Referral) == 0
    return caught.value.errors["anonymous"]


def test_with_consent_the_referral_names_the_household(services: Services) -> None:
    amina = household(services)
    made = consent(services, amina)
    assert made.office == "brackel"
    assert made.recorded_by == services.actor.key
    referral = refer(services, amina)
    assert referral.anonymous is False
    assert services.referrals.get(referral.id).household_id == amina  # type: ignore[arg-type]


def test_without_consent_a_named_referral_is_refused(services: Services) -> None:
    message = refused(services, household(services))
    assert "no valid consent of this household to pass its data to" in message
    assert "Jobcenter Dortmund, Standort Ost" in message
    assert "refer anonymously or record the consent first" in message


def test_an_anonymous_referral_needs_no_consent(services: Services) -> None:
    amina = household(services)
    referral = refer(services, amina, anonymous=True)
    assert referral.anonymous is True
    assert referral.household_id == amina
    assert refer(services, None).anonymous is True  # no household: nobody's data goes out


@pytest.mark.parametrize(
    "changes",
    [
        {"given_on": date(2026, 1, 5), "expires_on": date(2026, 11, 1)},
        {"given_on": date(2026, 1, 5), "expires_on": TODAY},  # ends on that day
        {"partner_key": "familienbuero_brackel"},
        {"purpose": "volunteer_matching", "partner_key": None},
    ],
    ids=["expired", "expires-today", "another-partner", "another-purpose"],
)
def test_a_consent_that_does_not_cover_the_referral_is_not_enough(
    services: Services, changes: dict[str, Any]
) -> None:
    amina = household(services)
    consent(services, amina, **changes)
    refused(services, amina)


def test_a_withdrawn_consent_is_not_enough(services: Services) -> None:
    amina = household(services)
    made = consent(services, amina)
    withdrawn = services.consents.withdraw(made.id, made.version)
    assert withdrawn.withdrawn_on == TODAY
    assert withdrawn.version == made.version + 1
    refused(services, amina)


def test_a_consent_from_another_household_is_not_enough(services: Services) -> None:
    amina, olena = household(services, "Amina"), household(services, "Olena")
    consent(services, olena)
    refused(services, amina)


def test_the_consultation_form_follows_the_same_rule(services: Services) -> None:
    amina = household(services)
    values: dict[str, Any] = {
        "office": "brackel",
        "language": "ar",
        "topics": ["job_search"],
        "outcome": "referred",
        "household_id": amina,
    }
    with pytest.raises(InvalidInput) as caught:
        services.consultations.record(**values, referral=ReferralRequest(JOBCENTER, "job_search"))
    assert "no valid consent" in caught.value.errors["referral.anonymous"]
    assert count(services, Consultation) == 0
    assert count(services, Referral) == 0
    anonymous = services.consultations.record(
        **values, referral=ReferralRequest(JOBCENTER, "job_search", anonymous=True)
    )
    assert anonymous.referral is not None
    assert anonymous.referral.anonymous is True
    consent(services, amina)
    named = services.consultations.record(
        **values, referral=ReferralRequest(JOBCENTER, "job_search")
    )
    assert named.referral is not None
    assert named.referral.anonymous is False


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"household_id": 999}, "household_id", "no household 999"),
        ({"purpose": "newsletter"}, "purpose", "not one of"),
        ({"partner_key": None}, "partner_key", "name the partner"),
        ({"purpose": "photos"}, "partner_key", "only a referral consent names a partner"),
        ({"partner_key": "jobcenter_nordwest"}, "partner_key", "unknown partner"),
        ({"given_on": "2026-11-28"}, "given_on", "lies in the future"),
        ({"given_on": "2026-02-30"}, "given_on", "not a date that exists"),
        ({"given_how": "email"}, "given_how", "not one of"),
        ({"text_language": "arabic"}, "text_language", "not an ISO 639-1"),
        ({"text_version": " "}, "text_version", "must not be empty"),
        ({"text_version": "x" * 21}, "text_version", "at most 20 characters"),
        ({"expires_on": "2026-10-01"}, "expires_on", "after the day the consent was given"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    services: Services, changes: dict[str, Any], field: str, message: str
) -> None:
    amina = household(services)
    with pytest.raises(InvalidInput) as caught:
        consent(services, amina, **changes)
    assert message in caught.value.errors[field]
    assert services.consents.for_household(amina) == []


def test_withdrawing_twice_is_a_conflict_and_stale_withdrawals_are_refused(
    services: Services,
) -> None:
    amina = household(services)
    made = consent(services, amina)
    with pytest.raises(StaleRecord):
        services.consents.withdraw(made.id, made.version + 1)
    with pytest.raises(InvalidInput) as caught:
        services.consents.withdraw(made.id, made.version, on="2026-12-01")
    assert "lies in the future" in caught.value.errors["on"]
    with pytest.raises(InvalidInput) as caught:
        services.consents.withdraw(made.id, made.version, on="2026-09-30")
    assert "before the day the consent was given" in caught.value.errors["on"]
    withdrawn = services.consents.withdraw(made.id, made.version, on="2026-11-20")
    assert withdrawn.withdrawn_on == date(2026, 11, 20)
    for version in (made.version, withdrawn.version):
        with pytest.raises(Conflict, match="already withdrawn on 2026-11-20"):
            services.consents.withdraw(made.id, version)


def test_valid_on_a_day_and_the_households_consents_newest_first(services: Services) -> None:
    amina = household(services)
    old = consent(services, amina, given_on=date(2025, 3, 1), expires_on=date(2026, 3, 1))
    photos = consent(services, amina, purpose="photos", partner_key=None, given_on=date(2026, 5, 4))
    current = consent(services, amina, given_on=date(2026, 11, 2), given_how="oral")
    assert [row.id for row in services.consents.for_household(amina)] == [
        current.id,
        photos.id,
        old.id,
    ]
    valid = services.consents.valid
    assert valid(amina, "referral", JOBCENTER, date(2025, 12, 24)) is True
    assert valid(amina, "referral", JOBCENTER, date(2026, 6, 1)) is False  # a gap
    assert valid(amina, "referral", JOBCENTER, TODAY) is True
    assert valid(amina, "referral", "familienbuero_brackel", TODAY) is False
    assert valid(amina, "photos", None, TODAY) is True
    assert valid(amina, "volunteer_matching", None, TODAY) is False


def test_consents_are_the_offices_own(
    services: Services, services_as: Callable[..., Services]
) -> None:
    amina = household(services)
    made = consent(services, amina)
    theirs = services_as("mengede_huckarde")
    coordinator = services_as(None, "coordinator")
    # To whoever may not read the office's records (another office, a coordinator,
    # IT) it is no household at all (as one that does not exist).
    for someone in (theirs, coordinator, services_as(None, "it_admin")):
        with pytest.raises(InvalidInput) as refused:
            consent(someone, amina, given_on=date(2026, 11, 1))
        assert refused.value.errors == {"household_id": f"no household {amina}"}
    for someone in (theirs, coordinator, services_as(None, "it_admin")):
        with pytest.raises(NotFound, match=f"^consent {made.id} does not exist$"):
            someone.consents.withdraw(made.id, made.version)
    with pytest.raises(NotFound):
        theirs.consents.for_household(amina)
    with pytest.raises(NotFound):
        theirs.consents.valid(amina, "referral", JOBCENTER, TODAY)
    with pytest.raises(NotFound):
        coordinator.consents.for_household(amina)
    [stored] = services.consents.for_household(amina)
    assert (stored.version, stored.withdrawn_on) == (made.version, None)
