"""Access cases of the home visits: each visit is about a household, so every call is
audited once."""

from __future__ import annotations

from datetime import timedelta

from lwcore.db.models import HomeVisit, Household
from lwcore.services import Services
from tests.access.case import AccessCase
from tests.access.cases_hours import services_at
from tests.access.cases_households import household


def plan(services: Services, office: str, row: Household) -> HomeVisit:
    return services.visits.plan(
        office=office,
        household_id=row.id,
        planned_for=services.context.now() + timedelta(days=2),
        staff="Frau Yilmaz",
        language="ar",
    )


def visit(services: Services, office: str) -> HomeVisit:
    return plan(services, office, household(services, office))


CASES = [
    AccessCase(
        "HomeVisitService.plan",
        household,
        plan,
    ),
    AccessCase(
        "HomeVisitService.record_done",
        visit,
        lambda services, office, row: services_at(services, row.planned_for).visits.record_done(
            row.id, row.version, note="Wohnung eingerichtet"
        ),
        by_id=True,
    ),
    AccessCase(
        "HomeVisitService.cancel",
        visit,
        lambda services, office, row: services.visits.cancel(
            row.id, row.version, reason="Familie ist krank"
        ),
        by_id=True,
    ),
    AccessCase(
        "HomeVisitService.reschedule",
        visit,
        lambda services, office, row: services.visits.reschedule(
            row.id, row.version, services.context.now() + timedelta(days=5)
        ),
        by_id=True,
    ),
    AccessCase(
        "HomeVisitService.get",
        visit,
        lambda services, office, row: services.visits.get(row.id),
        by_id=True,
    ),
    AccessCase(
        "HomeVisitService.week",
        visit,
        lambda services, office, row: services.visits.week(office, row.planned_for.date()),
    ),
    AccessCase(
        "HomeVisitService.due",
        visit,
        lambda services, office, row: services.visits.due(
            office, services.context.today(), services.context.today() + timedelta(days=7)
        ),
    ),
]
