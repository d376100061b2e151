"""``lw db upgrade``: every pending migration in one transaction, a failure changes nothing.

The tests run a migration history with extra revisions: the shipped
migrations copied into a temporary folder, which ``lwcore.db.migrate``
is pointed at for the test.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from lwcore.cli import cli
from lwcore.db import migrate
from lwcore.db.engine import Database, normalise_url
from lwcore.db.restore import check_backup
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
    raise RuntimeError("0002 stops halfway")
'''


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def use_revisions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *sources: str) -> Path:
    """The shipped history plus ``sources`` (0002, 0003, …), used by migrate for this test."""
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    for number, source in enumerate(sources, start=2):
        (scripts / "versions" / f"{number:04d}_test_revision.py").write_text(source)
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


def snapshot(database: Database) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows, in key order: equal snapshots mean equal schema and data."""
    tables = _tables(database)
    with database.engine.connect() as connection:
        return {
            name: [
                dict(row._mapping)
                for row in connection.execute(
                    sa.select(table).order_by(*(list(table.primary_key) or list(table.columns)))
                )
            ]
            for name, table in sorted(tables.items())
        }


def test_upgrade_keeps_every_row_and_fills_the_new_column(
    first_schema: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_revisions(tmp_path, monkeypatch, ADDS_TOPIC_COUNT)
    before = snapshot(first_schema)
    result = run_cli("db", "upgrade")
    assert result.exit_code == 0, result.output
    assert "upgraded 0001 -> 0002" in result.stdout
    after = snapshot(first_schema)
    assert after.pop("alembic_version") == [{"version_num": "0002"}]
    expected = {name: rows for name, rows in before.items() if name != "alembic_version"}
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
    assert "upgrade failed in revision 0002: RuntimeError: 0002 stops halfway" in result.stderr
    assert "the database is unchanged at schema 0001" in result.stderr
    assert "upgrade_probe" not in sa.inspect(first_schema.engine).get_table_names()
    assert snapshot(first_schema) == before  # revision, tables, columns and rows
    assert migrate.status(first_schema).pending == ("0002",)
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
    """0002 succeeds, 0003 fails: 0002 is not kept either (on SQLite too)."""
    fails_next = FAILS_HALFWAY.replace('"0002"', '"0003"').replace('"0001"', '"0002"')
    use_revisions(tmp_path, monkeypatch, ADDS_TOPIC_COUNT, fails_next)
    before = snapshot(first_schema)
    with pytest.raises(migrate.MigrationFailed) as failure:
        migrate.upgrade(first_schema)
    assert failure.value.revision == "0003"
    assert isinstance(failure.value.error, RuntimeError)
    assert snapshot(first_schema) == before
    assert migrate.status(first_schema).pending == ("0002", "0003")


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
        "schema 0001 is older than this core's 0002: "
        "the next start of lw (or `lw db upgrade`) upgrades it"
    ) in result.stdout
    assert snapshot(first_schema) == before
    assert run_cli("db", "upgrade").exit_code == 0
    assert migrate.current_revision(first_schema) == "0002"


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
        batch_op.add_column(sa.Column("note", sa.String(length=200), nullable=True))
'''

ORPHANS_CONSULTATIONS = REBUILDS_HOUSEHOLD.replace(
    '    with op.batch_alter_table("household", recreate="always") as batch_op:\n'
    '        batch_op.add_column(sa.Column("note", sa.String(length=200), nullable=True))\n',
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
    assert after["household"] == [{**row, "note": None} for row in before["household"]]
    for table in ("consultation", "consultation_topic", "referral", "walk_in", "home_visit"):
        assert after[table] == before[table], table
    assert _foreign_keys_enforced(first_schema)


def test_a_revision_leaving_broken_references_is_refused(
    first_schema: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if first_schema.dialect != "sqlite":
        pytest.skip("SQLite only: PostgreSQL enforces foreign keys during the migration")
    use_revisions(tmp_path, monkeypatch, ORPHANS_CONSULTATIONS)
    before = snapshot(first_schema)
    with pytest.raises(migrate.MigrationFailed, match="refer to missing rows") as failure:
        migrate.upgrade(first_schema)
    assert failure.value.revision == "0002"
    assert snapshot(first_schema) == before
    assert _foreign_keys_enforced(first_schema)
