"""Office isolation enforced by PostgreSQL: logins of their own, row policies, an
insert-only audit trail. Checked with plain SQL (psycopg), past lwcore's services,
on a throwaway server that requires SCRAM passwords (tests/pg_cluster.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from lwcore.cli import cli
from lwcore.db import migrate
from lwcore.db.engine import Database
from lwcore.db.models import metadata
from lwcore.db.roles import RoleProblem, add_staff, remove_staff
from lwcore.directory import Directory
from lwcore.services import FrozenClock, Services
from lwcore.services.access import UnknownStaff
from lwcore.testing import make_actor
from lwcore.workplace import load_offices, open_workplace
from tests.conftest import NOW, REPO_CONFIG
from tests.pg_cluster import Cluster
from tests.pg_demo_server import OWNER_PASSWORD, Server

psycopg = pytest.importorskip("psycopg")

DATABASE = "lw_roles"
OWNER = "office_admin"
OFFICES = ("brackel", "mengede_huckarde")
#: Login, office, role, password: provisioned once for the module.
PEOPLE = {
    "anna": ("brackel", "office_staff", "anna-Secret-1"),
    "lena": ("brackel", "office_lead", "lena-Secret-2"),
    "mehmet": ("mengede_huckarde", "office_staff", "mehmet-Secret-3"),
    "carla": ("", "coordinator", "carla-Secret-4"),
}
#: Tables whose rows carry an office (migration 0006 BY_OFFICE).
OFFICE_TABLES = ("household", "household_term", "consent", "consultation", "referral")


def _seed(database: Database, directory: Directory) -> None:
    """Each office's households with consents and consultations, as the owner."""
    for office in OFFICES:
        services = Services(database, directory, FrozenClock(NOW), actor=make_actor(office))
        district = next(iter(directory.office(office).office.districts))
        for label in ("Rahimi", "Nowak"):
            household = services.households.create(
                office=office, label=label, district=district, languages=["de"], members=2
            )
            services.consultations.record(
                office=office,
                language="de",
                topics=["job_search", "housing"],
                outcome="solved",
                household_id=household.id,
                started_at=NOW,
            )


@pytest.fixture(scope="module")
def server(scram_cluster: Cluster, repo_directory: Directory) -> Iterator[Server]:
    """The database ``lw_roles``, owned and migrated by ``office_admin``; its plain
    connections are transactions the tests commit or roll back."""
    superuser = sa.create_engine(scram_cluster.superuser_url(), isolation_level="AUTOCOMMIT")
    with superuser.connect() as connection:
        connection.exec_driver_sql(
            f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{OWNER_PASSWORD}'"
        )
        connection.exec_driver_sql(f"CREATE DATABASE {DATABASE} OWNER {OWNER}")
    made = Server(scram_cluster, DATABASE, OWNER, PEOPLE, autocommit=False)
    owner = Database(made.owner_url)
    try:
        migrate.upgrade(owner)
        for login, (office, role, password) in PEOPLE.items():
            add_staff(owner, login, office, role, password)
        _seed(owner, repo_directory)
        yield made
    finally:
        owner.dispose()
        with superuser.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        superuser.dispose()


def _offices_seen(connection: Any, table: str) -> set[str]:
    return {row[0] for row in connection.execute(f"SELECT office FROM {table}")}


@pytest.mark.parametrize("login", ["anna", "mehmet"])
def test_staff_see_only_their_office(server: Server, login: str) -> None:
    office = PEOPLE[login][0]
    with server.connect(login) as connection:
        for table in OFFICE_TABLES:
            seen = connection.execute(f"SELECT count(*), count(DISTINCT office) FROM {table}")
            count, offices = seen.fetchone()
            (expected,) = server.owner_rows(
                f"SELECT count(*) FROM {table} WHERE office = '{office}'"
            )[0]
            assert count == expected, table
            assert offices <= 1, table
            assert _offices_seen(connection, table) <= {office}, table
        # Rows hanging off a household follow it: no code of another office.
        (aliases_elsewhere,) = connection.execute(
            "SELECT count(*) FROM household_alias a JOIN household h ON h.id = a.household_id "
            "WHERE h.office <> %s",
            (office,),
        ).fetchone()
        assert aliases_elsewhere == 0
        (topics,) = connection.execute("SELECT count(*) FROM consultation_topic").fetchone()
    (expected_topics,) = server.owner_rows(
        "SELECT count(*) FROM consultation_topic t JOIN consultation c "
        f"ON c.id = t.consultation_id WHERE c.office = '{office}'"
    )[0]
    assert topics == expected_topics > 0
    assert server.owner_rows("SELECT count(DISTINCT office) FROM household")[0][0] == 2


def test_every_table_is_guarded_by_row_level_security(server: Server) -> None:
    """A new table must get its policies in a migration: until then this fails."""
    rows = server.owner_rows(
        "SELECT relname FROM pg_class WHERE relkind = 'r' AND relrowsecurity "
        "AND relforcerowsecurity AND relnamespace = current_schema()::regnamespace"
    )
    assert {name for (name,) in rows} == set(metadata.tables)


def test_staff_change_no_row_of_another_office(server: Server) -> None:
    before = server.owner_rows("SELECT id, office, note, version FROM household ORDER BY id")
    with server.connect("anna") as connection:
        changed = connection.execute(
            "UPDATE household SET note = 'seen' WHERE office = 'mengede_huckarde'"
        )
        assert changed.rowcount == 0
        removed = connection.execute("DELETE FROM household WHERE office = 'mengede_huckarde'")
        assert removed.rowcount == 0
        connection.commit()
        # Moving an own row into another office, or adding one there, is refused.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(
                "UPDATE household SET office = 'mengede_huckarde' WHERE office = 'brackel'"
            )
        connection.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(
                "INSERT INTO household (code, office, controller, label, search_key, district, "
                "languages, members, note, version, created_at, updated_at) VALUES "
                "('MH-FORGED1', 'mengede_huckarde', 'city', 'X', 'x', 'Mengede', '[]', 1, '', "
                "1, now(), now())"
            )
        connection.rollback()
    assert server.owner_rows("SELECT id, office, note, version FROM household ORDER BY id") == (
        before
    )


def test_the_office_lookup_ignores_the_logins_search_path(server: Server) -> None:
    """lw_office() runs without a SET clause of its own (migration 0008): a table
    ``staff_role`` of the login's, put first on its search_path, changes nothing."""
    (expected,) = server.owner_rows("SELECT count(*) FROM household WHERE office = 'brackel'")[0]
    with server.connect("anna") as connection:
        connection.execute(
            "CREATE TEMPORARY TABLE staff_role (role_name text, office text, role text)"
        )
        connection.execute(
            "INSERT INTO staff_role VALUES ('anna', 'mengede_huckarde', 'office_lead')"
        )
        connection.execute("SET search_path = pg_temp, public")
        assert connection.execute("SELECT lw_office(), lw_role()").fetchone() == (
            "brackel",
            "office_staff",
        )
        assert _offices_seen(connection, "household") == {"brackel"}
        (seen,) = connection.execute("SELECT count(*) FROM public.household").fetchone()
    assert seen == expected > 0


def test_the_policies_ask_for_the_office_once_per_statement(server: Server) -> None:
    """Every policy reads lw_office() and lw_role() through an init plan, and neither
    function carries settings or runs with its owner's rights."""
    quals = server.owner_rows(
        "SELECT tablename, policyname, coalesce(qual, '') || ' ' || coalesce(with_check, '') "
        "FROM pg_policies WHERE schemaname = current_schema()"
    )
    asking = [(table, policy, text) for table, policy, text in quals if "lw_" in text]
    assert len(asking) >= 16
    for table, policy, text in asking:
        bare = text.replace("SELECT lw_office()", "").replace("SELECT lw_role()", "")
        assert "lw_office()" not in bare, (table, policy, text)
        assert "lw_role()" not in bare, (table, policy, text)
    functions = server.owner_rows(
        "SELECT proname, proconfig, prosecdef, provolatile FROM pg_proc "
        "WHERE proname IN ('lw_office', 'lw_role') ORDER BY proname"
    )
    assert functions == [("lw_office", None, False, "s"), ("lw_role", None, False, "s")]


def test_a_login_without_a_staff_role_row_sees_nothing(server: Server) -> None:
    """In the staff group but not in staff_role (provisioned by hand, or removed while
    connected): lw_office() is NULL, so no row matches and nothing can be written."""
    with server.owner() as owner:
        add_staff(owner, "nora", "brackel", "office_staff", "nora-Secret-9")
    with server.connect("nora", "nora-Secret-9") as connection:
        (before,) = connection.execute("SELECT count(*) FROM household").fetchone()
        assert before > 0
        server.owner_execute("DELETE FROM staff_role WHERE role_name = 'nora'")
        for table in (*OFFICE_TABLES, "consultation_topic", "household_alias", "audit_seal"):
            (count,) = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
            assert count == 0, table
        assert connection.execute("SELECT lw_office()").fetchone() == (None,)
        changed = connection.execute("UPDATE household SET note = 'seen'")
        assert changed.rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(
                "INSERT INTO household (code, office, controller, label, search_key, district, "
                "languages, members, note, version, created_at, updated_at) VALUES "
                "('BR-FORGED2', 'brackel', 'city', 'X', 'x', 'Brackel', '[]', 1, '', "
                "1, now(), now())"
            )
    server.owner_execute("REVOKE lw_staff FROM nora")


def test_audit_subjects_go_only_to_the_entry_just_written(server: Server) -> None:
    """A login names households only in the entry its own connection has just written
    (migration 0008), not in someone else's entry nor in an earlier one."""
    (others,) = server.owner_rows("SELECT max(id) FROM audit_entry WHERE staff <> 'anna'")[0]
    add_subject = "INSERT INTO audit_subject (entry_id, household_code) VALUES (%s, 'BR-FORGED3')"
    add_entry = (
        "INSERT INTO audit_entry (at, staff, role, channel, office, action, kind, records, "
        "detail, prev_hash, hash) VALUES (now(), 'anna', 'office_staff', 'cli', 'brackel', "
        "'read', 'household', 1, '', '', '') RETURNING id"
    )
    before = server.owner_rows("SELECT entry_id, household_code FROM audit_subject ORDER BY 1, 2")
    with server.connect("anna") as connection:
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState):  # no entry written yet
            connection.execute(add_subject, (others,))
        connection.rollback()
        (own,) = connection.execute(add_entry).fetchone()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(add_subject, (others,))
        connection.rollback()
        (own,) = connection.execute(add_entry).fetchone()
        connection.execute(add_subject, (own,))
        connection.rollback()  # the entry is no real one: it leaves no trace
    after = server.owner_rows("SELECT entry_id, household_code FROM audit_subject ORDER BY 1, 2")
    assert after == before


def test_a_coordinator_reads_no_personal_data(server: Server) -> None:
    with server.connect("carla") as connection:
        for table in ("household", "consultation"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(f"SELECT count(*) FROM {table}")
            connection.rollback()
        # The audit trail: its own entries only (migration 0010: it writes its refusals).
        seen = connection.execute("SELECT DISTINCT staff FROM audit_entry").fetchall()
    assert set(seen) <= {("carla",)}
    assert server.owner_rows("SELECT count(*) FROM audit_entry WHERE staff <> 'carla'")[0][0] > 0


@pytest.mark.parametrize("login", ["anna", "lena"])
@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM audit_entry",
        "TRUNCATE audit_entry CASCADE",
        "UPDATE audit_entry SET detail = 'rewritten'",
        "DELETE FROM audit_subject",
        "TRUNCATE audit_subject",
        "DELETE FROM audit_head",
        "DELETE FROM deletion_log",
    ],
)
def test_the_audit_trail_cannot_be_removed_by_staff(
    server: Server, login: str, statement: str
) -> None:
    before = server.owner_rows("SELECT id, hash FROM audit_entry ORDER BY id")
    assert before
    with (
        server.connect(login) as connection,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        connection.execute(statement)
    assert server.owner_rows("SELECT id, hash FROM audit_entry ORDER BY id") == before


def test_audit_entries_are_written_only_in_ones_own_name(server: Server) -> None:
    with (
        server.connect("anna") as connection,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        connection.execute(
            "INSERT INTO audit_entry (at, staff, role, channel, office, action, kind, "
            "records, detail, prev_hash, hash) VALUES (now(), 'lena', 'office_lead', 'cli', "
            "'brackel', 'read', 'household', 1, '', '', '')"
        )


def test_office_leads_read_their_office_s_audit_trail_only(server: Server) -> None:
    with server.connect("lena") as connection:
        seen = _offices_seen(connection, "audit_entry")
    assert seen == {"brackel"}
    with server.connect("anna") as connection:  # office staff: only their own entries
        staff = {row[0] for row in connection.execute("SELECT staff FROM audit_entry")}
    assert staff <= {"anna"}


def test_every_tcp_login_needs_a_scram_password(server: Server) -> None:
    rules = server.superuser_rows("SELECT type, auth_method FROM pg_hba_file_rules")
    over_tcp = {method for kind, method in rules if kind.startswith("host")}
    assert over_tcp == {"scram-sha-256"}


def test_a_wrong_password_is_refused(server: Server) -> None:
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        server.connect("anna", password="anna-Secret-2")
    with pytest.raises(psycopg.OperationalError):
        server.connect("anna", password="")


def test_the_login_is_the_acting_staff_member(server: Server) -> None:
    offices = load_offices(REPO_CONFIG)
    workplace = open_workplace(offices, staff=None, channel="test", url=server.url("anna"))
    try:
        actor = workplace.services.context.actor
        assert (actor.key, actor.office, actor.role) == ("anna", "brackel", "office_staff")
        made = workplace.services.households.create(
            office="brackel", label="Schulz", district="Brackel", languages=["de"], members=1
        )
    finally:
        workplace.services.context.database.dispose()
    assert server.owner_rows(
        f"SELECT staff, office FROM audit_entry WHERE record_id = {made.id} AND action = 'create'"
    ) == [("anna", "brackel")]
    with pytest.raises(UnknownStaff, match="lw --as is not used here"):
        open_workplace(offices, staff="lena", channel="test", url=server.url("anna"))


def test_lw_as_is_refused_in_one_line_for_a_login(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LW_DATABASE_URL", server.url("anna"))
    result = CliRunner().invoke(cli, ["--config", str(REPO_CONFIG), "--as", "lena", "audit"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "lw --as is not used here" in result.stderr


def test_lw_audit_of_an_office_lead_login(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LW_DATABASE_URL", server.url("lena"))
    result = CliRunner().invoke(cli, ["--config", str(REPO_CONFIG), "audit", "--json"])
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    assert entries
    assert {entry["office"] for entry in entries} == {"brackel"}


def test_lw_audit_verify_of_an_office_lead_login(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LW_DATABASE_URL", server.url("lena"))
    result = CliRunner().invoke(cli, ["--config", str(REPO_CONFIG), "audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "intact" in result.stdout


def test_a_coordinator_login_is_refused_the_audit_trail_in_one_line(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The services refuse a coordinator the audit trail and chain the refusal in the
    trail, in the coordinator's own name (migration 0010): their refusal, in one line.
    (What the database refuses a login, in one line: tests/test_coordinator_figures_pg.py,
    an IT admin's purge.)"""
    monkeypatch.setenv("LW_DATABASE_URL", server.url("carla"))
    result = CliRunner().invoke(cli, ["--config", str(REPO_CONFIG), "--lang", "en", "audit"])
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: carla (coordinator) may not read the audit trail")


def _lw_staff(monkeypatch: pytest.MonkeyPatch, url: str, *args: str, typed: str = "") -> Result:
    monkeypatch.setenv("LW_DATABASE_URL", url)
    return CliRunner().invoke(cli, ["--config", str(REPO_CONFIG), "staff", *args], input=typed)


def test_lw_staff_add_and_remove_end_to_end(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    added = _lw_staff(
        monkeypatch,
        server.owner_url,
        "add",
        "jonas",
        "--office",
        "mengede_huckarde",
        "--role",
        "staff",
        "--password-stdin",
        typed="jonas-Secret-5\n",
    )
    assert added.exit_code == 0, added.output
    assert "jonas" in added.stdout
    (stored,) = server.superuser_rows("SELECT rolpassword FROM pg_authid WHERE rolname = 'jonas'")
    assert stored[0].startswith("SCRAM-SHA-256$")
    assert "jonas-Secret-5" not in stored[0]
    with server.connect("jonas", "jonas-Secret-5") as connection:
        assert _offices_seen(connection, "household") == {"mengede_huckarde"}
        connection.execute(
            "UPDATE household SET note = 'called back' WHERE id = (SELECT min(id) FROM household)"
        )
        connection.commit()
    workplace = open_workplace(
        load_offices(REPO_CONFIG),
        staff=None,
        channel="test",
        url=server.cluster.url("jonas", "jonas-Secret-5", DATABASE),
    )
    try:
        workplace.services.households.create(
            office="mengede_huckarde", label="Jansen", district="Mengede", languages=["de"]
        )
    finally:
        workplace.services.context.database.dispose()
    entries = server.owner_rows("SELECT id, hash FROM audit_entry WHERE staff = 'jonas'")
    assert entries

    removed = _lw_staff(monkeypatch, server.owner_url, "remove", "jonas")
    assert removed.exit_code == 0, removed.output
    with pytest.raises(psycopg.OperationalError):
        server.connect("jonas", "jonas-Secret-5")
    assert server.owner_rows("SELECT id, hash FROM audit_entry WHERE staff = 'jonas'") == entries
    assert not server.owner_rows("SELECT 1 FROM staff_role WHERE role_name = 'jonas'")


def test_lw_staff_add_asks_twice_without_echo(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("add", "petra", "--office", "brackel", "--role", "office_lead")
    mistyped = _lw_staff(monkeypatch, server.owner_url, *args, typed="one-Pass\ntwo-Pass\n" * 3)
    assert mistyped.exit_code != 0
    assert "one-Pass" not in mistyped.output
    added = _lw_staff(monkeypatch, server.owner_url, *args, typed="petra-Secret-6\n" * 2)
    assert added.exit_code == 0, added.output
    with server.connect("petra", "petra-Secret-6") as connection:
        assert _offices_seen(connection, "audit_entry") == {"brackel"}
    changed = _lw_staff(
        monkeypatch, server.owner_url, "password", "petra", "--password-stdin", typed="new-Pw-7\n"
    )
    assert changed.exit_code == 0, changed.output
    with pytest.raises(psycopg.OperationalError):
        server.connect("petra", "petra-Secret-6")
    server.connect("petra", "new-Pw-7").close()


@pytest.mark.parametrize(
    ("args", "refusal"),
    [
        (("add", "pg_x", "--office", "brackel", "--role", "staff"), "cannot be a login name"),
        (("add", "ina", "--office", "nowhere", "--role", "staff"), "no office 'nowhere'"),
        (("add", "ina", "--role", "staff"), "needs an office"),
        (("add", "ina", "--office", "brackel", "--role", "it_admin"), "has no office"),
        (("add", OWNER, "--office", "brackel", "--role", "staff"), "administrator's role"),
        (("password", "nobody"), "no staff login"),
        (("remove", "nobody"), "no staff login"),
    ],
)
def test_lw_staff_refusals_are_one_line(
    server: Server, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], refusal: str
) -> None:
    typed = ("--password-stdin",) if args[0] != "remove" else ()
    result = _lw_staff(monkeypatch, server.owner_url, *args, *typed, typed="pw\n")
    assert result.exit_code == 2, result.output
    assert refusal in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_staff_logins_need_postgresql(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'lw.sqlite3'}")
    try:
        with pytest.raises(RoleProblem, match="only on PostgreSQL"):
            add_staff(database, "anna", "brackel", "office_staff", "pw")
        with pytest.raises(RoleProblem, match="only on PostgreSQL"):
            remove_staff(database, "anna")
    finally:
        database.dispose()


def test_lw_staff_speaks_german_by_default(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LW_LANG", "de")
    refused = _lw_staff(monkeypatch, server.owner_url, "remove", "nobody")
    assert refused.exit_code == 2
    assert refused.stderr.strip() == (
        "Error: 'nobody' ist keine Anmeldung von Mitarbeitenden in dieser Datenbank"
    )
    args = ("add", "ines", "--office", "brackel", "--role", "staff", "--password-stdin")
    added = _lw_staff(monkeypatch, server.owner_url, *args, typed="ines-Secret-10\n")
    assert added.exit_code == 0, added.output
    assert added.stdout.strip() == "ines kann sich als Fachkraft im Büro in brackel anmelden"
    asked = _lw_staff(monkeypatch, server.owner_url, "password", "ines", typed="a-Pw\nb-Pw\n")
    assert "Passwort wiederholen" in asked.output
    assert "die beiden Passwörter sind verschieden; noch einmal" in asked.output
    removed = _lw_staff(monkeypatch, server.owner_url, "remove", "ines")
    assert removed.stdout.strip() == (
        "ines kann sich nicht mehr anmelden; das Protokoll behält die Einträge"
    )
