"""A backup is whole or absent: a copy cut off by a killed process, a damaged
file under a backup's name or a leftover partial file is never taken for the
newest good backup, and a copy is checked before it gets its name."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lwcore.cli import cli
from lwcore.db import backup as backup_module
from lwcore.db import migrate
from lwcore.db.audit_verify import GUARDS
from lwcore.db.backup import backup_sqlite, latest_backup
from lwcore.db.copy_checks import check_audit_chain, looks_whole
from lwcore.db.engine import Database
from lwcore.db.failures import UnsoundCopy
from lwcore.db.file_modes import mode_of
from lwcore.db.opening import open_database
from lwcore.db.partial_files import PARTIAL_SUFFIX, is_partial, remove_stale_partials
from lwcore.health import NO_BACKUP_YET
from lwcore.settings.deployment import DeploymentSettings
from lwcore.testing import PluginRegistrar
from lwcore.tui.backend import Backend, CannotStart
from tests.conftest import REPO_CONFIG
from tests.tui.conftest import STAFF


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def doctor_backup_row() -> dict[str, str]:
    found = json.loads(run_cli("doctor", "--json").stdout)
    [row] = [row for row in found if row["check"] == "backup"]
    return dict(row)


KILLED_BETWEEN_COPY_AND_NAME = """
import os, signal, sys
from pathlib import Path
from lwcore.cli import cli
from lwcore.db import backup

def killed(partial: Path, target: Path) -> None:
    os.kill(os.getpid(), signal.SIGKILL)

backup.publish = killed
cli(sys.argv[1:], prog_name="lw")
"""


def killed(*command: str) -> subprocess.CompletedProcess[bytes]:
    """``lw COMMAND`` killed after its copy was written, before it was named."""
    return subprocess.run(
        [sys.executable, "-c", KILLED_BETWEEN_COPY_AND_NAME, *command],
        capture_output=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("command", [("backup",), ("db", "upgrade")])
def test_a_killed_backup_leaves_nothing_taken_for_a_backup(
    live: Path, command: tuple[str, ...]
) -> None:
    if command == ("db", "upgrade"):  # a database one revision behind
        live.unlink()
        older = Database(f"sqlite:///{live}")
        migrate.upgrade(older, "0003")
        older.dispose()
    run = killed(*command)
    assert run.returncode == -signal.SIGKILL, run.stderr
    backups = live.parent / "backups"
    left = list(backups.iterdir())
    assert len(left) == 1
    assert is_partial(left[0])
    assert mode_of(left[0]) == 0o600
    assert not list(backups.glob("*.sqlite3"))
    database = Database(f"sqlite:///{live}")
    assert latest_backup(database) is None
    assert doctor_backup_row()["detail"] == NO_BACKUP_YET.format(folder=backups)
    if command == ("db", "upgrade"):
        assert migrate.current_revision(database) == "0003"  # no upgrade without its copy

    result = run_cli("backup")  # the next backup clears the dead process's leftover
    assert result.exit_code == 0, result.output
    copy = Path(result.stdout.strip())
    assert list(backups.iterdir()) == [copy]
    assert latest_backup(database) == copy
    database.dispose()


def test_a_damaged_file_under_a_backups_name_is_passed_over(live: Path) -> None:
    database = Database(f"sqlite:///{live}")
    good = backup_sqlite(database, label="before-0002")
    damaged = good.with_name(good.name.replace("before-0002", "before-0003"))
    # What a killed copy used to leave: full size, final name, header still zero.
    damaged.write_bytes(bytes(100) + good.read_bytes()[100:])
    os.utime(damaged, (good.stat().st_mtime + 60, good.stat().st_mtime + 60))
    cut_off = good.with_name(good.name.replace("before-0002", "before-0004"))
    cut_off.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    os.utime(cut_off, (good.stat().st_mtime + 120, good.stat().st_mtime + 120))

    assert not looks_whole(damaged)
    assert not looks_whole(cut_off)
    assert latest_backup(database) == good
    assert doctor_backup_row()["detail"].startswith(f"newest {good.name}, ")
    refused = run_cli("restore", str(damaged), "--yes")
    assert refused.exit_code == 2
    assert refused.stderr.strip() == f"Error: {damaged}: not an SQLite database"
    database.dispose()


def test_a_copy_is_checked_before_it_gets_its_name(
    live: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy that came out damaged (here: its header zeroed on the way) is refused
    and removed; no file of it is left, under any name."""
    copy_live = backup_module._copy_live
    seen: list[int] = []

    def damaging(source: Path, target: Path) -> None:
        copy_live(source, target)
        seen.append(mode_of(target))
        with target.open("r+b") as file:
            file.write(bytes(16))

    monkeypatch.setattr("lwcore.db.backup._copy_live", damaging)
    result = run_cli("backup")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: ")
    assert line.endswith(": not an SQLite database")
    assert PARTIAL_SUFFIX in line  # names the file it checked
    assert seen == [0o600]  # private while it was written
    assert list((live.parent / "backups").iterdir()) == []


def test_a_backup_is_private_and_self_contained(live: Path) -> None:
    result = run_cli("backup")
    assert result.exit_code == 0, result.output
    copy = Path(result.stdout.strip())
    assert (mode_of(copy), mode_of(copy.parent)) == (0o600, 0o700)
    assert [path.name for path in copy.parent.iterdir()] == [copy.name]
    connection = sqlite3.connect(copy)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    finally:
        connection.close()


def test_backup_to_a_file_never_overwrites_even_at_the_last_step(
    live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process wrote the target while the copy was made: it stays as it was."""
    target = tmp_path / "usb" / "office.sqlite3"
    copy_live = backup_module._copy_live

    def meanwhile(source: Path, partial: Path) -> None:
        copy_live(source, partial)
        target.write_bytes(b"someone else's file")

    monkeypatch.setattr("lwcore.db.backup._copy_live", meanwhile)
    result = run_cli("backup", "--to", str(target))
    assert result.exit_code == 2
    assert f"{target}: already exists" in result.stderr
    assert target.read_bytes() == b"someone else's file"
    assert [path.name for path in target.parent.iterdir()] == [target.name]


def test_only_partial_files_of_dead_processes_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead_pid = int(dead.stdout)
    stale = folder / f".lw-1-backup.sqlite3.{dead_pid}{PARTIAL_SUFFIX}"
    mine = folder / f".lw-2-backup.sqlite3.{os.getpid()}{PARTIAL_SUFFIX}"
    backup = folder / "lw-3-backup.sqlite3"
    for path in (stale, mine, backup):
        path.write_bytes(b"x")
    stale.with_name(stale.name + "-journal").write_bytes(b"x")
    assert remove_stale_partials(folder) == [stale]
    assert sorted(path.name for path in folder.iterdir()) == sorted([mine.name, backup.name])


def test_a_backup_of_a_broken_trail_is_kept_as_it_is_and_the_break_named(live: Path) -> None:
    """A copy whose chain breaks exactly where the live one does is faithful: it is
    kept (refusing it would leave an office whose trail was tampered with unable
    to back up or upgrade), and lw doctor names the break. A copy whose chain
    differs from the live one's is refused."""
    connection = sqlite3.connect(live)
    try:
        guard = GUARDS["sqlite"][0]
        connection.execute(f"DROP TRIGGER {guard}")
        connection.commit()
    finally:
        connection.close()
    result = run_cli("backup")
    assert result.exit_code == 0, result.output
    [copy] = (live.parent / "backups").iterdir()
    doctor = run_cli("doctor")
    assert doctor.exit_code == 1
    assert guard in doctor.stdout
    intact = live.parent / "intact.sqlite3"
    shutil.copyfile(copy, intact)
    repaired = sqlite3.connect(intact)
    try:
        repaired.execute(f"CREATE TRIGGER {guard} BEFORE UPDATE ON audit_entry BEGIN SELECT 1; END")
        repaired.commit()
    finally:
        repaired.close()
    with pytest.raises(UnsoundCopy, match="audit trail broken"):
        check_audit_chain(copy, copy_of=intact)
    with pytest.raises(UnsoundCopy, match="audit trail broken"):
        check_audit_chain(copy)  # as a restore checks it


def test_an_upgrade_whose_backup_is_refused_does_not_run(
    live: Path, lw_plugins: PluginRegistrar, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`lw db upgrade` and the automatic upgrade on start need a sound copy first."""
    live.unlink()
    older = Database(f"sqlite:///{live}")
    migrate.upgrade(older, "0003")
    older.dispose()
    copy_live = backup_module._copy_live

    def damaging(source: Path, target: Path) -> None:
        copy_live(source, target)
        with target.open("r+b") as file:
            file.write(bytes(16))

    monkeypatch.setattr("lwcore.db.backup._copy_live", damaging)
    result = run_cli("db", "upgrade")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: not upgraded: the backup before the upgrade was refused: ")
    assert line.endswith(": not an SQLite database")
    with pytest.raises(UnsoundCopy, match="not an SQLite database"):
        open_database(DeploymentSettings(), url=f"sqlite:///{live}")
    lw_plugins.restore()  # the office plugins, for the terminal UI's start
    backend = Backend(config_option=REPO_CONFIG, database_url=f"sqlite:///{live}", staff=STAFF)
    with pytest.raises(CannotStart, match=r"could not be brought up to date .*not an SQLite"):
        backend.start()
    database = Database(f"sqlite:///{live}")
    assert migrate.current_revision(database) == "0003"
    database.dispose()
    assert list((live.parent / "backups").iterdir()) == []


def test_a_backup_to_a_folder_lw_may_not_write_is_refused_in_one_line(
    live: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o500)

    def denied(path: Path) -> None:  # as for a user other than root in a 0500 folder
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("lwcore.db.backup.create_private_file", denied)
    result = run_cli("backup", "--to", str(closed / "copy.sqlite3"))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {closed}: lw may not write there (Permission denied)"
    assert list(closed.iterdir()) == []


def test_a_backup_that_runs_out_of_disk_is_refused_in_one_line(
    live: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(source: Path, target: Path) -> None:
        target.write_bytes(b"SQLite format 3\x00 cut off")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("lwcore.db.backup._copy_live", full)
    result = run_cli("backup")
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert line.endswith(": the copy failed (database or disk is full); nothing was kept")
    assert line.startswith(f"Error: {live.parent / 'backups'}/")
    assert list((live.parent / "backups").iterdir()) == []
