"""Figures for a period: what the offices report to the council and the fund.

Counts only, grouped in SQL: the database sums, Python arranges. A
consultation with two topics counts once per topic in ``by_topic`` and once
in every other table.

Aggregates hold no personal data, so asking for them is checked
(Permission.STATISTICS: an office's own staff for their office, a
coordinator for any office or all of them) but not written to the audit
trail. The service decides what the caller gets (lwcore.services.disclosure):
the office's own staff get their exact figures for their own screen; every
other view, and whatever is to leave the office (``leaving=True``: CLI
output, CSV files), gets figures perturbed by the cell key method, and only
for a whole calendar month, quarter or year that is over. The database sums
the counted records' keys per cell along with the counts.

Consultations and referrals withdrawn as mistaken entries (``voided_at``) are
not counted.

A household erased or purged leaves its consultations behind, with
``household_id`` cleared and ``former_household`` set to a random negative
number shared by that household's consultations: so they are still no quick
contacts, and still one household.

A city-wide coordinator's login on PostgreSQL reads no table with personal
data: its figures come from the database already perturbed
(lwcore.db.released_figures, migrations 0009 and 0010: a report's tables
too), arranged here into the same tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any, TypeAlias

from attrs import evolve, frozen
from sqlalchemy import Select, bindparam, func, select

from lwcore.db.models import Consultation, ConsultationTopic, HomeVisit, Household, Referral
from lwcore.db.released_figures import Cells, released_cells, released_report_cells
from lwcore.i18n import N_
from lwcore.services.access import Permission
from lwcore.services.base import Service
from lwcore.services.consultation_counts import (
    consultation_totals,
    counted_household,
    quick_contact,
)
from lwcore.services.disclosure import (
    Count,
    PartnerCount,
    PeriodStatistics,
    ReportFigures,
    TopicLanguageCount,
    releasable,
    release,
    release_report,
)
from lwcore.services.perturbation import KEY_RANGE
from lwcore.services.report_tables import months_of, released_report_tallies, report_tallies
from lwcore.services.tallies import NOTHING, PartnerTallies, PeriodTallies, Tally

AnySelect: TypeAlias = Select[*tuple[Any, ...]]

__all__ = [
    "Count",
    "PartnerCount",
    "PeriodStatistics",
    "ReportFigures",
    "StatisticsService",
    "TopicLanguageCount",
]


_NOT_RELEASABLE = N_(
    "figures that leave an office cover a whole calendar month, quarter "
    "or year that is over; {start} to {end} is not one"
)


def _released(cells: Cells, office: str | None, start: date, end: date) -> PeriodTallies:
    """The database's released values as tallies that :func:`release` shows as they
    are (``exact=True``): each value as the count, no keys."""

    def one(cell: str, key: str = "", second: str = "") -> Tally:
        return Tally(cells.get((cell, key, second), 0), 0)

    def table(cell: str) -> dict[str, Tally]:
        return {key: Tally(value, 0) for (kind, key, _), value in cells.items() if kind == cell}

    parts = ("referrals", "done", "unsuccessful", "open")
    return PeriodTallies(
        office=office,
        start=start,
        end=end,
        consultations=one("consultations"),
        people=one("people"),
        quick_contacts=one("quick_contacts"),
        households=one("households"),
        visits_done=one("visits_done"),
        referrals=one("referrals"),
        by_topic=table("topic"),
        by_language=table("language"),
        by_outcome=table("outcome"),
        by_topic_and_language={
            (key, second): Tally(value, 0)
            for (kind, key, second), value in cells.items()
            if kind == "topic_language"
        },
        by_partner={
            partner: PartnerTallies(*(one("partner", partner, part) for part in parts))
            for partner in table("partner")
        },
    )


def _tallies(rows: Iterable[Any]) -> dict[str, Tally]:
    return {str(key): Tally(int(number), int(keys)) for key, number, keys in rows}


class StatisticsService(Service):
    kind = "statistics"

    def exact_for(self, office: str | None) -> bool:
        """Whether the actor sees exact figures of ``office`` on screen: its own staff
        (office staff and lead) do; coordinators, other offices and the sum of every
        office get perturbed figures."""
        return office is not None and self.actor.may(Permission.EXACT, office)

    def month(
        self, office: str | None, year: int, month: int, *, leaving: bool = False
    ) -> PeriodStatistics:
        """The figures of one calendar month (``office`` None: every office)."""
        first = date(year, month, 1)
        following = (first + timedelta(days=32)).replace(day=1)
        return self.period(office, first, following - timedelta(days=1), leaving=leaving)

    def period(
        self, office: str | None, start: date, end: date, *, leaving: bool = False
    ) -> PeriodStatistics:
        """Figures for the days ``start`` to ``end`` inclusive, in local time.

        ``office`` None sums up every office: for coordinators only. Exact for
        the office's own staff unless the figures are ``leaving`` the office;
        otherwise perturbed, and refused unless the period is a whole calendar
        month, quarter or year that is over.
        """
        self.require(Permission.STATISTICS, office)
        checks = self.context.checks()
        if office is not None:
            checks.office("office", office)
        exact = not leaving and self.exact_for(office)
        if end < start:
            checks.fail("end", N_("{end} is before the start {start}"), end=end, start=start)
        elif not exact and not releasable(start, end, self.context.today()):
            checks.fail("start", _NOT_RELEASABLE, start=start, end=end)
        checks.done()
        if not exact and self.actor.figures_only and self.database.dialect == "postgresql":
            return self._released_by_the_database(office, start, end)
        return release(self._tallies(office, start, end), exact=exact)

    def _released_by_the_database(
        self, office: str | None, start: date, end: date
    ) -> PeriodStatistics:
        """A coordinator's figures on PostgreSQL: perturbed by the database (their
        login reads no table with personal data), the same values as :func:`release`."""
        with self.database.reading() as connection:
            cells = released_cells(connection, office, start, end)
        if not cells:  # by the database's clock the period is not over yet
            checks = self.context.checks()
            checks.fail("start", _NOT_RELEASABLE, start=start, end=end)
            checks.done()
        return evolve(release(_released(cells, office, start, end), exact=True), perturbed=True)

    def report(self, office: str | None, start: date, end: date) -> ReportFigures:
        """Everything a report to the council or the fund holds for [start, end]: the
        period's figures and the report's own tables (months, districts, referral
        outcomes, round tables, group offers, volunteers), all released to leave the
        office (perturbed, whole calendar periods that are over only)."""
        figures = self.period(office, start, end, leaving=True)
        zone = self.context.zone

        def moment(day: date) -> datetime:
            return datetime.combine(day, time(), tzinfo=zone)

        if figures.perturbed and self.actor.figures_only and self.database.dialect == "postgresql":
            with self.database.reading() as connection:  # released by the database (0010)
                cells = released_report_cells(connection, office, start, end)
            released = released_report_tallies(cells, (first for first, _ in months_of(start, end)))
            return release_report(figures, released, perturb=False)
        months = [(moment(first), moment(following)) for first, following in months_of(start, end)]
        with self.database.reading() as connection:
            tallies = report_tallies(
                connection, office, moment(start), moment(end + timedelta(days=1)), months
            )
        return release_report(figures, tallies)

    def _tallies(self, office: str | None, start: date, end: date) -> PeriodTallies:
        zone = self.context.zone
        begin = datetime.combine(start, time(), tzinfo=zone)
        finish = datetime.combine(end + timedelta(days=1), time(), tzinfo=zone)

        queries = _queries(office is not None)
        window = {"begin": begin, "finish": finish, "office": office}
        with self.database.reading() as connection:
            totals = connection.execute(queries.totals, window).one()
            households = connection.execute(queries.households, window).one()
            topic_language = connection.execute(queries.topic_language, window).all()
            by_language = connection.execute(queries.by_language, window).all()
            by_outcome = connection.execute(queries.by_outcome, window).all()
            by_partner = connection.execute(queries.by_partner, window).all()
            visits_done = connection.execute(queries.visits_done, window).one()
        by_topic: dict[str, Tally] = {}
        pairs: dict[tuple[str, str], Tally] = {}
        for topic_key, language, number, keys in topic_language:
            tally = Tally(int(number), int(keys))
            pairs[str(topic_key), str(language)] = tally
            by_topic[str(topic_key)] = by_topic.get(str(topic_key), NOTHING) + tally
        partners = {
            str(row[0]): PartnerTallies(
                *(Tally(int(row[n]), int(row[n + 1])) for n in range(1, 9, 2))
            )
            for row in by_partner
        }
        total, people, anonymous, keys, anonymous_keys = totals
        return PeriodTallies(
            office=office,
            start=start,
            end=end,
            consultations=Tally(int(total), int(keys)),
            people=Tally(int(people), int(keys)),
            quick_contacts=Tally(int(anonymous), int(anonymous_keys)),
            households=Tally(int(households[0]), int(households[1])),
            visits_done=Tally(int(visits_done[0]), int(visits_done[1])),
            referrals=sum((partner.referrals for partner in partners.values()), NOTHING),
            by_topic=by_topic,
            by_language=_tallies(by_language),
            by_outcome=_tallies(by_outcome),
            by_topic_and_language=pairs,
            by_partner=partners,
        )


@frozen
class _Queries:
    totals: AnySelect
    households: AnySelect
    topic_language: AnySelect
    by_language: AnySelect
    by_outcome: AnySelect
    by_partner: AnySelect
    visits_done: AnySelect


def _key_sum(column: Any) -> Any:
    return func.coalesce(func.sum(column), 0)


def _key_sum_where(column: Any, condition: Any) -> Any:
    return func.coalesce(func.sum(column).filter(condition), 0)


@cache
def _queries(by_office: bool) -> _Queries:
    """The period's statements, built once (with or without an office filter).

    Each count comes with the sum of its records' keys (``cell_key``). A
    household counts with its own key; an erased household, whose record is
    gone, with the key its ``former_household`` number keeps in its low 31
    bits (lwcore.services.erasure.former_household).
    """
    consultation = Consultation.__table__.c  # type: ignore[attr-defined]
    topics = ConsultationTopic.__table__.c  # type: ignore[attr-defined]
    referral = Referral.__table__.c  # type: ignore[attr-defined]
    visit = HomeVisit.__table__.c  # type: ignore[attr-defined]
    household = Household.__table__.c  # type: ignore[attr-defined]
    begin: Any = bindparam("begin")
    finish: Any = bindparam("finish")
    office: Any = bindparam("office")

    def in_period(query: AnySelect, table: Any, moment: Any) -> AnySelect:
        query = query.where(moment >= begin, moment < finish)
        return query.where(table.office == office) if by_office else query

    def consultations(query: AnySelect) -> AnySelect:
        counted = query.where(consultation.voided_at.is_(None))
        return in_period(counted, consultation, consultation.started_at)

    households = (
        consultations(
            select(
                counted_household(consultation).label("counted"),
                func.coalesce(
                    household.cell_key, (-1 - consultation.former_household) % KEY_RANGE
                ).label("key"),
            )
            .select_from(Consultation.__table__)  # type: ignore[attr-defined]
            .outerjoin(
                Household.__table__,  # type: ignore[attr-defined]
                household.id == consultation.household_id,
            )
            .where(counted_household(consultation).is_not(None))
        )
        .distinct()
        .subquery()
    )
    status = referral.status
    key = referral.cell_key
    return _Queries(
        totals=consultations(
            select(
                *consultation_totals(consultation)[:3],  # households: counted with their keys below
                _key_sum(consultation.cell_key),
                _key_sum_where(consultation.cell_key, quick_contact(consultation)),
            )
        ),
        households=select(func.count(), _key_sum(households.c.key)),
        topic_language=consultations(
            select(
                topics.topic,
                consultation.language,
                func.count(),
                _key_sum(consultation.cell_key),
            )
            .join_from(
                Consultation.__table__,  # type: ignore[attr-defined]
                ConsultationTopic.__table__,  # type: ignore[attr-defined]
                topics.consultation_id == consultation.id,
            )
            .group_by(topics.topic, consultation.language)
        ),
        by_language=consultations(
            select(consultation.language, func.count(), _key_sum(consultation.cell_key)).group_by(
                consultation.language
            )
        ),
        by_outcome=consultations(
            select(consultation.outcome, func.count(), _key_sum(consultation.cell_key)).group_by(
                consultation.outcome
            )
        ),
        by_partner=in_period(
            select(
                referral.partner_key,
                func.count(),
                _key_sum(key),
                func.count().filter(status == "done"),
                _key_sum_where(key, status == "done"),
                func.count().filter(status == "unsuccessful"),
                _key_sum_where(key, status == "unsuccessful"),
                func.count().filter(status.in_(("open", "accepted"))),
                _key_sum_where(key, status.in_(("open", "accepted"))),
            )
            .where(referral.voided_at.is_(None))
            .group_by(referral.partner_key),
            referral,
            referral.created_at,
        ),
        visits_done=in_period(
            select(func.count(), _key_sum(visit.cell_key)).where(visit.status == "done"),
            visit,
            visit.planned_for,
        ),
    )
