"""Access cases of the statistics: an office's own staff may see its figures, no other
office's; aggregates name nobody, so asking leaves no audit entry. (All offices at
once, office None, is for coordinators: see tests/test_statistics.py.)"""

from __future__ import annotations

from datetime import date

from lwcore.services import Services
from tests.access.case import AccessCase


def consultation(services: Services, office: str) -> None:
    services.consultations.quick_contact(office=office, language="ar", topics=["job_search"])


CASES = [
    AccessCase(
        "StatisticsService.period",
        consultation,
        lambda services, office, _: services.statistics.period(
            office, date(2026, 11, 1), date(2026, 11, 30)
        ),
        audit_entries=0,
    ),
    AccessCase(
        "StatisticsService.report",
        consultation,
        lambda services, office, _: services.statistics.report(
            office, date(2026, 10, 1), date(2026, 10, 31)
        ),
        audit_entries=0,
    ),
    AccessCase(
        "StatisticsService.month",
        consultation,
        lambda services, office, _: services.statistics.month(office, 2026, 11),
        audit_entries=0,
    ),
]
