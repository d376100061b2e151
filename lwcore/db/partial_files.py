"""Files that appear whole or not at all: written under a partial name, made
durable, then given their final name in one step.

A copy of refugees' data that was cut off halfway (a killed process, a full
disk, a power cut) must never pass for a backup. So a copy is written as
``.NAME.PID.partial`` in the folder it belongs in (a name nothing takes for a
backup: hidden, and not ending in ``.sqlite3``), fsynced, checked, and only
then linked to its final name, which it never overwrites. Partial files of a
process that no longer runs are leftovers of a crash and are removed.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from lwcore.db.file_modes import COMPANIONS

PARTIAL_SUFFIX = ".partial"


def partial_name(target: Path) -> Path:
    """Where ``target`` is written until it is whole."""
    return target.with_name(f".{target.name}.{os.getpid()}{PARTIAL_SUFFIX}")


def is_partial(path: Path) -> bool:
    return path.name.startswith(".") and path.name.endswith(PARTIAL_SUFFIX)


def _writer_pid(path: Path) -> int | None:
    stem = path.name.removesuffix(PARTIAL_SUFFIX)
    _, _, pid = stem.rpartition(".")
    return int(pid) if pid.isdigit() else None


def _running(pid: int) -> bool:
    if os.name == "nt":  # signal 0 would interrupt the process there: assume it runs
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def remove_stale_partials(folder: Path) -> list[Path]:
    """Delete the partial files in ``folder`` whose writer no longer runs (and the
    journal files SQLite may have left beside them); the ones removed."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for path in folder.glob(f".*{PARTIAL_SUFFIX}"):
        pid = _writer_pid(path)
        if pid is None or pid == os.getpid() or _running(pid):
            continue
        remove_with_companions(path)
        removed.append(path)
    return removed


def remove_with_companions(path: Path) -> None:
    """``path`` and the -wal, -shm and -journal files SQLite may keep beside it."""
    for companion in (path, *(path.with_name(path.name + c) for c in COMPANIONS)):
        companion.unlink(missing_ok=True)


def fsync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def fsync_folder(folder: Path) -> None:
    """Make a new or renamed name in ``folder`` survive a power cut (where the
    file system lets a folder be fsynced)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # e.g. FAT, some network file systems
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def publish(partial: Path, target: Path) -> None:
    """Give the whole file ``partial`` its final name ``target``, never overwriting
    one (``FileExistsError``): a hard link is made and the partial name removed;
    where the file system has no hard links (a FAT stick) it is renamed."""
    try:
        os.link(partial, target)
    except FileExistsError:
        raise FileExistsError(
            f"{target}: already exists; a backup never overwrites a file"
        ) from None
    except OSError:
        if target.exists():
            raise FileExistsError(
                f"{target}: already exists; a backup never overwrites a file"
            ) from None
        os.rename(partial, target)
    else:
        partial.unlink()
    fsync_folder(target.parent)
