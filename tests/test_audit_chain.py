"""The audit trail is append-only in the database and tamper-evident by its hash
chains: what the database refuses, and what ``verify_chain`` finds when the
guards are bypassed (as someone with file or superuser access could)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Connection, select

from lwcore.db import migrate
from lwcore.db.audit_verify import ChainReport, verify_chain
from lwcore.db.engine import Database
from lwcore.db.models import AuditEntry, AuditSeal
from lwcore.services import AccessDenied, Services
from tests.access.cases_privacy import old_audit_entry, seed_household
from tests.conftest import NOW
from tests.test_database import empty_database  # noqa: F401 (fixture)

_E = AuditEntry.__table__.c  # type: ignore[attr-defined]


def report(database: Database) -> ChainReport:
    with database.reading() as connection:
        return verify_chain(connection)


def entry_ids(database: Database, office: str | None = "brackel") -> list[int]:
    where = _E.office.is_(None) if office is None else _E.office == office
    with database.reading() as connection:
        return list(connection.execute(select(_E.id).where(where).order_by(_E.id)).scalars())


@pytest.fixture
def written(services: Services, services_as: Callable[..., Services]) -> Database:
    """Entries in three chains: Brackel (4), Mengede/Huckarde (1), no office (1)."""
    brackel = seed_household(services, "brackel")
    for _ in range(3):
        services.households.get(brackel.id)
    services.audit.entries(office="brackel")
    mengede = seed_household(services_as("mengede_huckarde"), "mengede_huckarde")
    services_as("mengede_huckarde").households.get(mengede.id)
    with pytest.raises(AccessDenied):  # a coordinator reads figures only: refused, chained
        services_as(None, "coordinator").audit.entries()
    return services.context.database


@contextmanager
def unguarded(database: Database) -> Iterator[Connection]:
    """A transaction with the trail's guards out of the way, as a superuser
    (PostgreSQL) or someone editing the file (SQLite) could have it."""
    with database.engine.begin() as connection:
        if database.dialect == "postgresql":
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        else:
            names = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'"
            ).scalars()
            for name in list(names):
                connection.exec_driver_sql(f"DROP TRIGGER {name}")
        yield connection


def test_what_the_services_write_verifies(written: Database) -> None:
    found = report(written)
    assert found.chained
    assert found.intact, found.problem
    assert (found.entries, found.chains) == (6, 3)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entry SET staff = 'someone_else'",
        "DELETE FROM audit_entry",
        "DELETE FROM audit_subject",
        "UPDATE audit_subject SET household_code = 'BR-OTHER'",
        "DELETE FROM audit_head",
        "UPDATE audit_head SET last_id = 1",
    ],
)
def test_the_database_refuses_changing_the_trail(written: Database, statement: str) -> None:
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), written.engine.begin() as c:
        c.exec_driver_sql(statement)
    assert report(written).intact


@pytest.mark.parametrize("table", ["audit_entry", "audit_subject", "audit_head", "audit_seal"])
def test_postgresql_refuses_truncating_the_trail(written: Database, table: str) -> None:
    if written.dialect != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    with pytest.raises(sa.exc.DatabaseError, match="append-only"), written.engine.begin() as c:
        c.exec_driver_sql(f"TRUNCATE {table} CASCADE")
    assert report(written).intact


def _change(connection: Connection, ids: list[int]) -> tuple[str, int]:
    connection.execute(sa.update(AuditEntry).where(_E.id == ids[1]).values(staff="someone_else"))
    return "changed", ids[1]


def _delete_middle(connection: Connection, ids: list[int]) -> tuple[str, int]:
    connection.execute(sa.delete(AuditEntry).where(_E.id == ids[1]))
    return "missing_before", ids[2]


def _delete_last(connection: Connection, ids: list[int]) -> tuple[str, int]:
    connection.execute(sa.delete(AuditEntry).where(_E.id == ids[-1]))
    return "missing_after", ids[-2]


def _drop_a_household(connection: Connection, ids: list[int]) -> tuple[str, int]:
    connection.exec_driver_sql(f"DELETE FROM audit_subject WHERE entry_id = {ids[0]}")
    return "changed", ids[0]


def _truncate(connection: Connection, ids: list[int]) -> tuple[str, int | None]:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("TRUNCATE audit_entry, audit_subject")
    else:
        connection.exec_driver_sql("DELETE FROM audit_subject")
        connection.exec_driver_sql("DELETE FROM audit_entry")
    return "missing_after", None


@pytest.mark.parametrize(
    "tamper",
    [_change, _delete_middle, _delete_last, _drop_a_household, _truncate],
    ids=["update", "delete", "cut-off", "subject", "truncate"],
)
def test_verify_finds_what_was_done_behind_the_guards(
    written: Database, tamper: Callable[[Connection, list[int]], tuple[str, int | None]]
) -> None:
    ids = entry_ids(written)
    with unguarded(written) as connection:
        kind, where = tamper(connection, ids)
    found = report(written)
    brackel = [b for b in found.breaks if b.chain == "brackel"]
    assert [(b.kind, b.entry_id) for b in brackel] == [(kind, where)]
    if kind != "missing_after" or where is not None:
        # The other chains were not touched: each verifies on its own.
        assert {b.chain for b in found.breaks if b.kind != "guard_missing"} == {"brackel"}


def test_a_forged_back_dated_entry_is_found(written: Database) -> None:
    """Inserting is what the application itself does, so the database lets it
    through; an entry without the chain's hash, or dated before its place, shows."""
    with written.engine.begin() as connection:
        forged = connection.execute(
            sa.insert(AuditEntry)
            .values(
                at=NOW - timedelta(days=400),
                staff="brackel_stadt",
                role="office_lead",
                channel="cli",
                office="brackel",
                action="read",
                kind="household",
                records=1,
                detail="",
                prev_hash="",
                hash="",
            )
            .returning(_E.id)
        ).scalar_one()
    found = report(written)
    assert [(b.kind, b.entry_id) for b in found.breaks] == [("missing_before", forged)]


def test_a_back_dated_entry_with_the_right_hashes_is_found(
    written: Database, services: Services
) -> None:
    """Even computed with the chain's own function, an entry dated months before
    its predecessor is named (the application takes its time after the head)."""
    old_audit_entry(written, "brackel", NOW - timedelta(days=400), "BR-FORGED")
    forged = entry_ids(written)[-1]
    assert [(b.kind, b.entry_id) for b in report(written).breaks] == [("backdated", forged)]


def test_a_dropped_guard_is_named(written: Database) -> None:
    name = "audit_entry_no_delete" if written.dialect == "sqlite" else "audit_entry_guard"
    drop = f"DROP TRIGGER {name}" + ("" if written.dialect == "sqlite" else " ON audit_entry")
    with written.engine.connect() as connection, connection.begin() as transaction:
        connection.exec_driver_sql(drop)  # and rolled back: the test database is shared
        found = verify_chain(connection)
        transaction.rollback()
    assert [(b.kind, b.guard) for b in found.breaks] == [("guard_missing", name)]
    assert name in (found.problem or "")
    assert report(written).intact


def test_the_purge_seals_what_it_removes_and_the_rest_verifies(
    services: Services, services_as: Callable[..., Services]
) -> None:
    database = services.context.database
    for day in (1500, 1400, 1300):
        old_audit_entry(database, "brackel", NOW - timedelta(days=day), "BR-OLD")
    household = seed_household(services, "brackel")
    services.households.get(household.id)
    kept = entry_ids(database)[-1]
    services_as(None, "it_admin").retention.purge()
    assert entry_ids(database)[0] == kept
    with database.reading() as connection:
        seals = connection.execute(select(AuditSeal)).all()
    assert [(seal.chain, seal.removed) for seal in seals] == [("brackel", 3)]
    found = report(database)
    assert found.intact, found.problem
    # The seal lets the purge's entries go, nothing newer.
    with (
        pytest.raises(sa.exc.DatabaseError, match="append-only"),
        database.engine.begin() as connection,
    ):
        connection.execute(sa.delete(AuditEntry).where(_E.id == kept))


def test_concurrent_appends_keep_one_chain(
    services: Services, services_as: Callable[..., Services]
) -> None:
    """Four writers appending to the same office at once (PostgreSQL: separate
    connections; SQLite: one writer at a time by its lock) leave one unbroken chain."""
    household = seed_household(services, "brackel")
    errors: list[BaseException] = []

    def read_often() -> None:
        try:
            for _ in range(15):
                services.households.get(household.id)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    workers = [threading.Thread(target=read_often) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    found = report(services.context.database)
    assert found.intact, found.problem
    assert found.entries == 60


def _entry(**values: Any) -> dict[str, Any]:
    return {
        "at": NOW,
        "staff": "anna",
        "role": "office_lead",
        "channel": "cli",
        "office": "brackel",
        "action": "read",
        "kind": "household",
        "record_id": None,
        "records": 1,
        "detail": "",
        **values,
    }


def test_upgrading_chains_the_entries_already_stored(
    empty_database: Database,  # noqa: F811
) -> None:
    """A trail written before the chain existed (revision 0003) is chained by the
    upgrade and verifies; the entries keep their content."""
    database = empty_database
    migrate.upgrade(database, "0003")
    rows = [
        _entry(at=NOW - timedelta(hours=3)),
        _entry(office=None, role="coordinator", staff="koordination"),
        _entry(detail="household=* staff=*"),
    ]
    tables = sa.MetaData()
    with database.engine.begin() as connection:
        tables.reflect(connection, only=["audit_entry", "audit_subject"])
        entries, subjects = tables.tables["audit_entry"], tables.tables["audit_subject"]
        ids = connection.execute(entries.insert().returning(entries.c.id), rows).scalars().all()
        connection.execute(subjects.insert(), [{"entry_id": ids[0], "household_code": "BR-ABC123"}])
        stored = select(*(_E[column.name] for column in entries.columns)).order_by(_E.id)
        before = connection.execute(stored).all()
    migrate.upgrade(database)
    found = report(database)
    assert found.intact, found.problem
    assert (found.entries, found.chains) == (3, 2)
    with database.engine.connect() as connection:
        assert connection.execute(stored).all() == before


def test_after_a_purge_of_every_entry_ids_are_not_handed_out_again(
    services: Services, services_as: Callable[..., Services]
) -> None:
    """The purge may remove a chain's newest entries, even the table's newest:
    the next entry still gets a new id, after the seal and the head."""
    database = services.context.database
    for day in (1500, 1400):
        old_audit_entry(database, "brackel", NOW - timedelta(days=day), "BR-OLD")
    newest = entry_ids(database)[-1]
    services.retention.purge("brackel")
    household = seed_household(services, "brackel")
    services.households.get(household.id)
    assert min(entry_ids(database)) > newest
    found = report(database)
    assert found.intact, found.problem
