"""Access cases of the referral service."""

from __future__ import annotations

from datetime import date
from typing import Any

from lwcore.services import Services
from tests.access.case import AccessCase
from tests.access.cases_consultations import JOBCENTER, consenting_household


def refer(services: Services, office: str, row: Any) -> Any:
    return services.referrals.refer(
        office=office, partner_key=JOBCENTER[office], topic="job_search", household_id=row.id
    )


def referral(services: Services, office: str) -> Any:
    return refer(services, office, consenting_household(services, office))


CASES = [
    AccessCase("ReferralService.refer", consenting_household, refer),
    AccessCase(
        "ReferralService.update",
        referral,
        lambda services, office, made: services.referrals.update(
            made.id, made.version, status="accepted", partner_feedback="Termin am 3.12."
        ),
        by_id=True,
    ),
    AccessCase(
        "ReferralService.close",
        referral,
        lambda services, office, made: services.referrals.close(
            made.id, made.version, outcome="unsuccessful", reason="Kein Platz vor März"
        ),
        by_id=True,
    ),
    AccessCase(
        "ReferralService.get",
        referral,
        lambda services, office, made: services.referrals.get(made.id),
        by_id=True,
    ),
    AccessCase(
        "ReferralService.open_due",
        referral,
        lambda services, office, made: services.referrals.open_due(office, date(2026, 12, 31)),
    ),
    AccessCase(
        "ReferralService.correct",
        referral,
        lambda services, office, made: services.referrals.correct(
            made.id, made.version, reason="Termin verschoben", follow_up_on="2026-12-18"
        ),
        by_id=True,
    ),
    AccessCase(
        "ReferralService.void",
        referral,
        lambda services, office, made: services.referrals.void(
            made.id, made.version, reason="doppelt erfasst"
        ),
        by_id=True,
    ),
]
