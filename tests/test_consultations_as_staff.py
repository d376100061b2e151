"""The consultation tests (tests/test_consultations.py), run through staff logins on
PostgreSQL: each office's staff connect as themselves, so the row policies of the
database and the services' own checks must agree (tests/conftest.py, StaffLogins)."""

from __future__ import annotations

from tests.as_staff import lw_database, services  # noqa: F401  (through staff logins)
from tests.test_consultations import *  # noqa: F403  (the same tests)
