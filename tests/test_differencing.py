"""The differencing attack on released statistics recovers nothing.

With small cells hidden, a hidden day came back exactly by comparing the
30-day periods ending on that day and on the day before (or an office with
all offices). Here the attack runs over 1,000 random pairs of overlapping
periods on generated data, for every figure of the pair, against what
leaves an office: a coordinator's view and an office's own figures as they
leave it (CLI, CSV). Success means the attacker's difference equals the
true count of a small cell (1 to 4) of the day. The same attack on the
office's exact screen figures recovers every target, so the attack and the
data are real; against released figures it recovers none, because no pair
of periods one day apart is released.

What is released (whole calendar months, quarters and years that are over,
for each office and for all offices) depends on the month-level sets of
records only: moving any record to another day of its month leaves every
released figure as it was, while the day counts change. So whatever an
attacker computes from released figures is the same for both arrangements
of the days, and guesses a day's count no better than a guess made without
the figures: that is the chance level asserted below.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from lwcore.db.models import Consultation, ConsultationTopic
from lwcore.services import InvalidInput, Services
from lwcore.services.disclosure import PeriodStatistics, calendar_period
from lwcore.services.perturbation import KEY_RANGE, perturbed

OFFICES = ("brackel", "mengede_huckarde")
LANGUAGES = ("ar", "de", "fa", "uk", "ti")
TOPICS = ("job_search", "language_course", "birth")
FIRST_DAY = date(2025, 7, 1)
LAST_DAY = date(2026, 10, 31)  # the clock says 27 Nov 2026: October is the newest month over
ZONE = ZoneInfo("Europe/Berlin")
PAIRS = 1000
#: The small figures the attack is after.
SMALL = range(1, 5)

Day = tuple[str, date]
#: (office, day) -> (language or "" for every language) -> consultations.
DayCounts = dict[Day, Counter[str]]


def days() -> Iterator[date]:
    day = FIRST_DAY
    while day <= LAST_DAY:
        yield day
        day += timedelta(days=1)


def generate(services: Services, seed: int) -> DayCounts:
    """0 to 4 consultations per office and day, each in one language with one topic."""
    rng = random.Random(seed)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    consultations: list[dict[str, Any]] = []
    topics: list[dict[str, Any]] = []
    truth: DayCounts = {}
    for office in OFFICES:
        for day in days():
            counts: Counter[str] = Counter()
            for _n in range(rng.choice((0, 0, 1, 2, 3, 4))):
                language = rng.choice(LANGUAGES)
                counts[language] += 1
                counts[""] += 1
                key = len(consultations) + 1
                consultations.append(
                    {
                        "id": key,
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                        "office": office,
                        "place": "office",
                        "staff": "Frau Yilmaz",
                        "started_at": datetime.combine(day, time(10, 0), tzinfo=ZONE),
                        "language": language,
                        "people": 1,
                        "visitor": "refugee",
                        "outcome": "solved",
                        "note": "",
                    }
                )
                topics.append({"consultation_id": key, "topic": rng.choice(TOPICS)})
            truth[office, day] = counts
    with services.context.database.engine.begin() as connection:
        connection.execute(Consultation.__table__.insert(), consultations)  # type: ignore[attr-defined]
        connection.execute(ConsultationTopic.__table__.insert(), topics)  # type: ignore[attr-defined]
    return truth


def cells(figures: PeriodStatistics) -> Counter[str]:
    """The figures an attacker differences: all consultations and each language."""
    found = Counter({row.key: row.consultations for row in figures.by_language})
    found[""] = figures.consultations
    return found


Ask = Callable[[str | None, date, date], PeriodStatistics]


ATTACKS = ("30-day windows", "same start", "office against all")


def differencing_attack(
    ask: Ask, truth: DayCounts, seed: int, pairs: int, kinds: tuple[str, ...] = ATTACKS
) -> tuple[int, int]:
    """Run ``pairs`` random pairs of overlapping periods; return (small cells aimed at,
    small cells recovered exactly).

    Each pair isolates one day ``d`` of an office with a small count: the
    30-day periods ending on ``d`` and ``d``-1 (the attacker is even told
    the day 30 days back, which the difference also holds), periods
    starting on the same random day and ending on ``d`` and ``d``-1, or all
    offices less the other office for the day itself.
    """
    rng = random.Random(seed)
    targets = [(office, day) for (office, day), counts in truth.items() if counts[""] in SMALL]
    aimed = recovered = 0
    for _pair in range(pairs):
        office, day = rng.choice(targets)
        kind = rng.choice(kinds)
        before = day - timedelta(days=1)
        try:
            if kind == "30-day windows":
                guess = cells(ask(office, day - timedelta(days=29), day))
                guess.subtract(cells(ask(office, day - timedelta(days=30), before)))
                guess.update(truth.get((office, day - timedelta(days=30)), Counter()))
            elif kind == "same start":
                start = day - timedelta(days=rng.randint(1, 40))
                guess = cells(ask(office, start, day))
                guess.subtract(cells(ask(office, start, before)))
            else:
                (other,) = set(OFFICES) - {office}
                guess = cells(ask(None, day, day))
                guess.subtract(cells(ask(other, day, day)))
        except InvalidInput:
            guess = None
        for cell, count in truth[office, day].items():
            if count in SMALL:
                aimed += 1
                recovered += guess is not None and guess[cell] == count
    return aimed, recovered


@pytest.fixture
def generated(services: Services) -> DayCounts:
    return generate(services, seed=2022)


def test_the_attack_recovers_every_small_cell_from_exact_figures(
    services: Services, generated: DayCounts
) -> None:
    """The attack works where figures are exact: the office's own screen."""
    brackel = {day: counts for day, counts in generated.items() if day[0] == "brackel"}

    def exact(office: str | None, start: date, end: date) -> PeriodStatistics:
        figures = services.statistics.period(office, start, end)
        assert not figures.perturbed
        return figures

    kinds = ("30-day windows", "same start")
    aimed, recovered = differencing_attack(exact, brackel, seed=1, pairs=60, kinds=kinds)
    assert aimed >= 60
    assert recovered == aimed


def test_released_figures_give_the_attack_nothing_over_1000_pairs(
    services: Services, services_as: Callable[..., Services], generated: DayCounts
) -> None:
    coordinator = services_as(None).statistics

    def released(office: str | None, start: date, end: date) -> PeriodStatistics:
        figures = coordinator.period(office, start, end)
        assert figures.perturbed
        return figures

    def leaving(office: str | None, start: date, end: date) -> PeriodStatistics:
        statistics = (services if office == "brackel" else services_as(office)).statistics
        if office is None:
            return released(office, start, end)
        figures = statistics.period(office, start, end, leaving=True)
        assert figures.perturbed
        return figures

    for ask in (released, leaving):
        aimed, recovered = differencing_attack(ask, generated, seed=7, pairs=PAIRS)
        assert aimed >= PAIRS  # every pair aims at one small cell or more
        assert recovered == 0


def released_view(services_as: Callable[..., Services]) -> dict[tuple[Any, ...], Any]:
    """Every figure that may leave for the generated months: each month, quarter and
    year that is over, for each office and for all offices."""
    coordinator = services_as(None).statistics
    periods = []
    for year in (2025, 2026):
        for month in range(1, 13):
            start = date(year, month, 1)
            periods.append((start, (start + timedelta(days=32)).replace(day=1) - timedelta(1)))
        for first in (1, 4, 7, 10):
            start = date(year, first, 1)
            end = (date(year, first + 2, 28) + timedelta(days=4)).replace(day=1) - timedelta(1)
            periods.append((start, end))
        periods.append((date(year, 1, 1), date(year, 12, 31)))
    view: dict[tuple[Any, ...], Any] = {}
    for start, end in periods:
        assert calendar_period(start, end)
        if end >= date(2026, 11, 27):
            continue
        for office in (*OFFICES, None):
            view[office, start, end] = coordinator.period(office, start, end)
    return view


def test_released_figures_do_not_change_when_records_move_within_their_month(
    services: Services, services_as: Callable[..., Services], generated: DayCounts
) -> None:
    before = released_view(services_as)
    assert len(before) > 60
    consultation = Consultation.__table__  # type: ignore[attr-defined]
    rng = random.Random(3)
    days_before: Counter[date] = Counter()
    days_after: Counter[date] = Counter()
    with services.context.database.engine.begin() as connection:
        rows = connection.execute(sa.select(consultation.c.id, consultation.c.started_at)).all()
        for key, started in rows:
            local = started.astimezone(ZONE)
            following = (local.date().replace(day=28) + timedelta(days=4)).replace(day=1)
            last = (following - timedelta(days=1)).day
            day = local.date().replace(day=rng.randint(1, last))
            days_before[local.date()] += 1
            days_after[day] += 1
            connection.execute(
                consultation.update()
                .where(consultation.c.id == key)
                .values(started_at=datetime.combine(day, local.timetz()))
            )
    changed = sum(1 for day in days() if days_before[day] != days_after[day])
    assert changed > 200  # most days now hold another count
    assert released_view(services_as) == before


def test_a_cell_with_the_same_records_is_released_the_same_in_every_period(
    services: Services, services_as: Callable[..., Services]
) -> None:
    """Consistency: a quarter whose other months are empty holds the same records as
    its one busy month, so all its figures are released as the month's."""
    generate_one_month(services)
    coordinator = services_as(None).statistics
    month = coordinator.period("brackel", date(2026, 8, 1), date(2026, 8, 31))
    quarter = coordinator.period("brackel", date(2026, 7, 1), date(2026, 9, 30))
    again = coordinator.period("brackel", date(2026, 8, 1), date(2026, 8, 31))
    assert month.perturbed
    assert (quarter.consultations, quarter.by_language) == (month.consultations, month.by_language)
    assert again == month


def generate_one_month(services: Services) -> None:
    rng = random.Random(11)
    for n in range(40):
        services.consultations.record(
            office="brackel",
            language=rng.choice(LANGUAGES),
            topics=[rng.choice(TOPICS)],
            outcome="solved",
            started_at=f"2026-08-{1 + n % 28:02d}T10:00",
        )


def test_noise_alone_would_not_stop_averaging_over_arbitrary_periods() -> None:
    """Why perturbed figures are released for calendar periods only.

    Each period with another first day holds other records, so it gets noise
    of its own: one pair of periods ending on ``d`` and ``d``-1 guesses a
    day's small count about as well as guessing without figures, but the
    mean over 40 first days recovers most of them. (A simulation of the
    perturbation table alone, with records' keys as the database draws them.)
    """
    rng = random.Random(13)
    day_counts = [rng.choice((0, 1, 2, 3, 4)) for _day in range(400)]
    day_keys = [sum(rng.randrange(KEY_RANGE) for _n in range(n)) for n in day_counts]

    def released(first: int, last: int) -> int:
        return perturbed(sum(day_counts[first : last + 1]), sum(day_keys[first : last + 1]))

    targets = [day for day in range(100, 400) if day_counts[day] in SMALL]
    one_pair = averaged = 0
    for day in targets:
        differences = [
            released(first, day) - released(first, day - 1) for first in range(day - 40, day)
        ]
        one_pair += differences[0] == day_counts[day]
        averaged += round(sum(differences) / len(differences)) == day_counts[day]
    prior = max(Counter(day_counts[day] for day in targets).values()) / len(targets)
    assert one_pair / len(targets) < prior + 0.1
    assert averaged / len(targets) > 0.8
