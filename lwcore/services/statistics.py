"""Figures for a period: what the offices report to the council and the fund.

Counts only, grouped in SQL: the database sums, Python arranges. A
consultation with two topics counts once per topic in ``by_topic`` and once
in every other table.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any, TypeAlias

from attrs import frozen
from sqlalchemy import Select, func, select
from sqlmodel import col

from lwcore.db.models import Consultation, ConsultationTopic, HomeVisit, Referral
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
        first = date(year, month, 1)
        following = (first + timedelta(days=32)).replace(day=1)
        return self.period(office, first, following - timedelta(days=1))

    def period(self, office: str | None, start: date, end: date) -> PeriodStatistics:
        """Figures for the days ``start`` to ``end`` inclusive, in local time."""
        zone = self.context.zone
        begin = datetime.combine(start, time(), tzinfo=zone)
        finish = datetime.combine(end + timedelta(days=1), time(), tzinfo=zone)

        def in_period(query: AnySelect) -> AnySelect:
            query = query.where(
                col(Consultation.started_at) >= begin, col(Consultation.started_at) < finish
            )
            return query if office is None else query.where(col(Consultation.office) == office)

        with self.database.read() as session:
            totals = session.execute(
                in_period(
                    select(
                        func.count(),
                        func.coalesce(func.sum(col(Consultation.people)), 0),
                        func.count().filter(col(Consultation.household_id).is_(None)),
                        func.count(func.distinct(Consultation.household_id)),
                    )
                )
            ).one()
            language = col(Consultation.language)
            topic = col(ConsultationTopic.topic)
            topic_language = session.execute(
                in_period(
                    select(topic, language, func.count())
                    .join(
                        ConsultationTopic,
                        col(ConsultationTopic.consultation_id) == col(Consultation.id),
                    )
                    .group_by(topic, language)
                )
            ).all()
            by_language = session.execute(
                in_period(select(language, func.count()).group_by(language))
            ).all()
            by_outcome = session.execute(
                in_period(
                    select(col(Consultation.outcome), func.count()).group_by(
                        col(Consultation.outcome)
                    )
                )
            ).all()
            by_partner = session.execute(self._partners_query(office, begin, finish)).all()
            visits_done = session.execute(self._visits_query(office, begin, finish)).scalar_one()
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

    @staticmethod
    def _partners_query(office: str | None, begin: datetime, finish: datetime) -> AnySelect:
        status = col(Referral.status)
        query = (
            select(
                col(Referral.partner_key),
                func.count(),
                func.count().filter(status == "done"),
                func.count().filter(status == "unsuccessful"),
                func.count().filter(status.in_(("open", "accepted"))),
            )
            .where(col(Referral.created_at) >= begin, col(Referral.created_at) < finish)
            .group_by(col(Referral.partner_key))
        )
        return query if office is None else query.where(col(Referral.office) == office)

    @staticmethod
    def _visits_query(office: str | None, begin: datetime, finish: datetime) -> AnySelect:
        query = (
            select(func.count())
            .select_from(HomeVisit)
            .where(col(HomeVisit.status) == "done")
            .where(col(HomeVisit.planned_for) >= begin, col(HomeVisit.planned_for) < finish)
        )
        return query if office is None else query.where(col(HomeVisit.office) == office)
