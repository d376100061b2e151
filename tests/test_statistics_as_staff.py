"""The statistics tests (tests/test_statistics.py), run through staff logins on
PostgreSQL: each office's staff connect as themselves, so the row policies of the
database and the services' own checks must agree (tests/conftest.py, StaffLogins)."""

from __future__ import annotations

from tests.as_staff import lw_database, services  # noqa: F401  (through staff logins)
from tests.test_statistics import *  # noqa: F403  (the same tests)

#: Not run as staff: it counts the audit trail through the office lead's connection,
#: and a lead's login reads only its office's entries and its own: the refusals of
#: Brackel's staff for Mengede-Huckarde's figures are entries of that office.
del test_staff_see_their_own_office_only_and_leave_no_audit_entry  # noqa: F821  (star-imported above)
