"""Period statistics: counts by topic, language, outcome and partner; who may ask."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import func, select, update

from lwcore.db.models import AuditEntry, Consultation
from lwcore.services import AccessDenied, InvalidInput, Services
from lwcore.services.consultations import ReferralRequest
from tests.test_consultations import household

MENGEDE = "mengede_huckarde"


def consult(services: Services, **values: object) -> None:
    defaults: dict[str, object] = {
        "office": "brackel",
        "language": "ar",
        "topics": ["job_search"],
        "outcome": "solved",
    }
    defaults.update(values)
    services.consultations.record(**defaults)  # type: ignore[arg-type]


def test_month_figures_by_topic_language_outcome_and_partner(
    services: Services, services_as: Callable[..., Services]
) -> None:
    amina = household(services, "Amina")
    consult(
        services,
        household_id=amina,
        topics=["job_search", "language_course"],
        started_at="2026-11-02T10:15",
    )
    consult(
        services,
        household_id=amina,
        language="de",
        started_at="2026-11-09T10:00",
        outcome="referred",
        referral=ReferralRequest("jobcenter_brackel", "job_search", anonymous=True),
    )
    services.consultations.quick_contact(
        office="brackel", language="fa", topics=["transport_ticket"], people=3
    )
    consult(services, started_at="2026-10-31T11:00")  # October: not in November's figures
    consult(services_as(MENGEDE), office=MENGEDE)  # other office

    figures = services.statistics.month("brackel", 2026, 11)
    assert (figures.start, figures.end) == (date(2026, 11, 1), date(2026, 11, 30))
    assert figures.consultations == 3
    assert figures.people == 5
    assert figures.quick_contacts == 1
    assert figures.households == 1
    assert {(c.key, c.consultations) for c in figures.by_topic} == {
        ("job_search", 2),
        ("language_course", 1),
        ("transport_ticket", 1),
    }
    assert figures.by_topic[0].key == "job_search"
    assert {(c.key, c.consultations) for c in figures.by_language} == {
        ("ar", 1),
        ("de", 1),
        ("fa", 1),
    }
    assert {(c.key, c.consultations) for c in figures.by_outcome} == {
        ("solved", 2),
        ("referred", 1),
    }
    assert {(r.topic, r.language, r.consultations) for r in figures.by_topic_and_language} == {
        ("job_search", "ar", 1),
        ("language_course", "ar", 1),
        ("job_search", "de", 1),
        ("transport_ticket", "fa", 1),
    }
    [partner] = figures.by_partner
    assert (partner.partner, partner.referrals, partner.open) == ("jobcenter_brackel", 1, 1)


def test_city_wide_figures_are_perturbed_cells_of_their_own(
    services: Services, services_as: Callable[..., Services]
) -> None:
    for day in range(1, 21):
        consult(services, started_at=f"2026-10-{day:02d}T10:00")
    consult(
        services_as(MENGEDE),
        office=MENGEDE,
        language="fa",
        started_at="2026-10-05T10:00",
    )
    coordinator = services_as(None, "coordinator")
    city = coordinator.statistics.month(None, 2026, 10)
    brackel = coordinator.statistics.month("brackel", 2026, 10)
    mengede = coordinator.statistics.month(MENGEDE, 2026, 10)
    assert city.perturbed
    assert brackel.perturbed
    assert abs(city.consultations - 21) <= 2
    assert abs(brackel.consultations - 20) <= 2
    assert mengede.consultations in (0, 3)  # one consultation: never released as 1
    assert {c.key for c in city.by_language} <= {"ar", "fa"}
    # The same cells asked again: the same figures.
    assert coordinator.statistics.month(None, 2026, 10) == city


def test_the_service_decides_exact_or_perturbed(
    services: Services, services_as: Callable[..., Services]
) -> None:
    consult(services, started_at="2026-10-02T10:00")
    staff = services_as("brackel", "office_staff")
    for member in (services, staff):
        own = member.statistics.month("brackel", 2026, 10)
        assert not own.perturbed
        assert own.consultations == 1
        leaving = member.statistics.month("brackel", 2026, 10, leaving=True)
        assert leaving.perturbed
        assert leaving.consultations in (0, 3)
    coordinator = services_as(None, "coordinator")
    assert coordinator.statistics.month("brackel", 2026, 10) == leaving


def test_figures_that_leave_cover_a_calendar_period_that_is_over(
    services: Services, services_as: Callable[..., Services]
) -> None:
    coordinator = services_as(None, "coordinator").statistics
    for start, end in (
        (date(2026, 10, 1), date(2026, 10, 31)),
        (date(2026, 7, 1), date(2026, 9, 30)),
        (date(2025, 1, 1), date(2025, 12, 31)),
    ):
        assert coordinator.period(None, start, end).perturbed
    for start, end in (
        (date(2026, 10, 2), date(2026, 10, 31)),  # not from the first
        (date(2026, 9, 28), date(2026, 10, 27)),  # 30 days
        (date(2026, 8, 1), date(2026, 10, 31)),  # three months, not a quarter
        (date(2026, 11, 1), date(2026, 11, 30)),  # still running on 27 November
        (date(2026, 10, 1), date(2026, 12, 31)),
    ):
        with pytest.raises(InvalidInput) as refused:
            coordinator.period(None, start, end)
        assert set(refused.value.errors) == {"start"}
        with pytest.raises(InvalidInput):
            services.statistics.period("brackel", start, end, leaving=True)
        # The office's own screen: any period, exact.
        assert not services.statistics.period("brackel", start, end).perturbed


def test_day_boundaries_are_local_time(services: Services) -> None:
    # 00:30 in Dortmund on 1 Nov is still 31 Oct in UTC: it belongs to November.
    consult(services, started_at="2026-11-01T00:30:00+01:00")
    consult(services, started_at="2026-10-31T23:30:00+01:00")
    assert services.statistics.month("brackel", 2026, 11).consultations == 1
    assert services.statistics.month("brackel", 2026, 10).consultations == 1


def audit_count(services: Services) -> int:
    with services.context.database.reading() as connection:
        return int(connection.execute(select(func.count()).select_from(AuditEntry)).scalar_one())


def erase_consultations_of(services: Services, household_id: int, former: int) -> None:
    """What erasing a household does to its consultations: the link goes, a random
    negative number shared by them stays."""
    with services.context.database.write() as session:
        session.execute(
            update(Consultation)
            .where(Consultation.household_id == household_id)  # type: ignore[arg-type]
            .values(household_id=None, former_household=former)
        )


def test_erased_households_still_count_once_and_are_no_quick_contacts(
    services: Services,
) -> None:
    amina = household(services, "Amina")
    bilal = household(services, "Bilal")
    for day in (2, 9, 16):
        consult(services, household_id=amina, started_at=f"2026-11-{day:02d}T10:00")
    consult(services, household_id=bilal, started_at="2026-11-03T10:00")
    consult(services, household_id=bilal, started_at="2026-11-04T10:00")
    services.consultations.quick_contact(
        office="brackel", language="fa", topics=["transport_ticket"]
    )
    before = services.statistics.month("brackel", 2026, 11)
    assert (before.consultations, before.households, before.quick_contacts) == (6, 2, 1)

    # 63-bit numbers, far below any household id: they never meet a real one.
    erase_consultations_of(services, amina, -(2**62) - 12345)
    after_one = services.statistics.month("brackel", 2026, 11)
    erase_consultations_of(services, bilal, -(2**62) - 67890)
    after_both = services.statistics.month("brackel", 2026, 11)
    for figures in (after_one, after_both):
        assert (figures.consultations, figures.households, figures.quick_contacts) == (6, 2, 1)
        assert figures.people == before.people


def test_staff_see_their_own_office_only_and_leave_no_audit_entry(
    services: Services, services_as: Callable[..., Services]
) -> None:
    consult(services)
    entries = audit_count(services)
    staff = services_as("brackel", "office_staff")
    assert staff.statistics.month("brackel", 2026, 11).consultations == 1
    assert services.statistics.month("brackel", 2026, 11).consultations == 1
    assert audit_count(services) == entries  # aggregates: no personal data read
    for member in (staff, services):
        with pytest.raises(AccessDenied, match="statistics of mengede_huckarde"):
            member.statistics.month(MENGEDE, 2026, 11)
        with pytest.raises(AccessDenied, match="statistics of every office"):
            member.statistics.month(None, 2026, 11)
    assert audit_count(services) == entries + 4  # the refusals are in the trail


@pytest.mark.parametrize("role", ["coordinator", "it_admin"])
def test_every_office_is_for_coordinators(
    services: Services, services_as: Callable[..., Services], role: str
) -> None:
    for day in range(1, 11):
        consult(services, started_at=f"2026-10-{day:02d}T10:00")
    other = services_as(None, role)
    if role == "it_admin":
        with pytest.raises(AccessDenied):
            other.statistics.month(None, 2026, 10)
        return
    entries = audit_count(services)
    assert abs(other.statistics.month(None, 2026, 10).consultations - 10) <= 2
    assert other.statistics.month(MENGEDE, 2026, 10).consultations == 0
    assert audit_count(services) == entries


def test_unknown_office_and_backward_period_name_the_field(
    services_as: Callable[..., Services],
) -> None:
    coordinator = services_as(None, "coordinator")
    with pytest.raises(InvalidInput) as refused:
        coordinator.statistics.period("nowhere", date(2026, 11, 30), date(2026, 11, 1))
    assert set(refused.value.errors) == {"office", "end"}


def test_an_erasure_changes_no_released_figure(
    services: Services, services_as: Callable[..., Services]
) -> None:
    households = [household(services, f"Familie {n}") for n in range(12)]
    for day in range(1, 25):
        consult(
            services,
            household_id=households[day % 12],
            started_at=f"2026-10-{day:02d}T10:00",
        )
    coordinator = services_as(None, "coordinator").statistics
    before = coordinator.month("brackel", 2026, 10)
    counted = coordinator._tallies("brackel", date(2026, 10, 1), date(2026, 10, 31))
    for erased in households[:5]:
        services.erasure.erase(erased)
    # The erased households keep their record keys: the same cells, the same noise.
    again = coordinator._tallies("brackel", date(2026, 10, 1), date(2026, 10, 31))
    assert again.households == counted.households
    assert coordinator.month("brackel", 2026, 10) == before
