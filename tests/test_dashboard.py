"""Today's dashboard: every part of it, from the services' own records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from lwcore.services import AccessDenied, Services
from lwcore.services.consultations import ReferralRequest
from tests.conftest import NOW
from tests.test_consultations import household
from tests.test_waiting_list import audit_trail


def test_today_gathers_the_office_day(
    services: Services, services_as: Callable[..., Services]
) -> None:
    mengede = services_as("mengede_huckarde")
    amina = household(services, "Amina")
    other = household(mengede, "Olena", office="mengede_huckarde")
    services.waiting.add(
        office="brackel", label="K.", language="ku", topic="housing", outside_hours=True
    )
    mengede.waiting.add(office="mengede_huckarde", label="X.", language="fa")
    booked = services.appointments.next_free_slots("brackel", limit=1)[0]
    services.appointments.book(
        office="brackel",
        starts_at=booked.starts_at,
        label="Amina",
        language="ar",
        household_id=amina,
    )
    services.visits.plan(
        office="brackel",
        household_id=amina,
        planned_for=NOW + timedelta(days=1),
        staff="Frau Yilmaz",
        language="ar",
    )
    mengede.visits.plan(
        office="mengede_huckarde",
        household_id=other,
        planned_for=NOW + timedelta(hours=2),
        staff="Herr Willeke",
        language="fa",
    )
    services.consultations.record(
        office="brackel",
        language="ar",
        topics=["job_search"],
        outcome="referred",
        household_id=amina,
        referral=ReferralRequest("jobcenter_brackel", "job_search", NOW.date(), anonymous=True),
    )
    services.consultations.quick_contact(
        office="brackel", language="de", topics=["transport_ticket"], people=2
    )

    today = services.dashboard.today("brackel")
    assert today.day == NOW.date()
    assert [(w.label, w.language, w.topic) for w in today.waiting] == [("K.", "ku", "housing")]
    assert today.appointments == ()  # Brackel's appointment hours are on Thursdays
    assert [v.staff for v in today.visits_this_week] == ["Frau Yilmaz"]
    assert today.visits_today == ()  # planned for tomorrow (Saturday), still this week
    assert [(r.partner_key, r.status) for r in today.referrals_due] == [
        ("jobcenter_brackel", "open")
    ]
    assert today.next_meetings
    assert all(m.office == "brackel" for m in today.next_meetings)
    month = today.month
    assert (month.consultations, month.people, month.quick_contacts, month.households) == (
        2,
        3,
        1,
        1,
    )
    assert (month.referrals, month.visits_done) == (1, 0)

    thursday = services.dashboard.today("brackel", booked.starts_at.date())
    assert [a.label for a in thursday.appointments] == ["Amina"]
    assert thursday.waiting == ()  # walk-ins count for the day they came


def test_empty_office_day(services_as: Callable[..., Services]) -> None:
    today = services_as("mengede_huckarde").dashboard.today("mengede_huckarde")
    assert (today.waiting, today.appointments, today.referrals_due) == ((), (), ())
    assert today.month.consultations == 0


def test_the_day_is_one_audit_entry(services: Services) -> None:
    amina = household(services, "Amina")
    code = services.households.get(amina).code
    services.waiting.add(
        office="brackel", label="K.", language="ku", household_id=amina, outside_hours=True
    )
    services.waiting.add(office="brackel", label="L.", language="ar", outside_hours=True)
    services.visits.plan(
        office="brackel",
        household_id=amina,
        planned_for=NOW + timedelta(days=1),
        staff="Frau Yilmaz",
        language="ar",
    )
    start = len(audit_trail(services))
    today = services.dashboard.today("brackel")
    assert (len(today.waiting), len(today.visits_this_week)) == (2, 1)
    [(entry, codes)] = audit_trail(services)[start:]
    assert (entry.action, entry.kind, entry.office, entry.records) == (
        "read",
        "dashboard",
        "brackel",
        3,
    )
    assert codes == {code}


def test_the_dashboard_of_another_office_is_refused(
    services: Services, services_as: Callable[..., Services]
) -> None:
    with pytest.raises(AccessDenied, match="may not read the records of mengede_huckarde"):
        services.dashboard.today("mengede_huckarde")
    refusal, _codes = audit_trail(services)[-1]
    assert (refusal.action, refusal.kind, refusal.office) == (
        "denied",
        "dashboard",
        "mengede_huckarde",
    )
    with pytest.raises(AccessDenied):
        services.dashboard.month_counters("mengede_huckarde")
    it_admin = services_as(None, "it_admin").dashboard
    with pytest.raises(AccessDenied):
        it_admin.today("brackel")
    with pytest.raises(AccessDenied):
        it_admin.month_counters("brackel")
    # A coordinator reads figures only: no day's lists, no exact counters.
    coordinator = services_as(None, "coordinator").dashboard
    with pytest.raises(AccessDenied):
        coordinator.today("mengede_huckarde")
    with pytest.raises(AccessDenied):
        coordinator.month_counters("mengede_huckarde")


def test_month_counters_are_figures_without_an_audit_entry(
    services: Services, services_as: Callable[..., Services]
) -> None:
    services.consultations.quick_contact(
        office="brackel", language="de", topics=["transport_ticket"], people=2
    )
    start = len(audit_trail(services))
    month = services.dashboard.month_counters("brackel")
    other = services_as("mengede_huckarde").dashboard.month_counters("mengede_huckarde")
    assert audit_trail(services)[start:] == []
    assert (month.consultations, month.people, month.quick_contacts) == (1, 2, 1)
    assert other.consultations == 0
    assert services.dashboard.today("brackel").month == month
