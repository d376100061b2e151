"""Access cases of the consent service."""

from __future__ import annotations

from datetime import date
from typing import Any

from lwcore.services import Services
from tests.access.case import AccessCase
from tests.access.cases_consultations import JOBCENTER, consenting_household
from tests.access.cases_households import household


def consent(services: Services, office: str) -> Any:
    row = consenting_household(services, office)
    [made] = services.consents.for_household(row.id)
    return made


CASES = [
    AccessCase(
        "ConsentService.record",
        household,
        lambda services, office, row: services.consents.record(
            row.id, "photos", None, "2026-11-02", "oral", "fa", "2024-1", "2027-11-02"
        ),
    ),
    AccessCase(
        "ConsentService.withdraw",
        consent,
        lambda services, office, made: services.consents.withdraw(made.id, made.version),
        by_id=True,
    ),
    AccessCase(
        "ConsentService.for_household",
        consent,
        lambda services, office, made: services.consents.for_household(made.household_id),
    ),
    AccessCase(
        "ConsentService.valid",
        consent,
        lambda services, office, made: services.consents.valid(
            made.household_id, "referral", JOBCENTER[office], date(2026, 11, 27)
        ),
    ),
]
