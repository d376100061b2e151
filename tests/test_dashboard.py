"""Today's dashboard: every part of it, from the services' own records."""

from __future__ import annotations

from datetime import timedelta

from lwcore.services import ReferralRequest, Services
from tests.conftest import NOW
from tests.test_consultations import household


def test_today_gathers_the_office_day(services: Services) -> None:
    amina = household(services, "Amina")
    other = household(services, "Olena", office="mengede_huckarde")
    services.waiting.add(office="brackel", label="K.", language="ku", topic="housing")
    services.waiting.add(office="mengede_huckarde", label="X.", language="fa")
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
    services.visits.plan(
        office="mengede_huckarde",
        household_id=other,
        planned_for=NOW + timedelta(hours=2),
        staff="Herr Willeke",
        language="fa",
    )
    services.consultations.record(
        office="brackel",
        staff="Frau Yilmaz",
        language="ar",
        topics=["job_search"],
        outcome="referred",
        household_id=amina,
        referral=ReferralRequest("jobcenter_brackel", "job_search", NOW.date()),
    )
    services.consultations.quick_contact(
        office="brackel", staff="Frau Yilmaz", language="de", topics=["transport_ticket"], people=2
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


def test_empty_office_day(services: Services) -> None:
    today = services.dashboard.today("mengede_huckarde")
    assert (today.waiting, today.appointments, today.referrals_due) == ((), (), ())
    assert today.month.consultations == 0
