"""``lw backup --keep N``: a scheduled backup keeps the newest N backups of this
database and removes only older backups of this database, never other files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lwcore.cli import cli
from lwcore.db.backup import BACKUP_FOLDER, backups_of, rotate_backups
from lwcore.db.copy_checks import looks_whole
from lwcore.db.engine import Database
from lwcore.logs import LOG_FILE


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def older_backup(live: Path, stamp: str, label: str = "backup") -> Path:
    """A backup as lw names them, taken at ``stamp`` (a copy of the live file)."""
    folder = live.parent / BACKUP_FOLDER
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / f"{live.stem}-{stamp}-{label}.sqlite3"
    shutil.copyfile(live, path)
    path.chmod(0o600)
    return path


@pytest.fixture
def history(live: Path) -> list[Path]:
    """Three older backups of the live database, oldest first (one before an upgrade)."""
    return [
        older_backup(live, "20261128T020000000000Z"),
        older_backup(live, "20261129T020000000000Z", "before-0007"),
        older_backup(live, "20261130T020000000000Z"),
    ]


def test_keep_two_leaves_the_new_backup_and_the_one_before(live: Path, history: list[Path]) -> None:
    result = run_cli("backup", "--keep", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    new = Path(lines[0])
    assert lines[1:] == [f"removed {history[0]}", f"removed {history[1]}"]
    assert sorted((live.parent / BACKUP_FOLDER).iterdir()) == sorted([history[2], new])
    assert looks_whole(new)


def test_other_files_in_the_folder_are_never_removed(live: Path, history: list[Path]) -> None:
    folder = live.parent / BACKUP_FOLDER
    strangers = [
        folder / "notes.sqlite3",  # someone's own file
        folder / "lw-copy-for-the-auditor.sqlite3",  # a hand-made copy
        folder / "lw-20261101T020000000000Z-backup.sqlite3.txt",
        folder / "lw-20261101T020000Z-backup.sqlite3",  # not lw's time stamp
        folder / "other-20261101T020000000000Z-backup.sqlite3",  # another database's
        folder / "lw-test-20261101T020000000000Z-backup.sqlite3",  # database lw-test.sqlite3
    ]
    for path in strangers:
        path.write_bytes(b"not ours")
    (folder / "lw-20261101T020000000000Z-backup.sqlite3.d").mkdir()

    result = run_cli("backup", "--keep", "1")
    assert result.exit_code == 0, result.output
    new = Path(result.stdout.splitlines()[0])
    assert all(path.exists() for path in strangers)
    assert (folder / "lw-20261101T020000000000Z-backup.sqlite3.d").is_dir()
    assert not any(path.exists() for path in history)
    assert backups_of(Database(f"sqlite:///{live}")) == [new]


def test_backups_of_another_database_in_the_same_folder_are_left(
    live: Path, history: list[Path]
) -> None:
    neighbour = live.with_name("lw-test.sqlite3")
    shutil.copyfile(live, neighbour)
    theirs = older_backup(neighbour, "20261101T020000000000Z")
    assert run_cli("backup", "--keep", "1").exit_code == 0
    assert theirs.exists()


def test_without_keep_nothing_is_removed(live: Path, history: list[Path]) -> None:
    result = run_cli("backup")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1
    assert all(path.exists() for path in history)
    assert len(backups_of(Database(f"sqlite:///{live}"))) == 4


def test_fewer_backups_than_kept_removes_none(live: Path, history: list[Path]) -> None:
    result = run_cli("backup", "--keep", "30")
    assert result.exit_code == 0, result.output
    assert all(path.exists() for path in history)


@pytest.mark.parametrize("keep", ["0", "-1", "many"])
def test_keep_needs_at_least_one(live: Path, history: list[Path], keep: str) -> None:
    result = run_cli("backup", "--keep", keep)
    assert result.exit_code == 2
    assert "--keep" in result.stderr
    assert all(path.exists() for path in history)
    assert len(list((live.parent / BACKUP_FOLDER).iterdir())) == 3  # no copy either


def test_keep_does_not_go_with_to(live: Path, tmp_path: Path) -> None:
    result = run_cli("backup", "--to", str(tmp_path / "copy.sqlite3"), "--keep", "2")
    assert result.exit_code == 2
    assert "does not go with --to" in result.stderr
    assert not (tmp_path / "copy.sqlite3").exists()


def test_a_failed_backup_removes_nothing(
    live: Path, history: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(_partial: Path, _target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("lwcore.db.backup.publish", disk_full)
    result = run_cli("backup", "--keep", "1")
    assert result.exit_code == 2
    assert "nothing was kept" in result.stderr
    assert sorted((live.parent / BACKUP_FOLDER).iterdir()) == history


def test_rotation_orders_by_the_time_in_the_name(live: Path, history: list[Path]) -> None:
    database = Database(f"sqlite:///{live}")
    history[0].touch()  # the oldest backup, touched last: its name still says when
    assert backups_of(database) == history
    assert rotate_backups(database, 1) == history[:2]
    assert backups_of(database) == history[2:]
    with pytest.raises(ValueError, match="at least one"):
        rotate_backups(database, 0)


def test_the_rotation_is_logged_with_counts(
    live: Path, history: list[Path], tmp_path: Path
) -> None:
    assert run_cli("backup", "--keep", "2").exit_code == 0
    written = (tmp_path / "logs" / LOG_FILE).read_text(encoding="utf-8")
    assert "backup written, kept the newest 2, removed 2" in written
