"""The barrier and suggestion tests (tests/test_concerns.py), run through staff logins on
PostgreSQL: each office's staff connect as themselves, so the row policies of the
database and the services' own checks must agree (tests/conftest.py, StaffLogins).
Past the services, plain SQL through a login neither reads nor changes another
office's rows (tests/as_staff.py, kept_apart)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from lwcore.db.engine import Database
from lwcore.db.models import Barrier, Suggestion
from lwcore.services import Services
from tests.as_staff import kept_apart, lw_database, services  # noqa: F401  (fixtures: through staff logins)
from tests.test_concerns import *  # noqa: F403  (the same tests)
from tests.test_concerns import barrier, suggestion


@pytest.mark.parametrize("role", ["office_staff", "office_lead"])
def test_another_offices_barriers_and_suggestions_are_kept_apart_by_the_database(
    services_as: Callable[..., Services], staff_login_database: Database, role: str
) -> None:
    brackel, mengede = services_as("brackel"), services_as("mengede_huckarde")
    login = services_as("brackel", role)
    kept_apart(
        staff_login_database,
        login,
        Barrier,
        barrier(brackel.barriers),
        barrier(mengede.barriers, office="mengede_huckarde"),
    )
    kept_apart(
        staff_login_database,
        login,
        Suggestion,
        suggestion(brackel.suggestions, "Spielplatz"),
        suggestion(mengede.suggestions, "Spielplatz", office="mengede_huckarde"),
    )
