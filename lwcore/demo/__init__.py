"""Demo data: a living office on first start, and the benchmark's million consultations.

``load_demo`` fills an empty database with two years of realistic, pseudonymous
work of every installed office. The same seed and ``now`` give the same rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from attrs import frozen

from lwcore.db.engine import Database
from lwcore.demo.generator import DemoPlan, generate
from lwcore.demo.loader import DatabaseNotEmpty, load
from lwcore.demo.profiles import OfficeProfile, office_profiles
from lwcore.demo.rows import TABLE_ORDER
from lwcore.demo.timeline import Window
from lwcore.directory import Directory

#: Enough for every screen to look lived-in, small enough to load in seconds.
DEFAULT_HOUSEHOLDS_PER_OFFICE = 300
DEFAULT_SEED = 2016


@frozen
class DemoSummary:
    """What was loaded: rows per table (in foreign-key order), for which offices."""

    offices: tuple[str, ...]
    seed: int
    now: datetime
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def demo_window(directory: Directory, now: datetime | None = None) -> Window:
    """The history's frame in the deployment's zone and holidays, ending at ``now``."""
    zone = directory.deployment.zone
    moment = now or datetime.now(zone)
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: give it a time zone")
    return Window(moment, zone, directory.public_holidays)


def load_demo(
    database: Database,
    directory: Directory,
    *,
    households: int | None = None,
    seed: int = DEFAULT_SEED,
    now: datetime | None = None,
) -> DemoSummary:
    """Fill an empty database with demo data for every office of ``directory``.

    ``households`` counts across all offices (default: 300 per office); about
    ten consultations per household follow. Raises DatabaseNotEmpty, leaving
    the database as it was, when it already holds data.
    """
    window = demo_window(directory, now)
    profiles = office_profiles(directory, window.first_day, window.now)
    if households is None:
        households = DEFAULT_HOUSEHOLDS_PER_OFFICE * len(profiles)
    return load_profiles(database, profiles, households=households, seed=seed, window=window)


def load_profiles(
    database: Database,
    profiles: Sequence[OfficeProfile],
    *,
    households: int,
    seed: int,
    window: Window,
) -> DemoSummary:
    """Generate and load demo data for these profiles (the benchmark passes clones)."""
    if households < 0:
        raise ValueError("households must not be negative")
    plan = DemoPlan(households=households, seed=seed, window=window)
    counts = load(database, generate(profiles, plan))
    return DemoSummary(
        offices=tuple(profile.slug for profile in profiles),
        seed=seed,
        now=window.now,
        counts={table: counts[table] for table in TABLE_ORDER},
    )


__all__ = [
    "DEFAULT_HOUSEHOLDS_PER_OFFICE",
    "DEFAULT_SEED",
    "DatabaseNotEmpty",
    "DemoSummary",
    "OfficeProfile",
    "demo_window",
    "load_demo",
    "load_profiles",
]
