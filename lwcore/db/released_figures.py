"""A city-wide coordinator's figures on PostgreSQL, released by the database itself.

A coordinator's login reads no table with personal data (migration 0006);
migration 0009 gives it ``lw_released_figures``, a function that counts one
office's (or every office's) cells for a finished calendar period as the
owner and returns each perturbed by the cell key method. This module calls
it and hands the released values on by cell; the statistics service arranges
them into the same tables as its own figures.

Migration 0010 adds ``lw_released_report`` for the tables only a report
holds (months, districts, referral outcomes, round tables, group offers,
volunteers), released the same way: :func:`released_report_cells`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy import Connection, text

#: (cell, key, second key) -> released value; e.g. ("topic", "housing", "") -> 12.
Cells = Mapping[tuple[str, str, str], int]

_FIGURES = text(
    "SELECT cell, key, second_key, released FROM lw_released_figures(:office, :first, :last)"
)


def released_cells(connection: Connection, office: str | None, first: date, last: date) -> Cells:
    """Every released cell of ``office`` (None: every office) for [first, last]; empty
    when the period is not a whole calendar month, quarter or year that is over."""
    rows = connection.execute(_FIGURES, {"office": office, "first": first, "last": last})
    return {(str(cell), str(key), str(second)): int(value) for cell, key, second, value in rows}


#: (cell, office, key, second key, third key) -> released value; e.g.
#: ("month", "", "2026-10-01", "consultations", "") -> 41.
ReportCells = Mapping[tuple[str, str, str, str, str], int]

_REPORT = text(
    "SELECT cell, office, key, second_key, third_key, released "
    "FROM lw_released_report(:office, :first, :last)"
)


def released_report_cells(
    connection: Connection, office: str | None, first: date, last: date
) -> ReportCells:
    """Every released cell only a report shows, of ``office`` (None: every office) for
    [first, last]; empty when the period is not a whole calendar period that is over."""
    rows = connection.execute(_REPORT, {"office": office, "first": first, "last": last})
    return {(str(c), str(o), str(k), str(s), str(t)): int(v) for c, o, k, s, t, v in rows}
