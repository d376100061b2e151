"""Access cases of the consultation service."""

from __future__ import annotations

from typing import Any

from lwcore.services import Services
from lwcore.services.consultations import RecordedConsultation, ReferralRequest
from tests.access.case import AccessCase
from tests.access.cases_households import household

#: A partner of each office for job search, and its consent.
JOBCENTER = {"brackel": "jobcenter_brackel", "mengede_huckarde": "jobcenter_nordwest"}


def consenting_household(services: Services, office: str) -> Any:
    """A household that agreed in writing to be referred to the office's job centre."""
    row = household(services, office)
    services.consents.record(
        row.id, "referral", JOBCENTER[office], "2026-10-01", "written", "fa", "2024-1"
    )
    return row


def record(services: Services, office: str, row: Any) -> RecordedConsultation:
    return services.consultations.record(
        office=office,
        language="fa",
        topics=["job_search"],
        outcome="referred",
        household_id=row.id,
        referral=ReferralRequest(JOBCENTER[office], "job_search"),
    )


def consultation(services: Services, office: str) -> Any:
    return record(services, office, consenting_household(services, office)).consultation


CASES = [
    AccessCase("ConsultationService.record", consenting_household, record),
    AccessCase(
        "ConsultationService.quick_contact",
        lambda services, office: None,
        lambda services, office, _: services.consultations.quick_contact(
            office=office, language="de", topics=["transport_ticket"]
        ),
    ),
    AccessCase(
        "ConsultationService.correct",
        consultation,
        lambda services, office, made: services.consultations.correct(
            made.id, made.version, reason="Thema verwechselt", topics=["job_search", "benefits"]
        ),
        by_id=True,
    ),
    AccessCase(
        "ConsultationService.void",
        consultation,
        lambda services, office, made: services.consultations.void(
            made.id, made.version, reason="bei der falschen Familie erfasst"
        ),
        by_id=True,
    ),
    AccessCase(
        "ConsultationService.get",
        consultation,
        lambda services, office, made: services.consultations.get(made.id),
        by_id=True,
    ),
    AccessCase(
        "ConsultationService.ranked_partners",
        lambda services, office: None,
        lambda services, office, _: services.consultations.ranked_partners(office, "job_search"),
        audit_entries=0,  # the partners come from the settings and name nobody
    ),
]
