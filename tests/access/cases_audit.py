"""Access cases of the audit trail itself: reading it is audited too."""

from __future__ import annotations

from tests.access.case import AccessCase

CASES = [
    AccessCase(
        "AuditService.entries",
        lambda services, office: None,
        lambda services, office, _: services.audit.entries(office=office),
    ),
    AccessCase(
        "AuditService.verify",
        lambda services, office: None,
        lambda services, office, _: services.audit.verify(office),
    ),
]
