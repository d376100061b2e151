"""Through an office staff login and a coordinator's login on PostgreSQL (migration
0011): each starts and extends its chains through the services as before, and with
plain SQL cannot point another chain's head at an entry of its own, whether by
UPDATE, by an upsert, by a new head, or by a temporary table called ``audit_entry``
put in front of the trail's (the guard names the trail's table with its schema).

Checked past lwcore's services (psycopg) on the throwaway SCRAM cluster
(tests/pg_cluster.py, tests/pg_demo_server.py); the same guard on both engines
through the owner's connection: tests/test_audit_head_guard.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from lwcore.db.audit_chain import GENESIS, chain_of
from lwcore.db.audit_verify import verify_chain
from lwcore.db.engine import Database
from lwcore.directory import Directory
from lwcore.services import AccessDenied, FrozenClock, Services
from lwcore.workplace import load_offices, open_workplace
from tests.conftest import NOW, REPO_CONFIG
from tests.pg_cluster import Cluster
from tests.pg_demo_server import Server, demo_server

psycopg = pytest.importorskip("psycopg")

DATABASE = "lw_head_guard"
OWNER = "head_guard_admin"
PEOPLE = {
    "hanna": ("brackel", "office_staff", "hanna-Secret-1"),
    "mira": ("mengede_huckarde", "office_staff", "mira-Secret-2"),
    "cora": ("", "coordinator", "cora-Secret-3"),
}
#: The chain each login's entries go to here (a coordinator's refused read: no office).
OWN_CHAIN = {"hanna": "brackel", "mira": "mengede_huckarde", "cora": ""}
#: Whose head each login tries to move: another chain than its own.
TARGET = {"hanna": "mengede_huckarde", "mira": "", "cora": "brackel"}
MOVE = "UPDATE audit_head SET last_id = %s, last_hash = %s WHERE chain = %s"
UPSERT = (
    "INSERT INTO audit_head (chain, last_id, last_hash) VALUES (%s, 0, %s) "
    "ON CONFLICT (chain) DO UPDATE SET last_id = %s, last_hash = %s"
)
#: An id beyond every real entry, for the temporary table's forged row.
FORGED_ID = 2_147_483_647


@pytest.fixture(scope="module")
def server(scram_cluster: Cluster, repo_directory: Directory) -> Iterator[Server]:
    """Demo work of both offices (no audit entry but the one of a Brackel household
    erased by its lead, as the owner), a staff login of each office, a coordinator's."""
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
def owner(server: Server) -> Iterator[Database]:
    database = Database(server.owner_url)
    try:
        yield database
    finally:
        database.dispose()


@contextmanager
def services_of(server: Server, login: str) -> Iterator[Services]:
    workplace = open_workplace(
        load_offices(REPO_CONFIG),
        staff=None,
        channel="test",
        url=server.url(login),
        clock=FrozenClock(NOW),
    )
    try:
        yield workplace.services
    finally:
        workplace.services.context.database.dispose()


def rows(owner: Database, sql: str, *values: Any) -> list[tuple[Any, ...]]:
    with owner.engine.connect() as connection:
        return [tuple(row) for row in connection.exec_driver_sql(sql, values)]


def heads(owner: Database) -> dict[str, tuple[int, str]]:
    found = rows(owner, "SELECT chain, last_id, last_hash FROM audit_head")
    return {chain: (last_id, last_hash) for chain, last_id, last_hash in found}


def append(server: Server, owner: Database, login: str) -> tuple[int, str]:
    """One entry through ``login``'s own services in its own chain (a read of a
    household of its office; a coordinator's refused read of the trail): its id and hash."""
    with services_of(server, login) as services:
        if OWN_CHAIN[login]:
            with server.connect(login) as connection:
                (household,) = connection.execute("SELECT min(id) FROM household").fetchone()
            services.households.get(household)
        else:
            with pytest.raises(AccessDenied):
                services.audit.entries()
    [(entry_id, digest, office)] = rows(
        owner,
        "SELECT id, hash, office FROM audit_entry WHERE staff = %s ORDER BY id DESC LIMIT 1",
        login,
    )
    assert chain_of(office) == OWN_CHAIN[login]
    return entry_id, digest


def intact(owner: Database) -> bool:
    with owner.reading() as connection:
        report = verify_chain(connection)
    assert report.intact, report.problem
    return True


@pytest.fixture(scope="module")
def started(server: Server, owner: Database) -> dict[str, Any]:
    """Each login's first entry: Mengede/Huckarde's chain and the chain of no office are
    new then (started by the login, at the genesis), Brackel's has the lead's erasure."""
    before = heads(owner)
    first = {login: append(server, owner, login) for login in PEOPLE}
    return {"before": before, "first": first, "after": heads(owner)}


def test_staff_and_coordinator_logins_start_and_extend_their_chains(
    server: Server, owner: Database, started: dict[str, Any]
) -> None:
    assert set(started["before"]) == {"brackel"}
    assert started["after"] == {
        OWN_CHAIN[login]: entry for login, entry in started["first"].items()
    }
    for login in ("mira", "cora"):
        entry_id = started["first"][login][0]
        assert rows(owner, "SELECT prev_hash FROM audit_entry WHERE id = %s", entry_id) == [
            (GENESIS,)
        ]
    again = {OWN_CHAIN[login]: append(server, owner, login) for login in PEOPLE}
    assert heads(owner) == again
    assert intact(owner)


def _update(connection: Any, target: str, entry: tuple[int, str]) -> None:
    connection.execute(MOVE, (*entry, target))


def _upsert(connection: Any, target: str, entry: tuple[int, str]) -> None:
    connection.execute(UPSERT, (target, GENESIS, *entry))


def _temporary_table(connection: Any, target: str, entry: tuple[int, str]) -> None:
    """A row of the target's chain in a table the login made, first on its search path:
    0004's guard looked the entry up there and let the head move to it."""
    connection.execute("CREATE TEMPORARY TABLE audit_entry (id integer, hash text, office text)")
    connection.execute(
        "INSERT INTO audit_entry VALUES (%s, %s, %s)", (FORGED_ID, entry[1], target or None)
    )
    connection.execute(MOVE, (FORGED_ID, entry[1], target))


@pytest.mark.parametrize("way", [_update, _upsert, _temporary_table], ids=lambda way: way.__name__)
@pytest.mark.parametrize("login", list(PEOPLE))
def test_a_login_cannot_point_another_chain_s_head_at_its_own_entry(
    server: Server, owner: Database, started: dict[str, Any], login: str, way: Any
) -> None:
    """The entry is the login's own, newer than the target's head, with its right hash:
    only its chain is wrong. Refused, saying why; every head stays, the trail verifies,
    and both chains go on."""
    target = TARGET[login]
    own = append(server, owner, login)
    before = heads(owner)
    with (
        server.connect(login) as connection,
        pytest.raises(
            psycopg.errors.RaiseException, match="to an entry of its own chain"
        ) as refusal,
    ):
        way(connection, target, own)
    assert refusal.value.diag.message_primary == (
        "audit_head: the audit trail is append-only "
        "(a head moves only forward, to an entry of its own chain)"
    )
    assert heads(owner) == before
    assert intact(owner)
    assert append(server, owner, login) == heads(owner)[OWN_CHAIN[login]]
    other = next(person for person, chain in OWN_CHAIN.items() if chain == target)
    assert append(server, owner, other) == heads(owner)[target]
    assert intact(owner)


@pytest.mark.parametrize("login", list(PEOPLE))
def test_a_login_starts_a_new_chain_only_at_the_genesis(
    server: Server, owner: Database, started: dict[str, Any], login: str
) -> None:
    """A head for a chain that has none (an office without entries yet) naming the
    login's own entry of another chain is refused; at the genesis it is let through
    (rolled back here: the application makes it when that office's first entry comes)."""
    own = append(server, owner, login)
    new = "eving"
    start = "INSERT INTO audit_head (chain, last_id, last_hash) VALUES (%s, %s, %s)"
    with server.connect(login) as connection:
        with pytest.raises(psycopg.errors.RaiseException, match="a chain gets one head"):
            connection.execute(start, (new, *own))
        with connection.transaction(force_rollback=True):
            connection.execute(start, (new, 0, GENESIS))
            assert connection.execute(
                "SELECT last_id, last_hash FROM audit_head WHERE chain = %s", (new,)
            ).fetchall() == [(0, GENESIS)]
    assert new not in heads(owner)
    assert intact(owner)
