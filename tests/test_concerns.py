"""Integration barriers tracked to the end, and citizens' suggestions answered."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lwcore.db.models import Barrier, Suggestion
from lwcore.services import (
    AccessDenied,
    Conflict,
    InvalidInput,
    NotFound,
    Services,
    StaleRecord,
)
from lwcore.services.concerns import BarrierService, SuggestionService
from tests.conftest import NOW
from tests.test_consultations import count
from tests.test_meetings import as_lead_of
from tests.test_statistics import audit_count

HUGE = "x" * 10_000_000


@pytest.fixture
def barriers(services: Services) -> BarrierService:
    return BarrierService(services.context)


@pytest.fixture
def suggestions(services: Services) -> SuggestionService:
    return SuggestionService(services.context)


def barrier(barriers: BarrierService, office: str = "brackel", **changes: str) -> int:
    values = {
        "office": office,
        "topic": "bank_account",
        "description": "Filiale eröffnet kein Basiskonto ohne Meldebescheinigung",
        "found_at": "Sprechstunde",
    }
    values.update(changes)
    if office != barriers.actor.office and office in barriers.context.directory.offices:
        barriers = as_lead_of(barriers, office)  # logged by that office's own lead
    logged = barriers.log(**values)
    assert logged.id is not None
    return logged.id


def suggestion(
    suggestions: SuggestionService,
    text: str,
    office: str = "brackel",
    received_on: str | None = None,
) -> int:
    if office != suggestions.actor.office and office in suggestions.context.directory.offices:
        suggestions = as_lead_of(suggestions, office)  # logged by that office's own lead
    logged = suggestions.log(office=office, text=text, received_on=received_on)
    assert logged.id is not None
    return logged.id


def test_barrier_is_logged_open(services: Services, barriers: BarrierService) -> None:
    logged = barriers.log(
        office="brackel",
        topic="school_enrolment",
        description="  Wartezeit auf Schulplatz über drei Monate ",
        found_at="Hausbesuch",
    )
    assert logged.id is not None
    assert (logged.status, logged.resolution, logged.version) == ("open", "", 1)
    with services.context.database.read() as session:
        stored = session.get(Barrier, logged.id)
        assert stored is not None
        assert stored.description == "Wartezeit auf Schulplatz über drei Monate"
        assert stored.found_at == "Hausbesuch"
        assert stored.created_at == NOW


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"office": "dorstfeld"}, "office", "unknown office"),
        ({"topic": "weather"}, "topic", "unknown topic 'weather'"),
        ({"description": " "}, "description", "must not be empty"),
        ({"description": HUGE}, "description", "at most 2000 characters"),
        ({"found_at": ""}, "found_at", "must not be empty"),
        ({"found_at": "x" * 121}, "found_at", "at most 120 characters"),
    ],
)
def test_bad_barrier_names_the_field_and_saves_nothing(
    services: Services,
    barriers: BarrierService,
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    with pytest.raises(InvalidInput) as caught:
        barrier(barriers, **changes)
    assert message in caught.value.errors[field]
    assert set(caught.value.errors) == {field}
    assert count(services, Barrier) == 0


def test_barrier_is_worked_on_escalated_then_resolved(barriers: BarrierService) -> None:
    barrier_id = barrier(barriers)
    working = barriers.set_status(barrier_id, 1, "in_progress")
    assert (working.status, working.version) == ("in_progress", 2)
    escalated = barriers.set_status(
        barrier_id, 2, "escalated", resolution="An die Sparkassen-Beschwerdestelle gegeben"
    )
    assert (escalated.status, escalated.version) == ("escalated", 3)
    back = barriers.set_status(barrier_id, 3, "in_progress")
    assert back.resolution == "An die Sparkassen-Beschwerdestelle gegeben"
    resolved = barriers.set_status(
        barrier_id,
        4,
        "resolved",
        resolution="Filiale eröffnet jetzt Basiskonten mit Ankunftsnachweis",
    )
    assert resolved.status == "resolved"
    assert resolved.resolution == "Filiale eröffnet jetzt Basiskonten mit Ankunftsnachweis"
    assert resolved.version == 5


@pytest.mark.parametrize("status", ["resolved", "escalated"])
def test_resolved_or_escalated_needs_a_resolution(barriers: BarrierService, status: str) -> None:
    barrier_id = barrier(barriers)
    with pytest.raises(InvalidInput) as caught:
        barriers.set_status(barrier_id, 1, status, resolution="   ")
    assert "say what was done or to whom it went" in caught.value.errors["resolution"]
    [stored] = barriers.list("brackel")
    assert (stored.status, stored.version) == ("open", 1)


def test_resolved_barrier_does_not_change_again(barriers: BarrierService) -> None:
    barrier_id = barrier(barriers)
    barriers.set_status(barrier_id, 1, "resolved", resolution="Geklärt mit der Filialleitung")
    for status in ("open", "in_progress", "escalated", "resolved"):
        with pytest.raises(Conflict, match="already resolved"):
            barriers.set_status(barrier_id, 2, status, resolution="noch einmal")
    [stored] = barriers.list("brackel")
    assert (stored.status, stored.resolution, stored.version) == (
        "resolved",
        "Geklärt mit der Filialleitung",
        2,
    )


def test_barrier_status_refusals_save_nothing(barriers: BarrierService) -> None:
    barrier_id = barrier(barriers)
    with pytest.raises(InvalidInput) as caught:
        barriers.set_status(barrier_id, 1, "closed")
    assert "'closed' is not one of open" in caught.value.errors["status"]
    with pytest.raises(InvalidInput) as caught:
        barriers.set_status(barrier_id, 1, "escalated", resolution=HUGE)
    assert set(caught.value.errors) == {"resolution"}
    assert "at most 2000 characters" in caught.value.errors["resolution"]
    barriers.set_status(barrier_id, 1, "in_progress")
    with pytest.raises(StaleRecord) as stale:
        barriers.set_status(barrier_id, 1, "escalated", resolution="An das Sozialamt")
    assert (stale.value.expected, stale.value.current) == (1, 2)
    with pytest.raises(NotFound, match="barrier"):
        barriers.set_status(barrier_id + 100, 1, "in_progress")
    [stored] = barriers.list("brackel")
    assert (stored.status, stored.resolution, stored.version) == ("in_progress", "", 2)


def test_barriers_are_listed_per_office_and_status(barriers: BarrierService) -> None:
    first = barrier(barriers)
    second = barrier(barriers, topic="housing", description="Makler verlangt Provision")
    third = barrier(barriers, topic="health", description="Keine Kinderärztin nimmt auf")
    other = barrier(barriers, office="mengede_huckarde")
    barriers.set_status(second, 1, "escalated", resolution="An die Wohnungsaufsicht")
    assert [row.id for row in barriers.list("brackel")] == [first, second, third]
    assert [row.id for row in barriers.list("brackel", status="open")] == [first, third]
    assert [row.id for row in barriers.list("brackel", status="escalated")] == [second]
    mengede = as_lead_of(barriers, "mengede_huckarde")
    assert [row.id for row in mengede.list("mengede_huckarde")] == [other]
    assert mengede.list("mengede_huckarde", status="escalated") == []
    with pytest.raises(AccessDenied):
        barriers.list("mengede_huckarde")
    with pytest.raises(InvalidInput) as caught:
        barriers.list("brackel", status="closed")
    assert "'closed' is not one of" in caught.value.errors["status"]


def test_suggestion_is_received_today_unless_said(
    services: Services, suggestions: SuggestionService
) -> None:
    today = suggestions.log(office="brackel", text=" Sprachcafé auch samstags ")
    assert (today.received_on, today.text, today.status) == (
        NOW.date(),
        "Sprachcafé auch samstags",
        "new",
    )
    earlier = suggestions.log(office="brackel", text="Mehr Bänke", received_on="2026-11-02")
    assert earlier.received_on == date(2026, 11, 2)
    typed = suggestions.log(office="brackel", text="Fahrradkurs", received_on=date(2026, 11, 27))
    assert typed.received_on == NOW.date()
    assert count(services, Suggestion) == 3


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"office": "dorstfeld"}, "office", "unknown office"),
        ({"text": ""}, "text", "must not be empty"),
        ({"text": HUGE}, "text", "at most 2000 characters"),
        ({"received_on": "2026-02-30"}, "received_on", "not a date that exists"),
        ({"received_on": "2026-11-28"}, "received_on", "lies in the future"),
    ],
)
def test_bad_suggestion_names_the_field_and_saves_nothing(
    services: Services,
    suggestions: SuggestionService,
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    values = {"office": "brackel", "text": "Mehr Bänke am Marktplatz"}
    values.update(changes)
    with pytest.raises(InvalidInput) as caught:
        suggestions.log(**values)
    assert message in caught.value.errors[field]
    assert set(caught.value.errors) == {field}
    assert count(services, Suggestion) == 0


def test_suggestion_is_forwarded_then_done_with_a_response(
    suggestions: SuggestionService,
) -> None:
    suggestion_id = suggestion(suggestions, "Sprachcafé auch samstags")
    forwarded = suggestions.set_status(suggestion_id, 1, "forwarded")
    assert (forwarded.status, forwarded.response, forwarded.version) == ("forwarded", "", 2)
    with pytest.raises(InvalidInput) as caught:
        suggestions.set_status(suggestion_id, 2, "done")
    assert "say what the citizen was told" in caught.value.errors["response"]
    done = suggestions.set_status(
        suggestion_id, 2, "done", response="Ab Januar zweiter Termin am Samstag"
    )
    assert (done.status, done.version) == ("done", 3)
    assert done.response == "Ab Januar zweiter Termin am Samstag"
    repeated = suggestions.set_status(
        suggestion_id, 3, "done", response="Ab Januar zweiter Termin am Samstag"
    )
    assert repeated.version == 3


def test_suggestion_status_refusals_save_nothing(suggestions: SuggestionService) -> None:
    suggestion_id = suggestion(suggestions, "Mehr Bänke")
    with pytest.raises(InvalidInput) as caught:
        suggestions.set_status(suggestion_id, 1, "answered")
    assert "'answered' is not one of new" in caught.value.errors["status"]
    with pytest.raises(InvalidInput) as caught:
        suggestions.set_status(suggestion_id, 1, "done", response=HUGE)
    assert set(caught.value.errors) == {"response"}
    suggestions.set_status(suggestion_id, 1, "forwarded", response="An die Bezirksvertretung")
    with pytest.raises(StaleRecord):
        suggestions.set_status(suggestion_id, 1, "done", response="Erledigt")
    with pytest.raises(NotFound, match="suggestion"):
        suggestions.set_status(suggestion_id + 100, 1, "forwarded")
    [stored] = suggestions.list("brackel")
    assert (stored.status, stored.response, stored.version) == (
        "forwarded",
        "An die Bezirksvertretung",
        2,
    )


def test_suggestions_are_listed_per_office_by_day_received(
    suggestions: SuggestionService,
) -> None:
    late = suggestion(suggestions, "Fahrradkurs", received_on="2026-11-20")
    early = suggestion(suggestions, "Mehr Bänke", received_on="2026-10-01")
    today = suggestion(suggestions, "Sprachcafé samstags")
    other = suggestion(suggestions, "Spielplatz", office="mengede_huckarde")
    suggestions.set_status(late, 1, "done", response="Kurs startet im Frühjahr")
    assert [row.id for row in suggestions.list("brackel")] == [early, late, today]
    assert [row.id for row in suggestions.list("brackel", status="new")] == [early, today]
    assert [row.id for row in suggestions.list("brackel", status="done")] == [late]
    mengede = as_lead_of(suggestions, "mengede_huckarde")
    assert [row.id for row in mengede.list("mengede_huckarde")] == [other]
    with pytest.raises(AccessDenied):
        suggestions.list("mengede_huckarde")
    with pytest.raises(InvalidInput) as caught:
        suggestions.list("brackel", status="open")
    assert "'open' is not one of" in caught.value.errors["status"]


def test_concerns_are_checked_per_office_but_not_audited(
    services: Services, services_as: Any, barriers: BarrierService, suggestions: SuggestionService
) -> None:
    entries = audit_count(services)
    found = barrier(barriers)
    wish = suggestion(suggestions, "Mehr Bänke")
    barriers.list("brackel")
    suggestions.list("brackel")
    assert audit_count(services) == entries  # they name no household
    mengede = services_as("mengede_huckarde")
    # Another office's barrier or suggestion is to them as one that does not exist.
    with pytest.raises(NotFound, match=f"^barrier {found} does not exist$"):
        mengede.barriers.set_status(found, 1, "in_progress")
    with pytest.raises(NotFound, match=f"^suggestion {wish} does not exist$"):
        mengede.suggestions.set_status(wish, 1, "forwarded")
    coordinator = services_as(None, "coordinator")
    with pytest.raises(AccessDenied):  # figures only
        coordinator.barriers.list("brackel")
    with pytest.raises(AccessDenied):
        coordinator.suggestions.log(office="brackel", text="Spielplatz")
    assert [row.status for row in barriers.list("brackel")] == ["open"]
    assert [row.status for row in suggestions.list("brackel")] == ["new"]
    assert count(services, Suggestion) == 1
