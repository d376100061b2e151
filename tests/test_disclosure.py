"""The cell key method: the perturbation table, and the figures released with it.

Exact figures for the office's own screen; everything else perturbed, each cell by
the sum of its records' keys, at most 2 off, 0 kept, 1 and 2 never released."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from typing import Any

import pytest

from lwcore.services.disclosure import (
    PeriodStatistics,
    calendar_period,
    last_releasable_month,
    releasable,
    release,
)
from lwcore.services.perturbation import (
    KEY_RANGE,
    MAX_DEVIATION,
    NEVER_RELEASED,
    STEADY_FROM,
    cell_key,
    perturbed,
    row,
    variance,
)
from lwcore.services.tallies import NOTHING, PartnerTallies, PeriodTallies, Tally


@pytest.mark.parametrize("count", [*range(0, 12), 40, 1000, 10**6])
def test_every_row_of_the_table_keeps_the_rules(count: int) -> None:
    outcomes = row(count)
    assert sum(outcomes.values()) == pytest.approx(1.0)
    assert all(p > 0 for p in outcomes.values())
    assert all(abs(value - count) <= MAX_DEVIATION for value in outcomes)
    assert not set(outcomes) & NEVER_RELEASED
    assert all(value >= 0 for value in outcomes)
    # Unbiased: on average, the released value is the true count.
    assert sum(value * p for value, p in outcomes.items()) == pytest.approx(count)
    if count >= STEADY_FROM:
        assert variance(count) == pytest.approx(1.0)
    assert variance(count) <= 2.0


def test_zero_stays_zero_and_small_counts_become_0_or_3() -> None:
    assert row(0) == {0: 1.0}
    assert set(row(1)) == set(row(2)) == {0, 3}
    assert set(row(4)) == {3, 4, 5, 6}


def test_the_cell_key_picks_the_value_by_the_rows_distribution() -> None:
    rng = random.Random(5)
    for count in (1, 2, 4, 5, 37):
        draws = 20000
        seen = Counter(perturbed(count, rng.randrange(KEY_RANGE * 50)) for _ in range(draws))
        for value, p in row(count).items():
            assert seen[value] / draws == pytest.approx(p, abs=0.015)
        assert set(seen) == set(row(count))


def test_the_same_records_always_get_the_same_noise() -> None:
    keys = [random.Random(n).randrange(KEY_RANGE) for n in range(9)]
    total = sum(keys)
    assert cell_key(total) == cell_key(sum(reversed(keys))) == (total % KEY_RANGE) / KEY_RANGE
    assert 0 <= cell_key(total) < 1
    assert len({perturbed(9, total) for _ in range(10)}) == 1
    # The cell key is the sum modulo 2**31: the same wherever the sum is reduced.
    assert perturbed(9, total) == perturbed(9, total % KEY_RANGE)


def tallies(**changes: Any) -> PeriodTallies:
    """Large totals and no breakdowns, unless changed."""
    values: dict[str, Any] = {
        "office": "brackel",
        "start": date(2026, 10, 1),
        "end": date(2026, 10, 31),
        "consultations": Tally(100, 11),
        "people": Tally(120, 11),
        "quick_contacts": Tally(20, 12),
        "households": Tally(60, 13),
        "visits_done": Tally(10, 14),
        "referrals": NOTHING,
        "by_topic": {},
        "by_language": {},
        "by_outcome": {},
        "by_topic_and_language": {},
        "by_partner": {},
    }
    values.update(changes)
    return PeriodTallies(**values)


def every_figure(released: PeriodStatistics) -> list[int]:
    return [
        released.consultations,
        released.people,
        released.quick_contacts,
        released.households,
        released.visits_done,
        released.referrals,
        *(c.consultations for c in released.by_topic),
        *(c.consultations for c in released.by_language),
        *(c.consultations for c in released.by_outcome),
        *(r.consultations for r in released.by_topic_and_language),
        *(n for p in released.by_partner for n in (p.referrals, p.done, p.unsuccessful, p.open)),
    ]


def random_tallies(rng: random.Random) -> PeriodTallies:
    def tally() -> Tally:
        return Tally(rng.choice([1, 1, 2, 2, 3, 4, 5, 6, 9, 14, 80]), rng.randrange(KEY_RANGE))

    partner = PartnerTallies(tally(), tally(), Tally(0, 0), tally())
    return tallies(
        consultations=tally(),
        quick_contacts=tally(),
        households=tally(),
        by_language={language: tally() for language in ("ar", "de", "fa", "ti")},
        by_topic={"job_search": tally(), "housing": tally()},
        by_topic_and_language={("job_search", "ar"): tally(), ("housing", "ti"): tally()},
        by_partner={"caritas": partner},
        referrals=partner.referrals,
    )


def test_released_figures_are_near_the_truth_and_never_1_or_2() -> None:
    rng = random.Random(6)
    for _ in range(500):
        counted = random_tallies(rng)
        exact = release(counted, exact=True)
        released = release(counted, exact=False)
        assert not exact.perturbed
        assert released.perturbed
        assert released.max_deviation == MAX_DEVIATION
        assert not set(every_figure(released)) & NEVER_RELEASED
        truth = {c.key: c.consultations for c in exact.by_language}
        for count in released.by_language:
            assert abs(count.consultations - truth[count.key]) <= MAX_DEVIATION
        assert abs(released.consultations - exact.consultations) <= MAX_DEVIATION
        # An unused status stays 0.
        assert [p.unsuccessful for p in released.by_partner] in ([], [0])


def test_exact_figures_are_the_counts() -> None:
    counted = tallies(
        consultations=Tally(3, 99), by_language={"ar": Tally(2, 5), "de": Tally(1, 7)}
    )
    own = release(counted, exact=True)
    assert own.consultations == 3
    assert [(c.key, c.consultations) for c in own.by_language] == [("ar", 2), ("de", 1)]


def test_rows_released_as_0_are_left_out_like_rows_without_records() -> None:
    # A cell key under 2/3 releases a single record as 0.
    counted = tallies(
        by_language={"ar": Tally(40, 1), "ti": Tally(1, 1)},
        by_partner={"awo": PartnerTallies(Tally(1, 1), Tally(1, 1), NOTHING, NOTHING)},
    )
    released = release(counted, exact=False)
    assert [c.key for c in released.by_language] == ["ar"]
    assert released.by_partner == ()
    # Largest first, by name among equals.
    counted = tallies(by_language={"fa": Tally(50, 0), "de": Tally(50, 0), "ar": Tally(70, 0)})
    assert [c.key for c in release(counted, exact=False).by_language] == ["ar", "de", "fa"]


def test_calendar_periods_that_are_over_may_leave() -> None:
    today = date(2026, 11, 27)
    assert releasable(date(2026, 10, 1), date(2026, 10, 31), today)
    assert releasable(date(2026, 2, 1), date(2026, 2, 28), today)
    assert releasable(date(2026, 7, 1), date(2026, 9, 30), today)
    assert releasable(date(2025, 1, 1), date(2025, 12, 31), today)
    assert calendar_period(date(2026, 11, 1), date(2026, 11, 30))
    assert not releasable(date(2026, 11, 1), date(2026, 11, 30), today)
    assert not releasable(date(2026, 10, 1), date(2026, 10, 30), today)
    assert not releasable(date(2026, 9, 1), date(2026, 11, 30), today)
    assert not releasable(date(2026, 2, 1), date(2026, 4, 30), today)  # not a quarter
    assert not releasable(date(2026, 10, 27), date(2026, 11, 26), today)
    assert last_releasable_month(today) == (date(2026, 10, 1), date(2026, 10, 31))
    assert last_releasable_month(date(2026, 1, 1)) == (date(2025, 12, 1), date(2025, 12, 31))
