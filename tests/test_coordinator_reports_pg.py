"""A city-wide coordinator's login on PostgreSQL makes council reports (migration
0010): the tables only a report holds come released from the database, the same
values the services release on the owner's connection; the record keys of rows
without one are derived alike in SQL and Python; and a coordinator's refused
attempt is written to the audit trail in its own name, while it reads no one
else's entry. On a throwaway server that requires SCRAM passwords
(tests/pg_cluster.py)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from lwcore.cli import cli
from lwcore.db.engine import Database
from lwcore.directory import Directory
from lwcore.reports.tables import build_report
from lwcore.reports.writing import renderer
from lwcore.services import FrozenClock, Services
from lwcore.services.disclosure import ReportFigures, release, release_report
from lwcore.services.report_tables import derived_key, months_of, report_tallies
from lwcore.testing import make_actor
from lwcore.workplace import load_offices, open_workplace
from tests.conftest import NOW, REPO_CONFIG
from tests.pg_cluster import Cluster
from tests.pg_demo_server import Server, demo_server

psycopg = pytest.importorskip("psycopg")

DATABASE = "lw_reports"
OWNER = "reports_admin"
PEOPLE = {
    "carla": ("", "coordinator", "carla-Secret-1"),
    "anton": ("brackel", "office_staff", "anton-Secret-2"),
    "ivo": ("", "it_admin", "ivo-Secret-4"),
}
#: A month and a year that are over, by the frozen clock and by the server's.
PERIODS = ((date(2026, 10, 1), date(2026, 10, 31)), (date(2025, 1, 1), date(2025, 12, 31)))
OFFICES = ("brackel", None)
REPORT = (
    "SELECT cell, office, key, second_key, third_key, released FROM lw_released_report(%s, %s, %s)"
)


@pytest.fixture(scope="module")
def server(scram_cluster: Cluster, repo_directory: Directory) -> Iterator[Server]:
    """Demo work of every office up to NOW (round tables, group offers and volunteers
    among it), one household erased by Brackel's lead, logins of each kind."""
    with demo_server(
        scram_cluster,
        repo_directory,
        database=DATABASE,
        owner=OWNER,
        people=PEOPLE,
        households=60,
        now=NOW,
    ) as made:
        yield made


@pytest.fixture(scope="module")
def owner_report(server: Server, repo_directory: Directory) -> Iterator[Any]:
    """The report as the services count and perturb it in Python, on the owner's
    connection (who reads every row): StatisticsService.report's own steps."""
    owner = Database(server.owner_url)
    services = Services(owner, repo_directory, FrozenClock(NOW), actor=make_actor("brackel"))
    zone = services.context.zone

    def moment(day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=zone)

    def released(office: str | None, start: date, end: date) -> ReportFigures:
        figures = release(services.statistics._tallies(office, start, end), exact=False)
        months = [(moment(first), moment(after)) for first, after in months_of(start, end)]
        with owner.reading() as connection:
            tallies = report_tallies(
                connection, office, moment(start), moment(end + timedelta(days=1)), months
            )
        return release_report(figures, tallies)

    try:
        yield released
    finally:
        owner.dispose()


@pytest.fixture(scope="module")
def coordinator(server: Server) -> Iterator[Services]:
    workplace = open_workplace(
        load_offices(REPO_CONFIG),
        staff=None,
        channel="test",
        url=server.url("carla"),
        clock=FrozenClock(NOW),
    )
    try:
        yield workplace.services
    finally:
        workplace.services.context.database.dispose()


@pytest.mark.parametrize("office", OFFICES, ids=lambda office: office or "all")
@pytest.mark.parametrize("period", PERIODS, ids=("month", "year"))
def test_a_coordinator_login_gets_the_report_the_service_releases(
    coordinator: Services, owner_report: Any, office: str | None, period: tuple[date, date]
) -> None:
    expected = owner_report(office, *period)
    # The demo has every kind of row a report counts, so each table is compared.
    assert expected.figures.consultations > 0
    assert expected.by_district
    if period == PERIODS[1]:
        # A month's outcomes of one office are small cells, which the perturbation by
        # the records' random keys may release as nothing at all; a year's are not.
        assert expected.referral_outcomes
    assert expected.round_tables
    assert expected.group_offers
    assert expected.volunteers > 0
    assert expected.volunteers_by_language
    seen = coordinator.statistics.report(office, *period)
    assert seen == expected
    assert seen.figures.perturbed


def test_the_database_gives_a_coordinator_nothing_for_a_period_that_is_not_over(
    server: Server,
) -> None:
    with server.connect("carla") as connection:
        today = connection.execute("SELECT current_date").fetchone()[0]
        running = today.replace(day=1)
        following = (running + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        for start, end in ((running, following), (date(2026, 10, 1), date(2026, 10, 15))):
            assert connection.execute(REPORT, ("brackel", start, end)).fetchall() == []
        october = connection.execute(REPORT, (None, *PERIODS[0])).fetchall()
    assert {row[0] for row in october} >= {"month", "district", "volunteers", "sessions"}


def test_lw_report_as_a_coordinator_login_writes_the_released_figures(
    server: Server,
    owner_report: Any,
    repo_directory: Directory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LW_DATABASE_URL", server.url("carla"))
    monkeypatch.delenv("LW_STAFF", raising=False)
    folder = tmp_path / "berichte"
    asked = ("report", "--office", "all", "--month", "2026-10", "--format", "csv")
    result = CliRunner().invoke(
        cli, ["--config", str(REPO_CONFIG), "--lang", "de", *asked, "--folder", str(folder)]
    )
    assert result.exit_code == 0, result.output
    report = build_report(owner_report(None, *PERIODS[0]), repo_directory, NOW)
    expected = renderer("csv")(report)
    assert sorted(path.name for path in folder.iterdir()) == sorted(expected)
    for name, content in expected.items():
        assert (folder / name).read_bytes() == content, name


def test_the_sql_record_key_is_the_python_one(server: Server) -> None:
    """lw_derived_key and report_tables.derived_key agree on random rows (microseconds,
    moments before 1970 and far ahead) and on every row of the tables that use it."""
    draw = random.Random(20261202)
    start = datetime(1960, 1, 1, tzinfo=UTC)
    rows = [
        (
            draw.choice(("volunteer", "group_session", "round_table_meeting", "agreed_action")),
            draw.randrange(1, 2**40),
            start + timedelta(microseconds=draw.randrange(0, 100 * 365 * 86400 * 10**6)),
        )
        for _ in range(2000)
    ]
    owner = Database(server.owner_url)
    try:
        with owner.engine.connect() as connection:
            computed = connection.execute(
                sa.text(
                    "SELECT lw_derived_key(t, i, c) FROM unnest(CAST(:tables AS text[]), "
                    "CAST(:ids AS bigint[]), CAST(:moments AS timestamptz[])) "
                    "WITH ORDINALITY AS row (t, i, c, n) ORDER BY n"
                ),
                {
                    "tables": [table for table, _, _ in rows],
                    "ids": [number for _, number, _ in rows],
                    "moments": [moment for _, _, moment in rows],
                },
            ).scalars()
            assert list(computed) == [derived_key(*row) for row in rows]
            stored = connection.execute(
                sa.text(
                    " UNION ALL ".join(
                        f"SELECT '{table}', id, created_at, lw_derived_key('{table}', id, "
                        f"created_at) FROM {table}"
                        for table in (
                            "volunteer",
                            "group_session",
                            "round_table_meeting",
                            "agreed_action",
                        )
                    )
                )
            ).all()
    finally:
        owner.dispose()
    assert len(stored) > 100
    assert [key for *_, key in stored] == [derived_key(t, i, c) for t, i, c, _ in stored]
    assert len({key for *_, key in stored}) > len(stored) * 0.99  # spread, not one value


@pytest.mark.parametrize("login", ["anton", "ivo"])
def test_staff_and_it_admin_logins_cannot_execute_the_report(server: Server, login: str) -> None:
    with server.connect(login) as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
        connection.execute(REPORT, (None, *PERIODS[0]))


@pytest.mark.parametrize("login", ["carla", "anton", "ivo"])
def test_the_key_derivation_is_the_owners_only(server: Server, login: str) -> None:
    with server.connect(login) as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
        connection.execute("SELECT lw_derived_key('volunteer', 1, now())")


def _invoke(url: str, *asked: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("LW_DATABASE_URL", url)
    monkeypatch.delenv("LW_STAFF", raising=False)
    return CliRunner().invoke(cli, ["--config", str(REPO_CONFIG), "--lang", "en", *asked])


def test_a_coordinators_refused_audit_is_recorded_and_reads_no_other_entry(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = Database(server.owner_url)
    denied = sa.text(
        "SELECT office, action, kind FROM audit_entry WHERE staff = 'carla' ORDER BY id"
    )
    try:
        with owner.engine.connect() as connection:
            before = connection.execute(denied).all()
            others = connection.execute(
                sa.text("SELECT count(*) FROM audit_entry WHERE staff <> 'carla'")
            ).scalar_one()
        assert others > 0  # the lead's erasure at least
        for asked in (("audit", "--json"), ("audit", "--office", "brackel", "--json")):
            result = _invoke(server.url("carla"), *asked, monkeypatch=monkeypatch)
            assert result.exit_code == 2, result.output
            assert result.stdout == ""
            assert "the database refuses" not in result.stderr
            [line] = result.stderr.strip().splitlines()
            assert line.startswith("Error: carla (coordinator) may not read the audit trail")
        with owner.engine.connect() as connection:
            after = connection.execute(denied).all()
        # One refusal each, in the chain of no office and in Brackel's.
        assert after[len(before) :] == [
            (None, "denied", "audit_entry"),
            ("brackel", "denied", "audit_entry"),
        ]
        with server.connect("carla") as connection:
            seen = connection.execute("SELECT DISTINCT staff FROM audit_entry").fetchall()
            assert seen == [("carla",)]
            assert connection.execute("SELECT count(*) FROM audit_subject").fetchone() == (0,)
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute("SELECT count(*) FROM audit_seal")
            # Its own name only: an entry as someone else is refused.
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(
                    "INSERT INTO audit_entry (at, staff, role, channel, office, action, kind, "
                    "records, detail, prev_hash, hash) VALUES (now(), 'anton', 'office_staff', "
                    "'cli', 'brackel', 'read', 'household', 0, '', '', '')"
                )
        verified = _invoke(server.owner_url, "audit", "verify", monkeypatch=monkeypatch)
        assert verified.exit_code == 0, verified.output
        assert "intact" in verified.stdout
    finally:
        owner.dispose()
