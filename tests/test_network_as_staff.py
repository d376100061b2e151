"""The group offer and volunteer tests (tests/test_network.py), run through staff logins on
PostgreSQL: each office's staff connect as themselves, so the row policies of the
database and the services' own checks must agree (tests/conftest.py, StaffLogins).
Past the services, plain SQL through a login neither reads nor changes another
office's rows (tests/as_staff.py, kept_apart)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from lwcore.db.engine import Database
from lwcore.db.models import GroupOffer, GroupSession, Volunteer
from lwcore.services import Services
from tests.as_staff import kept_apart, lw_database, services  # noqa: F401  (fixtures: through staff logins)
from tests.test_network import *  # noqa: F403  (the same tests)
from tests.test_network import offer, volunteer


@pytest.mark.parametrize("role", ["office_staff", "office_lead"])
def test_another_offices_offers_sessions_and_volunteers_are_kept_apart_by_the_database(
    services_as: Callable[..., Services], staff_login_database: Database, role: str
) -> None:
    brackel, mengede = services_as("brackel"), services_as("mengede_huckarde")
    own_offer = offer(brackel.group_offers, "Sport im Park")
    their_offer = offer(mengede.group_offers, "Frauenschwimmen", office="mengede_huckarde")
    own_session = brackel.group_offers.record_session(
        own_offer, held_on="2026-11-20", attendance=12
    )
    their_session = mengede.group_offers.record_session(
        their_offer, held_on="2026-11-20", attendance=7
    )
    own_helper = volunteer(brackel.volunteers, "Frau Demir")
    their_helper = volunteer(mengede.volunteers, "Frau Aydin", office="mengede_huckarde")
    login = services_as("brackel", role)
    for model, own, theirs in (
        (GroupOffer, own_offer, their_offer),
        (GroupSession, own_session.id, their_session.id),
        (Volunteer, own_helper.id, their_helper.id),
    ):
        assert own is not None
        assert theirs is not None
        kept_apart(staff_login_database, login, model, own, theirs)
