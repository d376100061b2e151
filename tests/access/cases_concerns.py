"""Access cases of barriers and suggestions: checked per office, never audited
(they name no household)."""

from __future__ import annotations

from lwcore.db.models import Barrier, Suggestion
from lwcore.services import Services
from tests.access.case import AccessCase


def barrier(services: Services, office: str) -> Barrier:
    return services.barriers.log(
        office=office,
        topic="bank_account",
        description="Filiale eröffnet kein Basiskonto ohne Meldebescheinigung",
        found_at="Sprechstunde",
    )


def suggestion(services: Services, office: str) -> Suggestion:
    return services.suggestions.log(office=office, text="Mehr Bänke am Spielplatz")


def _no_records(services: Services, office: str) -> None:
    return None


CASES = [
    AccessCase(
        "BarrierService.log",
        _no_records,
        lambda services, office, _: barrier(services, office),
        audit_entries=0,
    ),
    AccessCase(
        "BarrierService.set_status",
        barrier,
        lambda services, office, row: services.barriers.set_status(
            row.id, row.version, "escalated", resolution="An das Sozialamt"
        ),
        audit_entries=0,
        by_id=True,
    ),
    AccessCase(
        "BarrierService.list",
        barrier,
        lambda services, office, _: services.barriers.list(office),
        audit_entries=0,
    ),
    AccessCase(
        "SuggestionService.log",
        _no_records,
        lambda services, office, _: suggestion(services, office),
        audit_entries=0,
    ),
    AccessCase(
        "SuggestionService.set_status",
        suggestion,
        lambda services, office, row: services.suggestions.set_status(
            row.id, row.version, "done", response="Bänke sind bestellt"
        ),
        audit_entries=0,
        by_id=True,
    ),
    AccessCase(
        "SuggestionService.list",
        suggestion,
        lambda services, office, _: services.suggestions.list(office),
        audit_entries=0,
    ),
]
