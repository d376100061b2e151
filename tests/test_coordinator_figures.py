"""A city-wide coordinator reads anonymous figures only, in the services: released
(perturbed) statistics of every office, for whole calendar periods that are over;
no record, case file, audit trail, export or exact count of any office."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from lwcore.services import AccessDenied, InvalidInput, NotFound, Services
from lwcore.services.access import Permission
from lwcore.testing import make_actor
from tests.access.case import AccessCase
from tests.access.test_isolation_and_audit import CASES, every_row
from tests.test_statistics import consult

OFFICE = "brackel"
MENGEDE = "mengede_huckarde"
#: Calls that hand out released figures: the coordinator's one right.
FIGURES = ("StatisticsService.",)


@pytest.mark.parametrize("case", [c for c in CASES if not c.method.startswith(FIGURES)], ids=str)
def test_a_coordinator_is_refused_every_record(case: AccessCase, services_as: Any) -> None:
    """Every public call of a service that holds personal data (the access cases),
    made by a coordinator on an office's records: refused, nothing changed."""
    lead = services_as(OFFICE)
    records = case.prepare(lead, OFFICE)
    before = every_row(lead)
    with pytest.raises((AccessDenied, NotFound, InvalidInput)):
        case.call(services_as(None, "coordinator"), OFFICE, records)
    assert every_row(lead) == before


def test_a_coordinator_may_see_released_figures_only() -> None:
    coordinator = make_actor(None, "coordinator")
    for office in (OFFICE, MENGEDE, None):
        assert {p for p in Permission if coordinator.may(p, office)} == {Permission.STATISTICS}
    assert coordinator.figures_only
    assert coordinator.offices([OFFICE, MENGEDE]) == []
    assert coordinator.offices([OFFICE, MENGEDE], Permission.STATISTICS) == [OFFICE, MENGEDE]
    # Office staff and leads keep their office's records and exact figures; IT neither.
    for role in ("office_staff", "office_lead"):
        staff = make_actor(OFFICE, role)
        assert staff.may(Permission.READ, OFFICE)
        assert staff.may(Permission.EXACT, OFFICE)
        assert not staff.figures_only
    it_admin = make_actor(None, "it_admin")
    assert not {Permission.READ, Permission.STATISTICS, Permission.EXACT} & {
        p for p in Permission if it_admin.may(p, OFFICE)
    }
    assert not it_admin.figures_only


def test_a_coordinator_gets_every_office_perturbed_for_finished_periods_only(
    services: Services, services_as: Callable[..., Services]
) -> None:
    for day in range(1, 16):
        consult(services, started_at=f"2026-10-{day:02d}T10:00")
    consult(services_as(MENGEDE), office=MENGEDE, started_at="2026-10-05T10:00")
    coordinator = services_as(None, "coordinator").statistics
    lead = services.statistics
    for office in (OFFICE, MENGEDE, None):
        assert not coordinator.exact_for(office)
        seen = coordinator.month(office, 2026, 10)
        assert seen.perturbed
        assert seen.max_deviation == 2
        if office is not None:  # the same cells as the office's figures that leave it
            owners = services_as(office).statistics
            assert seen == owners.month(office, 2026, 10, leaving=True)
    assert lead.exact_for(OFFICE)
    assert lead.month(OFFICE, 2026, 10).consultations == 15  # the office's own screen
    # November is still running (the clock stands at 2026-11-27): refused, even whole.
    for start, end in (
        (date(2026, 11, 1), date(2026, 11, 30)),
        (date(2026, 10, 1), date(2026, 10, 9)),
    ):
        with pytest.raises(InvalidInput, match="whole calendar month"):
            coordinator.period(OFFICE, start, end)


def test_a_coordinator_sees_no_exact_month_counters(
    services: Services, services_as: Callable[..., Services]
) -> None:
    services.consultations.quick_contact(office=OFFICE, language="de", topics=["housing"])
    coordinator = services_as(None, "coordinator").dashboard
    for office in (OFFICE, MENGEDE):
        with pytest.raises(AccessDenied, match="may not see the exact figures of"):
            coordinator.month_counters(office)
        with pytest.raises(AccessDenied, match="may not read the records of"):
            coordinator.today(office)
    assert services.dashboard.month_counters(OFFICE).quick_contacts == 1
