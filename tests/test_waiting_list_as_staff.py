"""The waiting-list tests (tests/test_waiting_list.py), run through staff logins on
PostgreSQL: each office's staff connect as themselves, so the row policies of the
database and the services' own checks must agree (tests/conftest.py, StaffLogins).
Past the services, plain SQL through a login neither reads nor changes another
office's rows (tests/as_staff.py, kept_apart)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from lwcore.db.engine import Database
from lwcore.db.models import WalkIn
from lwcore.services import Services
from tests.as_staff import kept_apart, lw_database, services  # noqa: F401  (fixtures: through staff logins)
from tests.test_waiting_list import *  # noqa: F403  (the same tests)
from tests.test_waiting_list import add


@pytest.mark.parametrize("role", ["office_staff", "office_lead"])
def test_another_offices_walk_ins_are_kept_apart_by_the_database(
    services_as: Callable[..., Services], staff_login_database: Database, role: str
) -> None:
    own = add(services_as("brackel").waiting, label="Amina")
    theirs = add(services_as("mengede_huckarde").waiting, office="mengede_huckarde")
    assert own.id is not None
    assert theirs.id is not None
    kept_apart(staff_login_database, services_as("brackel", role), WalkIn, own.id, theirs.id)
