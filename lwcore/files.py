"""Files only their owner can read: the database, its WAL, the backups and the
exports hold refugees' data, so lw creates them 0600 in 0700 folders whatever
the umask.

SQLite creates a database's ``-wal``, ``-shm`` and ``-journal`` files with the
database file's own mode, so creating that file 0600 before SQLite opens it
covers them too. ``lw doctor`` names any of them that group or others may open
(:func:`open_to_others`).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

OWNER_FILE = 0o600
OWNER_FOLDER = 0o700
#: Permission bits that let someone other than the owner in.
OTHERS = 0o077
#: Files SQLite keeps beside a database while it is open.
COMPANIONS = ("-wal", "-shm", "-journal")


def private_folder(path: Path, *, tighten: bool = False) -> Path:
    """Create ``path`` and any missing parents 0700; ``tighten`` makes an existing
    one 0700 too (only for folders that are lw's own: a folder someone chose to
    keep the database in is left as it is)."""
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            folder.mkdir(mode=OWNER_FOLDER)
            os.chmod(folder, OWNER_FOLDER)  # mkdir's mode passes through the umask
    if tighten and path not in missing:
        os.chmod(path, OWNER_FOLDER)
    return path


def create_private_file(path: Path) -> None:
    """Create the empty file ``path``, 0600; ``FileExistsError`` if it is there."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_FILE)
    try:
        # A file system without modes (a FAT USB stick) refuses; os.open's mode
        # has kept group and others out wherever modes exist.
        with contextlib.suppress(PermissionError):
            os.fchmod(descriptor, OWNER_FILE)
    finally:
        os.close(descriptor)


def write_private(path: Path, data: bytes, *, make_folders: bool = False) -> None:
    """Write ``data`` to ``path``, readable by its owner only (0600), whether the
    file is new or was there before (then its mode is narrowed too).

    A path someone typed must name a folder that exists (a typo is an error,
    not a new folder); with ``make_folders`` (a folder lw chose) missing
    folders are created 0700. An existing folder is left as it is.
    """
    if make_folders:
        private_folder(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_FILE)
    with os.fdopen(descriptor, "wb") as target:
        with contextlib.suppress(PermissionError):  # see create_private_file
            os.fchmod(target.fileno(), OWNER_FILE)
        target.write(data)


def replace_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: into a new file beside it
    (0600, as mkstemp makes it), synced, then renamed over ``path``; missing
    folders are created. A reader sees the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def with_companions(database: Path) -> list[Path]:
    """The database file and the WAL, shared-memory and journal files beside it."""
    return [database, *(database.with_name(database.name + suffix) for suffix in COMPANIONS)]


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def open_to_others(paths: Iterable[Path]) -> Iterator[tuple[Path, int]]:
    """Each existing path that group or others may read, write or enter, with its mode."""
    for path in paths:
        try:
            mode = mode_of(path)
        except FileNotFoundError:
            continue
        if mode & OTHERS:
            yield path, mode
