"""Access cases of the household service."""

from __future__ import annotations

from typing import Any

from lwcore.services import Services
from lwcore.services.consents import ConsentRequest
from tests.access.case import AccessCase


def household(services: Services, office: str) -> Any:
    district = next(iter(services.context.directory.office(office).office.districts))
    return services.households.create(
        office=office, label="Rahimi", district=district, languages=["fa"], members=3
    )


def households(services: Services, office: str) -> tuple[Any, Any]:
    """The same family registered twice."""
    return household(services, office), household(services, office)


def hand_over(services: Services, office: str, row: Any) -> object:
    """Hand ``row`` (of ``office``) over to the other office: the family moved."""
    target = next(slug for slug in ("brackel", "mengede_huckarde") if slug != office)
    district = next(iter(services.context.directory.office(target).office.districts))
    return services.households.hand_over(
        row.id,
        row.version,
        to_office=target,
        district=district,
        consent=ConsentRequest("handover", "written", "fa", "2024-1"),
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
    AccessCase(
        "HouseholdService.similar",
        household,
        lambda services, office, row: services.households.similar(office, "Familie Rahimi"),
    ),
    AccessCase(
        "HouseholdService.find",
        household,
        lambda services, office, row: services.households.find(row.code),
    ),
    AccessCase(
        "HouseholdService.correct",
        household,
        lambda services, office, row: services.households.correct(
            row.id, row.version, reason="Schreibweise laut Ausweis", label="Rahimy", children=2
        ),
    ),
    AccessCase(
        "HouseholdService.merge",
        households,
        lambda services, office, pair: services.households.merge(
            pair[0].id, pair[0].version, pair[1].id, pair[1].version, reason="doppelt angelegt"
        ),
    ),
    # One entry in the office that hands over, one in the office that takes over.
    AccessCase("HouseholdService.hand_over", household, hand_over, audit_entries=2),
]
