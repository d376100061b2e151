"""Files only their owner can read: the database, its WAL and every backup are
0600 in 0700 folders whatever the umask, and ``lw doctor`` names looser ones."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from lwcore.cli import cli
from lwcore.db import migrate
from lwcore.db.backup import backup_sqlite
from lwcore.db.engine import Database
from lwcore.db.file_modes import write_private
from lwcore.db.opening import open_database
from lwcore.settings.deployment import DeploymentSettings
from lwcore.testing import ConfigFolder, PluginRegistrar
from tests.conftest import REPO_CONFIG


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """The process umask for the test (a permissive one too), restored after."""
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


@pytest.fixture
def database_path(
    tmp_path: Path,
    lw_config: ConfigFolder,
    lw_plugins: PluginRegistrar,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """Where ``$LW_DATABASE_URL`` points: a file in folders that do not exist yet."""
    lw_plugins.only()
    path = tmp_path / "lw" / "data" / "lw.sqlite3"
    monkeypatch.setenv("LW_DATABASE_URL", f"sqlite:///{path}")
    return path


def test_a_new_database_and_its_wal_are_the_owners_only(umask: int, database_path: Path) -> None:
    database = Database(f"sqlite:///{database_path}")
    try:
        migrate.upgrade(database)
        with database.writing() as connection:  # the WAL and its index exist while open
            connection.exec_driver_sql("CREATE TABLE scratch (text TEXT)")
            wal = database_path.with_name(database_path.name + "-wal")
            shm = database_path.with_name(database_path.name + "-shm")
            assert wal.exists()
            assert shm.exists()
            assert {mode(database_path), mode(wal), mode(shm)} == {0o600}
    finally:
        database.dispose()
    assert mode(database_path.parent) == 0o700
    assert mode(database_path.parent.parent) == 0o700  # a parent it had to create too


def test_lw_backup_writes_an_owner_only_copy(umask: int, database_path: Path) -> None:
    database = Database(f"sqlite:///{database_path}")
    migrate.upgrade(database)
    database.dispose()
    result = CliRunner().invoke(cli, ["backup"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    copy = Path(result.stdout.strip())
    assert copy.parent == database_path.parent / "backups"
    assert (mode(copy), mode(copy.parent)) == (0o600, 0o700)

    chosen = database_path.parent.parent / "usb" / "office.sqlite3"
    result = CliRunner().invoke(cli, ["backup", "--to", str(chosen)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (mode(chosen), mode(chosen.parent)) == (0o600, 0o700)


def test_the_copy_before_an_upgrade_is_the_owners_only(umask: int, database_path: Path) -> None:
    url = f"sqlite:///{database_path}"
    older = Database(url)
    migrate.upgrade(older, "0001")
    older.dispose()
    opened = open_database(DeploymentSettings(), url=url)
    opened.database.dispose()
    assert opened.upgraded_from == "0001"
    assert opened.backup is not None
    backup = Path(opened.backup)
    assert backup.parent == database_path.parent / "backups"
    assert (mode(backup), mode(backup.parent)) == (0o600, 0o700)
    assert mode(database_path) == 0o600


def doctor_rows() -> tuple[int, list[dict[str, str]]]:
    result = CliRunner().invoke(cli, ["doctor", "--json"], catch_exceptions=False)
    return result.exit_code, json.loads(result.stdout)


def test_doctor_names_a_database_and_backup_others_may_read(
    lw_config: ConfigFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in (REPO_CONFIG / "offices").glob("*.toml"):
        lw_config.copy_office(path)
    (lw_config.path / "lwcore.toml").write_bytes((REPO_CONFIG / "lwcore.toml").read_bytes())
    path = tmp_path / "data" / "lw.sqlite3"
    monkeypatch.setenv("LW_DATABASE_URL", f"sqlite:///{path}")
    database = Database(f"sqlite:///{path}")
    migrate.upgrade(database)
    database.dispose()
    assert CliRunner().invoke(cli, ["backup"], catch_exceptions=False).exit_code == 0
    status, rows = doctor_rows()
    assert status == 0
    [files] = [row for row in rows if row["check"] == "files"]
    assert (files["subject"], files["status"]) == (str(path.parent), "ok")

    path.chmod(0o644)
    [backup] = (path.parent / "backups").glob("*.sqlite3")
    backup.chmod(0o640)
    status, rows = doctor_rows()
    assert status == 1
    assert [
        (row["check"], row["subject"], row["detail"])
        for row in rows
        if row["status"] == "attention"
    ] == [
        ("files", str(path), f"mode 0644: group or others may open it; chmod 600 {path}"),
        ("files", str(backup), f"mode 0640: group or others may open it; chmod 600 {backup}"),
    ]
    assert mode(path) == 0o644  # the doctor changes nothing


def test_a_restore_and_the_copy_before_it_are_the_owners_only(
    umask: int, database_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = Database(f"sqlite:///{database_path}")
    migrate.upgrade(database)
    database.dispose()
    copy = Path(CliRunner().invoke(cli, ["backup"], catch_exceptions=False).stdout.strip())
    result = CliRunner().invoke(cli, ["restore", str(copy), "--yes"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    copies = sorted((database_path.parent / "backups").glob("*before-restore*"))
    assert [mode(path) for path in copies] == [0o600]
    assert mode(database_path) == 0o600

    elsewhere = tmp_path / "new" / "lw.sqlite3"  # a restore onto a new laptop
    monkeypatch.setenv("LW_DATABASE_URL", f"sqlite:///{elsewhere}")
    result = CliRunner().invoke(cli, ["restore", str(copy), "--yes"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (mode(elsewhere), mode(elsewhere.parent)) == (0o600, 0o700)


def test_a_backup_that_fails_leaves_no_file_behind(
    database_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = Database(f"sqlite:///{database_path}")
    migrate.upgrade(database)

    def broken(source: Path, target: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("lwcore.db.backup._copy_live", broken)
    with pytest.raises(OSError, match="disk full"):
        backup_sqlite(database)
    database.dispose()
    assert list((database_path.parent / "backups").iterdir()) == []


def test_exports_are_the_owners_only_even_over_an_open_file(umask: int, tmp_path: Path) -> None:
    fresh = tmp_path / "new" / "folder" / "export.json"
    with pytest.raises(FileNotFoundError):
        write_private(fresh, b"{}")  # a typed path names a folder that exists
    write_private(fresh, b"{}", make_folders=True)
    assert (mode(fresh), mode(fresh.parent), mode(fresh.parent.parent)) == (0o600, 0o700, 0o700)
    existing = tmp_path / "chosen" / "export.json"
    existing.parent.mkdir()
    existing.write_bytes(b"old and longer")
    existing.chmod(0o644)
    write_private(existing, b"{}")
    assert (mode(existing), existing.read_bytes()) == (0o600, b"{}")
    assert mode(existing.parent) == stat.S_IMODE(0o777 & ~umask)  # the person's folder is theirs


def test_a_calendar_written_by_lw_is_the_owners_only(
    umask: int, tmp_path: Path, lw_config: ConfigFolder, database_path: Path
) -> None:
    for office in (REPO_CONFIG / "offices").glob("*.toml"):
        lw_config.copy_office(office)
    target = tmp_path / "kalender" / "runde-tische.ics"
    target.parent.mkdir()
    result = CliRunner().invoke(cli, ["round-tables", "--from", "2026-12-01", "--ics", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert mode(target) == 0o600
