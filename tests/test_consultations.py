"""Recording consultations and quick contacts, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from lwcore.db.models import AuditEntry, Consultation, ConsultationTopic, Referral
from lwcore.services import AccessDenied, InvalidInput, Services
from lwcore.services.consultations import ReferralRequest
from lwcore.testing import make_actor
from tests.conftest import NOW


def household(services: Services, label: str = "Amina", office: str = "brackel") -> int:
    """A household of ``office``, made by that office's lead (``services`` may act for
    another office: the household is made as that office's own staff)."""
    if services.actor.office != office:
        services = services.acting_as(make_actor(office))
    created = services.households.create(
        office=office,
        label=label,
        district="Brackel" if office == "brackel" else "Mengede",
        languages=["ar", "de"],
        members=4,
        moved_in=date(2026, 10, 1),
    )
    assert created.id is not None
    return created.id


def count(services: Services, model: type) -> int:
    with services.context.database.read() as session:
        return session.exec(select(func.count()).select_from(model)).one()


def consent_to(services: Services, household_id: int, partner_key: str) -> None:
    """The household's written consent to pass its data to ``partner_key``."""
    services.consents.record(
        household_id, "referral", partner_key, date(2026, 10, 1), "written", "ar", "2024-1"
    )


def test_consultation_with_referral_is_one_transaction(services: Services) -> None:
    household_id = household(services)
    consent_to(services, household_id, "familienbuero_brackel")
    entries = count(services, AuditEntry)
    recorded = services.consultations.record(
        office="brackel",
        language="ar",
        topics=["kindergarten_place", "birth"],
        outcome="referred",
        household_id=household_id,
        note="Zwillinge erwartet, Kita-Platz ab Sommer",
        referral=ReferralRequest("familienbuero_brackel", "kindergarten_place"),
    )
    consultation = recorded.consultation
    assert consultation.id is not None
    assert consultation.started_at == NOW
    assert consultation.staff == services.actor.name  # who records it held it
    assert recorded.topics == ("kindergarten_place", "birth")
    referral = recorded.referral
    assert referral is not None
    assert referral.status == "open"
    assert referral.anonymous is False
    assert count(services, AuditEntry) == entries + 1
    assert referral.follow_up_on == NOW.date() + timedelta(days=14)
    with services.context.database.read() as session:
        stored = session.get(Consultation, consultation.id)
        assert stored is not None
        assert stored.household_id == household_id
        topics = session.exec(
            select(ConsultationTopic.topic).where(
                ConsultationTopic.consultation_id == consultation.id
            )
        ).all()
        assert sorted(topics) == ["birth", "kindergarten_place"]
        stored_referral = session.get(Referral, referral.id)
        assert stored_referral is not None
        assert stored_referral.consultation_id == consultation.id
        assert stored_referral.partner_key == "familienbuero_brackel"


def test_quick_contact_is_counted_without_a_household(
    services_as: Callable[..., Services],
) -> None:
    services = services_as("mengede_huckarde")
    recorded = services.consultations.quick_contact(
        office="mengede_huckarde",
        language="fa",
        topics=["transport_ticket"],
        people=2,
    )
    assert recorded.consultation.household_id is None
    assert recorded.consultation.people == 2
    assert recorded.consultation.outcome == "solved"
    assert recorded.consultation.staff == services.actor.name
    assert count(services, Consultation) == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"topics": []}, "topics", "choose at least one topic"),
        ({"topics": ["weather"]}, "topics", "unknown topic 'weather'"),
        ({"language": "arabic"}, "language", "not an ISO 639-1"),
        ({"note": "x" * 10_000_000}, "note", "at most 2000 characters"),
        ({"office": "dorstfeld"}, "office", "unknown office"),
        ({"place": "aplerbeck_nord"}, "place", "not a place of brackel"),
        ({"outcome": "referred"}, "referral", "choose the partner"),
        ({"started_at": "2026-02-30T10:00"}, "started_at", "not a date and time that exists"),
        ({"started_at": "2026-11-28T10:00"}, "started_at", "lies in the future"),
        ({"household_id": 999}, "household", "no household 999"),
        ({"people": 0}, "people", "from 1 to 50"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(
    services: Services, changes: dict[str, object], field: str, message: str
) -> None:
    values: dict[str, object] = {
        "office": "brackel",
        "language": "ar",
        "topics": ["job_search"],
        "outcome": "solved",
    }
    values.update(changes)
    with pytest.raises(InvalidInput) as caught:
        services.consultations.record(**values)  # type: ignore[arg-type]
    assert message in caught.value.errors[field]
    assert count(services, Consultation) == 0
    assert count(services, ConsultationTopic) == 0


@pytest.mark.parametrize(
    ("referral", "field", "message"),
    [
        (ReferralRequest("no_such_partner", "job_search"), "referral.partner", "unknown partner"),
        (
            ReferralRequest("jobcenter_nordwest", "job_search"),
            "referral.partner",
            "unknown partner",
        ),
        (
            ReferralRequest("sportverein_brackel", "job_search"),
            "referral.partner",
            "does not help with 'job_search'",
        ),
        (
            ReferralRequest("jobcenter_brackel", "housing"),
            "referral.topic",
            "one of the consultation's topics",
        ),
        (
            ReferralRequest("jobcenter_brackel", "job_search", "2026-11-01"),
            "referral.follow_up_on",
            "lies in the past",
        ),
    ],
)
def test_bad_referral_is_refused_with_the_consultation(
    services: Services, referral: ReferralRequest, field: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.consultations.record(
            office="brackel",
            language="de",
            topics=["job_search"],
            outcome="referred",
            referral=referral,
        )
    assert message in caught.value.errors[field]
    assert count(services, Consultation) == 0
    assert count(services, Referral) == 0


def test_household_of_another_office_is_refused(services: Services) -> None:
    """Staff cannot link another office's household, even by its id."""
    other = household(services, office="mengede_huckarde")
    with pytest.raises(InvalidInput) as caught:
        services.consultations.record(
            office="brackel",
            language="de",
            topics=["job_search"],
            outcome="solved",
            household_id=other,
        )
    assert "no household" in caught.value.errors["household"]


def test_a_time_skipped_by_daylight_saving_is_refused(services: Services) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.consultations.record(
            office="brackel",
            language="ar",
            topics=["job_search"],
            outcome="solved",
            started_at="2026-03-29T02:30",
        )
    assert "does not exist here" in caught.value.errors["started_at"]


@pytest.mark.parametrize(("office", "role"), [("mengede_huckarde", None), (None, "coordinator")])
def test_only_the_offices_own_staff_record_consultations(
    services_as: Callable[..., Services], office: str | None, role: str | None
) -> None:
    with pytest.raises(AccessDenied):
        services_as(office, role).consultations.record(
            office="brackel",
            language="de",
            topics=["job_search"],
            outcome="solved",
        )
    assert count(services_as("brackel"), Consultation) == 0


def test_a_referral_without_a_household_is_stored_anonymous(services: Services) -> None:
    recorded = services.consultations.record(
        office="brackel",
        language="de",
        topics=["job_search"],
        outcome="referred",
        referral=ReferralRequest("jobcenter_brackel", "job_search"),
    )
    assert recorded.referral is not None
    assert recorded.referral.anonymous is True
