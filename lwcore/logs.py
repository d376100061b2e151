"""The log file IT reads when something went wrong: events, never personal data.

``lw`` writes to ``lw.log`` in the user log folder (platformdirs names it for
the system; ``$LW_LOG_DIR`` sets another, as the tests do), rotated by size so
it never fills a disk. The folder is created 0700 and every log file 0600,
whatever the umask: even without personal data, a log says when an office
worked and what failed.

What goes in: the kind of event and ids that name no person (the command's
name, an office's slug, a role, counts), and for an unexpected error its
exception type and the traceback's frames. What never goes in: household
labels, names, notes, search terms, SQL parameters, an exception's message
(:class:`ScrubbingFormatter` says why). Only lwcore's own loggers (``lwcore``
and below) write here: a library that logs its SQL with the parameters
(SQLAlchemy at INFO) is kept out.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import time
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

import platformdirs

from lwcore.files import OWNER_FILE, private_folder
from lwcore.settings.paths import APP_NAME

#: Set it to write the log elsewhere (a test's folder, a shared log disk).
LOG_DIR_VARIABLE = "LW_LOG_DIR"
LOG_FILE = "lw.log"
#: One file up to 1 MB, and five older ones (``lw.log.1`` .. ``lw.log.5``):
#: months of events, a few MB at most.
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
#: The logger every module of lwcore logs under (``logging.getLogger(__name__)``).
ROOT_LOGGER = "lwcore"
LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
WITHHELD = "(message withheld: it may name a person)"


def log_dir() -> Path:
    """``$LW_LOG_DIR``, else the user log folder of lokal willkommen."""
    chosen = os.environ.get(LOG_DIR_VARIABLE)
    if chosen:
        return Path(chosen)
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    return log_dir() / LOG_FILE


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating log whose files are created 0600 whatever the umask (a rotated
    file keeps its mode; each new one is opened here)."""

    def handleError(self, record: logging.LogRecord) -> None:
        """A line that cannot be written (a full disk; on Windows, another lw holding
        the file while this one rotates it) is dropped: the log must never put a
        traceback on a person's screen or stop their work."""

    def _open(self) -> io.TextIOWrapper:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, OWNER_FILE)
        # os.open's mode passes through the umask; a file system without modes refuses
        with contextlib.suppress(PermissionError):
            os.fchmod(descriptor, OWNER_FILE)
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)


class ScrubbingFormatter(logging.Formatter):
    """Log lines in UTC, and tracebacks without what they carry about people.

    An exception's message often holds the data it failed on: an
    IntegrityError repeats the SQL parameters (a household's label, a note), a
    ValueError the text that was typed. The traceback's frames (file, line,
    function, the line of source code) say where it went wrong without any of
    that, so only they are written, with the exception's type; the message, its
    notes and the frames' local variables are left out. Chained exceptions
    (``raise ... from``) are written the same way.
    """

    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"

    def __init__(self) -> None:
        super().__init__(LINE_FORMAT)
        self.converter = _utc

    def formatException(
        self,
        ei: tuple[type[BaseException], BaseException, TracebackType | None]
        | tuple[None, None, None],
    ) -> str:
        _kind, error, _trace = ei
        if error is None:
            return ""
        return "\n".join(scrubbed_traceback(error))

    def formatStack(self, stack_info: str) -> str:
        return stack_info  # frames only: file, line, function, source line


def _utc(seconds: float | None) -> time.struct_time:
    return time.gmtime(seconds)


def scrubbed_traceback(error: BaseException) -> list[str]:
    """The traceback of ``error`` and of the exceptions it was raised from or
    during, oldest first, each ending in its type and no message."""
    chain = [error]  # newest first
    links: list[str] = []  # links[i]: how chain[i + 1] led to chain[i]
    while True:
        newest = chain[-1]
        if newest.__cause__ is not None:
            older, link = newest.__cause__, "The above exception was the direct cause of:"
        elif newest.__context__ is not None and not newest.__suppress_context__:
            older, link = newest.__context__, "During handling of the above exception:"
        else:
            break
        if any(older is known for known in chain):
            break
        chain.append(older)
        links.append(link)
    lines: list[str] = []
    for index in reversed(range(len(chain))):
        found = chain[index]
        lines.append("Traceback (most recent call last):")
        frames = traceback.extract_tb(found.__traceback__)
        lines.extend(line.rstrip("\n") for line in frames.format())
        kind = type(found)
        lines.append(f"{kind.__module__}.{kind.__qualname__}: {WITHHELD}")
        if index:
            lines.append(links[index - 1])
    return lines


def configure_logging(folder: Path | None = None) -> Path | None:
    """Write lwcore's log to ``folder`` (default :func:`log_dir`); the log file, or
    None when it cannot be written (then nothing is logged, and lw works on).

    Called once at start-up by the commands and by the terminal UI; calling it
    again for the same folder changes nothing, for another folder moves the log
    there (the tests give each test its own).
    """
    path = (folder or log_dir()) / LOG_FILE
    logger = logging.getLogger(ROOT_LOGGER)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # our lines go to our file only, never to a terminal
    for handler in list(logger.handlers):
        if isinstance(handler, PrivateRotatingFileHandler) and handler.baseFilename == str(
            path.absolute()
        ):
            return path
        logger.removeHandler(handler)
        handler.close()
    try:
        # The user log folder is lw's own: made 0700 even if it was there; a folder
        # IT chose ($LW_LOG_DIR) is created 0700 but otherwise left as it is.
        private_folder(path.parent, tighten=folder is None and LOG_DIR_VARIABLE not in os.environ)
        handler = PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError:
        logger.addHandler(logging.NullHandler())
        return None
    handler.setFormatter(ScrubbingFormatter())
    logger.addHandler(handler)
    return path


def configured_log_file() -> Path | None:
    """The file lwcore logs to now, if :func:`configure_logging` has set one."""
    for handler in logging.getLogger(ROOT_LOGGER).handlers:
        if isinstance(handler, PrivateRotatingFileHandler):
            return Path(handler.baseFilename)
    return None
