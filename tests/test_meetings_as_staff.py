"""The round-table meeting tests (tests/test_meetings.py), run through staff logins on
PostgreSQL: each office's staff connect as themselves, so the row policies of the
database and the services' own checks must agree (tests/conftest.py, StaffLogins).
Past the services, plain SQL through a login neither reads nor changes another
office's rows (tests/as_staff.py, kept_apart)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from lwcore.db.engine import Database
from lwcore.db.models import AgreedAction, RoundTableMeeting
from lwcore.services import Services
from lwcore.services.meetings import ActionRequest
from tests.as_staff import kept_apart, lw_database, services  # noqa: F401  (fixtures: through staff logins)
from tests.test_meetings import *  # noqa: F403  (the same tests)
from tests.test_meetings import record


@pytest.mark.parametrize("role", ["office_staff", "office_lead"])
def test_another_offices_meetings_and_actions_are_kept_apart_by_the_database(
    services_as: Callable[..., Services], staff_login_database: Database, role: str
) -> None:
    flyer = [ActionRequest("Flyer", "Herr Willeke", "2026-12-01")]
    own = record(
        services_as("brackel").meetings,
        office="brackel",
        series_key="runder_tisch_brackel",
        starts_at="2026-11-11T17:00",
        actions=flyer,
    )
    theirs = record(services_as("mengede_huckarde").meetings, actions=flyer)
    login = services_as("brackel", role)
    for model, mine, other in (
        (RoundTableMeeting, own.meeting, theirs.meeting),
        (AgreedAction, own.actions[0], theirs.actions[0]),
    ):
        assert mine.id is not None
        assert other.id is not None
        kept_apart(staff_login_database, login, model, mine.id, other.id)
