"""A report as an Excel workbook (openpyxl): an overview sheet, one sheet per table,
and a sheet of bar charts drawn from the tables' own cells."""

from __future__ import annotations

import io

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.chart import BarChart, Reference  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from lwcore.i18n import _
from lwcore.reports.tables import Report, Table

#: Excel refuses longer sheet names and these characters in them.
SHEET_NAME_LENGTH = 31
NOT_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", "-"))
#: Rows a chart takes on the chart sheet.
CHART_ROWS = 18


def file_name(report: Report) -> str:
    return f"statistik-{report.stem}.xlsx"


def render(report: Report) -> bytes:
    workbook = Workbook()
    overview = workbook.active
    assert overview is not None
    overview.title = _sheet_name(_("Overview"), set())
    _fill_overview(overview, report)
    names = {overview.title}
    sheets: dict[str, Worksheet] = {}
    for table in report.tables:
        sheet = workbook.create_sheet(_sheet_name(table.title, names))
        names.add(sheet.title)
        _fill_table(sheet, table)
        sheets[table.name] = sheet
    charts = workbook.create_sheet(_sheet_name(_("Charts"), names))
    row = 1
    for table in report.tables:
        if table.chart and table.rows:
            charts.add_chart(_bar_chart(sheets[table.name], table), f"A{row}")
            row += CHART_ROWS
    if row == 1:
        charts["A1"] = _("No figures to draw in this period.")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(title: str, taken: set[str]) -> str:
    name = title.translate(NOT_IN_SHEET_NAMES)[:SHEET_NAME_LENGTH]
    number = 2
    while name in taken:
        suffix = f" {number}"
        name = name[: SHEET_NAME_LENGTH - len(suffix)] + suffix
        number += 1
    return name


def _fill_overview(sheet: Worksheet, report: Report) -> None:
    sheet["A1"] = report.title
    sheet["A1"].font = Font(bold=True, size=14)
    for row, (label, value) in enumerate(
        (
            (_("Office"), report.office),
            (_("Period"), report.period),
            (_("Created on"), report.created),
        ),
        start=3,
    ):
        sheet.cell(row, 1, label).font = Font(bold=True)
        sheet.cell(row, 2, value)
    sheet["A7"] = report.note
    sheet["A7"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells("A7:D7")
    sheet.row_dimensions[7].height = 60
    key_figures = report.tables[0]
    _fill_table(sheet, key_figures, first_row=9)


def _fill_table(sheet: Worksheet, table: Table, first_row: int = 1) -> None:
    for column, heading in enumerate(table.columns, start=1):
        sheet.cell(first_row, column, heading).font = Font(bold=True)
    for offset, values in enumerate(table.rows, start=1):
        for column, value in enumerate(values, start=1):
            sheet.cell(first_row + offset, column, value)
    if first_row == 1:
        sheet.freeze_panes = "A2"
    for column in range(1, len(table.columns) + 1):
        cells = [table.columns[column - 1], *(str(values[column - 1]) for values in table.rows)]
        width = min(60, max(10, max(len(text) for text in cells) + 2))
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = max(
            width, sheet.column_dimensions[letter].width or 0
        )


def _bar_chart(sheet: Worksheet, table: Table) -> BarChart:
    """The table's second column as bars named by its first; from the sheet's cells,
    so the chart shows what the table says."""
    chart = BarChart()
    chart.type = "bar" if len(table.rows) > 12 or table.name != "monate" else "col"
    chart.title = table.title
    chart.style = 10
    chart.legend = None
    last = len(table.rows) + 1
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last))
    chart.y_axis.title = table.columns[1]
    chart.height = 8.5
    chart.width = 24
    if chart.type == "bar":
        chart.x_axis.scaling.orientation = "maxMin"  # largest at the top, as in the table
    return chart
