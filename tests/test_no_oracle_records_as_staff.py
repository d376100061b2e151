"""Another office's record asked for by id (tests/test_no_oracle_records.py), run through
staff logins on PostgreSQL: there the database shows a login no row of another
office, and the services' answer must be the same as on SQLite, the same for a
record of another office and an id nobody has (tests/conftest.py, StaffLogins)."""

from __future__ import annotations

from tests.as_staff import lw_database, services  # noqa: F401  (through staff logins)
from tests.test_no_oracle_records import *  # noqa: F403  (the same tests)
