"""What PostgreSQL's row-level security costs the daily queries of one office.

Loads bench/bench_data.py's city (12 offices) into a fresh PostgreSQL database,
provisions one office lead's login for brackel (lwcore.db.roles) and times the
same service calls through that login twice: with the row policies (migration
0006, asking once per statement since 0008) switched on, and with row-level
security disabled on the same tables (``ALTER TABLE … DISABLE ROW LEVEL
SECURITY``, run by the owner before the call, outside the timing). Same login,
same data, same connections; only the policies differ. The two states
alternate call by call (which goes first alternates too) and the ratio is the
median of the ratios of each pair, so a slower moment of a shared machine
weighs on both sides alike.

Each toggle invalidates the cached plans of the tables it alters, so every
timed call, on both sides, plans its statements afresh.

    uv run python bench/bench_rls.py                       # 100,000 households
    uv run python bench/bench_rls.py --households 20000 --runs 60

A superuser bypasses every policy, so the owner (postgres) is no fair "without"
side; it only loads the data and switches the policies.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench_data import (  # noqa: E402
    OFFICE,
    load_city,
    optional_service,
    postgres_database,
    unreachable,
)

from lwcore.db.engine import Database, normalise_url  # noqa: E402
from lwcore.db.roles import add_staff  # noqa: E402
from lwcore.directory import Directory, build_directory  # noqa: E402
from lwcore.services import Actor, Services  # noqa: E402

LOGIN = "brackel_rls_bench"
SEARCHES = (("prefix", "Ha"), ("spelled otherwise", "Muhammad"), ("code prefix", "BR-7K"))
#: The tables whose policies are switched: every one with row-level security
#: but staff_role, which lw_office() reads.
POLICED_TABLES = (
    "SELECT relname FROM pg_class WHERE relrowsecurity AND relkind = 'r'"
    " AND relnamespace = current_schema()::regnamespace AND relname <> 'staff_role'"
    " ORDER BY relname"
)


class Policies:
    """Switches row-level security on the policed tables, as the owner."""

    def __init__(self, owner: Database) -> None:
        self.engine = owner.engine
        with self.engine.connect() as connection:
            self.tables = [row[0] for row in connection.execute(text(POLICED_TABLES))]
        self.enabled = True

    def switch(self, enabled: bool) -> None:
        if enabled == self.enabled:
            return
        verb = "ENABLE" if enabled else "DISABLE"
        with self.engine.begin() as connection:
            for table in self.tables:
                connection.exec_driver_sql(f'ALTER TABLE "{table}" {verb} ROW LEVEL SECURITY')
        self.enabled = enabled


def staff_actor() -> Actor:
    """The login's actor: its key is the login, as the audit policy demands."""
    return Actor(
        key=LOGIN,
        name="Benchmark brackel",
        role="office_lead",
        employer="city",
        office=OFFICE,
        channel="cli",
    )


def cases(services: Services) -> list[tuple[str, Callable[[], object]]]:
    context = services.context
    today = context.today()
    week_end = today + timedelta(days=6 - today.weekday())
    month_end = today.replace(day=1) - timedelta(days=1)
    month_start = month_end.replace(day=1)
    dashboard = optional_service("lwcore.services.dashboard", "DashboardService", context)
    period = optional_service("lwcore.services.statistics", "StatisticsService", context)
    found: list[tuple[str, Callable[[], object]]] = []
    if dashboard is not None:
        found.append(("today's dashboard", lambda: dashboard.today(OFFICE, today)))
    for how, typed in SEARCHES:
        found.append(
            (
                f"search {how} {typed!r}",
                lambda typed=typed: services.households.search(OFFICE, typed),
            )
        )
    found.append(("referrals due this week", lambda: services.referrals.open_due(OFFICE, week_end)))
    if period is not None:
        found.append(
            (
                f"statistics {month_start:%b %Y}",
                lambda: period.period(OFFICE, month_start, month_end),
            )
        )
    return found


def paired(
    call: Callable[[], object], policies: Policies, runs: int, warmup: int
) -> tuple[float, float, float]:
    """Medians with and without the policies (ms) and the median of the pairs' ratios."""
    for run in range(warmup):
        for enabled in (True, False)[:: 1 if run % 2 else -1]:
            policies.switch(enabled)
            call()
    timings: dict[bool, list[float]] = {True: [], False: []}
    ratios = []
    for run in range(runs):
        pair = {}
        for enabled in (True, False)[:: 1 if run % 2 else -1]:
            policies.switch(enabled)
            start = time.perf_counter()
            call()
            pair[enabled] = time.perf_counter() - start
        timings[True].append(pair[True])
        timings[False].append(pair[False])
        ratios.append(pair[True] / pair[False])
    return (
        statistics.median(timings[True]) * 1000,
        statistics.median(timings[False]) * 1000,
        statistics.median(ratios),
    )


def visible_households(staff: Database) -> int:
    with staff.engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM household")).scalar_one())


def server_version(database: Database) -> str:
    with database.engine.connect() as connection:
        return str(connection.execute(text("SHOW server_version")).scalar_one())


def measure(owner: Database, directory: Directory, runs: int, warmup: int, limit: float) -> None:
    add_staff(owner, LOGIN, OFFICE, "office_lead", "bench-only-password")
    url = make_url(owner.engine.url.render_as_string(hide_password=False))
    staff = Database(url.set(username=LOGIN, password=None).render_as_string(hide_password=False))
    policies = Policies(owner)
    try:
        services = Services(staff, directory, actor=staff_actor())
        seen_with = visible_households(staff)
        policies.switch(False)
        seen_without = visible_households(staff)
        policies.switch(True)
        print(
            f"login {LOGIN} (office lead, {OFFICE}) sees {seen_with:,} households with"
            f" row-level security, {seen_without:,} without ({len(policies.tables)} tables"
            " switched by ALTER TABLE … ENABLE/DISABLE ROW LEVEL SECURITY between calls)"
        )
        print(f"{'query':<34} {'with RLS':>10} {'without':>10} {'ratio':>7}  target")
        for name, call in cases(services):
            with_ms, without_ms, ratio = paired(call, policies, runs, warmup)
            verdict = "holds" if ratio <= 1 + limit else "MISSED"
            print(f"{name:<34} {with_ms:>8.2f}ms {without_ms:>8.2f}ms {ratio:>6.2f}x  {verdict}")
    finally:
        policies.switch(True)
        staff.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--limit", type=float, default=0.20, help="allowed extra (0.20 = 20 %%)")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--config", type=Path, default=REPO / "config")
    args = parser.parse_args()
    problem = unreachable(args.postgres_url)
    if problem:
        sys.exit(f"PostgreSQL {args.postgres_url} unreachable ({problem})")
    real = build_directory(args.config)
    with postgres_database(args.postgres_url) as owner:
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cpus,"
            f" Python {platform.python_version()}, PostgreSQL {server_version(owner)},"
            f" load average {os.getloadavg()[0]:.1f} (other work slows both sides alike)"
        )
        directory = load_city(owner, real, args.households, "PostgreSQL")
        measure(owner, directory, args.runs, args.warmup, args.limit)
    drop_login(args.postgres_url)


def drop_login(server: str) -> None:
    """Roles outlive the dropped database: the benchmark's login goes too."""
    admin = create_engine(normalise_url(server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP ROLE IF EXISTS "{LOGIN}"')
    finally:
        admin.dispose()


if __name__ == "__main__":
    main()
