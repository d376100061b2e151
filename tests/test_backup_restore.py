"""``lw backup`` and ``lw restore``: copies of the SQLite database, commands for PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from lwcore.cli import cli
from lwcore.db.engine import Database
from lwcore.db.schema_version import SCHEMA_HEAD
from lwcore.testing import ConfigFolder, PluginRegistrar
from tests.test_database import FIRST_SCHEMA_ROWS


def run_cli(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def office_file(
    tmp_path: Path,
    lw_sqlite_template: Path,
    lw_config: ConfigFolder,
    lw_plugins: PluginRegistrar,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """An office's SQLite database at the current schema with one household, used by `lw`."""
    lw_plugins.only()
    path = tmp_path / "office" / "lw.sqlite3"
    path.parent.mkdir()
    path.write_bytes(lw_sqlite_template.read_bytes())
    database = Database(f"sqlite:///{path}")
    with database.engine.begin() as connection:
        connection.execute(_households(database).insert(), FIRST_SCHEMA_ROWS["household"])
    database.dispose()
    monkeypatch.setenv("LW_DATABASE_URL", f"sqlite:///{path}")
    return path


def _households(database: Database) -> sa.Table:
    return sa.Table("household", sa.MetaData(), autoload_with=database.engine)


def labels(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        households = _households(database)
        return list(
            connection.execute(sa.select(households.c.label).order_by(households.c.id)).scalars()
        )


def labels_in_file(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT label FROM household ORDER BY id")]
    finally:
        connection.close()


def change(database: Database) -> None:
    households = _households(database)
    with database.engine.begin() as connection:
        connection.execute(households.update().values(label="Changed"))
        connection.execute(
            households.insert(),
            [{**FIRST_SCHEMA_ROWS["household"][0], "id": 2, "code": "BR-2X", "label": "New"}],
        )


def test_backup_and_restore_bring_the_old_data_back(office_file: Path) -> None:
    result = run_cli("backup")
    assert result.exit_code == 0, result.output
    copy = Path(result.stdout.strip())
    assert copy.parent == office_file.parent / "backups"
    assert labels_in_file(copy) == ["Amina"]

    database = Database(f"sqlite:///{office_file}")  # a colleague's open connection
    change(database)
    assert labels(database) == ["Changed", "New"]

    result = run_cli("restore", str(copy), "--yes")
    assert result.exit_code == 0, result.output
    assert labels(database) == ["Amina"]  # the open connection sees the restored data
    assert f"restored {copy} into {office_file} (schema {SCHEMA_HEAD})" in result.stdout
    assert "older than" not in result.stdout
    replaced = [
        Path(line.split(": ", 1)[1])
        for line in result.stdout.splitlines()
        if line.startswith("backup of the replaced database: ")
    ]
    assert len(replaced) == 1
    assert replaced[0].parent == office_file.parent / "backups"
    assert labels_in_file(replaced[0]) == ["Changed", "New"]  # the restore can be undone
    assert f"lw restore {replaced[0]}" in result.stdout
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    database.dispose()


def test_backup_to_a_file_never_overwrites(office_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "usb" / "office.sqlite3"
    result = run_cli("backup", "--to", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(target)
    assert labels_in_file(target) == ["Amina"]
    assert not list(target.parent.glob("*-wal"))  # one self-contained file
    again = run_cli("backup", "--to", str(target))
    assert again.exit_code == 2
    assert f"{target}: already exists" in again.stderr


def test_backup_is_consistent_while_a_colleague_writes(office_file: Path) -> None:
    writer = sqlite3.connect(office_file, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE household SET label = 'Half-written'")
    try:
        result = run_cli("backup")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 0, result.output
    assert labels_in_file(Path(result.stdout.strip())) == ["Amina"]


def test_broken_office_settings_do_not_block_a_backup(
    office_file: Path, lw_config: ConfigFolder
) -> None:
    lw_config.write_office("brackel", "[office\nslug = ")
    result = run_cli("backup")
    assert result.exit_code == 0, result.output
    assert Path(result.stdout.strip()).is_file()


def test_backup_of_a_missing_database_is_refused(
    tmp_path: Path,
    lw_config: ConfigFolder,
    lw_plugins: PluginRegistrar,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lw_plugins.only()
    missing = tmp_path / "nowhere" / "lw.sqlite3"
    monkeypatch.setenv("LW_DATABASE_URL", f"sqlite:///{missing}")
    result = run_cli("backup")
    assert result.exit_code == 2
    assert f"{missing}: no database file to back up" in result.stderr
    assert not missing.exists()


def test_restore_asks_first(office_file: Path) -> None:
    copy = Path(run_cli("backup").stdout.strip())
    database = Database(f"sqlite:///{office_file}")
    change(database)
    declined = run_cli("restore", str(copy), input="n\n")
    assert declined.exit_code == 1
    assert f"Replace the database {office_file} with {copy}" in declined.output
    assert labels(database) == ["Changed", "New"]
    assert len(list((office_file.parent / "backups").iterdir())) == 1  # nothing taken
    accepted = run_cli("restore", str(copy), input="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert labels(database) == ["Amina"]
    database.dispose()


def _text_file(path: Path) -> None:
    path.write_text("household;label\n1;Amina\n", encoding="utf-8")


def _sqlite_without_alembic(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE household (id INTEGER PRIMARY KEY, label TEXT)")
    connection.commit()
    connection.close()


def _unknown_revision(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    connection.execute("INSERT INTO alembic_version VALUES ('9999')")
    connection.commit()
    connection.close()


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_text_file, "not an SQLite database"),
        (_sqlite_without_alembic, "not a lokal willkommen database (no alembic_version)"),
        (_unknown_revision, "schema revision '9999' is unknown to this core"),
        (None, "no such file"),
    ],
)
def test_restore_refuses_what_is_no_backup_of_this_application(
    office_file: Path, tmp_path: Path, make: object, reason: str
) -> None:
    candidate = tmp_path / "candidate.sqlite3"
    if callable(make):
        make(candidate)
    result = run_cli("restore", str(candidate), "--yes")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: {candidate}: ")
    assert reason in lines[0]
    assert labels_in_file(office_file) == ["Amina"]
    assert not (office_file.parent / "backups").exists()  # refused before anything was done


def test_restore_refuses_the_live_database_itself(office_file: Path) -> None:
    result = run_cli("restore", str(office_file), "--yes")
    assert result.exit_code == 2
    assert f"{office_file}: is the live database itself" in result.stderr


def test_postgres_backup_and_restore_print_the_commands(
    lw_config: ConfigFolder, lw_plugins: PluginRegistrar, monkeypatch: pytest.MonkeyPatch
) -> None:
    lw_plugins.only()
    monkeypatch.setenv("LW_DATABASE_URL", "postgresql://it:secret@db.example:5433/lw")
    backup = run_cli("backup")
    assert backup.exit_code == 0, backup.output
    assert "pg_dump --format=custom --enable-row-security" in backup.stdout
    assert "--host=db.example --port=5433 --username=it lw" in backup.stdout
    assert "secret" not in backup.stdout
    restore = run_cli("restore", "/srv/dumps/lw 2026.dump")
    assert restore.exit_code == 0, restore.output
    # Into an empty database: `pg_restore --clean` would leave a newer schema's objects.
    commands = [line.strip() for line in restore.stdout.splitlines() if line.startswith("  ")]
    server = "--host=db.example --port=5433"
    assert commands == [
        f"dropdb {server} --username=postgres lw",
        f"createdb {server} --username=postgres --owner=it lw",
        f"pg_restore --single-transaction --no-owner {server} --username=it "
        "--dbname=lw '/srv/dumps/lw 2026.dump'",
    ]
    assert "secret" not in restore.stdout
