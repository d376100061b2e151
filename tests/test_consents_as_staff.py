"""The consent tests (tests/test_consents.py), run through staff logins on
PostgreSQL: each office's staff connect as themselves, so the row policies of the
database and the services' own checks must agree (tests/conftest.py, StaffLogins)."""

from __future__ import annotations

import pytest

from lwcore.db.engine import Database
from lwcore.services import Services
from tests.test_consents import *  # noqa: F403  (the same tests, with the fixtures below)


@pytest.fixture
def lw_database(staff_login_database: Database) -> Database:
    return staff_login_database


@pytest.fixture
def services(staff_login_services: Services) -> Services:
    return staff_login_services
