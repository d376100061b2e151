"""Another office's record, asked for by its id, looks exactly like one that does not exist.

Households already answer so (tests/test_no_oracle.py); the same holds for every
other record a service looks up by id: appointments, referrals, consultations,
walk-ins, home visits, consents, round-table meetings and their actions, group
offers and their sessions, volunteers, barriers and suggestions. Whoever may
not read the record's office (another office's staff or lead, a coordinator,
IT) gets the same refusal, the same message and the same "denied" entry in the
audit trail as for an id nobody has, and the services send the same
statements for both. On PostgreSQL a staff login sees no such row at all, so
there the answer is the same again (tests/test_no_oracle_records_as_staff.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from attrs import frozen

from lwcore.services import NotFound, Services, StaleRecord
from lwcore.services.consultations import ReferralRequest
from lwcore.services.meetings import ActionRequest
from tests.access.cases_concerns import barrier, suggestion
from tests.access.cases_consents import consent
from tests.access.cases_consultations import JOBCENTER, consenting_household, consultation
from tests.access.cases_hours import appointment, walk_in
from tests.access.cases_meetings import recorded
from tests.access.cases_network import offer, offer_with_session, volunteer
from tests.access.cases_referrals import referral
from tests.access.cases_visits import visit
from tests.test_no_oracle import _answer, _entries_after, _last_entry, _statements

OWN = "brackel"
OTHER = "mengede_huckarde"
#: An id no record has in these tests (they make a handful).
UNKNOWN_ID = 999_999


@frozen
class Kind:
    """A kind of record: how to make one in an office, as (id, version), and its name
    in the answer."""

    name: str
    make: Callable[[Services, str], tuple[int, int]]


def _id_version(row: Any) -> tuple[int, int]:
    return row.id, row.version


def _action(services: Services, office: str) -> tuple[int, int]:
    [made] = recorded(services, office).actions
    return _id_version(made)


def _meeting(services: Services, office: str) -> tuple[int, int]:
    return _id_version(recorded(services, office).meeting)


KINDS = {
    "appointment": Kind("appointment", lambda s, o: _id_version(appointment(s, o))),
    "referral": Kind("referral", lambda s, o: _id_version(referral(s, o))),
    "consultation": Kind("consultation", lambda s, o: _id_version(consultation(s, o))),
    "walk-in": Kind("walk-in", lambda s, o: _id_version(walk_in(s, o))),
    "home visit": Kind("home visit", lambda s, o: _id_version(visit(s, o))),
    "consent": Kind("consent", lambda s, o: _id_version(consent(s, o))),
    "meeting": Kind("round-table meeting", _meeting),
    "agreed action": Kind("agreed action", _action),
    "group offer": Kind("group offer", lambda s, o: _id_version(offer(s, o))),
    "group session": Kind("group session", lambda s, o: _id_version(offer_with_session(s, o))),
    "volunteer": Kind("volunteer", lambda s, o: _id_version(volunteer(s, o))),
    "barrier": Kind("barrier", lambda s, o: _id_version(barrier(s, o))),
    "suggestion": Kind("suggestion", lambda s, o: _id_version(suggestion(s, o))),
}

#: A service call given the id and version asked for.
Call = Callable[[Services, int, int], object]

#: Every service call that looks a record other than a household up by its id,
#: with the kind of record it asks for.
BY_ID: dict[str, tuple[str, Call]] = {
    "appointments.get": ("appointment", lambda s, key, _v: s.appointments.get(key)),
    "appointments.cancel": ("appointment", lambda s, key, v: s.appointments.cancel(key, v)),
    "appointments.mark": ("appointment", lambda s, key, v: s.appointments.mark(key, v, "missed")),
    "referrals.get": ("referral", lambda s, key, _v: s.referrals.get(key)),
    "referrals.update": (
        "referral",
        lambda s, key, v: s.referrals.update(key, v, partner_feedback="Termin am 3.12."),
    ),
    "referrals.close": (
        "referral",
        lambda s, key, v: s.referrals.close(key, v, outcome="unsuccessful", reason="Kein Platz"),
    ),
    "referrals.correct": (
        "referral",
        lambda s, key, v: s.referrals.correct(key, v, reason="verschoben", topic="housing"),
    ),
    "referrals.void": ("referral", lambda s, key, v: s.referrals.void(key, v, reason="doppelt")),
    "consultations.get": ("consultation", lambda s, key, _v: s.consultations.get(key)),
    "consultations.correct": (
        "consultation",
        lambda s, key, v: s.consultations.correct(key, v, reason="Tippfehler", note="korrigiert"),
    ),
    "consultations.void": (
        "consultation",
        lambda s, key, v: s.consultations.void(key, v, reason="doppelt"),
    ),
    "waiting.get": ("walk-in", lambda s, key, _v: s.waiting.get(key)),
    "waiting.leave": ("walk-in", lambda s, key, v: s.waiting.leave(key, v)),
    "visits.get": ("home visit", lambda s, key, _v: s.visits.get(key)),
    "visits.cancel": ("home visit", lambda s, key, v: s.visits.cancel(key, v, reason="krank")),
    "visits.reschedule": (
        "home visit",
        lambda s, key, v: s.visits.reschedule(key, v, s.context.now() + timedelta(days=5)),
    ),
    "visits.record_done": (
        "home visit",
        lambda s, key, v: s.visits.record_done(key, v, note="Unterlagen sortiert"),
    ),
    "consents.withdraw": ("consent", lambda s, key, v: s.consents.withdraw(key, v)),
    "meetings.get": ("meeting", lambda s, key, _v: s.meetings.get(key)),
    "meetings.update_minutes": (
        "meeting",
        lambda s, key, v: s.meetings.update_minutes(key, v, minutes="Räume gefunden."),
    ),
    "meetings.add_action": (
        "meeting",
        lambda s, key, _v: s.meetings.add_action(
            key, ActionRequest("Flyer drucken", "Herr Willeke", s.context.today())
        ),
    ),
    "meetings.complete_action": (
        "agreed action",
        lambda s, key, v: s.meetings.complete_action(key, v),
    ),
    "group_offers.set_active": (
        "group offer",
        lambda s, key, v: s.group_offers.set_active(key, v, False),
    ),
    "group_offers.record_session": (
        "group offer",
        lambda s, key, _v: s.group_offers.record_session(
            key, held_on=s.context.today() - timedelta(days=7), attendance=9
        ),
    ),
    "group_offers.correct_session": (
        "group session",
        lambda s, key, v: s.group_offers.correct_session(key, v, 14),
    ),
    "volunteers.update": ("volunteer", lambda s, key, v: s.volunteers.update(key, v, label="X")),
    "barriers.set_status": (
        "barrier",
        lambda s, key, v: s.barriers.set_status(key, v, "in_progress"),
    ),
    "suggestions.set_status": (
        "suggestion",
        lambda s, key, v: s.suggestions.set_status(key, v, "forwarded"),
    ),
}


@pytest.fixture
def asking(services_as: Callable[..., Services]) -> Callable[[str], Services]:
    """Who asks: Mengede-Huckarde's staff or lead, a coordinator or IT."""

    def acting(who: str) -> Services:
        return (
            services_as(None, who)
            if who in ("coordinator", "it_admin")
            else services_as(OTHER, who)
        )

    return acting


def _theirs(services: Services, kind: str) -> tuple[int, int]:
    """A record of Brackel, which the asking staff must not learn of."""
    made = KINDS[kind].make(services, OWN)
    assert made[0] != UNKNOWN_ID
    return made


@pytest.mark.parametrize("who", ["office_staff", "office_lead", "coordinator", "it_admin"])
@pytest.mark.parametrize("name", sorted(BY_ID))
def test_another_offices_record_answers_as_an_unknown_one(
    name: str, who: str, services: Services, asking: Callable[[str], Services]
) -> None:
    kind, call = BY_ID[name]
    key, version = _theirs(services, kind)
    caller = asking(who)
    other = _answer(caller, lambda s, asked, _: call(s, asked, version), key, None)
    unknown = _answer(caller, lambda s, asked, _: call(s, asked, version), UNKNOWN_ID, None)
    assert other == unknown
    refusal, message, _fields, entries = other
    assert refusal is NotFound
    assert message == f"{KINDS[kind].name} <asked> does not exist"
    # One "denied" entry, in the asking office (none for staff of every office),
    # naming the id asked for and what was refused, and no household.
    [(staff, office, action, entry_kind, record_id, records, detail, codes)] = entries
    assert (staff, action, entry_kind) == (caller.actor.key, "denied", KINDS[kind].name)
    assert office == (caller.actor.office or None)
    assert (record_id, records, codes) == ("<asked>", 0, ())
    assert detail.split(": ")[0] in ("read", "change")


@pytest.mark.parametrize("name", sorted(BY_ID))
def test_both_answers_send_the_same_statements(
    name: str, services: Services, asking: Callable[[str], Services]
) -> None:
    """The same work for both, so the time taken tells no more than the answer."""
    kind, call = BY_ID[name]
    key, version = _theirs(services, kind)
    caller = asking("office_staff")
    # The first entry of an office's trail also starts its chain: not what is measured.
    _statements(caller, lambda s, asked, _: call(s, asked, version), UNKNOWN_ID, None)
    other = _statements(caller, lambda s, asked, _: call(s, asked, version), key, None)
    unknown = _statements(caller, lambda s, asked, _: call(s, asked, version), UNKNOWN_ID, None)
    assert other == unknown


@pytest.mark.parametrize("name", sorted(BY_ID))
def test_a_stale_version_of_another_offices_record_is_still_not_found(
    name: str, services: Services, asking: Callable[[str], Services]
) -> None:
    """A wrong version tells whoever may read the record that it was changed; to
    anyone else it is no record at all."""
    kind, call = BY_ID[name]
    key, version = _theirs(services, kind)
    with pytest.raises(NotFound, match=f"^{KINDS[kind].name} {key} does not exist$"):
        call(asking("office_lead"), key, version + 7)


@pytest.mark.parametrize(
    "name", ["appointments.cancel", "referrals.void", "volunteers.update", "barriers.set_status"]
)
def test_the_records_own_office_still_finds_it(name: str, services: Services) -> None:
    kind, call = BY_ID[name]
    key, version = _theirs(services, kind)
    with pytest.raises(StaleRecord):
        call(services, key, version + 7)
    call(services, key, version)


def test_calling_in_another_offices_walk_in_answers_as_an_unknown_one(
    services: Services, asking: Callable[[str], Services]
) -> None:
    """A consultation that takes someone off the list names the walk-in by its id: one
    of another office's list is "not on the list" like one that does not exist."""
    key, version = _theirs(services, "walk-in")
    caller = asking("office_staff")
    household = consenting_household(caller, OTHER)

    def call_in(s: Services, asked: object, _: object) -> object:
        return s.consultations.record(
            office=OTHER,
            language="fa",
            topics=["job_search"],
            outcome="referred",
            household_id=household.id,
            referral=ReferralRequest(JOBCENTER[OTHER], "job_search"),
            walk_in=(asked, version),
        )

    last = _last_entry(caller)
    assert _answer(caller, call_in, key, None) == _answer(caller, call_in, UNKNOWN_ID, None)
    assert _answer(caller, call_in, key, None)[:2][1] == (
        f"walk-in <asked> is not on the list of {OTHER}"
    )
    assert [entry[2] for entry in _entries_after(caller, last)] == []
