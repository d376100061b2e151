"""Today's dashboard of one office: what staff look at first thing and all day.

Every part is one indexed query on the office and a time window, so the
screen stays fast on a database with years of consultations.

The day's lists name people (walk-ins, bookings, visits, referrals): one
call of :meth:`DashboardService.today` is one read of personal data and
leaves ONE audit entry for all of them. The month's counters are figures
about no one, but exact: they need the permission to see the office's
exact figures (its own staff; a coordinator sees released figures only),
and leave no audit entry.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from attrs import frozen
from sqlalchemy import BindParameter, Connection, bindparam, func, select

from lwcore.db.tables import APPOINTMENT, CONSULTATION, HOME_VISIT, HOUSEHOLD, REFERRAL, WALK_IN
from lwcore.schedule import Meeting
from lwcore.services.access import Permission
from lwcore.services.base import Service
from lwcore.services.consultation_counts import consultation_totals
from lwcore.services.referrals_due import OpenReferral, open_referrals

UPCOMING_MEETING_DAYS = 35
UPCOMING_MEETINGS = 3
DUE_LIMIT = 50

W, A, V, R, C = WALK_IN.c, APPOINTMENT.c, HOME_VISIT.c, REFERRAL.c, CONSULTATION.c
OFFICE: BindParameter[str] = bindparam("office")
START: BindParameter[datetime] = bindparam("start")
END: BindParameter[datetime] = bindparam("end")

# Built once: the screen asks for them all day, so only parameters change.
WAITING = (
    select(W.id, W.version, W.arrived_at, W.label, W.language, W.topic, W.household_id)
    .where(W.office == OFFICE, W.status == "waiting")
    .where(W.arrived_at >= START, W.arrived_at < END)
    .order_by(W.arrived_at)
)
APPOINTMENTS = (
    select(
        A.id,
        A.version,
        A.starts_at,
        A.label,
        A.language,
        A.topic,
        A.status,
        A.place,
        A.household_id,
    )
    .where(A.office == OFFICE, A.starts_at >= START, A.starts_at < END)
    .where(A.status != "cancelled")
    .order_by(A.starts_at)
)
VISITS = (
    select(V.id, V.version, V.planned_for, V.staff, V.second_staff, V.language, V.household_id)
    .where(V.office == OFFICE, V.status == "planned")
    .where(V.planned_for >= START, V.planned_for < END)
    .order_by(V.planned_for)
)
#: Counted as the statistics count them, so the figures survive an erasure.
MONTH_CONSULTATIONS = select(*consultation_totals()).where(
    C.office == OFFICE, C.started_at >= START, C.started_at < END, C.voided_at.is_(None)
)
MONTH_REFERRALS = select(func.count()).where(
    R.office == OFFICE, R.created_at >= START, R.created_at < END, R.voided_at.is_(None)
)
MONTH_VISITS_DONE = select(func.count()).where(
    V.office == OFFICE, V.status == "done", V.planned_for >= START, V.planned_for < END
)
#: Is any household stored at all? (One row looked at, however many there are.)
ANY_HOUSEHOLD = select(HOUSEHOLD.c.id).limit(1)


@frozen
class WaitingEntry:
    id: int
    version: int
    arrived_at: datetime
    label: str
    language: str
    topic: str | None
    household_id: int | None


@frozen
class AppointmentEntry:
    id: int
    version: int
    starts_at: datetime
    label: str
    language: str
    topic: str | None
    status: str
    place: str
    household_id: int | None


@frozen
class VisitEntry:
    id: int
    version: int
    planned_for: datetime
    staff: str
    second_staff: str | None
    language: str
    household_id: int | None


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
    waiting: tuple[WaitingEntry, ...]
    appointments: tuple[AppointmentEntry, ...]
    visits_today: tuple[VisitEntry, ...]
    visits_this_week: tuple[VisitEntry, ...]
    referrals_due: tuple[OpenReferral, ...]
    next_meetings: tuple[Meeting, ...]
    month: MonthCounters


class DashboardService(Service):
    kind = "dashboard"

    def _day(self, day: date | None) -> date:
        """The day asked about (today by default), refused (InvalidInput) outside 1900–2100."""
        if day is None:
            return self.context.today()
        checks = self.context.checks()
        checks.day("day", day)
        checks.done()
        return day

    def _bounds(self, first: date, last: date) -> tuple[datetime, datetime]:
        """[start of ``first``, start of the day after ``last``) in local time."""
        zone = self.context.zone
        return (
            datetime.combine(first, time(), tzinfo=zone),
            datetime.combine(last + timedelta(days=1), time(), tzinfo=zone),
        )

    def today(self, office: str, day: date | None = None) -> Today:
        """The office's day: who waits, who is booked, the week's visits, the referrals
        due, the next round tables and the month so far."""
        self.context.directory.office(office)
        day = self._day(day)
        self.require(Permission.READ, office)
        day_start, day_end = self._bounds(day, day)
        week_end = day + timedelta(days=6 - day.weekday())
        month = self._bounds(day.replace(day=1), day)
        with self.database.reading() as connection:
            today = {"office": office, "start": day_start, "end": day_end}
            waiting = [WaitingEntry(*row) for row in connection.execute(WAITING, today).all()]
            booked = [
                AppointmentEntry(*row) for row in connection.execute(APPOINTMENTS, today).all()
            ]
            week = {"office": office, "start": day_start, "end": self._bounds(day, week_end)[1]}
            visits = [VisitEntry(*row) for row in connection.execute(VISITS, week).all()]
            due = open_referrals(connection, office, day, DUE_LIMIT)
            counters = _count_month(connection, office, *month)
        self.audit_read(
            office,
            records=len(waiting) + len(booked) + len(visits) + len(due),
            household_ids=[
                *(entry.household_id for entry in waiting),
                *(entry.household_id for entry in booked),
                *(entry.household_id for entry in visits),
                *(entry.household_id for entry in due),
            ],
            detail=f"today {day:%Y-%m-%d}",
        )
        meetings = self.context.directory.meetings(
            day, day + timedelta(days=UPCOMING_MEETING_DAYS), office=office
        )
        now = self.context.now()
        return Today(
            office=office,
            day=day,
            waiting=tuple(waiting),
            appointments=tuple(booked),
            visits_today=tuple(v for v in visits if v.planned_for < day_end),
            visits_this_week=tuple(visits),
            referrals_due=tuple(due),
            next_meetings=tuple(m for m in meetings if m.end >= now)[:UPCOMING_MEETINGS],
            month=counters,
        )

    def holds_households(self) -> bool:
        """Whether any household is stored, in any office: a yes or no about no one,
        so anyone may ask (the first screen points an empty database to the demo)."""
        with self.database.reading() as connection:
            return connection.execute(ANY_HOUSEHOLD).first() is not None

    def month_counters(self, office: str, day: date | None = None) -> MonthCounters:
        """The office's month of ``day`` (today by default) up to that day, counted."""
        self.context.directory.office(office)
        day = self._day(day)
        self.require(Permission.EXACT, office)
        with self.database.reading() as connection:
            return _count_month(connection, office, *self._bounds(day.replace(day=1), day))


def _count_month(
    connection: Connection, office: str, start: datetime, end: datetime
) -> MonthCounters:
    """The month's figures in [start, end): three aggregate queries on ``connection``."""
    window = {"office": office, "start": start, "end": end}
    total, people, anonymous, households = connection.execute(MONTH_CONSULTATIONS, window).one()
    return MonthCounters(
        consultations=int(total),
        people=int(people),
        quick_contacts=int(anonymous),
        households=int(households),
        referrals=int(connection.execute(MONTH_REFERRALS, window).scalar_one()),
        visits_done=int(connection.execute(MONTH_VISITS_DONE, window).scalar_one()),
    )
