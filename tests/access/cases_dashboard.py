"""Access cases of the dashboard: the day's lists name people (one audit entry per
call); the month's counters are figures about no one (checked, not audited)."""

from __future__ import annotations

from lwcore.services import Services
from tests.access.case import AccessCase
from tests.access.cases_hours import walk_in


def _no_records(services: Services, office: str) -> None:
    return None


CASES = [
    AccessCase(
        "DashboardService.today",
        walk_in,
        lambda services, office, row: services.dashboard.today(office),
    ),
    AccessCase(
        "DashboardService.month_counters",
        _no_records,
        lambda services, office, _: services.dashboard.month_counters(office),
        audit_entries=0,
    ),
]
