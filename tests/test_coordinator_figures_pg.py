"""A city-wide coordinator's login on PostgreSQL reads released figures only
(migration 0009): no table with personal data, and functions that count and
perturb inside the database with the services' own perturbation table. Checked
with plain SQL (psycopg) and through the services, on a throwaway server that
requires SCRAM passwords (tests/pg_cluster.py)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from lwcore.cli import cli
from lwcore.cli.statistics import as_document
from lwcore.db.engine import Database
from lwcore.db.models import metadata
from lwcore.directory import Directory
from lwcore.services import FrozenClock, InvalidInput, Services
from lwcore.services.disclosure import PeriodStatistics, release
from lwcore.services.perturbation import KEY_RANGE, STEADY_FROM, perturbed
from lwcore.testing import make_actor
from lwcore.workplace import load_offices, open_workplace
from tests.conftest import NOW, REPO_CONFIG
from tests.pg_cluster import Cluster
from tests.pg_demo_server import Server, demo_server

psycopg = pytest.importorskip("psycopg")

DATABASE = "lw_figures"
OWNER = "figures_admin"
PEOPLE = {
    "clara": ("", "coordinator", "clara-Secret-1"),
    "anton": ("brackel", "office_staff", "anton-Secret-2"),
    "lotte": ("brackel", "office_lead", "lotte-Secret-3"),
    "ivo": ("", "it_admin", "ivo-Secret-4"),
}
#: Whole calendar periods that are over (by the frozen clock and by the server's).
PERIODS = (
    (date(2026, 10, 1), date(2026, 10, 31)),
    (date(2026, 7, 1), date(2026, 9, 30)),
    (date(2026, 8, 1), date(2026, 8, 31)),
)
OFFICES = ("brackel", "mengede_huckarde", None)
FIGURES = "SELECT cell, key, second_key, released FROM lw_released_figures(%s, %s, %s)"


@pytest.fixture(scope="module")
def server(scram_cluster: Cluster, repo_directory: Directory) -> Iterator[Server]:
    """Demo work of both offices up to NOW, one household erased, logins of each kind."""
    with demo_server(
        scram_cluster,
        repo_directory,
        database=DATABASE,
        owner=OWNER,
        people=PEOPLE,
        households=40,
        now=NOW,
    ) as made:
        yield made


@pytest.fixture(scope="module")
def owner_statistics(server: Server, repo_directory: Directory) -> Iterator[Any]:
    """What the statistics service releases, counted and perturbed in Python on the
    owner's connection (who reads every row)."""
    owner = Database(server.owner_url)
    services = Services(owner, repo_directory, FrozenClock(NOW), actor=make_actor("brackel"))

    def released(office: str | None, start: date, end: date) -> PeriodStatistics:
        return release(services.statistics._tallies(office, start, end), exact=False)

    try:
        yield released
    finally:
        owner.dispose()


def _coordinator_services(server: Server) -> Any:
    workplace = open_workplace(
        load_offices(REPO_CONFIG),
        staff=None,
        channel="test",
        url=server.url("clara"),
        clock=FrozenClock(NOW),
    )
    return workplace.services


def test_the_sql_perturbation_is_the_python_table(server: Server) -> None:
    """Every count class (0 to 4 and the steady rows) at many cell keys, the thresholds'
    neighbours included: the database releases what lwcore.services.perturbation does."""
    draw = random.Random(20261202)
    keys = [draw.randrange(0, 40 * KEY_RANGE) for _ in range(400)]
    # Around each threshold of the table: the keys just below, at and above it.
    for fraction in (1 / 3, 2 / 3, 0.0638271367, 0.3085185899, 0.6914814101, 0.9361728633):
        near = int(fraction * KEY_RANGE)
        keys += [near - 1, near, near + 1]
    keys += [0, KEY_RANGE - 1, KEY_RANGE, 5 * KEY_RANGE + 17]
    counts = [*range(STEADY_FROM + 3), 12, 57, 250, 10_000]
    pairs = [(count, key) for count in counts for key in keys]
    owner = Database(server.owner_url)
    try:
        with owner.engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT c, k, lw_released(c, k) FROM unnest("
                    "CAST(:counts AS bigint[]), CAST(:keys AS numeric[])) AS pair (c, k)"
                ),
                {"counts": [c for c, _ in pairs], "keys": [k for _, k in pairs]},
            ).all()
    finally:
        owner.dispose()
    assert len(rows) == len(pairs)
    differing = [(c, int(k), v) for c, k, v in rows if v != perturbed(c, int(k))]
    assert differing == []
    released = {v for c, _k, v in rows if c in (1, 2)}
    assert released == {0, 3}  # 1 and 2 are never released


#: Tables a coordinator's login reads a part of: its own role row, and its own audit
#: entries with the chains' heads it appends to (migration 0010; checked in
#: tests/test_coordinator_reports_pg.py).
OWN_ROWS = {"staff_role", "audit_entry", "audit_subject", "audit_head"}


@pytest.mark.parametrize("table", sorted(set(metadata.tables) - OWN_ROWS), ids=lambda name: name)
def test_a_coordinator_login_selects_no_table(server: Server, table: str) -> None:
    with server.connect("clara") as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
        connection.execute(f"SELECT count(*) FROM {table}")


def test_a_coordinator_login_calls_the_figures_and_gets_what_the_service_releases(
    server: Server, owner_statistics: Any
) -> None:
    services = _coordinator_services(server)
    try:
        with server.connect("clara") as connection:
            for office in OFFICES:
                for start, end in PERIODS:
                    expected = owner_statistics(office, start, end)
                    assert expected.consultations > 0, (office, start)
                    rows = connection.execute(FIGURES, (office, start, end)).fetchall()
                    cells = {(cell, key, second): value for cell, key, second, value in rows}
                    assert cells["consultations", "", ""] == expected.consultations
                    assert cells["households", "", ""] == expected.households
                    assert cells["people", "", ""] == expected.people
                    topics = {key: v for (cell, key, _), v in cells.items() if cell == "topic"}
                    assert {key: v for key, v in topics.items() if v} == {
                        row.key: row.consultations for row in expected.by_topic
                    }
                    # Through the services, as `lw statistics` and the TUI ask for them.
                    seen = services.statistics.period(office, start, end, leaving=True)
                    assert seen == expected
                    assert seen.perturbed
    finally:
        services.context.database.dispose()


def test_an_erased_household_still_counts_once(server: Server, owner_statistics: Any) -> None:
    with server.connect("clara") as connection:
        rows = connection.execute(
            FIGURES, ("brackel", date(2026, 10, 1), date(2026, 10, 31))
        ).fetchall()
    owner = Database(server.owner_url)
    try:
        with owner.engine.connect() as connection:
            former = connection.execute(
                sa.text("SELECT count(*) FROM consultation WHERE former_household IS NOT NULL")
            ).scalar_one()
    finally:
        owner.dispose()
    assert former > 0
    expected = owner_statistics("brackel", date(2026, 10, 1), date(2026, 10, 31))
    assert {(c, k, s): v for c, k, s, v in rows}["households", "", ""] == (expected.households)


def test_a_period_that_is_not_over_or_not_whole_gives_nothing(server: Server) -> None:
    with server.connect("clara") as connection:
        today = connection.execute("SELECT current_date").fetchone()[0]
        running = today.replace(day=1)
        following = (running + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        for start, end in (
            (running, following),  # this month, still running
            (date(2026, 10, 1), date(2026, 10, 15)),  # half a month
            (date(2026, 10, 2), date(2026, 11, 1)),  # not a calendar month
            (date(2026, 10, 1), date(2026, 11, 30)),  # two months
            (date(2026, 10, 31), date(2026, 10, 1)),  # backwards
        ):
            assert connection.execute(FIGURES, ("brackel", start, end)).fetchall() == []
    services = _coordinator_services(server)
    try:
        with pytest.raises(InvalidInput, match="whole calendar month"):
            services.statistics.period("brackel", date(2026, 10, 1), date(2026, 10, 15))
    finally:
        services.context.database.dispose()


@pytest.mark.parametrize("login", ["anton", "lotte", "ivo"])
def test_staff_and_it_admin_logins_cannot_execute_the_figures(server: Server, login: str) -> None:
    """Staff read their own office's rows (and see its exact figures in the services);
    an IT admin reads no personal data, figures neither: EXECUTE is the coordinators'."""
    with server.connect(login) as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
        connection.execute(FIGURES, (None, date(2026, 10, 1), date(2026, 10, 31)))


@pytest.mark.parametrize(
    "call", ["lw_released(5, 123)", "lw_releasable('2026-10-01', '2026-10-31')"]
)
def test_the_helpers_are_the_owners_only(server: Server, call: str) -> None:
    with server.connect("clara") as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
        connection.execute(f"SELECT {call}")


def test_a_temporary_table_or_search_path_changes_nothing(server: Server) -> None:
    """The functions name every table with its schema and put pg_temp last: a login's
    own temporary ``consultation`` table is not what they count."""
    period = ("brackel", date(2026, 10, 1), date(2026, 10, 31))
    with server.connect("clara") as connection:
        before = sorted(connection.execute(FIGURES, period).fetchall())
        connection.execute("CREATE TEMP TABLE consultation (id int, office text)")
        connection.execute("INSERT INTO consultation VALUES (1, 'brackel')")
        connection.execute("SET search_path = pg_temp, public")
        assert sorted(connection.execute(FIGURES, period).fetchall()) == before


def test_lw_statistics_as_a_coordinator_login(
    server: Server, owner_statistics: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LW_DATABASE_URL", server.url("clara"))
    monkeypatch.delenv("LW_STAFF", raising=False)
    asked = ("statistics", "--office", "brackel", "--month", "2026-10", "--json")
    result = CliRunner().invoke(cli, ["--config", str(REPO_CONFIG), *asked])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    expected = owner_statistics("brackel", date(2026, 10, 1), date(2026, 10, 31))
    assert shown == json.loads(json.dumps(as_document(expected)))
    assert shown["perturbed"] is True
    assert shown["totals"]["consultations"] > 0


def test_a_coordinator_login_is_refused_the_audit_trail_in_one_line(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The services refuse a coordinator the audit trail, in one line, and chain the
    refusal in the trail in the coordinator's own name (migration 0010; see
    tests/test_coordinator_reports_pg.py); no entry is read."""
    monkeypatch.setenv("LW_DATABASE_URL", server.url("clara"))
    monkeypatch.delenv("LW_STAFF", raising=False)
    for asked in (("audit", "--json"), ("audit", "--office", "brackel", "--json")):
        result = CliRunner().invoke(cli, ["--config", str(REPO_CONFIG), "--lang", "en", *asked])
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1
        assert lines[0].startswith("Error: clara (coordinator) may not read the audit trail")


def test_an_it_admin_login_purges_only_with_the_administrators_connection(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The services let IT run the retention purge; an IT admin's login reads no
    personal data, so the database refuses it, in one line (README: the purge runs
    with the administrator's connection)."""
    monkeypatch.setenv("LW_DATABASE_URL", server.url("ivo"))
    monkeypatch.delenv("LW_STAFF", raising=False)
    result = CliRunner().invoke(
        cli, ["--config", str(REPO_CONFIG), "--lang", "en", "privacy", "purge", "--dry-run"]
    )
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: the database refuses this to your login: permission denied")
