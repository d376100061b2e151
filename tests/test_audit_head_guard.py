"""A chain's head names only entries of its own chain (migration 0011), on both engines.

Before 0011 the guard on ``audit_head`` checked that the entry a head moved
to existed with that hash, not that it was of the head's chain: pointing
Brackel's head at another chain's entry was accepted, and ``lw audit
verify`` then reported Brackel's later entries as deleted. Through staff and
coordinator logins on PostgreSQL: tests/test_audit_head_guard_pg.py.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from lwcore.db import migrate
from lwcore.db.audit_chain import GENESIS, chain_of
from lwcore.db.audit_verify import verify_chain
from lwcore.db.engine import Database
from lwcore.db.schema_drift import drift
from lwcore.db.tables import AUDIT_ENTRY, AUDIT_HEAD
from lwcore.services import trail
from tests.conftest import NOW
from tests.test_database import empty_database  # noqa: F401 (fixture)

CHAINS = ("brackel", "mengede_huckarde", "")
#: Every ordered pair of two chains: the head of the first, an entry of the second.
OTHERS = [(target, source) for target in CHAINS for source in CHAINS if target != source]
MOVED = "to an entry of its own chain"
STARTED = "a chain gets one head"
_E = AUDIT_ENTRY.c
_H = AUDIT_HEAD.c


def append(database: Database, chain: str) -> tuple[int, str]:
    """One entry appended to ``chain`` as the services append (lwcore.services.trail):
    the chain's head claimed, started at the genesis when new, moved on; the entry's id
    and hash."""
    context: Any = SimpleNamespace(
        actor=SimpleNamespace(key="brackel_stadt", role="office_lead", channel="test"),
        now=lambda: NOW,
        database=database,
    )
    with database.write() as session:
        trail.append(context, session, "read", "household", chain or None)
    with database.reading() as connection:
        newest = connection.execute(
            sa.select(_E.id, _E.hash, _E.office).order_by(_E.id.desc()).limit(1)
        ).one()
    assert chain_of(newest.office) == chain
    return int(newest.id), str(newest.hash)


def head(database: Database, chain: str) -> tuple[int, str] | None:
    with database.reading() as connection:
        row = connection.execute(
            sa.select(_H.last_id, _H.last_hash).where(_H.chain == chain)
        ).one_or_none()
    return None if row is None else (int(row.last_id), str(row.last_hash))


def intact(database: Database) -> bool:
    with database.reading() as connection:
        report = verify_chain(connection)
    assert report.intact, report.problem
    return True


def move(chain: str, entry: tuple[int, str]) -> sa.Update:
    return (
        sa.update(AUDIT_HEAD).where(_H.chain == chain).values(last_id=entry[0], last_hash=entry[1])
    )


def refused(database: Database, statement: sa.Executable, words: str) -> None:
    with pytest.raises(sa.exc.DatabaseError, match=words), database.engine.begin() as connection:
        connection.execute(statement)


@pytest.mark.parametrize(("target", "source"), OTHERS)
def test_a_head_is_not_moved_to_an_entry_of_another_chain(
    lw_database: Database, target: str, source: str
) -> None:
    """The source's entry is newer than the target's head, and its id and hash are
    right: only its chain is wrong. The target's head stays, and its chain goes on."""
    append(lw_database, target)
    before = head(lw_database, target)
    theirs = append(lw_database, source)
    refused(lw_database, move(target, theirs), MOVED)
    assert head(lw_database, target) == before
    ours = append(lw_database, target)
    assert head(lw_database, target) == ours
    assert intact(lw_database)


@pytest.mark.parametrize("target", CHAINS)
def test_an_upsert_cannot_move_a_head_to_another_chain_either(
    lw_database: Database, target: str
) -> None:
    """``INSERT … ON CONFLICT DO UPDATE`` on an existing head runs the UPDATE guard."""
    source = next(chain for chain in CHAINS if chain != target)
    append(lw_database, target)
    theirs = append(lw_database, source)
    upsert = sa.text(
        "INSERT INTO audit_head (chain, last_id, last_hash) VALUES (:chain, 0, :genesis) "
        "ON CONFLICT (chain) DO UPDATE SET last_id = :id, last_hash = :hash"
    ).bindparams(chain=target, genesis=GENESIS, id=theirs[0], hash=theirs[1])
    refused(lw_database, upsert, "own chain")  # SQLite: its INSERT guard refuses it first
    assert intact(lw_database)


@pytest.mark.parametrize("new", ["mengede_huckarde", ""])
def test_a_new_chain_starts_at_the_genesis_not_at_another_chains_entry(
    lw_database: Database, new: str
) -> None:
    """A head inserted for a chain that has none names the genesis (as the application
    starts a chain), never an entry of another chain; the chain then starts as usual."""
    brackel = append(lw_database, "brackel")
    start = sa.insert(AUDIT_HEAD).values(chain=new, last_id=brackel[0], last_hash=brackel[1])
    refused(lw_database, start, STARTED)
    assert head(lw_database, new) is None
    first = append(lw_database, new)
    with lw_database.reading() as connection:
        previous = connection.execute(sa.select(_E.prev_hash).where(_E.id == first[0])).scalar()
    assert previous == GENESIS
    assert head(lw_database, new) == first
    assert intact(lw_database)


def test_every_chain_appends_as_before(lw_database: Database) -> None:
    """New chains (an office's, and ``""`` of entries without office) and old ones,
    interleaved, each with its head on its own newest entry."""
    written: dict[str, tuple[int, str]] = {}
    for chain in (*CHAINS, "brackel", "", "mengede_huckarde", "brackel"):
        written[chain] = append(lw_database, chain)
    assert {chain: head(lw_database, chain) for chain in CHAINS} == written
    with lw_database.reading() as connection:
        report = verify_chain(connection)
    assert (report.intact, report.entries, report.chains) == (True, 7, 3)


def test_sqlite_refuses_replacing_a_head(lw_database: Database) -> None:
    """SQLite's INSERT OR REPLACE would delete the head and insert another, past the
    UPDATE and DELETE guards: a chain that has a head gets no second one."""
    if lw_database.dialect != "sqlite":
        pytest.skip("INSERT OR REPLACE is SQLite's")
    older = append(lw_database, "brackel")
    newer = append(lw_database, "brackel")
    for back_to in ((0, GENESIS), older):
        replace = sa.insert(AUDIT_HEAD).prefix_with("OR REPLACE")
        refused(
            lw_database,
            replace.values(chain="brackel", last_id=back_to[0], last_hash=back_to[1]),
            STARTED,
        )
    assert head(lw_database, "brackel") == newer
    assert intact(lw_database)


def test_a_dropped_guard_on_new_heads_is_named(lw_database: Database) -> None:
    if lw_database.dialect != "sqlite":
        pytest.skip("PostgreSQL guards INSERT in audit_head_guard, named already")
    with lw_database.engine.connect() as connection, connection.begin() as transaction:
        connection.exec_driver_sql("DROP TRIGGER audit_head_new_chain")
        found = verify_chain(connection)
        transaction.rollback()
    assert [(b.kind, b.guard) for b in found.breaks] == [("guard_missing", "audit_head_new_chain")]


def _downgrade(database: Database, revision: str) -> None:
    config = migrate.alembic_config(database)
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_a_database_at_0010_gets_the_guard_when_upgraded(
    empty_database: Database,  # noqa: F811
) -> None:
    """At 0010 the move is accepted (rolled back here); after the upgrade it is refused,
    the trail written before still verifies, and every chain goes on, a new one too."""
    database = empty_database
    migrate.upgrade(database, "0010")
    append(database, "brackel")
    theirs = append(database, "")
    with database.engine.connect() as connection, connection.begin() as transaction:
        connection.execute(move("brackel", theirs))
        transaction.rollback()
    assert intact(database)  # at 0010 the guard 0011 adds is not missed
    migrate.upgrade(database)
    refused(database, move("brackel", theirs), MOVED)
    for chain in (*CHAINS, ""):
        appended = append(database, chain)
        assert head(database, chain) == appended
    assert intact(database)
    assert drift(database) == []


def test_the_downgrade_puts_back_the_guard_of_0004(
    empty_database: Database,  # noqa: F811
) -> None:
    """Down to 0010 the schema is a new 0010 database's again, and up again head's."""
    database = empty_database
    migrate.upgrade(database)
    _downgrade(database, "0010")
    assert drift(database, "0010") == []
    migrate.upgrade(database)
    assert drift(database) == []
