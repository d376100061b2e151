"""What the statistics release: exact figures inside an office, perturbed ones outside it.

Figures that leave an office (``lw statistics``, CSV exports, the city-wide
view, another office's figures) point at people when they are small: "two
Tigrinya-speaking households asked about a residence permit". Hiding small
cells is not enough: hidden figures come back by differencing, e.g. the
30-day periods ending on a day and on the day before, or an office against
all offices. So every figure that leaves is perturbed by the cell key method
(lwcore.services.perturbation): each counted record carries a fixed random
record key, a cell's key is the fractional part of the sum of its records'
keys, and the noise comes from a table indexed by the true count and the
cell key. Released values are at most 2 away from the truth (variance 1 from
5 on), 0 stays 0, and 1 and 2 are never released (a released 0 or 3 may be
1 or 2). The same cell always gets the same noise, so asking again, or in
another order, teaches nothing.

The same noise for the same records does not stop differencing by itself:
every period with another first day is a cell of its own, with noise of its
own, and the mean of many differences ending on one day converges on that
day's count. So perturbed figures are released only for a period of the
fixed calendar grid that is over: a whole calendar month, quarter or year
that ended before today. Those periods nest, so no difference of released
periods isolates less than a month, each month and office has one released
value per cell, and a day's counts cannot be told at all. Any other period
(a few days, a month still running) is shown only to the office's own
staff, exactly, on their screen.

Choices, as the issue asked them to be documented:

* perturbation only, no suppression on top: with 1 and 2 never released
  and the grid above, hiding would only make the tables less useful;
* totals (consultations, people, households, referrals...) are cells of
  their own with their own noise; the rows of a table are not forced to
  add up to its total, and a share (%) is of perturbed figures;
* a row whose figures are all released as 0 is left out, like a row
  without records: otherwise a listed 0 would say "someone, but few";
* households are counted with the household's own key, so a household
  with many consultations weighs once; an erased household's random
  ``former_household`` number carries that key in its low 31 bits, so an
  erasure changes no released figure;
* correcting or voiding a record changes the records of its cells, and so
  their noise: a figure released before and after a correction is two
  draws, as it is with any method that follows corrections;
* a report's consultations by district count the consultations of
  households still registered (a quick contact has no district, an erased
  household none any more): an erasure may move a released district figure,
  within the noise of both draws;
* a report's round tables, group offers and volunteers are perturbed too,
  with record keys derived from each row (lwcore.services.report_tables;
  the same derivation in PostgreSQL, migration 0010),
  and a report lists every month of its period, a month released as 0 too.

Exact figures (``perturbed`` False) are for the staff of the office
themselves, on their own screen (see StatisticsService.exact_for).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from typing import TypeVar

from attrs import frozen

from lwcore.services.perturbation import MAX_DEVIATION, perturbed
from lwcore.services.tallies import (
    PeriodTallies,
    ReportTallies,
    Tally,
)

Row = TypeVar("Row")

#: Months that start a quarter.
QUARTER_STARTS = (1, 4, 7, 10)


# --- what is released ----------------------------------------------------------------


@frozen
class Count:
    """One row of a table: a key (topic, language, outcome) and how many consultations."""

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
    """The figures of one office (or all offices, ``office`` None) for [start, end],
    as they may be shown: exact (``perturbed`` False, the office's own screen) or
    perturbed by the cell key method."""

    office: str | None
    start: date
    end: date
    consultations: int
    people: int
    quick_contacts: int
    households: int
    visits_done: int
    referrals: int
    by_topic: tuple[Count, ...]
    by_language: tuple[Count, ...]
    by_outcome: tuple[Count, ...]
    by_topic_and_language: tuple[TopicLanguageCount, ...]
    by_partner: tuple[PartnerCount, ...]
    perturbed: bool

    @property
    def max_deviation(self) -> int:
        """How far a released figure may be from the true count."""
        return MAX_DEVIATION if self.perturbed else 0


def release(tallies: PeriodTallies, *, exact: bool) -> PeriodStatistics:
    """The figures of ``tallies``: as counted when ``exact``, else each cell perturbed."""

    def value(tally: Tally) -> int:
        return tally.count if exact else perturbed(tally.count, tally.keys)

    def counts(table: Mapping[str, Tally]) -> tuple[Count, ...]:
        return _ranked(
            (Count(key, value(tally)) for key, tally in table.items()),
            lambda row: (row.consultations,),
            lambda row: (row.key,),
        )

    return PeriodStatistics(
        office=tallies.office,
        start=tallies.start,
        end=tallies.end,
        consultations=value(tallies.consultations),
        people=value(tallies.people),
        quick_contacts=value(tallies.quick_contacts),
        households=value(tallies.households),
        visits_done=value(tallies.visits_done),
        referrals=value(tallies.referrals),
        by_topic=counts(tallies.by_topic),
        by_language=counts(tallies.by_language),
        by_outcome=counts(tallies.by_outcome),
        by_topic_and_language=_ranked(
            (
                TopicLanguageCount(topic, language, value(tally))
                for (topic, language), tally in tallies.by_topic_and_language.items()
            ),
            lambda row: (row.consultations,),
            lambda row: (row.topic, row.language),
        ),
        by_partner=_ranked(
            (
                PartnerCount(
                    key,
                    value(partner.referrals),
                    value(partner.done),
                    value(partner.unsuccessful),
                    value(partner.open),
                )
                for key, partner in tallies.by_partner.items()
            ),
            lambda row: (row.referrals, row.done, row.unsuccessful, row.open),
            lambda row: (row.partner,),
        ),
        perturbed=not exact,
    )


@frozen
class MonthCount:
    """One calendar month of a report's period (``month``: its first day)."""

    month: date
    consultations: int
    referrals: int
    visits_done: int


@frozen
class SeriesCount:
    office: str
    series: str
    meetings: int
    actions: int


@frozen
class OfferCount:
    office: str
    title: str
    kind: str
    sessions: int
    attendance: int


@frozen
class ReportFigures:
    """Everything a report holds, released to leave the office: the period's figures
    and the tables only reports show (lwcore.services.report_tables)."""

    figures: PeriodStatistics
    by_month: tuple[MonthCount, ...]
    by_district: tuple[Count, ...]
    referral_outcomes: tuple[Count, ...]
    round_tables: tuple[SeriesCount, ...]
    group_offers: tuple[OfferCount, ...]
    volunteers: int
    volunteers_by_language: tuple[Count, ...]


def release_report(
    figures: PeriodStatistics, tallies: ReportTallies, *, perturb: bool = True
) -> ReportFigures:
    """The report's tables perturbed like ``figures`` (which must be perturbed already).

    Every month of the period is listed, a month released as 0 too: its row is there
    whether anyone came or not, so it says nothing. Other rows released as all 0 are
    left out, as in every table. ``perturb`` False: the tallies' counts are released
    values already (the database perturbed them for a coordinator's login).
    """
    if not figures.perturbed:
        raise ValueError("exact figures do not leave the office")

    def value(tally: Tally) -> int:
        return perturbed(tally.count, tally.keys) if perturb else tally.count

    def counts(table: Mapping[str, Tally]) -> tuple[Count, ...]:
        return _ranked(
            (Count(key, value(tally)) for key, tally in table.items()),
            lambda row: (row.consultations,),
            lambda row: (row.key,),
        )

    return ReportFigures(
        figures=figures,
        by_month=tuple(
            MonthCount(
                month.month,
                value(month.consultations),
                value(month.referrals),
                value(month.visits_done),
            )
            for month in tallies.by_month
        ),
        by_district=counts(tallies.by_district),
        referral_outcomes=counts(tallies.referral_outcomes),
        round_tables=_ranked(
            (
                SeriesCount(row.office, row.series, value(row.meetings), value(row.actions))
                for row in tallies.round_tables
            ),
            lambda row: (row.meetings, row.actions),
            lambda row: (row.office, row.series),
        ),
        group_offers=_ranked(
            (
                OfferCount(
                    row.office, row.title, row.kind, value(row.sessions), value(row.attendance)
                )
                for row in tallies.group_offers
            ),
            lambda row: (row.attendance, row.sessions),
            lambda row: (row.office, row.title, row.kind),
        ),
        volunteers=value(tallies.volunteers),
        volunteers_by_language=counts(tallies.volunteers_by_language),
    )


def _ranked(
    rows: Iterable[Row],
    figures: Callable[[Row], tuple[int, ...]],
    name: Callable[[Row], tuple[str, ...]],
) -> tuple[Row, ...]:
    """Largest first, then by name; rows whose figures are all 0 left out."""
    shown = [row for row in rows if any(figures(row))]
    return tuple(sorted(shown, key=lambda row: (-figures(row)[0], name(row))))


# --- which periods may leave ---------------------------------------------------------


def _last_day_of_month(year: int, month: int) -> date:
    following = (date(year, month, 28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def calendar_period(start: date, end: date) -> bool:
    """Whether [start, end] is a whole calendar month, quarter or year."""
    if start.day != 1 or end < start:
        return False
    whole_month = end == _last_day_of_month(start.year, start.month)
    whole_quarter = start.month in QUARTER_STARTS and end == _last_day_of_month(
        start.year, start.month + 2
    )
    whole_year = start.month == 1 and end == date(start.year, 12, 31)
    return whole_month or whole_quarter or whole_year


def releasable(start: date, end: date, today: date) -> bool:
    """Whether perturbed figures may be released for [start, end]: a whole calendar
    month, quarter or year that ended before ``today``."""
    return calendar_period(start, end) and end < today


def last_releasable_month(today: date) -> tuple[date, date]:
    """The newest month whose figures may leave: the one before ``today``'s month."""
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end
