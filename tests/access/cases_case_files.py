"""Access cases of the case file: everything about one household, read as one call."""

from __future__ import annotations

from typing import Any

from lwcore.services import Services
from tests.access.case import AccessCase
from tests.access.cases_consultations import consenting_household, record


def worked_with(services: Services, office: str) -> Any:
    """A household with a consent, a consultation and its referral."""
    row = consenting_household(services, office)
    record(services, office, row)
    return row


CASES = [
    AccessCase(
        "CaseFileService.open",
        worked_with,
        lambda services, office, row: services.case_files.open(row.id),
    ),
]
