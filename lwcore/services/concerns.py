"""What the office hears about: integration barriers and citizens' suggestions.

Both are the office's own work and name no household: every call is checked
against the office (READ to look, CHANGE to write) and leaves no audit entry.
"""

from __future__ import annotations

import builtins
from datetime import date, datetime

from attrs import frozen
from sqlmodel import col, select

from lwcore.db.models import Barrier, Suggestion
from lwcore.db.models.base import NAME_LENGTH, NOTE_LENGTH
from lwcore.i18n import N_
from lwcore.services.access import Permission
from lwcore.services.base import Service, save_versioned
from lwcore.services.checks import Checks
from lwcore.services.errors import Conflict
from lwcore.services.messages import status_term
from lwcore.services.rows import record_of
from lwcore.vocabulary import BARRIER_STATES, SUGGESTION_STATES

#: A barrier in these states has been handed on or dealt with: say how, or to whom.
EXPLAINED_STATES = ("resolved", "escalated")
#: A resolved barrier stays resolved; a new occurrence is logged as a new barrier.
FINAL_BARRIER_STATES = ("resolved",)


@frozen
class BarrierRecord:
    """An integration barrier and how far it has come."""

    id: int
    version: int
    office: str
    topic: str
    description: str
    found_at: str
    status: str
    resolution: str
    #: When it was noted: the list shows the day, oldest first.
    created_at: datetime


@frozen
class SuggestionRecord:
    """A citizen's suggestion and what they were told."""

    id: int
    version: int
    office: str
    received_on: date
    text: str
    status: str
    response: str


def check_status_filter(checks: Checks, status: str | None, states: tuple[str, ...]) -> None:
    """A typo in a filter would silently list nothing; refuse it instead."""
    if status is not None:
        checks.choice("status", status, states)
    checks.done()


def _changed(row: Barrier | Suggestion, **wanted: object) -> dict[str, object]:
    return {name: value for name, value in wanted.items() if getattr(row, name) != value}


class BarrierService(Service):
    """Integration barriers met in the work, tracked until resolved or escalated."""

    kind = N_("barrier")

    def log(self, *, office: str, topic: str, description: str, found_at: str) -> BarrierRecord:
        """Note a barrier; ``found_at`` says where it showed (consultation, home visit...)."""
        checks = self.context.checks()
        checks.office("office", office)
        checks.topic("topic", topic)
        description = checks.text("description", description, NOTE_LENGTH, required=True)
        found_at = checks.text("found_at", found_at, NAME_LENGTH, required=True)
        checks.done()
        self.require(Permission.CHANGE, office)
        now = self.context.now()
        barrier = Barrier(
            office=office,
            topic=topic,
            description=description,
            found_at=found_at,
            created_at=now,
            updated_at=now,
        )
        with self.database.write() as session:
            session.add(barrier)
            session.flush()
            return record_of(BarrierRecord, barrier)

    def set_status(
        self, barrier_id: int, expected_version: int, status: str, *, resolution: str = ""
    ) -> BarrierRecord:
        """Move the barrier on; 'resolved' and 'escalated' need a resolution text.

        An empty resolution keeps the stored one, so going back to 'in_progress'
        after an escalation does not erase to whom it went.
        """
        checks = self.context.checks()
        checks.choice("status", status, BARRIER_STATES)
        resolution = checks.text("resolution", resolution, NOTE_LENGTH)
        if status in EXPLAINED_STATES and not resolution:
            checks.fail(
                "resolution",
                N_("say what was done or to whom it went ({status})"),
                status=status_term(status),
            )
        checks.done()
        with self.database.write() as session:
            row = self.load(
                session, Barrier, barrier_id, Permission.CHANGE, expected_version=expected_version
            )
            if row.status in FINAL_BARRIER_STATES:
                raise Conflict(
                    N_("barrier {id} is already {status}"),
                    id=barrier_id,
                    status=status_term(row.status),
                )
            changes = _changed(row, status=status, resolution=resolution or row.resolution)
            if changes:
                save_versioned(
                    session, row, expected_version, self.kind, self.context.now(), **changes
                )
            return record_of(BarrierRecord, row)

    def list(self, office: str, *, status: str | None = None) -> builtins.list[BarrierRecord]:
        """The office's barriers, oldest first; with ``status``, only those in it."""
        self.require(Permission.READ, office)
        check_status_filter(self.context.checks(), status, BARRIER_STATES)
        query = select(Barrier).where(Barrier.office == office).order_by(col(Barrier.id))
        if status is not None:
            query = query.where(Barrier.status == status)
        with self.database.read() as session:
            return [record_of(BarrierRecord, row) for row in session.exec(query)]


class SuggestionService(Service):
    """Citizens' suggestions and wishes, answered or forwarded."""

    kind = N_("suggestion")

    def log(
        self, *, office: str, text: str, received_on: date | str | None = None
    ) -> SuggestionRecord:
        """Note a suggestion, received today unless said otherwise (never in the future)."""
        checks = self.context.checks()
        checks.office("office", office)
        text = checks.text("text", text, NOTE_LENGTH, required=True)
        today = self.context.today()
        received = today if received_on is None else checks.date("received_on", received_on)
        if received is not None and received > today:
            checks.fail("received_on", N_("lies in the future"))
        checks.done()
        self.require(Permission.CHANGE, office)
        assert received is not None
        now = self.context.now()
        suggestion = Suggestion(
            office=office, received_on=received, text=text, created_at=now, updated_at=now
        )
        with self.database.write() as session:
            session.add(suggestion)
            session.flush()
            return record_of(SuggestionRecord, suggestion)

    def set_status(
        self, suggestion_id: int, expected_version: int, status: str, *, response: str = ""
    ) -> SuggestionRecord:
        """Move the suggestion on; 'done' needs the response given to the citizen.

        An empty response keeps the stored one.
        """
        checks = self.context.checks()
        checks.choice("status", status, SUGGESTION_STATES)
        response = checks.text("response", response, NOTE_LENGTH)
        if status == "done" and not response:
            checks.fail("response", N_("say what the citizen was told or what was done"))
        checks.done()
        with self.database.write() as session:
            row = self.load(
                session,
                Suggestion,
                suggestion_id,
                Permission.CHANGE,
                expected_version=expected_version,
            )
            changes = _changed(row, status=status, response=response or row.response)
            if changes:
                save_versioned(
                    session, row, expected_version, self.kind, self.context.now(), **changes
                )
            return record_of(SuggestionRecord, row)

    def list(self, office: str, *, status: str | None = None) -> builtins.list[SuggestionRecord]:
        """The office's suggestions by the day they came in, oldest first."""
        self.require(Permission.READ, office)
        check_status_filter(self.context.checks(), status, SUGGESTION_STATES)
        query = (
            select(Suggestion)
            .where(Suggestion.office == office)
            .order_by(col(Suggestion.received_on), col(Suggestion.id))
        )
        if status is not None:
            query = query.where(Suggestion.status == status)
        with self.database.read() as session:
            return [record_of(SuggestionRecord, row) for row in session.exec(query)]
