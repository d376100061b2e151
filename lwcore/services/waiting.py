"""The walk-in waiting list of open consultation hours, in order of arrival.

Someone who comes in is added with a short label (a first name, "woman with
pram") so staff can call them; they leave the list when a consultation is
recorded for them (``ConsultationService.record(..., walk_in=(id, version))``
marks them seen) or when they go home without being seen.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlmodel import col, select

from lwcore.db.models import WalkIn
from lwcore.services.base import Service, get_or_fail, load_versioned, save_versioned
from lwcore.services.checks import Checks
from lwcore.services.consultations import check_household
from lwcore.services.errors import Conflict

#: The label column's width: enough for a first name or a short description.
LABEL_LENGTH = 40


def check_visitor(checks: Checks, *, label: str, language: str, topic: str | None) -> str:
    """Check who is waiting or booked (the label staff call them by, their
    language, what they come about); returns the label without outer spaces."""
    label = checks.text("label", label, LABEL_LENGTH, required=True)
    checks.language("language", language)
    if topic is not None:
        checks.topic("topic", topic)
    return label


class WaitingListService(Service):
    kind = "walk-in"

    def add(
        self,
        *,
        office: str,
        label: str,
        language: str,
        topic: str | None = None,
        household_id: int | None = None,
        place: str = "office",
    ) -> WalkIn:
        """Put someone who just came in at the end of today's list."""
        checks = self.context.checks()
        entry = checks.office("office", office)
        checks.place("place", entry, place)
        label = check_visitor(checks, label=label, language=language, topic=topic)
        now = self.context.now()
        with self.database.write() as session:
            check_household(checks, session, office, household_id)
            checks.done()
            walk_in = WalkIn(
                office=office,
                place=place,
                arrived_at=now,
                label=label,
                household_id=household_id,
                language=language,
                topic=topic,
                created_at=now,
                updated_at=now,
            )
            session.add(walk_in)
            session.flush()
        return walk_in

    def waiting(self, office: str, *, place: str | None = None) -> list[WalkIn]:
        """Who is still waiting today, first come first served.

        Only today's arrivals count: an entry nobody closed yesterday is not
        someone sitting in the office now.
        """
        checks = self.context.checks()
        entry = checks.office("office", office)
        if place is not None:
            checks.place("place", entry, place)
        checks.done()
        start, end = self._today()
        query = (
            select(WalkIn)
            .where(WalkIn.office == office, WalkIn.status == "waiting")
            .where(WalkIn.arrived_at >= start, WalkIn.arrived_at < end)
            .order_by(col(WalkIn.arrived_at), col(WalkIn.id))
        )
        if place is not None:
            query = query.where(WalkIn.place == place)
        with self.database.read() as session:
            return list(session.exec(query))

    def leave(self, walk_in_id: int, expected_version: int) -> WalkIn:
        """Take someone off the list who went without being seen."""
        with self.database.write() as session:
            row = load_versioned(session, WalkIn, walk_in_id, expected_version, self.kind)
            if row.status != "waiting":
                raise Conflict(f"walk-in {walk_in_id} is no longer waiting ({row.status})")
            return save_versioned(
                session, row, expected_version, self.kind, self.context.now(), status="left"
            )

    def get(self, walk_in_id: int) -> WalkIn:
        with self.database.read() as session:
            return get_or_fail(session, WalkIn, walk_in_id, self.kind)

    def _today(self) -> tuple[datetime, datetime]:
        """[midnight, next midnight) of the local day, so the list empties overnight."""
        today = self.context.today()
        zone = self.context.zone
        return (
            datetime.combine(today, time(), tzinfo=zone),
            datetime.combine(today + timedelta(days=1), time(), tzinfo=zone),
        )
