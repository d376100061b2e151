"""``lw db upgrade``: every pending migration in one transaction, a failure changes nothing.

Every test starts from a database at the first schema (0001) with rows in
every table. Most run a migration history with extra revisions after the
shipped ones: the shipped migrations copied into a temporary folder, which
``lwcore.db.migrate`` is pointed at for the test.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from lwcore.cli import cli
from lwcore.db import migrate
from lwcore.db.engine import Database, normalise_url
from lwcore.db.failures import MigrationFailed
from lwcore.db.restore import check_backup
from lwcore.db.schema_version import SCHEMA_HEAD
from lwcore.services.name_keys import label_terms
from lwcore.testing import TEST_DATABASE_VARIABLE, ConfigFolder, PluginRegistrar
from tests.test_database import FIRST_REVISION, FIRST_SCHEMA_ROWS

#: A second topic for the first consultation, so the counts below differ.
EXTRA_TOPIC = {"consultation_id": 1, "topic": "birth"}

ADDS_TOPIC_COUNT = '''
"""topics counted per consultation"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("consultation", sa.Column("topic_count", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE consultation SET topic_count = (SELECT count(*) FROM consultation_topic"
        " WHERE consultation_topic.consultation_id = consultation.id)"
    )
'''

FAILS_HALFWAY = '''
"""stops halfway"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("upgrade_probe", sa.Column("id", sa.Integer(), primary_key=True))
    op.execute("INSERT INTO upgrade_probe (id) VALUES (1)")
    op.add_column("household", sa.Column("probe", sa.String(length=10), nullable=True))
    op.execute("UPDATE household SET label = 'overwritten', probe = 'x'")
    op.execute("DELETE FROM consultation_topic")
    raise RuntimeError("stops halfway")
'''


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


#: The first revision after the shipped ones, and the one after it.
NEXT = f"{int(SCHEMA_HEAD) + 1:04d}"
AFTER_NEXT = f"{int(SCHEMA_HEAD) + 2:04d}"
#: The shipped revisions a database at the first schema is still missing.
SHIPPED_PENDING = tuple(f"{number:04d}" for number in range(2, int(SCHEMA_HEAD) + 1))


def use_revisions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *sources: str) -> Path:
    """The shipped history plus ``sources`` as the next revisions (NEXT, AFTER_NEXT, …),
    used by migrate for this test."""
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    down = SCHEMA_HEAD
    for number, source in enumerate(sources, start=int(SCHEMA_HEAD) + 1):
        revision = f"{number:04d}"
        numbered = source.replace('revision = "0002"', f'revision = "{revision}"').replace(
            'down_revision = "0001"', f'down_revision = "{down}"'
        )
        (scripts / "versions" / f"{revision}_test_revision.py").write_text(numbered)
        down = revision
    monkeypatch.setattr(migrate, "MIGRATIONS", scripts)
    return scripts


@pytest.fixture(params=["sqlite", "postgresql"])
def first_schema(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    lw_config: ConfigFolder,
    lw_plugins: PluginRegistrar,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Database]:
    """A new database at the first revision with rows in every table, configured for `lw`."""
    lw_plugins.only()
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'office' / 'lw.sqlite3'}")
        admin, name = None, ""
    else:
        server = os.environ.get(TEST_DATABASE_VARIABLE)
        if not server:
            pytest.skip(f"PostgreSQL: set {TEST_DATABASE_VARIABLE} to run")
        name = f"lw_upgrade_{uuid.uuid4().hex[:10]}"
        admin = sa.create_engine(normalise_url(server), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        url = sa.engine.make_url(normalise_url(server)).set(database=name)
        database = Database(url.render_as_string(hide_password=False))
    try:
        migrate.upgrade(database, FIRST_REVISION)
        tables = _tables(database)
        with database.engine.begin() as connection:
            for table, rows in FIRST_SCHEMA_ROWS.items():
                connection.execute(tables[table].insert(), rows)
            connection.execute(tables["consultation_topic"].insert(), [EXTRA_TOPIC])
        monkeypatch.setenv("LW_DATABASE_URL", database.url)
        yield database
    finally:
        database.dispose()
        if admin is not None:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()


def _tables(database: Database) -> dict[str, sa.Table]:
    metadata = sa.MetaData()
    metadata.reflect(database.engine)
    return dict(metadata.tables)


#: Drawn at random for every counted row (revision 0005): checked by
#: test_every_counted_row_gets_its_own_random_record_key, left out of snapshots.
RECORD_KEY = "cell_key"


def snapshot(database: Database) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows, in key order: equal snapshots mean equal schema and data
    (but for the random record keys)."""
    tables = _tables(database)
    with database.engine.connect() as connection:
        return {
            name: [
                {key: value for key, value in row._mapping.items() if key != RECORD_KEY}
                for row in connection.execute(
                    sa.select(table).order_by(*(list(table.primary_key) or list(table.columns)))
                )
            ]
            for name, table in sorted(tables.items())
        }


def at_head(before: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """What the shipped revisions make of the first schema's rows: every row kept,
    the new columns at their defaults, the new tables empty."""
    expected = {name: rows for name, rows in before.items() if name != "alembic_version"}
    households = expected["household"]
    expected["household"] = [
        {**row, "legal_hold": None, "adults": None, "children": None, "note": ""}
        for row in households
    ]
    voided = {"voided_at": None, "void_reason": None}
    expected["consultation"] = [
        {**row, "former_household": None, **voided} for row in expected["consultation"]
    ]
    expected["referral"] = [{**row, "anonymous": False, **voided} for row in expected["referral"]]
    for table in (
        "audit_entry",
        "audit_head",
        "audit_seal",
        "audit_subject",
        "consent",
        "deletion_log",
        "household_alias",
        "record_revision",
        "staff_role",
    ):
        expected[table] = []
    # 0003 indexes the labels already stored for the household search.
    expected["household_term"] = sorted(
        (
            {"household_id": row["id"], "term": term, "office": row["office"]}
            for row in households
            for term in label_terms(row["label"])
        ),
        key=lambda term: (term["household_id"], term["term"]),
    )
    return expected


def test_the_shipped_upgrade_keeps_every_row(first_schema: Database) -> None:
    """A database at the previous schema, with data, upgraded by ``lw db upgrade``."""
    before = snapshot(first_schema)
    result = run_cli("db", "upgrade")
    assert result.exit_code == 0, result.output
    assert f"upgraded 0001 -> {SCHEMA_HEAD}" in result.stdout
    after = snapshot(first_schema)
    assert after.pop("alembic_version") == [{"version_num": SCHEMA_HEAD}]
    assert after == at_head(before)


def test_every_counted_row_gets_its_own_random_record_key(first_schema: Database) -> None:
    consultation = _tables(first_schema)["consultation"]
    with first_schema.engine.connect() as connection:
        first = dict(connection.execute(sa.select(consultation)).first()._mapping)  # type: ignore[union-attr]
    with first_schema.engine.begin() as connection:
        connection.execute(
            consultation.insert(), [{**first, "id": number} for number in range(3, 203)]
        )
    assert run_cli("db", "upgrade").exit_code == 0
    tables = _tables(first_schema)
    with first_schema.engine.connect() as connection:
        for name in ("consultation", "referral", "home_visit", "household"):
            keys = connection.execute(sa.select(tables[name].c[RECORD_KEY])).scalars().all()
            assert keys, name
            assert all(0 <= key < 2**31 for key in keys), name
        consultation_keys = (
            connection.execute(sa.select(tables["consultation"].c[RECORD_KEY])).scalars().all()
        )
    assert len(consultation_keys) == 202
    # 202 draws from 2**31 values: a repeat has a chance of about 1 in 100,000.
    assert len(set(consultation_keys)) >= 201
    # Spread over the whole range, not one constant or a small counter.
    assert max(consultation_keys) - min(consultation_keys) > 2**30


def test_the_audit_trail_refuses_updates_after_the_upgrade(first_schema: Database) -> None:
    assert run_cli("db", "upgrade").exit_code == 0
    entry = {
        "at": datetime(2026, 11, 27, 9, 0, tzinfo=UTC),
        "staff": "anna",
        "role": "office_lead",
        "channel": "cli",
        "office": "brackel",
        "action": "read",
        "kind": "household",
        "records": 1,
        "detail": "",
    }
    with first_schema.engine.begin() as connection:
        connection.execute(_tables(first_schema)["audit_entry"].insert(), [entry])
    with (
        pytest.raises(sa.exc.DatabaseError, match="append-only"),
        first_schema.engine.begin() as connection,
    ):
        connection.exec_driver_sql("UPDATE audit_entry SET staff = 'someone else'")
    with first_schema.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT staff FROM audit_entry").scalar() == "anna"


def test_upgrade_keeps_every_row_and_fills_the_new_column(
    first_schema: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_revisions(tmp_path, monkeypatch, ADDS_TOPIC_COUNT)
    before = snapshot(first_schema)
    result = run_cli("db", "upgrade")
    assert result.exit_code == 0, result.output
    assert f"upgraded 0001 -> {NEXT}" in result.stdout
    after = snapshot(first_schema)
    assert after.pop("alembic_version") == [{"version_num": NEXT}]
    expected = at_head(before)
    counts = {1: 2, 2: 1}
    expected["consultation"] = [
        {**row, "topic_count": counts[row["id"]]} for row in expected["consultation"]
    ]
    assert after == expected
    assert run_cli("db", "status").stdout.splitlines()[-1] == "pending:  none"
    if first_schema.dialect == "sqlite":
        copy = Path(result.stdout.splitlines()[0].removeprefix("backup: "))
        assert copy.parent == tmp_path / "office" / "backups"
        assert check_backup(copy) == "0001"


def test_failed_upgrade_leaves_the_database_as_it_was(
    first_schema: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_revisions(tmp_path, monkeypatch, FAILS_HALFWAY)
    before = snapshot(first_schema)
    result = run_cli("db", "upgrade")
    assert result.exit_code == 1, result.output
    assert f"upgrade failed in revision {NEXT}: RuntimeError: stops halfway" in result.stderr
    assert "the database is unchanged at schema 0001" in result.stderr
    assert "upgrade_probe" not in sa.inspect(first_schema.engine).get_table_names()
    assert snapshot(first_schema) == before  # revision, tables, columns and rows
    assert migrate.status(first_schema).pending == (*SHIPPED_PENDING, NEXT)
    if first_schema.dialect != "sqlite":
        assert "pg_restore" in result.stderr
        return
    restore_advice = re.search(r"lw restore (\S+)\)", result.stderr)
    assert restore_advice is not None, result.stderr
    copy = Path(restore_advice.group(1))
    assert f"backup: {copy}" in result.stdout
    restored = run_cli("restore", str(copy), "--yes")
    assert restored.exit_code == 0, restored.output
    assert snapshot(first_schema) == before


def test_all_pending_revisions_run_in_one_transaction(
    first_schema: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shipped revisions and the next succeed, the one after fails: none is kept
    (on SQLite too)."""
    use_revisions(tmp_path, monkeypatch, ADDS_TOPIC_COUNT, FAILS_HALFWAY)
    before = snapshot(first_schema)
    with pytest.raises(MigrationFailed) as failure:
        migrate.upgrade(first_schema)
    assert failure.value.revision == AFTER_NEXT
    assert isinstance(failure.value.error, RuntimeError)
    assert snapshot(first_schema) == before
    assert migrate.status(first_schema).pending == (*SHIPPED_PENDING, NEXT, AFTER_NEXT)


def test_restoring_an_older_copy_says_the_next_start_upgrades_it(
    first_schema: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if first_schema.dialect != "sqlite":
        pytest.skip("SQLite only: lw restores SQLite copies itself")
    use_revisions(tmp_path, monkeypatch, ADDS_TOPIC_COUNT)
    before = snapshot(first_schema)
    copy = Path(run_cli("backup").stdout.strip())
    assert run_cli("db", "upgrade").exit_code == 0
    result = run_cli("restore", str(copy), "--yes")
    assert result.exit_code == 0, result.output
    assert (
        f"schema 0001 is older than this core's {NEXT}: "
        "the next start of lw (or `lw db upgrade`) upgrades it"
    ) in result.stdout
    assert snapshot(first_schema) == before
    assert run_cli("db", "upgrade").exit_code == 0
    assert migrate.current_revision(first_schema) == NEXT


REBUILDS_HOUSEHOLD = '''
"""household rebuilt (what Alembic's batch mode does for most changes on SQLite)"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("household", recreate="always") as batch_op:
        batch_op.add_column(sa.Column("rebuilt", sa.String(length=200), nullable=True))
'''

ORPHANS_CONSULTATIONS = REBUILDS_HOUSEHOLD.replace(
    '    with op.batch_alter_table("household", recreate="always") as batch_op:\n'
    '        batch_op.add_column(sa.Column("rebuilt", sa.String(length=200), nullable=True))\n',
    '    op.execute("DELETE FROM household")\n',
)


def _foreign_keys_enforced(database: Database) -> bool:
    with database.engine.connect() as connection:
        return bool(connection.exec_driver_sql("PRAGMA foreign_keys").scalar())


def test_rebuilding_a_referenced_table_keeps_the_rows_referring_to_it(
    first_schema: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dropping the old household table must not fire ON DELETE SET NULL / CASCADE."""
    if first_schema.dialect != "sqlite":
        pytest.skip("SQLite only: PostgreSQL alters tables in place")
    use_revisions(tmp_path, monkeypatch, REBUILDS_HOUSEHOLD)
    before = snapshot(first_schema)
    migrate.upgrade(first_schema)
    after = snapshot(first_schema)
    expected = at_head(before)
    assert after["household"] == [{**row, "rebuilt": None} for row in expected["household"]]
    for table in ("consultation", "consultation_topic", "referral", "walk_in", "home_visit"):
        assert after[table] == expected[table], table
    assert _foreign_keys_enforced(first_schema)


def test_a_revision_leaving_broken_references_is_refused(
    first_schema: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if first_schema.dialect != "sqlite":
        pytest.skip("SQLite only: PostgreSQL enforces foreign keys during the migration")
    use_revisions(tmp_path, monkeypatch, ORPHANS_CONSULTATIONS)
    before = snapshot(first_schema)
    with pytest.raises(MigrationFailed, match="refer to missing rows") as failure:
        migrate.upgrade(first_schema)
    assert failure.value.revision == NEXT
    assert snapshot(first_schema) == before
    assert _foreign_keys_enforced(first_schema)
