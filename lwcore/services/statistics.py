"""Figures for a period: what the offices report to the council and the fund.

Counts only, grouped in SQL: the database sums, Python arranges. A
consultation with two topics counts once per topic in ``by_topic`` and once
in every other table.

Aggregates hold no personal data, so asking for them is checked
(Permission.STATISTICS: an office's own staff for their office, a
coordinator for any office or all of them) but not written to the audit
trail. The figures returned are exact; whatever leaves the office goes
through :mod:`lwcore.services.disclosure` first.

Consultations and referrals withdrawn as mistaken entries (``voided_at``) are
not counted.

A household erased or purged leaves its consultations behind, with
``household_id`` cleared and ``former_household`` set to a random negative
number shared by that household's consultations: so they are still no quick
contacts, and still one household.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any, TypeAlias

from attrs import frozen
from sqlalchemy import Select, bindparam, func, select

from lwcore.db.models import Consultation, ConsultationTopic, HomeVisit, Referral
from lwcore.i18n import N_
from lwcore.services.access import Permission
from lwcore.services.base import Service

AnySelect: TypeAlias = Select[*tuple[Any, ...]]


@frozen
class Count:
    """One cell: a key (topic, language, outcome, partner) and how many."""

    key: str
    consultations: int


@frozen
class TopicLanguageCount:
    topic: str
    language: str
    consultations: int


@frozen
class PartnerCount:
    partner: str
    referrals: int
    done: int
    unsuccessful: int
    open: int


@frozen
class PeriodStatistics:
    """All figures of one office (or all offices, ``office`` None) for [start, end]."""

    office: str | None
    start: date
    end: date
    consultations: int
    people: int
    quick_contacts: int
    households: int
    visits_done: int
    by_topic: tuple[Count, ...]
    by_language: tuple[Count, ...]
    by_outcome: tuple[Count, ...]
    by_topic_and_language: tuple[TopicLanguageCount, ...]
    by_partner: tuple[PartnerCount, ...]


def _ranked(rows: Iterable[Any]) -> tuple[Count, ...]:
    counts = [Count(str(key), int(number)) for key, number in rows]
    return tuple(sorted(counts, key=lambda count: (-count.consultations, count.key)))


class StatisticsService(Service):
    kind = "statistics"

    def month(self, office: str | None, year: int, month: int) -> PeriodStatistics:
        """The figures of one calendar month (``office`` None: every office)."""
        first = date(year, month, 1)
        following = (first + timedelta(days=32)).replace(day=1)
        return self.period(office, first, following - timedelta(days=1))

    def period(self, office: str | None, start: date, end: date) -> PeriodStatistics:
        """Figures for the days ``start`` to ``end`` inclusive, in local time.

        ``office`` None sums up every office: for coordinators only.
        """
        self.require(Permission.STATISTICS, office)
        checks = self.context.checks()
        if office is not None:
            checks.office("office", office)
        if end < start:
            checks.fail("end", N_("{end} is before the start {start}"), end=end, start=start)
        checks.done()
        zone = self.context.zone
        begin = datetime.combine(start, time(), tzinfo=zone)
        finish = datetime.combine(end + timedelta(days=1), time(), tzinfo=zone)

        queries = _queries(office is not None)
        window = {"begin": begin, "finish": finish, "office": office}
        with self.database.reading() as connection:
            totals = connection.execute(queries.totals, window).one()
            topic_language = connection.execute(queries.topic_language, window).all()
            by_language = connection.execute(queries.by_language, window).all()
            by_outcome = connection.execute(queries.by_outcome, window).all()
            by_partner = connection.execute(queries.by_partner, window).all()
            visits_done = connection.execute(queries.visits_done, window).scalar_one()
        by_topic: dict[str, int] = {}
        for topic_key, _language, number in topic_language:
            by_topic[topic_key] = by_topic.get(topic_key, 0) + int(number)
        total, people, anonymous, households = totals
        return PeriodStatistics(
            office=office,
            start=start,
            end=end,
            consultations=int(total),
            people=int(people),
            quick_contacts=int(anonymous),
            households=int(households),
            visits_done=int(visits_done),
            by_topic=_ranked(by_topic.items()),
            by_language=_ranked(by_language),
            by_outcome=_ranked(by_outcome),
            by_topic_and_language=tuple(
                sorted(
                    (
                        TopicLanguageCount(str(t), str(lang), int(n))
                        for t, lang, n in topic_language
                    ),
                    key=lambda row: (-row.consultations, row.topic, row.language),
                )
            ),
            by_partner=tuple(
                sorted(
                    (
                        PartnerCount(str(p), int(n), int(d), int(u), int(o))
                        for p, n, d, u, o in by_partner
                    ),
                    key=lambda row: (-row.referrals, row.partner),
                )
            ),
        )


@frozen
class _Queries:
    totals: AnySelect
    topic_language: AnySelect
    by_language: AnySelect
    by_outcome: AnySelect
    by_partner: AnySelect
    visits_done: AnySelect


def consultation_totals() -> tuple[Any, ...]:
    """Consultations, people, quick contacts, households: the totals of any period.

    An erased household's consultations have no ``household_id`` but share a
    ``former_household``, so they count as one household and not as quick
    contacts: the figures stay as they were before the erasure.
    """
    consultation = Consultation.__table__.c  # type: ignore[attr-defined]
    return (
        func.count(),
        func.coalesce(func.sum(consultation.people), 0),
        func.count().filter(
            consultation.household_id.is_(None), consultation.former_household.is_(None)
        ),
        func.count(
            func.distinct(func.coalesce(consultation.household_id, consultation.former_household))
        ),
    )


@cache
def _queries(by_office: bool) -> _Queries:
    """The period's statements, built once (with or without an office filter)."""
    consultation = Consultation.__table__.c  # type: ignore[attr-defined]
    topics = ConsultationTopic.__table__.c  # type: ignore[attr-defined]
    referral = Referral.__table__.c  # type: ignore[attr-defined]
    visit = HomeVisit.__table__.c  # type: ignore[attr-defined]
    begin: Any = bindparam("begin")
    finish: Any = bindparam("finish")
    office: Any = bindparam("office")

    def in_period(query: AnySelect, table: Any, moment: Any) -> AnySelect:
        query = query.where(moment >= begin, moment < finish)
        return query.where(table.office == office) if by_office else query

    def consultations(query: AnySelect) -> AnySelect:
        counted = query.where(consultation.voided_at.is_(None))
        return in_period(counted, consultation, consultation.started_at)

    status = referral.status
    return _Queries(
        totals=consultations(select(*consultation_totals())),
        topic_language=consultations(
            select(topics.topic, consultation.language, func.count())
            .join_from(
                Consultation.__table__,  # type: ignore[attr-defined]
                ConsultationTopic.__table__,  # type: ignore[attr-defined]
                topics.consultation_id == consultation.id,
            )
            .group_by(topics.topic, consultation.language)
        ),
        by_language=consultations(
            select(consultation.language, func.count()).group_by(consultation.language)
        ),
        by_outcome=consultations(
            select(consultation.outcome, func.count()).group_by(consultation.outcome)
        ),
        by_partner=in_period(
            select(
                referral.partner_key,
                func.count(),
                func.count().filter(status == "done"),
                func.count().filter(status == "unsuccessful"),
                func.count().filter(status.in_(("open", "accepted"))),
            )
            .where(referral.voided_at.is_(None))
            .group_by(referral.partner_key),
            referral,
            referral.created_at,
        ),
        visits_done=in_period(
            select(func.count()).where(visit.status == "done"), visit, visit.planned_for
        ),
    )
