"""The statistics of one period as CSV tables, one file per table.

The files go to the council and the fund, who read them with spreadsheets
and scripts: so the header row and the first columns hold the stable keys
(topic keys, language codes, partner keys) and a label column beside them
holds the name in the staff's language. Standard comma-separated CSV,
UTF-8, written with the ``csv`` module.

The files leave the office, so they hold perturbed figures only (see
lwcore.services.disclosure): the screen asks the service for the figures
with ``leaving=True``, even for an office's own export, although its screen
shows the exact figures.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lwcore.tui.labels import language_label, outcome_label, partner_label, topic_label

if TYPE_CHECKING:
    from lwcore.directory import Directory
    from lwcore.services.disclosure import PeriodStatistics

#: The office column of a city-wide export.
ALL_OFFICES = "all"

Cell = str | int


@dataclass(frozen=True)
class CsvTable:
    """One file: its name (without ``.csv``), header row and rows."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def default_folder(figures: PeriodStatistics) -> str:
    """``./statistik-<office>-<start>-<end>``: the suggestion in the export form."""
    office = figures.office or "alle"
    return f"./statistik-{office}-{figures.start.isoformat()}-{figures.end.isoformat()}"


def statistics_tables(figures: PeriodStatistics, directory: Directory) -> tuple[CsvTable, ...]:
    """Every table of ``figures``, as released, in the order they are written."""
    if not figures.perturbed:
        raise ValueError("exact figures do not leave the office")
    shown = figures
    return (
        CsvTable(
            "totals",
            (
                "office",
                "start",
                "end",
                "consultations",
                "people",
                "quick_contacts",
                "households",
                "visits_done",
                "referrals",
            ),
            (
                (
                    shown.office or ALL_OFFICES,
                    shown.start.isoformat(),
                    shown.end.isoformat(),
                    shown.consultations,
                    shown.people,
                    shown.quick_contacts,
                    shown.households,
                    shown.visits_done,
                    shown.referrals,
                ),
            ),
        ),
        CsvTable(
            "by_topic",
            ("topic", "label", "consultations"),
            tuple((c.key, topic_label(directory, c.key), c.consultations) for c in shown.by_topic),
        ),
        CsvTable(
            "by_language",
            ("language", "label", "consultations"),
            tuple((c.key, language_label(c.key), c.consultations) for c in shown.by_language),
        ),
        CsvTable(
            "by_outcome",
            ("outcome", "label", "consultations"),
            tuple((c.key, outcome_label(c.key), c.consultations) for c in shown.by_outcome),
        ),
        CsvTable(
            "by_partner",
            ("partner", "label", "referrals", "done", "unsuccessful", "open"),
            tuple(
                (
                    p.partner,
                    partner_label(directory, p.partner),
                    p.referrals,
                    p.done,
                    p.unsuccessful,
                    p.open,
                )
                for p in shown.by_partner
            ),
        ),
        CsvTable(
            "by_topic_and_language",
            ("topic", "topic_label", "language", "language_label", "consultations"),
            tuple(
                (
                    row.topic,
                    topic_label(directory, row.topic),
                    row.language,
                    language_label(row.language),
                    row.consultations,
                )
                for row in shown.by_topic_and_language
            ),
        ),
    )


def write_tables(folder: Path, tables: tuple[CsvTable, ...]) -> list[Path]:
    """Create ``folder`` if needed and write one ``<name>.csv`` per table into it.

    Blocking file I/O: call it from a worker thread.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for table in tables:
        path = folder / f"{table.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(table.header)
            writer.writerows(table.rows)
        written.append(path)
    return written
