"""Another office's record asked for by id (tests/test_no_oracle_records.py), run through
staff logins on PostgreSQL: there the database shows a login no row of another
office, and the services' answer must be the same as on SQLite, the same for a
record of another office and an id nobody has (tests/conftest.py, StaffLogins)."""

from __future__ import annotations

import pytest

from lwcore.db.engine import Database
from lwcore.services import Services
from tests.test_no_oracle_records import *  # noqa: F403  (the same tests, with the fixtures below)


@pytest.fixture
def lw_database(staff_login_database: Database) -> Database:
    return staff_login_database


@pytest.fixture
def services(staff_login_services: Services) -> Services:
    return staff_login_services
