"""Every database ever made by a shipped lw reaches the same schema as a new one.

Migrations 0001, 0002, 0004 and 0006 were edited after they shipped, so a
database's schema depended on the day it was made. Each shipped state is
rebuilt here from the migration files as they were (tests/migration_history,
copied from the commit named in each file), upgraded with today's
migrations, and compared with a new database at head (lwcore.db.schema_drift:
tables, columns with types, nullability and defaults, keys, indexes, checks,
triggers; on PostgreSQL also functions, row security, policies and grants).

The shipped states (``git log -- lwcore/db/migrations/versions``): 0001 in
4abf459, in 7d8995e (fdb6a25 changed a blank line only) and since a541cc5;
0002 in 99a2399 and since f9b630e; 0003; 0004 in f7ac0f5 and since 64ab7f3;
0005; 0006 in 971ac50 (7d002d8 changed its docstring only) and since 742f2c7.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from lwcore.db import migrate
from lwcore.db.audit_chain import verify_chain
from lwcore.db.engine import Database, normalise_url
from lwcore.db.schema_drift import Snapshot, differences, drift, reference, snapshot
from lwcore.testing import TEST_DATABASE_VARIABLE

HISTORY = Path(__file__).parent / "migration_history"
OLD_0001 = "0001_daily_work_schema_as_shipped_4abf459.py"
EARLY_0001 = "0001_daily_work_schema_as_shipped_fdb6a25.py"
OLD_0002 = "0002_data_protection_as_shipped_99a2399.py"
OLD_0004 = "0004_tamper_evident_audit_as_shipped_f7ac0f5.py"
OLD_0006 = "0006_staff_roles_as_shipped_971ac50.py"

#: A database's history: (revision it was upgraded to, migration files as shipped then).
Steps = tuple[tuple[str, tuple[str, ...]], ...]

STATES: dict[str, Steps] = {
    "new at head": (),
    "0001 as shipped in 4abf459": (("0001", (OLD_0001,)),),
    "0001 as shipped in 7d8995e": (("0001", (EARLY_0001,)),),
    "0001 since a541cc5": (("0001", ()),),
    "0002 as shipped in 99a2399": (("0002", (OLD_0002,)),),
    "0002 since f9b630e": (("0002", ()),),
    "0003": (("0003", ()),),
    "0004 as shipped in f7ac0f5": (("0004", (OLD_0004,)),),
    "0004 since 64ab7f3": (("0004", ()),),
    "0005": (("0005", ()),),
    "0006 as shipped in 971ac50": (("0006", (OLD_0006,)),),
    "0006 since 742f2c7": (("0006", ()),),
    "each first shipping in turn": (
        ("0001", (OLD_0001,)),
        ("0002", (OLD_0002,)),
        ("0004", (OLD_0004,)),
        ("0006", (OLD_0006,)),
    ),
}


def history_as_shipped(folder: Path, variants: tuple[str, ...]) -> Path:
    """Today's migration scripts with ``variants`` in place of the files of their revisions."""
    scripts = folder / f"migrations-{uuid.uuid4().hex[:8]}"
    shutil.copytree(migrate.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    for variant in variants:
        revision = variant[:4]
        for today in (scripts / "versions").glob(f"{revision}_*.py"):
            today.unlink()
        shutil.copyfile(HISTORY / variant, scripts / "versions" / variant)
    return scripts


@pytest.fixture(params=["sqlite", "postgresql"])
def new_database(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[], Database]]:
    """Makes empty databases of one engine (PostgreSQL: a database each, dropped after)."""
    made: list[Database] = []
    names: list[str] = []
    admin = None
    if request.param == "postgresql":
        server = os.environ.get(TEST_DATABASE_VARIABLE)
        if not server:
            pytest.skip(f"PostgreSQL: set {TEST_DATABASE_VARIABLE} to run")
        admin = sa.create_engine(normalise_url(server), isolation_level="AUTOCOMMIT")

    def make() -> Database:
        if admin is None:
            database = Database(f"sqlite:///{tmp_path / f'lw-{len(made)}.sqlite3'}")
        else:
            name = f"lw_converge_{uuid.uuid4().hex[:10]}"
            with admin.connect() as connection:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
            names.append(name)
            database = Database(admin.url.set(database=name).render_as_string(hide_password=False))
        made.append(database)
        return database

    try:
        yield make
    finally:
        for database in made:
            database.dispose()
        if admin is not None:
            with admin.connect() as connection:
                for name in names:
                    connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()


def build(database: Database, steps: Steps, folder: Path) -> None:
    """``database`` as each step's lw left it."""
    for revision, variants in steps:
        migrate.upgrade(database, revision, script_location=history_as_shipped(folder, variants))


_HEAD: dict[str, Snapshot] = {}


def head_schema(database: Database) -> Snapshot:
    """A new database's schema at head, made once per engine (the PostgreSQL reference
    is built in a schema of ``database`` that is rolled back)."""
    engine = database.engine.dialect.name
    if engine not in _HEAD:
        _HEAD[engine] = reference(database)
    return _HEAD[engine]


def test_a_new_database_has_the_schema_of_head(new_database: Callable[[], Database]) -> None:
    database = new_database()
    migrate.upgrade(database)
    assert drift(database) == []


@pytest.mark.parametrize("state", [state for state in STATES if STATES[state]])
def test_every_shipped_state_upgrades_to_the_schema_of_a_new_database(
    state: str, new_database: Callable[[], Database], tmp_path: Path
) -> None:
    database = new_database()
    build(database, STATES[state], tmp_path)
    migrate.upgrade(database)
    with database.engine.connect() as connection:
        found = snapshot(connection)
    assert differences(found, head_schema(database)) == []


#: An audit entry as the services wrote them before the chain; ids 1, 2, … in a new database.
AUDIT_ENTRY = (
    "INSERT INTO audit_entry (at, staff, role, channel, office, action, kind, "
    "record_id, records, detail) VALUES (:at, 'yilmaz', 'office_lead', 'tui', "
    "'brackel', 'read', 'household', 1, 1, '')"
)


def test_the_rebuilt_audit_trail_keeps_its_rows_ids_chain_and_guards(
    new_database: Callable[[], Database], tmp_path: Path
) -> None:
    """A database from the first shippings, with a household and audit entries
    written then, keeps them through 0007; the chain still verifies and the
    guards still refuse changes."""
    database = new_database()
    steps = STATES["each first shipping in turn"]
    build(database, steps[:1], tmp_path)
    stamp = {"version": 1, "created_at": "2026-11-27 10:00:00", "updated_at": "2026-11-27 10:00:00"}
    with database.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO household (id, version, created_at, updated_at, code, office, "
                "controller, label, district, languages, members) VALUES (1, :version, "
                ":created_at, :updated_at, 'BR-7K4Q2M', 'brackel', 'city', ' Straße Öz ', "
                "'Brackel', '[]', 2)"
            ),
            stamp,
        )
    build(database, steps[1:2], tmp_path)
    with database.engine.begin() as connection:
        for entry_id in (1, 2, 3):
            connection.execute(sa.text(AUDIT_ENTRY), {"at": "2026-11-27 11:00:00"})
            connection.execute(
                sa.text("INSERT INTO audit_subject VALUES (:id, 'BR-7K4Q2M')"), {"id": entry_id}
            )
    build(database, steps[2:], tmp_path)
    migrate.upgrade(database)
    with database.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT search_key FROM household")).scalar() == (
            "strasse öz"
        )
        subjects = connection.execute(sa.text("SELECT entry_id FROM audit_subject ORDER BY 1"))
        assert subjects.scalars().all() == [1, 2, 3]
        report = verify_chain(connection)
        assert (report.intact, report.entries) == (True, 3)
    for refused in ("UPDATE audit_entry SET detail = 'x'", "DELETE FROM audit_subject"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), database.engine.begin() as c:
            c.execute(sa.text(refused))
    with database.engine.begin() as connection:
        connection.execute(sa.text(AUDIT_ENTRY), {"at": "2026-11-27 12:00:00"})
        assert connection.execute(sa.text("SELECT MAX(id) FROM audit_entry")).scalar() == 4


def test_the_old_states_really_differ_before_the_upgrade(
    new_database: Callable[[], Database], tmp_path: Path
) -> None:
    """The comparison sees each edit: built at the first shippings and stamped
    as if at head, the database names every one (the engine's own ones)."""
    database = new_database()
    build(database, STATES["each first shipping in turn"], tmp_path)
    with database.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE alembic_version SET version_num = :head"),
            {"head": migrate.head_revision()},
        )
    found = "\n".join(drift(database))
    assert "column household.search_key missing" in found
    assert "index household_code_search on household missing" in found
    assert "extra index ix_household_label on household" in found
    assert "column home_visit.cancel_reason missing" in found
    assert "index referral_office_created on referral missing" in found
    assert "extra foreign key audit_subject(entry_id)" in found
    if database.engine.dialect.name == "sqlite":
        assert "autoincrement audit_entry is 'no', not 'yes'" in found
    else:
        assert "policy lw_own_chain on audit_seal missing" in found
        assert "grant to lw_staff on audit_seal missing" in found
