"""Welcome home visits: planned, then done (with a short note) or cancelled.

A visit is about a household: every read and change is checked against the
acting staff member's office and leaves one audit entry.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from attrs import frozen
from sqlalchemy import case
from sqlmodel import Session, col, select

from lwcore.db.models import HomeVisit, Household
from lwcore.db.models.base import NAME_LENGTH, NOTE_LENGTH
from lwcore.db.models.visits import VISIT_STATES
from lwcore.i18n import N_
from lwcore.schedule import PublicHolidays
from lwcore.services.access import Permission
from lwcore.services.base import Service, load_versioned, save_versioned
from lwcore.services.checks import Checks
from lwcore.services.errors import Conflict
from lwcore.services.household_lookup import household_field
from lwcore.services.messages import GERMAN_DAY, GERMAN_MOMENT, Formatted, Message, status_term
from lwcore.services.rows import record_of


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The first instant of ``day`` where the office is, as an aware datetime."""
    return datetime.combine(day, time(), tzinfo=zone)


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the week ``day`` lies in."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


@frozen
class VisitRecord:
    """A home visit as the visits screen and its forms show it; ``staff`` is who
    goes, ``second_staff`` who goes along."""

    id: int
    version: int
    office: str
    household_id: int | None
    planned_for: datetime
    staff: str
    second_staff: str | None
    language: str
    status: str
    note: str
    done_at: datetime | None
    cancel_reason: str | None


@frozen
class VisitWeek:
    """One week of an office's visits with the codes of the households visited.

    The codes come with the visits (one query, one audit entry), so a screen
    listing the week needs no second call that would be audited again.
    """

    monday: date
    visits: tuple[VisitRecord, ...]
    #: Household id to its pseudonymous code, for every visit that names one.
    codes: dict[int, str]


class HomeVisitService(Service):
    kind = N_("home visit")

    def plan(
        self,
        *,
        office: str,
        household_id: int,
        planned_for: datetime | str,
        language: str,
        staff: str | None = None,
        second_staff: str | None = None,
        on_holiday: bool = False,
    ) -> VisitRecord:
        """Plan a visit to a household of ``office``; two staff may go together.
        ``staff`` is who goes: the acting staff member unless another is named.

        On a public holiday only once staff confirm it (``on_holiday``).
        """
        checks = self.context.checks()
        if checks.office("office", office) is not None:  # unknown: a field error, named below
            self.require(Permission.CHANGE, office)
        when = self._future_moment(checks, "planned_for", planned_for, on_holiday=on_holiday)
        staff = checks.text(
            "staff", self.actor.name if staff is None else staff, NAME_LENGTH, required=True
        )
        checks.language("language", language)
        second = self._second_staff(checks, staff, second_staff)
        now = self.context.now()
        if household_id is None:
            checks.fail("household", N_("choose the household to visit"))
        with self.database.write() as session:
            household_field(self, checks, session, office, household_id)
            checks.done()
            assert when is not None
            visit = HomeVisit(
                office=office,
                household_id=household_id,
                planned_for=when,
                staff=staff,
                second_staff=second,
                language=language,
                created_at=now,
                updated_at=now,
            )
            session.add(visit)
            session.flush()
            self.audit_change(
                session,
                office,
                action="create",
                record_id=visit.id,
                household_ids=[household_id],
            )
            return record_of(VisitRecord, visit)

    def record_done(
        self,
        visit_id: int,
        expected_version: int,
        *,
        note: str,
        done_at: datetime | str | None = None,
    ) -> VisitRecord:
        """Mark a planned visit as done, with what staff want to remember of it;
        not before the time it was planned for (plan it earlier first)."""
        checks = self.context.checks()
        note = checks.text("note", note, NOTE_LENGTH)
        now = self.context.now()
        done = now if done_at is None else checks.moment("done_at", done_at, self.context.zone)
        if done is not None and done > now:
            checks.fail("done_at", N_("lies in the future"))
        checks.done()
        with self.database.write() as session:
            row = self._planned(session, visit_id, expected_version)
            if done is not None and done < row.planned_for:
                starts = row.planned_for.astimezone(self.context.zone)
                checks.fail(
                    "done_at",
                    N_("the visit is planned for {starts}: not done before"),
                    starts=Formatted(starts, GERMAN_MOMENT),
                )
            checks.done()
            save_versioned(
                session,
                row,
                expected_version,
                self.kind,
                now,
                status="done",
                note=note,
                done_at=done,
            )
            self._audit_change(session, row, "done")
            return record_of(VisitRecord, row)

    def cancel(self, visit_id: int, expected_version: int, *, reason: str) -> VisitRecord:
        """Call off a planned visit; the reason is kept for the next attempt."""
        checks = self.context.checks()
        reason = checks.text("reason", reason, NOTE_LENGTH, required=True)
        checks.done()
        with self.database.write() as session:
            row = self._planned(session, visit_id, expected_version)
            save_versioned(
                session,
                row,
                expected_version,
                self.kind,
                self.context.now(),
                status="cancelled",
                cancel_reason=reason,
            )
            self._audit_change(session, row, "cancelled")
            return record_of(VisitRecord, row)

    def reschedule(
        self,
        visit_id: int,
        expected_version: int,
        planned_for: datetime | str,
        *,
        on_holiday: bool = False,
    ) -> VisitRecord:
        """Move a planned visit to another (future) time; a public holiday only once
        staff confirm it (``on_holiday``)."""
        checks = self.context.checks()
        when = self._future_moment(checks, "planned_for", planned_for, on_holiday=on_holiday)
        checks.done()
        with self.database.write() as session:
            row = self._planned(session, visit_id, expected_version)
            save_versioned(
                session, row, expected_version, self.kind, self.context.now(), planned_for=when
            )
            self._audit_change(session, row, "rescheduled")
            return record_of(VisitRecord, row)

    def get(self, visit_id: int) -> VisitRecord:
        with self.database.read() as session:
            row = record_of(VisitRecord, self.load(session, HomeVisit, visit_id, Permission.READ))
        self.audit_read(row.office, record_id=visit_id, household_ids=[row.household_id])
        return row

    def week(self, office: str, any_day: date) -> VisitWeek:
        """Every visit of the office in the week (Monday to Sunday) of ``any_day``,
        whatever its status, so the week shows what was done and called off too;
        with the codes of the households visited."""
        checks = self.context.checks()
        checks.day("any_day", any_day)
        checks.done()
        self.require(Permission.READ, office)
        monday, sunday = week_of(any_day)
        found = self._between(office, monday, sunday, None)
        self.audit_read(
            office,
            records=len(found),
            household_ids=[visit.household_id for visit, _code in found],
            detail=f"week of {monday:%Y-%m-%d}",
        )
        codes = {
            visit.household_id: code
            for visit, code in found
            if visit.household_id is not None and code is not None
        }
        return VisitWeek(monday, tuple(visit for visit, _code in found), codes)

    def due(
        self, office: str, start: date, until: date, *, status: str | None = "planned"
    ) -> list[VisitRecord]:
        """Visits planned from ``start`` to ``until`` (local days, both inclusive),
        earliest first; ``status=None`` lists every status."""
        checks = self.context.checks()
        checks.day("start", start)
        checks.day("until", until)
        if status is not None:
            checks.choice("status", status, VISIT_STATES)
        checks.done()
        self.require(Permission.READ, office)
        visits = [visit for visit, _code in self._between(office, start, until, status)]
        self.audit_read(
            office,
            records=len(visits),
            household_ids=[visit.household_id for visit in visits],
            detail=f"due {start:%Y-%m-%d} to {until:%Y-%m-%d}",
        )
        return visits

    def _between(
        self, office: str, start: date, until: date, status: str | None
    ) -> list[tuple[VisitRecord, str | None]]:
        """The office's visits from ``start`` to ``until`` (local days, inclusive), each
        with its household's code (joined on the key: still one query).

        Joined on the key alone, so each visit looks its household up by key (a
        join on key and office made PostgreSQL hash all the office's households);
        a code of another office's household is never shown all the same.
        """
        zone = self.context.zone
        code = case((col(Household.office) == HomeVisit.office, Household.code), else_=None)
        query = (
            select(HomeVisit, code)
            .outerjoin(Household, col(Household.id) == HomeVisit.household_id)
            .where(HomeVisit.office == office)
            .where(col(HomeVisit.planned_for) >= local_midnight(start, zone))
            .where(col(HomeVisit.planned_for) < local_midnight(until + timedelta(days=1), zone))
            .order_by(col(HomeVisit.planned_for), col(HomeVisit.id))
        )
        if status is not None:
            query = query.where(HomeVisit.status == status)
        with self.database.read() as session:
            return [(record_of(VisitRecord, visit), found) for visit, found in session.exec(query)]

    def _future_moment(
        self, checks: Checks, field: str, value: datetime | str, *, on_holiday: bool
    ) -> datetime | None:
        when = checks.moment(field, value, self.context.zone)
        if when is not None and when < self.context.now():
            checks.fail(field, N_("lies in the past"))
        if when is not None and not on_holiday:
            day = when.astimezone(self.context.zone).date()
            holiday = PublicHolidays(
                subdivision=self.context.directory.deployment.holiday_subdivision
            ).name(day)
            if holiday:
                checks.fail(
                    "on_holiday",
                    N_("{day} is a public holiday ({holiday})"),
                    day=Formatted(day, GERMAN_DAY),
                    holiday=holiday,
                )
        return when

    def _second_staff(self, checks: Checks, staff: str, second_staff: str | None) -> str | None:
        if second_staff is None:
            return None
        second = checks.text("second_staff", second_staff, NAME_LENGTH)
        if second and second.casefold() == staff.casefold():
            checks.fail("second_staff", N_("must be someone other than staff"))
        return second or None

    def _planned(self, session: Session, visit_id: int, expected_version: int) -> HomeVisit:
        """The visit, still planned and at the version the caller saw.

        The status is checked first: "a colleague already cancelled it" tells
        staff more than "it was changed by someone else".
        """
        row = self.load(session, HomeVisit, visit_id, Permission.CHANGE)
        if row.status != "planned":
            raise Conflict(
                N_("{kind} {id} is already {status}"),
                kind=Message(self.kind),
                id=visit_id,
                status=status_term(row.status),
            )
        return load_versioned(session, HomeVisit, visit_id, expected_version, self.kind)

    def _audit_change(self, session: Session, row: HomeVisit, detail: str) -> None:
        self.audit_change(
            session,
            row.office,
            record_id=row.id,
            household_ids=[row.household_id],
            detail=detail,
        )
