"""Access cases of the network services: group offers are checked per office but not
audited; volunteers are people, so each call about them is audited once."""

from __future__ import annotations

from datetime import date
from typing import Any

from lwcore.db.models import GroupOffer, GroupSession, Volunteer
from lwcore.services import Services
from tests.access.case import AccessCase
from tests.conftest import NOW


def offer(services: Services, office: str) -> GroupOffer:
    return services.group_offers.create(office=office, title="Sprachcafé", kind="language_cafe")


def offer_with_session(services: Services, office: str) -> GroupSession:
    created = offer(services, office)
    assert created.id is not None
    return services.group_offers.record_session(created.id, held_on=NOW.date(), attendance=12)


def volunteer(services: Services, office: str) -> Volunteer:
    return services.volunteers.add(
        office=office,
        label="Frau Sommer",
        languages=["de"],
        topics=["leisure"],
        availability=["MO"],
    )


def _no_records(services: Services, office: str) -> None:
    return None


def _update(services: Services, row: Any, **changes: Any) -> Volunteer:
    return services.volunteers.update(row.id, row.version, **changes)


CASES = [
    AccessCase(
        "GroupOfferService.create",
        _no_records,
        lambda services, office, _: offer(services, office),
        audit_entries=0,
    ),
    AccessCase(
        "GroupOfferService.set_active",
        offer,
        lambda services, office, row: services.group_offers.set_active(row.id, row.version, False),
        audit_entries=0,
        by_id=True,
    ),
    AccessCase(
        "GroupOfferService.record_session",
        offer,
        lambda services, office, row: services.group_offers.record_session(
            row.id, held_on=date(2026, 11, 20), attendance=9
        ),
        audit_entries=0,
        by_id=True,
    ),
    AccessCase(
        "GroupOfferService.correct_session",
        offer_with_session,
        lambda services, office, row: services.group_offers.correct_session(
            row.id, row.version, 14
        ),
        audit_entries=0,
        by_id=True,
    ),
    AccessCase(
        "GroupOfferService.offers",
        offer_with_session,
        lambda services, office, _: services.group_offers.offers(office),
        audit_entries=0,
    ),
    AccessCase(
        "VolunteerService.add",
        _no_records,
        lambda services, office, _: volunteer(services, office),
    ),
    AccessCase(
        "VolunteerService.update",
        volunteer,
        lambda services, office, row: _update(services, row, availability=["MO", "WE"]),
        by_id=True,
    ),
    AccessCase(
        "VolunteerService.update (nothing to change)",
        volunteer,
        lambda services, office, row: _update(services, row, label="Frau Sommer"),
    ),
    AccessCase(
        "VolunteerService.find",
        volunteer,
        lambda services, office, _: services.volunteers.find(office, language="de"),
    ),
]
