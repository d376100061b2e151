"""The two fixtures a test module overrides to run its tests through staff logins on
PostgreSQL (tests/conftest.py, StaffLogins): each office's staff connect as
themselves, so the row policies of the database and the services' own checks
must agree.

A module ``tests/test_x_as_staff.py`` star-imports ``tests/test_x.py`` (the
same tests) and imports these two by name, so they stand in for the usual
``lw_database`` and ``services`` in that module only."""

from __future__ import annotations

import pytest

from lwcore.db.engine import Database
from lwcore.services import Services


@pytest.fixture
def lw_database(staff_login_database: Database) -> Database:
    """The owner's connection to the emptied staff-login database (what a test seeds
    or checks directly, it sees whole)."""
    return staff_login_database


@pytest.fixture
def services(staff_login_services: Services) -> Services:
    """The services through Brackel's office lead's own login; acting as someone
    else connects as theirs."""
    return staff_login_services
