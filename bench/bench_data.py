"""How the data layer holds up at city scale: 12 offices, 100,000 households, ~1,000,000
consultations, on SQLite and PostgreSQL.

Prints, per engine, the time to generate and load the demo data, then the median
latency of what staff do all day (today's dashboard, household searches and the
check for a family already registered, the referrals due this week, a month's
statistics), each beside the same work written by hand in plain SQL on the raw
DBAPI connection. The same work includes the audit entry the service writes
for each read of personal data (all but the statistics). Service and plain SQL
run alternately, one call each in turn (which goes first alternates too), and
the ratio is the median of the ratios of each pair. The searches are set up in
bench/bench_search.py.

    uv run python bench/bench_data.py                      # full size, both engines
    uv run python bench/bench_data.py --small              # a quick check
    uv run python bench/bench_data.py --households 20000 --engines sqlite

PostgreSQL: a fresh database on 127.0.0.1:5432 as user postgres (override with
--postgres-url), dropped at the end; skipped with a note when unreachable.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from importlib import import_module
from pathlib import Path
from typing import Any

import attrs
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench_search import register_named, search_agrees, search_cases  # noqa: E402

from lwcore.db import migrate  # noqa: E402
from lwcore.db.audit_chain import GENESIS, entry_hash  # noqa: E402
from lwcore.db.engine import Database, normalise_url  # noqa: E402
from lwcore.demo import demo_window, load_profiles  # noqa: E402
from lwcore.demo.profiles import office_profiles  # noqa: E402
from lwcore.directory import Directory, build_directory  # noqa: E402
from lwcore.services import Actor, Services  # noqa: E402
from lwcore.services.base import ServiceContext  # noqa: E402

OFFICES = 12
OFFICE = "brackel"
DISTRICT = "Brackel"
SEED = 2016

# ---------------------------------------------------------------- the offices


def bench_slug(number: int, shipped: list[str]) -> str:
    """The real offices keep their slugs (so ``lw`` can open them); clones are office03.."""
    return shipped[number - 1] if number <= len(shipped) else f"office{number:02d}"


def city_directory(real: Directory) -> Directory:
    """The shipped directory with the two real offices cloned to twelve."""
    entries = list(real.offices.values())
    slugs = list(real.offices)
    clones = {}
    for number in range(1, OFFICES + 1):
        source = entries[(number - 1) % len(entries)]
        slug = bench_slug(number, slugs)
        clones[slug] = attrs.evolve(source, office=attrs.evolve(source.office, slug=slug))
    return Directory(
        deployment=real.deployment,
        config_dir=real.config_dir,
        host=real.host,
        offices=clones,
        city_partners=real.city_partners,
        topics=real.topics,
        partner_owners=real.partner_owners,
    )


def office_lead(office: str) -> Actor:
    """Who the measured calls act as: the office's lead, so every call is allowed
    and, like in the office, each read of personal data writes its audit entry."""
    return Actor(
        key=f"{office}_bench",
        name=f"Benchmark {office}",
        role="office_lead",
        employer="city",
        office=office,
        channel="cli",
    )


# ------------------------------------------------------------ plain SQL side

DASHBOARD_SQL = (
    "SELECT * FROM walk_in WHERE office = ? AND status = 'waiting'"
    " AND arrived_at >= ? AND arrived_at < ? ORDER BY arrived_at",
    "SELECT * FROM appointment WHERE office = ? AND starts_at >= ? AND starts_at < ?"
    " AND status != 'cancelled' ORDER BY starts_at",
    "SELECT * FROM home_visit WHERE office = ? AND status = 'planned'"
    " AND planned_for >= ? AND planned_for < ? ORDER BY planned_for",
    "SELECT d.*, h.code FROM (SELECT * FROM referral WHERE office = ?"
    " AND status IN ('open', 'accepted') AND follow_up_on <= ?"
    " ORDER BY follow_up_on, id LIMIT 50) d"
    " LEFT JOIN household h ON h.id = d.household_id ORDER BY d.follow_up_on, d.id",
    "SELECT count(*), coalesce(sum(people), 0),"
    " count(*) FILTER (WHERE household_id IS NULL AND former_household IS NULL),"
    " count(DISTINCT coalesce(household_id, former_household)) FROM consultation"
    " WHERE office = ? AND started_at >= ? AND started_at < ?",
    "SELECT count(*) FROM referral WHERE office = ? AND created_at >= ? AND created_at < ?",
    "SELECT count(*) FROM home_visit WHERE office = ? AND status = 'done'"
    " AND planned_for >= ? AND planned_for < ?",
)

DUE_SQL = (
    "SELECT d.*, h.code FROM (SELECT * FROM referral WHERE office = ?"
    " AND status IN ('open', 'accepted') AND follow_up_on <= ?"
    " ORDER BY follow_up_on, id LIMIT 200) d"
    " LEFT JOIN household h ON h.id = d.household_id ORDER BY d.follow_up_on, d.id"
)

PERIOD = "started_at >= ? AND started_at < ? AND office = ?"
STATISTICS_SQL = (
    "SELECT count(*), coalesce(sum(people), 0),"
    " count(*) FILTER (WHERE household_id IS NULL AND former_household IS NULL),"
    f" count(DISTINCT coalesce(household_id, former_household)) FROM consultation WHERE {PERIOD}",
    "SELECT t.topic, c.language, count(*) FROM consultation c"
    " JOIN consultation_topic t ON t.consultation_id = c.id"
    " WHERE c.started_at >= ? AND c.started_at < ? AND c.office = ?"
    " GROUP BY t.topic, c.language",
    f"SELECT language, count(*) FROM consultation WHERE {PERIOD} GROUP BY language",
    f"SELECT outcome, count(*) FROM consultation WHERE {PERIOD} GROUP BY outcome",
    "SELECT partner_key, count(*), count(*) FILTER (WHERE status = 'done'),"
    " count(*) FILTER (WHERE status = 'unsuccessful'),"
    " count(*) FILTER (WHERE status IN ('open', 'accepted'))"
    " FROM referral WHERE created_at >= ? AND created_at < ? AND office = ?"
    " GROUP BY partner_key",
    "SELECT count(*) FROM home_visit WHERE status = 'done'"
    " AND planned_for >= ? AND planned_for < ? AND office = ?",
)


class PlainSQL:
    """Hand-written queries on the database's raw DBAPI connection."""

    def __init__(self, database: Database) -> None:
        self.sqlite = database.dialect == "sqlite"
        self.connection: Any = database.engine.raw_connection()
        self.household_column: int | None = None

    def value(self, value: Any) -> Any:
        """A parameter as the column stores it (SQLite: UTC text, as SQLAlchemy writes it)."""
        if not self.sqlite:
            return value
        if isinstance(value, datetime):
            return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        if isinstance(value, date):
            return value.isoformat()
        return value

    def run(self, sql: str, *params: Any) -> list[Any]:
        if not self.sqlite:
            sql = sql.replace("?", "%s")
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql, tuple(self.value(param) for param in params))
            rows = list(cursor.fetchall()) if cursor.description else []
            names = [column[0] for column in cursor.description or ()]
            self.household_column = names.index("household_id") if "household_id" in names else None
            return rows
        finally:
            cursor.close()

    def households(self, rows: list[Any]) -> list[int]:
        """The household ids in ``rows`` of the statement just run (SELECT * of a table
        with a household_id column, or the household table itself)."""
        column = self.household_column if self.household_column is not None else 0
        return [row[column] for row in rows if row[column] is not None]

    def audit(self, kind: str, household_ids: list[int]) -> None:
        """What the service adds to a read: one audit entry naming the households by
        code, chained to the office's previous entry (its head locked, the hash
        computed, the head moved on), in a write transaction of its own."""
        self.done()
        if self.sqlite:
            self.run("BEGIN IMMEDIATE")
        wanted = sorted(set(household_ids))
        codes: list[str] = []
        if wanted and self.sqlite:
            marks = ", ".join("?" * len(wanted))
            codes = [
                row[0]
                for row in self.run(f"SELECT code FROM household WHERE id IN ({marks})", *wanted)
            ]
        elif wanted:
            codes = [
                row[0] for row in self.run("SELECT code FROM household WHERE id = ANY(?)", wanted)
            ]
        lock = "" if self.sqlite else " FOR UPDATE"
        head = self.run(f"SELECT last_hash FROM audit_head WHERE chain = ?{lock}", OFFICE)
        if not head:
            self.run(
                "INSERT INTO audit_head (chain, last_id, last_hash) VALUES (?, 0, ?)"
                " ON CONFLICT DO NOTHING",
                OFFICE,
                GENESIS,
            )
            head = self.run(f"SELECT last_hash FROM audit_head WHERE chain = ?{lock}", OFFICE)
        entry = {
            "at": datetime.now(UTC),
            "staff": "bench",
            "role": "office_lead",
            "channel": "cli",
            "office": OFFICE,
            "action": "read",
            "kind": kind,
            "record_id": None,
            "records": len(household_ids),
            "detail": "",
        }
        previous = head[0][0]
        digest = entry_hash(previous, entry, codes)
        entry_id = self.run(
            "INSERT INTO audit_entry (at, staff, role, channel, office, action, kind,"
            " records, detail, prev_hash, hash)"
            " VALUES (?, 'bench', 'office_lead', 'cli', ?, 'read', ?, ?, '', ?, ?) RETURNING id",
            entry["at"],
            OFFICE,
            kind,
            len(household_ids),
            previous,
            digest,
        )[0][0]
        for code in sorted(set(codes)):
            self.run(
                "INSERT INTO audit_subject (entry_id, household_code) VALUES (?, ?)", entry_id, code
            )
        self.run(
            "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE chain = ?",
            entry_id,
            digest,
            OFFICE,
        )
        if self.sqlite:
            self.run("COMMIT")
        else:
            self.connection.commit()

    def done(self) -> None:
        """End the read transaction, as a service's session does."""
        if not self.sqlite:
            self.connection.rollback()

    def close(self) -> None:
        self.connection.close()


# ----------------------------------------------------------------- measuring


def median_ms(action: Callable[[], object], runs: int, warmup: int) -> float:
    for _ in range(warmup):
        action()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def paired_ms(
    service: Callable[[], object], plain: Callable[[], object], runs: int, warmup: int
) -> tuple[float, float, float]:
    """Medians of service and plain SQL, run alternately (which one goes first
    alternates too), and the median of each pair's ratio: a slower or faster
    moment of a shared machine then weighs on both sides alike."""
    for _ in range(warmup):
        service()
        plain()
    served, by_hand, ratios = [], [], []
    for run in range(runs):
        pair = {}
        for side, action in (("service", service), ("plain", plain))[:: 1 if run % 2 else -1]:
            start = time.perf_counter()
            action()
            pair[side] = time.perf_counter() - start
        served.append(pair["service"])
        by_hand.append(pair["plain"])
        ratios.append(pair["service"] / pair["plain"])
    return (
        statistics.median(served) * 1000,
        statistics.median(by_hand) * 1000,
        statistics.median(ratios),
    )


def day_bounds(context: ServiceContext, first: date, last: date) -> tuple[datetime, datetime]:
    zone = context.zone
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    return start, datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone)


def cases(services: Services, plain: PlainSQL) -> list[tuple[str, Any, Any]]:
    """(name, service call or None, plain-SQL call) for each measured query."""
    context = services.context
    today = context.today()
    week_end = today + timedelta(days=6 - today.weekday())
    month_start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    month_end = today.replace(day=1) - timedelta(days=1)

    def plain_dashboard() -> None:
        day_start, day_end = day_bounds(context, today, today)
        week = day_bounds(context, today, week_end)
        month = day_bounds(context, today.replace(day=1), today)
        waiting, booked, visits, due, counters, referred, done = DASHBOARD_SQL
        shown = plain.households(plain.run(waiting, OFFICE, day_start, day_end))
        shown += plain.households(plain.run(booked, OFFICE, day_start, day_end))
        shown += plain.households(plain.run(visits, OFFICE, *week))
        shown += plain.households(plain.run(due, OFFICE, today))
        plain.run(counters, OFFICE, *month)
        plain.run(referred, OFFICE, *month)
        plain.run(done, OFFICE, *month)
        plain.audit("dashboard", shown)

    def plain_due() -> None:
        plain.audit("referral", plain.households(plain.run(DUE_SQL, OFFICE, week_end)))

    def plain_statistics() -> None:
        begin, finish = day_bounds(context, month_start, month_end)
        for sql in STATISTICS_SQL:
            plain.run(sql, begin, finish, OFFICE)
        plain.done()

    dashboard = optional_service("lwcore.services.dashboard", "DashboardService", context)
    period = optional_service("lwcore.services.statistics", "StatisticsService", context)
    return [
        (
            "today's dashboard",
            dashboard and (lambda: dashboard.today(OFFICE, today)),
            plain_dashboard,
        ),
        *search_cases(services, plain, OFFICE),
        (
            "referrals due this week",
            lambda: services.referrals.open_due(OFFICE, week_end),
            plain_due,
        ),
        (
            f"statistics {month_start:%b %Y}",
            period and (lambda: period.period(OFFICE, month_start, month_end)),
            plain_statistics,
        ),
    ]


def optional_service(module: str, name: str, context: ServiceContext) -> Any | None:
    """A service that may not be written yet: measured once its module exists."""
    try:
        return getattr(import_module(module), name)(context)
    except (ImportError, AttributeError):
        return None


def same_answers(services: Services, plain: PlainSQL) -> str:
    """Both sides must see the same rows, or the comparison means nothing."""
    context = services.context
    today = context.today()
    week_end = today + timedelta(days=6 - today.weekday())
    due = services.referrals.open_due(OFFICE, week_end)
    hand_due = plain.run(DUE_SQL, OFFICE, week_end)
    month = day_bounds(context, today.replace(day=1), today)
    counted = plain.run(DASHBOARD_SQL[4], OFFICE, *month)[0][0]
    plain.done()
    if len(due) != len(hand_due):
        return f"MISMATCH: {len(due)} referrals due by the service, {len(hand_due)} by hand"
    return (
        f"both sides agree ({len(due)} referrals due by {week_end}, "
        f"{counted} consultations this month in {OFFICE})"
    )


def measure(database: Database, directory: Directory, runs: int, warmup: int) -> None:
    services = Services(database, directory, actor=office_lead(OFFICE))
    plain = PlainSQL(database)
    try:
        print(f"  {same_answers(services, plain)}")
        for line in search_agrees(services, plain, OFFICE):
            print(f"  {line}")
        print(f"  {'query':<38} {'service':>10} {'plain SQL':>10} {'ratio':>7}")
        for name, service, hand_written in cases(services, plain):
            if service is None:
                plain_ms = median_ms(hand_written, runs, warmup)
                print(f"  {name:<38} {'not available':>10} {plain_ms:>8.2f}ms")
                continue
            service_ms, plain_ms, ratio = paired_ms(service, hand_written, runs, warmup)
            print(f"  {name:<38} {service_ms:>8.2f}ms {plain_ms:>8.2f}ms {ratio:>6.2f}x")
        dashboard_dates = median_ms(
            lambda: directory.meetings(
                services.context.today(),
                services.context.today() + timedelta(days=35),
                office=OFFICE,
            ),
            runs,
            warmup,
        )
        print(f"  (of the dashboard: round-table dates in Python {dashboard_dates:.2f}ms)")
    finally:
        plain.close()


# ------------------------------------------------------------------ engines


@contextmanager
def sqlite_database(keep: Path | None = None) -> Iterator[Database]:
    if keep is not None:
        keep.unlink(missing_ok=True)
        database = Database(f"sqlite:///{keep.resolve()}")
        try:
            yield database
        finally:
            database.dispose()
        return
    with tempfile.TemporaryDirectory(prefix="lw-bench-") as folder:
        database = Database(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        try:
            yield database
        finally:
            database.dispose()


def unreachable(server: str) -> str | None:
    """Why the PostgreSQL server cannot be used, or None when it can."""
    engine = create_engine(normalise_url(server))
    try:
        with engine.connect():
            return None
    except OperationalError as error:
        return str(error.orig or error).strip().splitlines()[0]
    finally:
        engine.dispose()


@contextmanager
def postgres_database(server: str) -> Iterator[Database]:
    name = f"lw_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(normalise_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(normalise_url(server)).set(database=name)
    database = Database(url.render_as_string(hide_password=False))
    try:
        yield database
    finally:
        database.dispose()
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def load_city(database: Database, real: Directory, households: int, name: str = "") -> Directory:
    """Load the twelve offices' data into ``database``, register the bench's named
    households and let the database settle; returns the city directory."""
    migrate.upgrade(database)
    window = demo_window(real)
    shipped = office_profiles(real, window.first_day, window.now)
    slugs = list(real.offices)
    profiles = [
        shipped[(number - 1) % len(shipped)].renamed(bench_slug(number, slugs))
        for number in range(1, OFFICES + 1)
    ]
    start = time.perf_counter()
    summary = load_profiles(database, profiles, households=households, seed=SEED, window=window)
    seconds = time.perf_counter() - start
    counts = summary.counts
    print(
        f"\n{name}: {len(profiles)} offices, {counts['household']:,} households,"
        f" {counts['consultation']:,} consultations, {counts['referral']:,} referrals,"
        f" {counts['home_visit']:,} visits, {counts['appointment']:,} appointments"
        f" ({summary.total:,} rows): generated and loaded in {seconds:.1f}s"
    )
    directory = city_directory(real)
    register_named(Services(database, directory, actor=office_lead(OFFICE)), OFFICE, DISTRICT)
    settle(database)
    return directory


def bench_engine(name: str, database: Database, real: Directory, args: argparse.Namespace) -> None:
    """Load the twelve offices' data into ``database``, then time the queries."""
    directory = load_city(database, real, args.households, name)
    measure(database, directory, args.runs, args.warmup)


def settle(database: Database) -> None:
    """Let the database catch up with the bulk load before timing, as a database in
    daily use has: PostgreSQL vacuums and checkpoints (otherwise autovacuum runs
    during the measurements), SQLite folds its write-ahead log into the file."""
    if database.dialect == "sqlite":
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")
        connection.exec_driver_sql("CHECKPOINT")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument(
        "--small", action="store_true", help="5,000 households and 50 runs: a quick check"
    )
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--config", type=Path, default=REPO / "config")
    parser.add_argument(
        "--keep-sqlite",
        type=Path,
        help="write the SQLite database here and keep it (for bench/bench_startup.py)",
    )
    args = parser.parse_args()
    if args.small:
        args.households, args.runs, args.warmup = 5_000, 50, 5
    real = build_directory(args.config)
    for engine in [name.strip() for name in args.engines.split(",") if name.strip()]:
        if engine == "sqlite":
            with sqlite_database(args.keep_sqlite) as database:
                bench_engine("SQLite", database, real, args)
        elif engine == "postgresql":
            problem = unreachable(args.postgres_url)
            if problem:
                print(f"\nPostgreSQL: skipped, {args.postgres_url} unreachable ({problem})")
                continue
            with postgres_database(args.postgres_url) as database:
                bench_engine("PostgreSQL", database, real, args)
        else:
            parser.error(f"unknown engine {engine!r} (sqlite, postgresql)")


if __name__ == "__main__":
    main()
