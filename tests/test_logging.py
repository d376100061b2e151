"""The log file (lwcore.logs): events and tracebacks for IT, never a person's data;
owner-only files whatever the umask, rotated so it never fills a disk."""

from __future__ import annotations

import io
import json
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from lwcore.cli import cli
from lwcore.db.engine import Database
from lwcore.logs import (
    LOG_FILE,
    ROOT_LOGGER,
    WITHHELD,
    PrivateRotatingFileHandler,
    ScrubbingFormatter,
    configure_logging,
    configured_log_file,
    log_dir,
)
from lwcore.services import Services
from lwcore.services.consultations import ReferralRequest
from lwcore.services.households import HouseholdService
from lwcore.testing import ConfigFolder
from tests.access.cases_privacy import use_repo_config

#: What staff type on a working day: none of it may reach the log.
LABEL = "Familie Qasimi-Zarifa"
SURNAME = "Qasimi"
NOTE = "Mietschulden bei Vermieter Obradović besprochen"
CORRECTED_NOTE = "Schulden beim Jobcenter Quelle-Süd, Tochter Leyla krank"
REASON = "Verwechslung mit Familie Brankovic"
PERSONAL = (
    LABEL,
    SURNAME,
    "Zarifa",
    NOTE,
    "Obradović",
    CORRECTED_NOTE,
    "Leyla",
    REASON,
    "Brankovic",
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def everything_logged(folder: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(folder.glob("lw.log*")))


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that would let everyone read new files: lw must not rely on the shell's."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture(autouse=True)
def _no_handler_left(tmp_path: Path) -> Iterator[None]:
    yield
    logger = logging.getLogger(ROOT_LOGGER)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()


# --- the file ---------------------------------------------------------------------------


def test_the_log_folder_comes_from_lw_log_dir(tmp_path: Path) -> None:
    assert log_dir() == tmp_path / "logs"  # tests/conftest.py sets $LW_LOG_DIR


def test_the_user_log_folder_without_lw_log_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LW_LOG_DIR")
    assert log_dir().name in {"log", "Logs", "lokal-willkommen"}
    assert "lokal-willkommen" in str(log_dir())


def test_folder_0700_and_file_0600_whatever_the_umask(tmp_path: Path, open_umask: None) -> None:
    folder = tmp_path / "new" / "logs"
    path = configure_logging(folder)
    logging.getLogger("lwcore.test").info("started")
    assert path == folder / LOG_FILE
    assert mode(folder) == 0o700
    assert mode(folder.parent) == 0o700
    assert mode(path) == 0o600
    assert "INFO lwcore.test: started" in path.read_text(encoding="utf-8")


def test_rotated_files_stay_owner_only_and_are_counted(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "lw.log"
    handler = PrivateRotatingFileHandler(path, maxBytes=300, backupCount=2, encoding="utf-8")
    handler.setFormatter(ScrubbingFormatter())
    logger = logging.getLogger("lwcore.rotation")
    logger.addHandler(handler)
    try:
        for number in range(40):
            logger.warning("event number %d of a long day", number)
    finally:
        logger.removeHandler(handler)
        handler.close()
    files = sorted(tmp_path.glob("lw.log*"))
    assert [file.name for file in files] == ["lw.log", "lw.log.1", "lw.log.2"]
    assert all(mode(file) == 0o600 for file in files)
    assert all(file.stat().st_size <= 300 for file in files)
    assert "event number 39 " in path.read_text(encoding="utf-8")


def test_configured_once_then_moved_with_the_folder(tmp_path: Path) -> None:
    first = configure_logging(tmp_path / "one")
    assert configure_logging(tmp_path / "one") == first
    assert len(logging.getLogger(ROOT_LOGGER).handlers) == 1
    second = configure_logging(tmp_path / "two")
    assert configured_log_file() == second
    assert len(logging.getLogger(ROOT_LOGGER).handlers) == 1


def test_a_folder_that_cannot_be_written_leaves_lw_working(tmp_path: Path) -> None:
    blocked = tmp_path / "file-in-the-way"
    blocked.write_text("", encoding="utf-8")
    assert configure_logging(blocked / "logs") is None
    logging.getLogger("lwcore.test").error("nowhere to go")  # no error, nothing printed
    assert configured_log_file() is None


def test_sql_and_its_parameters_never_reach_the_log(tmp_path: Path) -> None:
    """SQLAlchemy logs statements with their parameters at INFO: only lwcore's own
    loggers write to the file."""
    path = configure_logging(tmp_path / "logs")
    assert path is not None
    engine = create_engine("sqlite://")
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT :label"), {"label": LABEL})
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
        engine.dispose()
    assert LABEL not in path.read_text(encoding="utf-8")


# --- the scrubbing formatter ------------------------------------------------------------


def _failing_insert(label: str) -> None:
    try:
        raise ValueError(f"label {label!r} is taken")
    except ValueError as error:
        raise IntegrityError("INSERT INTO household", {"label": label}, error) from error


def test_a_traceback_keeps_its_frames_and_types_but_no_message() -> None:
    with pytest.raises(IntegrityError) as caught:
        _failing_insert(LABEL)
    line = logging.LogRecord("lwcore.scrub", logging.ERROR, __file__, 1, "failed", (), None)
    line.exc_info = (caught.type, caught.value, caught.tb)
    written = ScrubbingFormatter().format(line)
    assert LABEL not in written
    assert "{'label'" not in written  # the statement's parameters
    assert "ERROR lwcore.scrub: failed" in written
    assert "in _failing_insert" in written  # the frame: where it went wrong
    assert f"builtins.ValueError: {WITHHELD}" in written
    assert f"sqlalchemy.exc.IntegrityError: {WITHHELD}" in written
    assert "The above exception was the direct cause of:" in written
    assert written.index("builtins.ValueError") < written.index("sqlalchemy.exc.IntegrityError")


# --- a working day through the commands -------------------------------------------------


def lw(*args: str) -> Result:
    return CliRunner().invoke(cli, ["--as", "brackel_stadt", *args])


@pytest.fixture
def office(lw_database: Database, lw_config: ConfigFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    use_repo_config(lw_config, monkeypatch, lw_database)


def test_a_working_day_leaves_events_in_the_log_and_no_personal_data(
    office: None, services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = [LABEL, "--district", "Brackel", "--languages", "fa,de", "--yes", "--json"]
    registered = lw("household", "new", "--label", *new)
    assert registered.exit_code == 0, registered.output
    code = json.loads(registered.stdout)["code"]
    household = services.households.find(code)
    recorded = services.consultations.record(
        office="brackel",
        language="fa",
        topics=["job_search", "housing"],
        outcome="referred",
        household_id=household.id,
        note=NOTE,
        referral=ReferralRequest("jobcenter_brackel", "job_search", anonymous=True),
    )
    assert recorded.referral is not None
    consultation, referral = str(recorded.consultation.id), str(recorded.referral.id)
    steps = [
        ("consultation", "correct", consultation, "--note", CORRECTED_NOTE, "--reason", REASON),
        ("referral", "withdraw", referral, "--reason", REASON),
        ("household", "find", SURNAME),
        ("household", "show", code),
    ]
    for step in steps:
        result = lw(*step)
        assert result.exit_code == 0, (step, result.output)
    assert SURNAME in lw("household", "find", SURNAME).stdout

    def broken(self: HouseholdService, office: str, text: str, **_more: Any) -> Any:
        _failing_insert(text)

    monkeypatch.setattr(HouseholdService, "search", broken)
    monkeypatch.setenv("LW_LANG", "de")
    failed = lw("household", "find", LABEL)
    assert failed.exit_code == 1
    log = tmp_path / "logs" / LOG_FILE
    assert failed.stderr.strip() == (
        f"Error: Unerwarteter Fehler (IntegrityError). Er wurde im Protokoll {log} "
        "festgehalten; bitte sagen Sie der IT Bescheid."
    )
    assert "Traceback" not in failed.output

    written = everything_logged(tmp_path / "logs")
    for typed in PERSONAL:
        assert typed not in written, typed
    assert code not in written  # a household's code is personal too: it finds its file
    for event in (
        "command household new started",
        "command household new finished",
        "command consultation correct finished",
        "command referral withdraw finished",
        "command household find finished",
        "command household show finished",
        "ERROR lwcore.cli: command household find failed unexpectedly",
    ):
        assert event in written, event
    assert "Traceback (most recent call last):" in written
    assert "in _failing_insert" in written
    assert f"sqlalchemy.exc.IntegrityError: {WITHHELD}" in written
    assert mode(log) == 0o600


def test_a_refusal_is_logged_without_its_words(office: None, tmp_path: Path) -> None:
    refused = lw("household", "show", "BR-QASIMI")
    assert refused.exit_code == 2
    written = everything_logged(tmp_path / "logs")
    assert "command household show refused, exit status 2" in written
    assert "QASIMI" not in written


def test_a_mistyped_command_is_not_repeated(office: None, tmp_path: Path) -> None:
    assert lw(SURNAME).exit_code == 2
    written = everything_logged(tmp_path / "logs")
    assert "command (unknown command) refused, exit status 2" in written
    assert SURNAME not in written


def test_a_line_that_cannot_be_written_is_dropped_quietly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(tmp_path / "logs")
    [handler] = logging.getLogger(ROOT_LOGGER).handlers
    assert isinstance(handler, PrivateRotatingFileHandler)
    assert handler.stream is not None
    handler.stream.close()  # as if the disk had gone away
    logging.getLogger("lwcore.test").error("lost")
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")
    handler.stream = io.TextIOWrapper(io.BytesIO())  # something to close at the end
