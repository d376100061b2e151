"""The perturbation table of the cell key method: how much noise a released count gets.

Every counted record carries a fixed random record key, an integer drawn
uniformly from [0, 2**31) when the row is inserted (``cell_key``, see
lwcore.db.models.base.record_key). A cell's key is the fractional part of
the sum of its records' keys, ``(sum % 2**31) / 2**31``: uniform on [0, 1),
and the same whenever the cell holds the same records. The noise is looked
up in this table from the true count and the cell key, so the same cell
always gets the same noise however often it is asked for, and asking again
teaches nothing (Thompson, Broadfoot and Elazar 2013; Giessing and Tent
2019; the cell key method of the 2022 German census and of the R packages
ptable and cellKey).

The table (computed once, below, from these rules; deterministic):

* at most 2 away from the true count (``MAX_DEVIATION``);
* 0 stays 0 (a cell without records has nothing to hide);
* 1 and 2 are never released (``NEVER_RELEASED``): 1 becomes 0 or 3, 2
  becomes 0 or 3, so a released 0 or 3 does not say whether someone is
  there;
* unbiased: the expected released value is the true count, in every row;
* from 5 on, the noise is a normal distribution discretised on -2..2 with
  variance exactly 1 (``VARIANCE``), p(k) proportional to 6**(-k*k/4):
  p(0) ≈ 0.383, p(±1) ≈ 0.245, p(±2) ≈ 0.064;
* 1 to 4 take what the first rules leave: 1 → 0 (2/3) or 3 (1/3); 2 → 0
  (1/3) or 3 (2/3); 3 → 3 (its only unbiased outcome with 1 and 2 excluded);
  4 → 3, 4, 5 or 6 with variance 1, the row of maximum entropy.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

#: Record keys are integers in [0, KEY_RANGE); a cell key is their sum modulo this.
KEY_RANGE = 2**31
MAX_DEVIATION = 2
VARIANCE = 1.0
#: Counts that are never released: a cell holding 1 or 2 is released as 0 or 3 or more.
NEVER_RELEASED = frozenset({1, 2})
#: From this count on, every count gets the same noise distribution.
STEADY_FROM = 5

#: One row of the table: released value -> probability.
Row = Mapping[int, float]


def _steady_noise() -> dict[int, float]:
    """The discretised normal on -2..2 with variance 1: p(k) ∝ x**(k*k), 6*x**4 = 1."""
    x = 6 ** (-1 / 4)
    weights = {k: x ** (k * k) for k in range(-MAX_DEVIATION, MAX_DEVIATION + 1)}
    total = sum(weights.values())
    return {k: weight / total for k, weight in weights.items()}


def _row_for_four() -> dict[int, float]:
    """4 released as 3, 4, 5 or 6, unbiased with variance 1.

    Mean 0 and variance 1 on the noise -1..2 leave one free parameter d =
    p(+2): p(-1) = 1/2 - d, p(0) = 3d, p(+1) = 1/2 - 3d. The entropy is
    largest where p(-1) * p(+1)**3 = p(0)**3 * p(+2), found by bisection.
    """

    def excess(d: float) -> float:
        return (0.5 - d) * (0.5 - 3 * d) ** 3 - 27 * d**4

    low, high = 0.0, 1 / 6
    for _step in range(100):
        middle = (low + high) / 2
        low, high = (middle, high) if excess(middle) > 0 else (low, middle)
    d = (low + high) / 2
    return {3: 0.5 - d, 4: 3 * d, 5: 0.5 - 3 * d, 6: d}


_SMALL_ROWS: dict[int, dict[int, float]] = {
    0: {0: 1.0},
    1: {0: 2 / 3, 3: 1 / 3},
    2: {0: 1 / 3, 3: 2 / 3},
    3: {3: 1.0},
    4: _row_for_four(),
}
_STEADY = _steady_noise()


def row(count: int) -> Row:
    """The distribution of the released value of a cell with ``count`` records."""
    if count < 0:
        raise ValueError(f"a count is never negative: {count}")
    if count < STEADY_FROM:
        return _SMALL_ROWS[count]
    return {count + noise: p for noise, p in _STEADY.items()}


def cell_key(key_sum: int) -> float:
    """The cell key: the fractional part of the sum of the records' keys, in [0, 1)."""
    return (key_sum % KEY_RANGE) / KEY_RANGE


def perturbed(count: int, key_sum: int) -> int:
    """The released value of a cell: ``count`` true records whose keys sum to ``key_sum``.

    The cell key picks the value by the row's cumulative distribution, so the
    same records always give the same value.
    """
    position = cell_key(key_sum)
    cumulative = 0.0
    outcomes = sorted(row(count).items())
    for value, probability in outcomes:
        cumulative += probability
        if position < cumulative:
            return value
    return outcomes[-1][0]  # rounding left the last step a hair under 1


def variance(count: int) -> float:
    """The noise variance of ``count``'s row (1 from ``STEADY_FROM`` on)."""
    return math.fsum(p * (value - count) ** 2 for value, p in row(count).items())
