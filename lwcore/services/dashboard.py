"""Today's dashboard of one office: what staff look at first thing and all day.

Every part is one indexed query on the office and a time window, so the
screen stays fast on a database with years of consultations.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from attrs import frozen
from sqlalchemy import func
from sqlmodel import Session, col, select

from lwcore.db.models import Appointment, Consultation, HomeVisit, Referral, WalkIn
from lwcore.schedule import Meeting
from lwcore.services.base import Service

UPCOMING_MEETING_DAYS = 35
UPCOMING_MEETINGS = 3


@frozen
class MonthCounters:
    """This month so far: the figures staff are asked about."""

    consultations: int
    people: int
    quick_contacts: int
    households: int
    referrals: int
    visits_done: int


@frozen
class Today:
    office: str
    day: date
    waiting: tuple[WalkIn, ...]
    appointments: tuple[Appointment, ...]
    visits_today: tuple[HomeVisit, ...]
    visits_this_week: tuple[HomeVisit, ...]
    referrals_due: tuple[Referral, ...]
    next_meetings: tuple[Meeting, ...]
    month: MonthCounters


class DashboardService(Service):
    kind = "dashboard"

    def _bounds(self, first: date, last: date) -> tuple[datetime, datetime]:
        """[start of ``first``, start of the day after ``last``) in local time."""
        zone = self.context.zone
        return (
            datetime.combine(first, time(), tzinfo=zone),
            datetime.combine(last + timedelta(days=1), time(), tzinfo=zone),
        )

    def today(self, office: str, day: date | None = None) -> Today:
        day = day or self.context.today()
        self.context.directory.office(office)
        day_start, day_end = self._bounds(day, day)
        week_end = day + timedelta(days=6 - day.weekday())
        with self.database.read() as session:
            waiting = self.waiting(session, office, day_start, day_end)
            appointments = self.appointments(session, office, day_start, day_end)
            visits = self.planned_visits(session, office, *self._bounds(day, week_end))
            due = self.referrals_due(session, office, day)
            month = self.month_counters(session, office, day)
        meetings = self.context.directory.meetings(
            day, day + timedelta(days=UPCOMING_MEETING_DAYS), office=office
        )
        return Today(
            office=office,
            day=day,
            waiting=tuple(waiting),
            appointments=tuple(appointments),
            visits_today=tuple(v for v in visits if v.planned_for < day_end),
            visits_this_week=tuple(visits),
            referrals_due=tuple(due),
            next_meetings=tuple(m for m in meetings if m.end >= self.context.now())[
                :UPCOMING_MEETINGS
            ],
            month=month,
        )

    @staticmethod
    def waiting(session: Session, office: str, start: datetime, end: datetime) -> list[WalkIn]:
        query = (
            select(WalkIn)
            .where(WalkIn.office == office, WalkIn.status == "waiting")
            .where(WalkIn.arrived_at >= start, WalkIn.arrived_at < end)
            .order_by(col(WalkIn.arrived_at))
        )
        return list(session.exec(query))

    @staticmethod
    def appointments(
        session: Session, office: str, start: datetime, end: datetime
    ) -> list[Appointment]:
        query = (
            select(Appointment)
            .where(Appointment.office == office)
            .where(Appointment.starts_at >= start, Appointment.starts_at < end)
            .where(Appointment.status != "cancelled")
            .order_by(col(Appointment.starts_at))
        )
        return list(session.exec(query))

    @staticmethod
    def planned_visits(
        session: Session, office: str, start: datetime, end: datetime
    ) -> list[HomeVisit]:
        query = (
            select(HomeVisit)
            .where(HomeVisit.office == office, HomeVisit.status == "planned")
            .where(HomeVisit.planned_for >= start, HomeVisit.planned_for < end)
            .order_by(col(HomeVisit.planned_for))
        )
        return list(session.exec(query))

    @staticmethod
    def referrals_due(session: Session, office: str, day: date, limit: int = 50) -> list[Referral]:
        query = (
            select(Referral)
            .where(Referral.office == office)
            .where(col(Referral.status).in_(("open", "accepted")))
            .where(Referral.follow_up_on <= day)
            .order_by(col(Referral.follow_up_on), col(Referral.id))
            .limit(limit)
        )
        return list(session.exec(query))

    def month_counters(self, session: Session, office: str, day: date) -> MonthCounters:
        start, end = self._bounds(day.replace(day=1), day)
        consultations = session.exec(
            select(
                func.count(),
                func.coalesce(func.sum(Consultation.people), 0),
                func.count().filter(col(Consultation.household_id).is_(None)),
                func.count(func.distinct(Consultation.household_id)),
            )
            .where(Consultation.office == office)
            .where(Consultation.started_at >= start, Consultation.started_at < end)
        ).one()
        referrals = session.exec(
            select(func.count())
            .select_from(Referral)
            .where(Referral.office == office)
            .where(Referral.created_at >= start, Referral.created_at < end)
        ).one()
        visits_done = session.exec(
            select(func.count())
            .select_from(HomeVisit)
            .where(HomeVisit.office == office, HomeVisit.status == "done")
            .where(HomeVisit.planned_for >= start, HomeVisit.planned_for < end)
        ).one()
        total, people, anonymous, households = consultations
        return MonthCounters(
            consultations=int(total),
            people=int(people),
            quick_contacts=int(anonymous),
            households=int(households),
            referrals=int(referrals),
            visits_done=int(visits_done),
        )
