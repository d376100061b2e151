"""``lw doctor`` names a schema that differs from what the migrations make.

A database made by 0002 as first shipped (99a2399) keeps the audit subjects'
foreign key through 0006; it said "schema at head" and doctor was all well.
The schema row compares the live schema with a new database at the same
revision; after ``lw db upgrade`` (0007) it is well again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from lwcore.cli import cli
from lwcore.db import migrate
from lwcore.db.engine import Database, normalise_url
from lwcore.health import ATTENTION, OK, run_checks
from lwcore.testing import TEST_DATABASE_VARIABLE, ConfigFolder
from tests.conftest import REPO_CONFIG
from tests.test_schema_convergence import OLD_0002, OLD_0006, Builder

FOREIGN_KEY = "extra foreign key audit_subject(entry_id) (-> audit_entry(id) ON DELETE CASCADE)"


def lw(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def schema_rows(result: Result) -> list[dict[str, str]]:
    return [row for row in json.loads(result.stdout) if row["check"] == "schema"]


@pytest.fixture
def office(lw_config: ConfigFolder) -> ConfigFolder:
    """The repository's own settings, with the two office plugins installed."""
    for path in (REPO_CONFIG / "offices").glob("*.toml"):
        lw_config.copy_office(path)
    (lw_config.path / "lwcore.toml").write_bytes((REPO_CONFIG / "lwcore.toml").read_bytes())
    return lw_config


@pytest.fixture
def drifted(tmp_path: Path, office: ConfigFolder, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An office's SQLite database made by 0002 as first shipped, upgraded to 0006."""
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    path = folder / "lw.sqlite3"
    database = Database(f"sqlite:///{path}")
    builder = Builder(tmp_path / "history", None)
    try:
        migrate.upgrade(database, "0002", script_location=builder.history((OLD_0002,)))
        migrate.upgrade(database, "0006")
    finally:
        database.dispose()
    monkeypatch.setenv("LW_DATABASE_URL", f"sqlite:///{path}")
    return path


def test_doctor_names_the_drift_and_lw_db_upgrade_repairs_it(drifted: Path) -> None:
    before = lw("doctor", "--json")
    assert before.exit_code == 1
    [row] = schema_rows(before)
    assert row["status"] == ATTENTION
    assert row["detail"].startswith("sqlite: differs from a new database at 0006: ")
    assert FOREIGN_KEY in row["detail"]
    assert row["detail"].endswith("run `lw db upgrade`, then `lw doctor` again")

    assert lw("db", "upgrade").exit_code == 0
    after = lw("doctor", "--json")
    assert schema_rows(after) == [
        {
            "check": "schema",
            "subject": f"sqlite:///{drifted}",
            "status": OK,
            "detail": f"sqlite: as a new database at {migrate.head_revision()} "
            "(tables, keys, indexes, triggers)",
        }
    ]
    assert after.exit_code == 0, after.stdout


def test_a_drifted_database_stamped_at_head_is_not_all_well(drifted: Path) -> None:
    """What doctor said before: schema at head, all well. Now the schema row says no."""
    database = Database(f"sqlite:///{drifted}")
    with database.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE alembic_version SET version_num = :head"),
            {"head": migrate.head_revision()},
        )
    database.dispose()
    result = lw("doctor")
    assert result.exit_code == 1
    [line] = [line for line in result.stdout.splitlines() if line.startswith("schema")]
    assert ATTENTION in line
    assert FOREIGN_KEY in line
    assert "no migration of this core repairs it" in line
    database_line = next(line for line in result.stdout.splitlines() if line.startswith("database"))
    assert f"schema at head {migrate.head_revision()}" in database_line


@pytest.fixture
def drifted_postgres(
    tmp_path: Path, office: ConfigFolder, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Database]:
    """A PostgreSQL schema made by 0006 as first shipped (971ac50), as ``$LW_DATABASE_URL``."""
    server = os.environ.get(TEST_DATABASE_VARIABLE)
    if not server:
        pytest.skip(f"PostgreSQL: set {TEST_DATABASE_VARIABLE} to run")
    builder = Builder(
        tmp_path / "history",
        sa.create_engine(normalise_url(server), isolation_level="AUTOCOMMIT"),
    )
    try:
        database = builder.new()
        migrate.upgrade(database, "0006", script_location=builder.history((OLD_0006,)))
        monkeypatch.setenv("LW_DATABASE_URL", database.url)
        yield database
    finally:
        builder.close()


def test_doctor_names_the_drift_on_postgresql(
    drifted_postgres: Database, office: ConfigFolder
) -> None:
    [row] = [check for check in run_checks(office.path) if check.check == "schema"]
    assert row.status == ATTENTION
    assert "policy lw_own_chain on audit_seal (SELECT to lw_staff" in row.detail
    assert "grant to lw_staff on audit_seal (SELECT) missing" in row.detail

    migrate.upgrade(drifted_postgres)
    [row] = [check for check in run_checks(office.path) if check.check == "schema"]
    assert (row.status, row.detail) == (
        OK,
        f"postgresql: as a new database at {migrate.head_revision()} "
        "(tables, keys, indexes, triggers, functions, row security, policies, grants)",
    )
