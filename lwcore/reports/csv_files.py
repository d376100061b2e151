"""A report as CSV files that German Excel opens as they are: one file per table,
``;`` between the cells, UTF-8 with a byte order mark (without it Excel reads
the umlauts as Latin-1), the header row in the report's language."""

from __future__ import annotations

import csv
import io

from lwcore.reports.tables import Report, Table

#: Excel's encoding marker for UTF-8: the byte order mark ``utf-8-sig`` writes.
ENCODING = "utf-8-sig"
DELIMITER = ";"


def file_name(report: Report, table: Table) -> str:
    return f"statistik-{report.stem}-{table.name}.csv"


def render(report: Report) -> dict[str, bytes]:
    """File name -> content, one file per table."""
    return {file_name(report, table): _table_bytes(table) for table in report.tables}


def _table_bytes(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return buffer.getvalue().encode(ENCODING)
