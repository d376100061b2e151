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
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from lwcore.db import migrate
from lwcore.db.audit_verify import verify_chain
from lwcore.db.engine import Database, normalise_url
from lwcore.db.failures import UnsoundCopy
from lwcore.db.restore import check_backup
from lwcore.db.schema_compare import check_schema
from lwcore.db.schema_drift import Snapshot, differences, drift, reference, snapshot
from lwcore.testing import TEST_DATABASE_VARIABLE

HISTORY = Path(__file__).parent / "migration_history"
OLD_0001 = "0001_daily_work_schema_as_shipped_4abf459.py"
EARLY_0001 = "0001_daily_work_schema_as_shipped_fdb6a25.py"
OLD_0002 = "0002_data_protection_as_shipped_99a2399.py"
OLD_0004 = "0004_tamper_evident_audit_as_shipped_f7ac0f5.py"
OLD_0006 = "0006_staff_roles_as_shipped_971ac50.py"

#: A database's history: each revision it was upgraded to, with the files as shipped then.
Steps = tuple[tuple[str, tuple[str, ...]], ...]


def state(revision: str, *variants: str) -> Steps:
    """Made up to ``revision``, one revision at a time, by today's files but ``variants``."""
    by_revision = {variant[:4]: (variant,) for variant in variants}
    numbers = (f"{number:04d}" for number in range(1, int(revision) + 1))
    return tuple((number, by_revision.get(number, ())) for number in numbers)


STATES: dict[str, Steps] = {
    "0001 as shipped in 4abf459": state("0001", OLD_0001),
    "0001 as shipped in 7d8995e": state("0001", EARLY_0001),
    "0001 since a541cc5": state("0001"),
    "0002 as shipped in 99a2399": state("0002", OLD_0002),
    "0002 since f9b630e": state("0002"),
    "0003": state("0003"),
    "0004 as shipped in f7ac0f5": state("0004", OLD_0004),
    "0004 since 64ab7f3": state("0004"),
    "0005": state("0005"),
    "0006 as shipped in 971ac50": state("0006", OLD_0006),
    "0006 since 742f2c7": state("0006"),
    "each first shipping in turn": state("0006", OLD_0001, OLD_0002, OLD_0004, OLD_0006),
}

#: Histories that more than one state begins with: built once, then copied.
SHARED = {
    steps[:length]
    for steps in STATES.values()
    for length in range(1, len(steps) + 1)
    if sum(other[:length] == steps[:length] for other in STATES.values()) > 1
}


class Builder:
    """Databases of one engine at shipped states. SQLite: a file each, a shared
    beginning built once and copied. PostgreSQL: a schema each in one database
    of the test server, dropped at the end (copying databases and dropping
    them one by one takes longer than migrating)."""

    def __init__(self, folder: Path, server: sa.Engine | None) -> None:
        self.folder = folder
        self.server = server
        self.kept: dict[Steps, str] = {}
        self.histories: dict[tuple[str, ...], Path] = {}
        self.made: list[Database] = []
        self.name = f"lw_converge_{uuid.uuid4().hex[:10]}"
        if server is not None:
            with server.connect() as connection:
                connection.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
            self.url = server.url.set(database=self.name)
            self.admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT")

    def history(self, variants: tuple[str, ...]) -> Path:
        """Today's migration scripts with ``variants`` in place of their revisions' files."""
        if variants not in self.histories:
            scripts = self.folder / f"migrations-{len(self.histories)}"
            shutil.copytree(
                migrate.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__")
            )
            for variant in variants:
                for today in (scripts / "versions").glob(f"{variant[:4]}_*.py"):
                    today.unlink()
                shutil.copyfile(HISTORY / variant, scripts / "versions" / variant)
            self.histories[variants] = scripts
        return self.histories[variants]

    def new(self, template: str | None = None) -> Database:
        """An empty database, or (SQLite) a copy of the file ``template``."""
        name = f"lw_{len(self.made)}"
        if self.server is None:
            path = self.folder / f"{name}.sqlite3"
            if template is not None:
                shutil.copyfile(template, path)
            database = Database(f"sqlite:///{path}")
        else:
            with self.admin.connect() as connection:
                connection.exec_driver_sql(f'CREATE SCHEMA "{name}"')
            url = self.url.update_query_dict({"options": f"-csearch_path={name}"})
            database = Database(url.render_as_string(hide_password=False))
        self.made.append(database)
        return database

    def upgrade(self, database: Database, steps: Steps) -> None:
        for revision, variants in steps:
            migrate.upgrade(database, revision, script_location=self.history(variants))

    def at(self, steps: Steps) -> Database:
        """A new database with the history ``steps``."""
        done = max(
            length for length in range(len(steps) + 1) if length == 0 or steps[:length] in self.kept
        )
        database = self.new(self.kept.get(steps[:done]))
        for length in range(done + 1, len(steps) + 1):
            self.upgrade(database, steps[length - 1 : length])
            if self.server is None and steps[:length] in SHARED:
                database.dispose()  # SQLite folds its write-ahead log into the file
                kept = self.folder / f"kept_{len(self.kept)}.sqlite3"
                shutil.copyfile(str(sa.engine.make_url(database.url).database), kept)
                self.kept[steps[:length]] = str(kept)
        return database

    def close(self) -> None:
        for database in self.made:
            database.dispose()
        if self.server is not None:
            self.admin.dispose()
            with self.server.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self.server.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def builder(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Builder]:
    server = None
    if request.param == "postgresql":
        url = os.environ.get(TEST_DATABASE_VARIABLE)
        if not url:
            pytest.skip(f"PostgreSQL: set {TEST_DATABASE_VARIABLE} to run")
        server = sa.create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    made = Builder(tmp_path_factory.mktemp("convergence"), server)
    try:
        yield made
    finally:
        made.close()


_HEAD: dict[str, Snapshot] = {}


def head_schema(database: Database) -> Snapshot:
    """A new database's schema at head, made once per engine (the PostgreSQL reference
    is built in a schema of ``database`` that is rolled back)."""
    engine = database.engine.dialect.name
    if engine not in _HEAD:
        _HEAD[engine] = reference(database)
    return _HEAD[engine]


def test_a_new_database_has_the_schema_of_head(builder: Builder) -> None:
    """The reference (a temporary file, or a rolled-back schema) is a new database."""
    database = builder.new()
    migrate.upgrade(database)
    with database.engine.connect() as connection:
        assert differences(snapshot(connection), head_schema(database)) == []


@pytest.mark.parametrize("state", STATES)
def test_every_shipped_state_upgrades_to_the_schema_of_a_new_database(
    state: str, builder: Builder
) -> None:
    database = builder.at(STATES[state])
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


def test_the_rebuilt_audit_trail_keeps_its_rows_ids_chain_and_guards(builder: Builder) -> None:
    """A database from the first shippings, with a household and audit entries
    written then, keeps them through 0007; the chain still verifies and the
    guards still refuse changes."""
    steps = STATES["each first shipping in turn"]
    database = builder.at(steps[:1])
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
    builder.upgrade(database, steps[1:2])
    with database.engine.begin() as connection:
        for entry_id in (1, 2, 3):
            connection.execute(sa.text(AUDIT_ENTRY), {"at": "2026-11-27 11:00:00"})
            connection.execute(
                sa.text("INSERT INTO audit_subject VALUES (:id, 'BR-7K4Q2M')"), {"id": entry_id}
            )
    builder.upgrade(database, steps[2:])
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


def test_the_old_states_really_differ_before_the_upgrade(builder: Builder) -> None:
    """The comparison sees each edit: a database of the first shippings, compared
    with a new one at 0006, names every one (each engine its own)."""
    database = builder.at(STATES["each first shipping in turn"])
    found = "\n".join(drift(database, "0006"))
    assert "column household.search_key (VARCHAR(40) NOT NULL default -) missing" in found
    assert "index household_code_search on household (" in found
    assert "extra index ix_household_label on household" in found
    assert "column home_visit.cancel_reason (VARCHAR(2000) NULL default -) missing" in found
    assert "index referral_office_created on referral (" in found
    assert "extra foreign key audit_subject(entry_id)" in found
    if database.engine.dialect.name == "sqlite":
        assert "autoincrement audit_entry is 'no', not 'yes'" in found
    else:
        assert "policy lw_own_chain on audit_seal (SELECT to lw_staff using" in found
        assert "grant to lw_staff on audit_seal (SELECT) missing" in found


@pytest.mark.parametrize("shipped", ["0001 as shipped in 4abf459", "0002 as shipped in 99a2399"])
def test_a_backup_taken_before_0007_of_an_old_state_is_restorable(
    shipped: str, tmp_path: Path
) -> None:
    """``lw db upgrade`` backs such a database up before 0007 repairs it: that copy
    must pass the restore checks (the next start upgrades it), and only before 0007."""
    builder = Builder(tmp_path, None)
    database = builder.at((*STATES[shipped], *state("0006")[len(STATES[shipped]) :]))
    database.dispose()
    path = Path(str(sa.engine.make_url(database.url).database))
    assert check_backup(path) == "0006"
    with pytest.raises(UnsoundCopy, match=r"audit_subject|household"):
        check_schema(path, "0007")
