"""What the generator's parts share: primary keys, table order, weighted choices."""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

T = TypeVar("T")

Row = dict[str, Any]

#: Tables in foreign-key order: a row only refers to rows of earlier tables.
TABLE_ORDER: tuple[str, ...] = (
    "household",
    "household_term",
    "consent",
    "consultation",
    "consultation_topic",
    "referral",
    "walk_in",
    "appointment",
    "home_visit",
    "round_table_meeting",
    "agreed_action",
    "group_offer",
    "group_session",
    "volunteer",
    "barrier",
    "suggestion",
)


class IdCounters:
    """Primary keys from 1 per table, handed out across all offices of one load."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def take(self, table: str) -> int:
        return self.reserve(table, 1)

    def reserve(self, table: str, count: int) -> int:
        """The first of ``count`` consecutive keys."""
        key = self._next.get(table, 1)
        self._next[table] = key + count
        return key


def stamps(created: datetime, updated: datetime | None = None, version: int = 1) -> Row:
    """The columns every mutable record carries."""
    return {"version": version, "created_at": created, "updated_at": updated or created}


def pick(items: Sequence[T], rng: random.Random) -> T:
    """``rng.choice`` for the hot loops: one call to ``random()`` instead of several."""
    return items[int(rng.random() * len(items))]


class Weighted(Generic[T]):
    """Draw from ``items`` by weight, faster than ``random.choices`` one at a time."""

    def __init__(self, items: Sequence[T], weights: Sequence[float]) -> None:
        if not items:
            raise ValueError("nothing to choose from")
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]
        # Rounding may carry random() * total up to total itself; the last item takes it.
        self.cumulative[-1] = math.inf

    def draw(self, rng: random.Random) -> T:
        return self.items[bisect.bisect_right(self.cumulative, rng.random() * self.total)]
