"""Access cases of the household service."""

from __future__ import annotations

from typing import Any

from lwcore.services import Services
from tests.access.case import AccessCase


def household(services: Services, office: str) -> Any:
    district = next(iter(services.context.directory.office(office).office.districts))
    return services.households.create(
        office=office, label="Rahimi", district=district, languages=["fa"], members=3
    )


CASES = [
    AccessCase(
        "HouseholdService.create",
        lambda services, office: None,
        lambda services, office, _: household(services, office),
    ),
    AccessCase(
        "HouseholdService.get",
        household,
        lambda services, office, row: services.households.get(row.id),
    ),
    AccessCase(
        "HouseholdService.search",
        household,
        lambda services, office, row: services.households.search(office, "rah"),
    ),
    AccessCase(
        "HouseholdService.set_legal_hold",
        household,
        lambda services, office, row: services.households.set_legal_hold(
            row.id, row.version, "Klage beim Sozialgericht"
        ),
    ),
]
