"""The tables a report adds to a period's figures, counted in SQL like the rest.

Consultations, referrals and home visits done per calendar month of the
period; consultations by the district of the household; referrals by their
outcome; round-table meetings per series with their agreed actions; the
sessions and attendance of each group offer; volunteers by language.

All of it leaves the office, so every figure is released as the statistics
release theirs (lwcore.services.disclosure): perturbed by the cell key
method, for a whole calendar month, quarter or year that is over only.
Consultations, referrals and home visits carry their record keys. Meetings,
agreed actions, group sessions and volunteers carry none of their own (their
tables hold nothing about the people the office serves); their record key is
derived from the row's number and the moment it was created (:func:`derived_key`):
fixed, so the same cell always gets the same noise, and not known outside
the office. PostgreSQL derives the same key (``lw_derived_key``, migration
0010), so a coordinator's login gets these tables released by the database
(:func:`released_report_tallies`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, case, func, select

from lwcore.db.models import (
    AgreedAction,
    Consultation,
    GroupOffer,
    GroupSession,
    HomeVisit,
    Household,
    Referral,
    RoundTableMeeting,
    Volunteer,
)
from lwcore.db.released_figures import ReportCells
from lwcore.services.perturbation import KEY_RANGE
from lwcore.services.tallies import (
    NOTHING,
    MonthTallies,
    OfferTallies,
    ReportTallies,
    SeriesTallies,
    Tally,
)

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def months_of(start: date, end: date) -> Iterator[tuple[date, date]]:
    """(first day, first day of the next) of every calendar month that [start, end] touches,
    cut to the period."""
    first = start
    while first <= end:
        following = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
        yield first, min(following, end + timedelta(days=1))
        first = following


def derived_key(table: str, row_id: int, created_at: datetime) -> int:
    """A record key for a row of a table without one: fixed for the row, uniform on
    [0, KEY_RANGE), and not to be guessed without the row's creation time.

    The first 32 bits of the MD5 of ``table:id:microseconds since 1970 (UTC)``, the
    lowest 31 kept: what PostgreSQL's ``lw_derived_key`` computes with built-ins."""
    moment = created_at.replace(tzinfo=UTC) if created_at.tzinfo is None else created_at
    micros = (moment - _EPOCH) // timedelta(microseconds=1)
    text = f"{table}:{row_id}:{micros}".encode()
    return int(hashlib.md5(text, usedforsecurity=False).hexdigest()[:8], 16) % KEY_RANGE


def _key_sum(column: Any) -> Any:
    return func.coalesce(func.sum(column), 0)


def report_tallies(
    connection: Connection,
    office: str | None,
    begin: datetime,
    finish: datetime,
    months: Sequence[tuple[datetime, datetime]],
) -> ReportTallies:
    """Every table of the report for [begin, finish) in one read; ``months``: the
    boundaries of each month of the period, as moments in the office's time zone."""
    consultation = Consultation.__table__.c  # type: ignore[attr-defined]
    referral = Referral.__table__.c  # type: ignore[attr-defined]
    visit = HomeVisit.__table__.c  # type: ignore[attr-defined]
    household = Household.__table__.c  # type: ignore[attr-defined]

    def in_period(query: Any, table: Any, moment: Any) -> Any:
        query = query.where(moment >= begin, moment < finish)
        return query.where(table.office == office) if office is not None else query

    def month_of(moment: Any) -> Any:
        """The month's number in the period (0 = the first), in the office's time zone."""
        return case(
            *((moment < following, number) for number, (_first, following) in enumerate(months)),
            else_=len(months) - 1,
        )

    def by_month(rows: Iterable[Any]) -> list[Tally]:
        tallies = [NOTHING] * len(months)
        for number, count, keys in rows:
            tallies[int(number)] += Tally(int(count), int(keys))
        return tallies

    # One pass each over consultations, referrals and home visits of the period.
    month = month_of(consultation.started_at).label("month")
    consultation_rows = connection.execute(
        in_period(
            select(month, household.district, func.count(), _key_sum(consultation.cell_key))
            .select_from(Consultation.__table__)  # type: ignore[attr-defined]
            .outerjoin(Household.__table__, household.id == consultation.household_id)  # type: ignore[attr-defined]
            .where(consultation.voided_at.is_(None))
            .group_by(month, household.district),
            consultation,
            consultation.started_at,
        )
    ).all()
    consultations = by_month((number, count, keys) for number, _d, count, keys in consultation_rows)
    by_district: dict[str, Tally] = {}
    for _number, district, count, keys in consultation_rows:
        if district is not None:  # quick contacts and erased households have none
            by_district[district] = by_district.get(district, NOTHING) + Tally(count, keys)
    month = month_of(referral.created_at).label("month")
    referral_rows = connection.execute(
        in_period(
            select(month, referral.status, func.count(), _key_sum(referral.cell_key))
            .where(referral.voided_at.is_(None))
            .group_by(month, referral.status),
            referral,
            referral.created_at,
        )
    ).all()
    referrals = by_month((number, count, keys) for number, _s, count, keys in referral_rows)
    outcomes: dict[str, Tally] = {}
    for _number, status, count, keys in referral_rows:
        outcomes[status] = outcomes.get(status, NOTHING) + Tally(count, keys)
    month = month_of(visit.planned_for).label("month")
    visits = by_month(
        connection.execute(
            in_period(
                select(month, func.count(), _key_sum(visit.cell_key))
                .where(visit.status == "done")
                .group_by(month),
                visit,
                visit.planned_for,
            )
        )
    )
    by_months = tuple(
        MonthTallies(first.date(), *tallies)
        for (first, _following), *tallies in zip(
            months, consultations, referrals, visits, strict=True
        )
    )
    volunteers, volunteers_by_language = _volunteers(connection, office, finish)
    return ReportTallies(
        by_month=by_months,
        by_district=by_district,
        referral_outcomes=outcomes,
        round_tables=_round_tables(connection, office, begin, finish),
        group_offers=_group_offers(connection, office, begin.date(), finish.date()),
        volunteers=volunteers,
        volunteers_by_language=volunteers_by_language,
    )


def _round_tables(
    connection: Connection, office: str | None, begin: datetime, finish: datetime
) -> tuple[SeriesTallies, ...]:
    meeting = RoundTableMeeting.__table__.c  # type: ignore[attr-defined]
    action = AgreedAction.__table__.c  # type: ignore[attr-defined]
    query = select(
        meeting.id,
        meeting.created_at,
        meeting.office,
        meeting.series_key,
        action.id,
        action.created_at,
    ).outerjoin_from(
        RoundTableMeeting.__table__,  # type: ignore[attr-defined]
        AgreedAction.__table__,  # type: ignore[attr-defined]
        action.meeting_id == meeting.id,
    )
    query = query.where(meeting.starts_at >= begin, meeting.starts_at < finish)
    if office is not None:
        query = query.where(meeting.office == office)
    meetings: dict[tuple[str, str], Tally] = {}
    actions: dict[tuple[str, str], Tally] = {}
    seen: set[int] = set()
    for meeting_id, held, where, series, action_id, agreed in connection.execute(query):
        cell = (str(where), str(series))
        actions.setdefault(cell, NOTHING)
        if meeting_id not in seen:
            seen.add(meeting_id)
            key = derived_key("round_table_meeting", meeting_id, held)
            meetings[cell] = meetings.get(cell, NOTHING) + Tally(1, key)
        if action_id is not None:
            key = derived_key("agreed_action", action_id, agreed)
            actions[cell] = actions[cell] + Tally(1, key)
    return tuple(
        SeriesTallies(where, series, meetings[where, series], actions[where, series])
        for where, series in sorted(meetings)
    )


def _group_offers(
    connection: Connection, office: str | None, first: date, following: date
) -> tuple[OfferTallies, ...]:
    offer = GroupOffer.__table__.c  # type: ignore[attr-defined]
    session = GroupSession.__table__.c  # type: ignore[attr-defined]
    query = (
        select(
            offer.id,
            offer.office,
            offer.title,
            offer.kind,
            session.id,
            session.created_at,
            session.attendance,
        )
        .join_from(
            GroupOffer.__table__,  # type: ignore[attr-defined]
            GroupSession.__table__,  # type: ignore[attr-defined]
            session.offer_id == offer.id,
        )
        .where(session.held_on >= first, session.held_on < following)
    )
    if office is not None:
        query = query.where(offer.office == office)
    offers: dict[int, tuple[str, str, str]] = {}
    sessions: dict[int, Tally] = {}
    attendance: dict[int, Tally] = {}
    for offer_id, where, title, kind, session_id, created_at, came in connection.execute(query):
        offers[offer_id] = (str(where), str(title), str(kind))
        key = derived_key("group_session", session_id, created_at)
        sessions[offer_id] = sessions.get(offer_id, NOTHING) + Tally(1, key)
        attendance[offer_id] = attendance.get(offer_id, NOTHING) + Tally(int(came), key)
    return tuple(
        OfferTallies(*offers[offer_id], sessions[offer_id], attendance[offer_id])
        for offer_id in sorted(offers, key=lambda number: (offers[number], number))
    )


def _volunteers(
    connection: Connection, office: str | None, finish: datetime
) -> tuple[Tally, dict[str, Tally]]:
    """Active volunteers registered before the period's end: all, and by language."""
    volunteer = Volunteer.__table__.c  # type: ignore[attr-defined]
    query = select(volunteer.id, volunteer.created_at, volunteer.languages).where(
        volunteer.active.is_(True), volunteer.created_at < finish
    )
    if office is not None:
        query = query.where(volunteer.office == office)
    everyone = NOTHING
    by_language: dict[str, Tally] = {}
    for volunteer_id, created_at, languages in connection.execute(query):
        one = Tally(1, derived_key("volunteer", volunteer_id, created_at))
        everyone += one
        for code in languages or ():
            by_language[code] = by_language.get(code, NOTHING) + one
    return everyone, by_language


def released_report_tallies(cells: ReportCells, months: Iterable[date]) -> ReportTallies:
    """The database's released report cells (lwcore.db.released_figures) as tallies that
    ``release_report(..., perturb=False)`` shows as they are: each value as the count,
    no keys. ``months``: the first day of each month of the period."""

    def one(cell: str, office: str = "", key: str = "", second: str = "") -> Tally:
        return Tally(cells.get((cell, office, key, second, ""), 0), 0)

    def table(cell: str) -> dict[str, Tally]:
        return {
            key: Tally(value, 0) for (kind, _o, key, _s, _t), value in cells.items() if kind == cell
        }

    series = sorted({(office, key) for (kind, office, key, _s, _t) in cells if kind == "meetings"})
    offers = sorted(
        {
            (office, title, kind, int(key))
            for (cell, office, key, title, kind) in cells
            if cell == "sessions"
        }
    )

    def offer(cell: str, office: str, title: str, kind: str, number: int) -> Tally:
        return Tally(cells.get((cell, office, str(number), title, kind), 0), 0)

    return ReportTallies(
        by_month=tuple(
            MonthTallies(
                first,
                *(
                    one("month", "", first.isoformat(), part)
                    for part in ("consultations", "referrals", "visits_done")
                ),
            )
            for first in months
        ),
        by_district=table("district"),
        referral_outcomes=table("referral_outcome"),
        round_tables=tuple(
            SeriesTallies(office, key, one("meetings", office, key), one("actions", office, key))
            for office, key in series
        ),
        group_offers=tuple(
            OfferTallies(
                office,
                title,
                kind,
                offer("sessions", office, title, kind, number),
                offer("attendance", office, title, kind, number),
            )
            for office, title, kind, number in offers
        ),
        volunteers=one("volunteers"),
        volunteers_by_language=table("volunteer_language"),
    )
