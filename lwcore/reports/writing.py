"""Write a report into a folder in the formats asked for, all or nothing.

Every file is rendered first, then written under a temporary name beside its
final one and renamed when all of them are written: a folder that cannot be
written (no permission, a full disk, a file in the way) leaves no half-written
report behind, and a report of the same name that was there stays whole until
the new one replaces it. Each format's writer, with its library (openpyxl,
fpdf2), loads only when that format is asked for.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from lwcore.i18n import _
from lwcore.reports.tables import Report, build_report

if TYPE_CHECKING:
    from lwcore.services import Services

#: Every format, in the order they are offered and written.
FORMATS = ("xlsx", "pdf", "csv")


class ReportNotWritten(Exception):
    """The folder could not take the report; the message names it, for people."""

    def __init__(self, folder: Path, reason: str) -> None:
        self.folder = folder
        self.reason = reason
        super().__init__(
            _("Cannot write the report to {folder}: {reason}").format(folder=folder, reason=reason)
        )


def unknown_formats(formats: Iterable[str]) -> list[str]:
    return [name for name in formats if name not in FORMATS]


def report_for(services: Services, office: str | None, start: date, end: date) -> Report:
    """The report of ``office`` (None: every office) for [start, end], as it may leave
    the office; the service refuses what may not."""
    figures = services.statistics.report(office, start, end)
    return build_report(figures, services.context.directory, services.context.now())


def renderer(name: str) -> Callable[[Report], dict[str, bytes]]:
    """The format's writer: file name -> content."""
    if name == "xlsx":
        from lwcore.reports import xlsx

        return lambda report: {xlsx.file_name(report): xlsx.render(report)}
    if name == "pdf":
        from lwcore.reports import pdf

        return lambda report: {pdf.file_name(report): pdf.render(report)}
    if name == "csv":
        from lwcore.reports import csv_files

        return csv_files.render
    raise ValueError(f"unknown report format {name!r}")


def write_report(report: Report, folder: Path, formats: Sequence[str]) -> list[Path]:
    """Write ``report`` into ``folder`` (created if missing) in ``formats``; the paths
    written, in order. Blocking file I/O: call it from a worker thread."""
    files: dict[str, bytes] = {}
    for name in FORMATS:
        if name in formats:
            files.update(renderer(name)(report))
    return save_files(folder, files)


def save_files(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """All of ``files`` in ``folder``, or none of them (:class:`ReportNotWritten`)."""
    for name in files:
        if (folder / name).is_dir():
            raise ReportNotWritten(folder / name, _("a folder of that name is in the way"))
    created = [parent for parent in (folder, *folder.parents) if not parent.exists()]
    written: list[tuple[Path, Path]] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            handle, part = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
            written.append((Path(part), folder / name))
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
        for temporary, final in written:
            os.replace(temporary, final)
    except OSError as error:
        for temporary, _final in written:
            with contextlib.suppress(OSError):
                temporary.unlink()
        for parent in created:  # only folders this report created, innermost first
            with contextlib.suppress(OSError):
                parent.rmdir()
        raise ReportNotWritten(folder, reason(error)) from error
    return [final for _temporary, final in written]


def reason(error: OSError) -> str:
    """Why a folder could not be written, in the report's language."""
    known = {
        errno.EACCES: _("no permission to write there"),
        errno.EPERM: _("no permission to write there"),
        errno.ENOTDIR: _("a file of that name is in the way"),
        errno.EEXIST: _("a file of that name is in the way"),
        errno.EISDIR: _("a folder of that name is in the way"),
        errno.ENOSPC: _("the disk is full"),
        errno.EROFS: _("the drive is read-only"),
    }
    return known.get(error.errno or 0, error.strerror or str(error))
