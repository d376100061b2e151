"""Period statistics: counts by topic, language, outcome and partner."""

from __future__ import annotations

from datetime import date

from lwcore.services import ReferralRequest, Services
from tests.test_consultations import household


def consult(services: Services, **values: object) -> None:
    defaults: dict[str, object] = {
        "office": "brackel",
        "staff": "Frau Yilmaz",
        "language": "ar",
        "topics": ["job_search"],
        "outcome": "solved",
    }
    defaults.update(values)
    services.consultations.record(**defaults)  # type: ignore[arg-type]


def test_month_figures_by_topic_language_outcome_and_partner(services: Services) -> None:
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
        referral=ReferralRequest("jobcenter_brackel", "job_search"),
    )
    services.consultations.quick_contact(
        office="brackel", staff="Frau Yilmaz", language="fa", topics=["transport_ticket"], people=3
    )
    consult(services, started_at="2026-10-31T11:00")  # October: not in November's figures
    consult(services, office="mengede_huckarde", staff="Herr Willeke")  # other office

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


def test_city_wide_figures_add_up_the_offices(services: Services) -> None:
    consult(services)
    consult(services, office="mengede_huckarde", staff="Herr Willeke", language="fa")
    city = services.statistics.month(None, 2026, 11)
    brackel = services.statistics.month("brackel", 2026, 11)
    mengede = services.statistics.month("mengede_huckarde", 2026, 11)
    assert city.consultations == brackel.consultations + mengede.consultations == 2
    assert {c.key for c in city.by_language} == {"ar", "fa"}


def test_day_boundaries_are_local_time(services: Services) -> None:
    # 00:30 in Dortmund on 1 Nov is still 31 Oct in UTC: it belongs to November.
    consult(services, started_at="2026-11-01T00:30:00+01:00")
    consult(services, started_at="2026-10-31T23:30:00+01:00")
    assert services.statistics.month("brackel", 2026, 11).consultations == 1
    assert services.statistics.month("brackel", 2026, 10).consultations == 1
