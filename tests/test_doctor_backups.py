"""``lw doctor``'s backup, log and cache rows: a database without a backup from the
last day needs attention (in the command's language), the log folder is named and
kept to its owner, and the cache folder is named with what it keeps."""

from __future__ import annotations

import json
import os
import shutil
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from lwcore.cli import cli
from lwcore.db.backup import BACKUP_FOLDER
from lwcore.health import ATTENTION, NO_BACKUP_YET, OK, STALE_BACKUP, Check, run_checks
from lwcore.logs import LOG_FILE
from lwcore.schedule import PublicHolidays
from lwcore.testing import ConfigFolder

HOUR = 3600


def doctor(*args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "doctor", "--json"])


def row(result: Result, check: str) -> dict[str, str]:
    [found] = [found for found in json.loads(result.stdout) if found["check"] == check]
    return dict(found)


def backup_taken(live: Path, hours_ago: float) -> Path:
    """A backup of ``live`` as lw names it, written ``hours_ago``."""
    folder = live.parent / BACKUP_FOLDER
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / f"{live.stem}-20261201T020000000000Z-backup.sqlite3"
    shutil.copyfile(live, path)
    path.chmod(0o600)
    when = time.time() - hours_ago * HOUR
    os.utime(path, (when, when))
    return path


# --- the backup row ---------------------------------------------------------------------


def test_no_backup_needs_attention(live: Path) -> None:
    result = doctor()
    assert result.exit_code == 1
    folder = live.parent / BACKUP_FOLDER
    assert row(result, "backup") == {
        "check": "backup",
        "subject": str(folder),
        "status": ATTENTION,
        "detail": NO_BACKUP_YET.format(folder=folder),
    }


def test_no_backup_in_german(live: Path) -> None:
    found = row(doctor("--lang", "de"), "backup")
    assert found["detail"] == (
        f"noch keine Sicherung in {live.parent / BACKUP_FOLDER}: `lw backup` ausführen "
        "und täglich ausführen lassen (README: Backups on a schedule)"
    )


def test_german_is_the_default(live: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LW_LANG")
    assert row(doctor(), "backup")["detail"].startswith("noch keine Sicherung in ")


def test_a_backup_from_today_is_well(live: Path) -> None:
    copy = backup_taken(live, hours_ago=3)
    found = row(doctor(), "backup")
    assert (found["status"], found["detail"]) == (OK, f"newest {copy.name}, 3 hours old")


def test_a_backup_a_day_old_is_still_well(live: Path) -> None:
    """A daily schedule's copy is a day old just before the next one: an hour's leeway."""
    backup_taken(live, hours_ago=24.5)
    assert row(doctor(), "backup")["status"] == OK


@pytest.mark.parametrize(
    ("hours", "english", "german"),
    [(30, "30 hours", "30 Stunden"), (3 * 24 + 1, "3 days", "3 Tage")],
)
def test_an_old_backup_needs_attention_with_its_age(
    live: Path, hours: float, english: str, german: str
) -> None:
    backup_taken(live, hours_ago=hours)
    folder = live.parent / BACKUP_FOLDER
    result = doctor()
    assert result.exit_code == 1
    found = row(result, "backup")
    assert found["status"] == ATTENTION
    assert found["detail"] == STALE_BACKUP.format(folder=folder, age=english)
    assert row(doctor("--lang", "de"), "backup")["detail"] == (
        f"die neueste Sicherung in {folder} ist {german} alt, älter als einen Tag: "
        "`lw backup` ausführen und prüfen, ob die geplante Sicherung läuft "
        "(README: Backups on a schedule)"
    )


def test_lw_backup_makes_the_row_well_again(live: Path) -> None:
    backup_taken(live, hours_ago=50)
    assert CliRunner().invoke(cli, ["backup", "--keep", "7"]).exit_code == 0
    assert row(doctor(), "backup")["status"] == OK


def test_no_database_yet_needs_no_backup(
    tmp_path: Path, lw_config: ConfigFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "nowhere" / "lw.sqlite3"
    monkeypatch.setenv("LW_DATABASE_URL", f"sqlite:///{path}")
    [found] = [check for check in run_checks(lw_config.path) if check.check == "backup"]
    assert found == Check(
        "backup", str(path.parent / BACKUP_FOLDER), OK, "no database yet: nothing to back up"
    )
    assert not path.parent.exists()


# --- the cache row ----------------------------------------------------------------------


def test_the_cache_folder_is_named_with_what_it_keeps(
    lw_config: ConfigFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("LW_CACHE_DIR", str(folder))

    def cache_row() -> Check:
        [found] = [check for check in run_checks(lw_config.path) if check.check == "cache"]
        return found

    assert cache_row() == Check(
        "cache", str(folder), OK, "nothing kept yet: filled by the next start"
    )
    calendar = PublicHolidays(cache_folder=folder)
    calendar.name(date(2026, 12, 25))
    calendar.name(date(2027, 1, 1))
    assert cache_row() == Check(
        "cache",
        str(folder),
        OK,
        "public holidays of 2 years, no personal data; may be deleted at any time",
    )


def test_a_cache_lw_cannot_write_to_needs_attention(
    lw_config: ConfigFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("", encoding="utf-8")
    monkeypatch.setenv("LW_CACHE_DIR", str(not_a_folder))
    [found] = [check for check in run_checks(lw_config.path) if check.check == "cache"]
    assert found.needs_attention
    assert found.detail.startswith("lw may not write here, so every start computes")


# --- the log row ------------------------------------------------------------------------


def test_the_log_folder_is_named(live: Path, tmp_path: Path) -> None:
    found = row(doctor(), "logs")  # the command itself has logged its start by now
    assert found["subject"] == str(tmp_path / "logs")
    assert found["status"] == OK
    assert found["detail"].startswith(f"{LOG_FILE}, 1 file, 0 KiB: events and unexpected errors")


def test_before_anything_was_logged(live: Path, lw_config: ConfigFolder, tmp_path: Path) -> None:
    [found] = [check for check in run_checks(lw_config.path) if check.check == "logs"]
    assert found == Check(
        "logs", str(tmp_path / "logs"), OK, f"no {LOG_FILE} yet: written from the next start"
    )


@pytest.mark.parametrize(
    ("which", "loose", "fix"), [("folder", 0o755, "700"), ("file", 0o644, "600")]
)
def test_a_log_others_may_read_needs_attention(
    live: Path, tmp_path: Path, which: str, loose: int, fix: str
) -> None:
    doctor()  # writes the log
    folder = tmp_path / "logs"
    path = folder if which == "folder" else folder / LOG_FILE
    path.chmod(loose)
    result = doctor()
    assert result.exit_code == 1
    found = row(result, "logs")
    assert found == {
        "check": "logs",
        "subject": str(path),
        "status": ATTENTION,
        "detail": f"mode {loose:04o}: group or others may open it; chmod {fix} {path}",
    }
