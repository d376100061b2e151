"""A report as a PDF to attach to a council paper (fpdf2): the office and the period
on top, the note on the figures, every table, bar charts drawn with plain
rectangles, page numbers at the foot of every page.

The text is set in Vazirmatn (lwcore.fonts), embedded, so the file looks the
same on every computer and holds German, Arabic and Persian letters alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from lwcore.fonts import FAMILY, font_files
from lwcore.i18n import _
from lwcore.reports.tables import Report, Table

#: Page geometry in millimetres (A4 portrait).
MARGIN = 18
BAR_HEIGHT = 4.6
BAR_GAP = 1.6
LABEL_WIDTH = 62
VALUE_WIDTH = 16
#: A chart shows at most this many bars (the largest: the tables are ranked).
MOST_BARS = 15
ROW_HEIGHT = 5.6
BAR_COLOUR = (46, 111, 149)
RULE_COLOUR = (200, 200, 200)
TEXT_COLOUR = (30, 30, 30)
MUTED_COLOUR = (96, 96, 96)


def file_name(report: Report) -> str:
    return f"statistik-{report.stem}.pdf"


class _Document(FPDF):
    """A4 pages whose foot names the report and counts the pages."""

    def __init__(self, report: Report) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report = report
        for style, path in font_files().items():
            self.add_font(FAMILY, style, str(path))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN)
        self.set_title(f"{report.title} – {report.office} – {report.period}")
        self.set_creator("lokal willkommen")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, size=8)
        self.set_text_color(*MUTED_COLOUR)
        page = _("Page {page} of {pages}").format(page=self.page_no(), pages="{nb}")
        self.cell(0, 6, f"{self.report.office} · {self.report.period} · {page}", align="C")


def render(report: Report) -> bytes:
    pdf = _Document(report)
    pdf.add_page()
    _heading(pdf, report)
    for table in report.tables:
        _table(pdf, table)
    return bytes(pdf.output())


def _heading(pdf: _Document, report: Report) -> None:
    pdf.set_text_color(*TEXT_COLOUR)
    pdf.set_font(FAMILY, "B", 18)
    pdf.cell(0, 10, report.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(0, 8, report.office, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, size=11)
    pdf.cell(0, 7, report.period, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*MUTED_COLOUR)
    pdf.set_font(FAMILY, size=9)
    created = _("Created on {day}").format(day=report.created)
    pdf.cell(0, 6, created, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.multi_cell(0, 4.5, report.note, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*TEXT_COLOUR)
    pdf.ln(3)


def _table(pdf: _Document, table: Table) -> None:
    # A heading is not left alone at the foot of a page.
    if pdf.get_y() + 30 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.set_font(FAMILY, "B", 12)
    pdf.cell(0, 9, table.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, size=9)
    if not table.rows:
        pdf.set_text_color(*MUTED_COLOUR)
        pdf.cell(0, 6, _("None in this period."), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(*TEXT_COLOUR)
        pdf.ln(2)
        return
    _grid(pdf, table)
    pdf.ln(3)
    if table.chart:
        bars = [(str(values[0]), int(values[1])) for values in table.rows]
        _bar_chart(pdf, f"{table.title}: {table.columns[1]}", bars)


def _grid(pdf: _Document, table: Table) -> None:
    """The table's rows under its bold headings, numbers on the right; the headings
    again at the top of each new page. Plain cells: fast for long tables."""
    numbers = [isinstance(cell, int) for cell in table.rows[0]]
    pdf.set_font(FAMILY, "B", 9)
    # A figure's column as wide as its heading (within reason), the text columns share the rest.
    figure_widths = {
        index: min(46.0, max(22.0, pdf.get_string_width(heading) + 4))
        for index, (heading, number) in enumerate(zip(table.columns, numbers, strict=True))
        if number
    }
    texts = len(numbers) - len(figure_widths)
    text_width = min(80.0, (pdf.epw - sum(figure_widths.values())) / max(texts, 1))
    widths = [figure_widths.get(index, text_width) for index in range(len(numbers))]
    aligns = ["R" if number else "L" for number in numbers]

    def row(cells: Sequence[object], style: str) -> None:
        pdf.set_font(FAMILY, style, 9)
        for text, width, align in zip(cells, widths, aligns, strict=True):
            shown = _fitted(pdf, str(text), width - 2)
            pdf.cell(width, ROW_HEIGHT, shown, border="B", align=align)
        pdf.ln(ROW_HEIGHT)

    pdf.set_draw_color(*RULE_COLOUR)
    row(table.columns, "B")
    for values in table.rows:
        if pdf.get_y() + ROW_HEIGHT > pdf.page_break_trigger:
            pdf.add_page()
            row(table.columns, "B")
        row(values, "")
    pdf.set_font(FAMILY, size=9)


def _bar_chart(pdf: _Document, title: str, bars: Sequence[tuple[str, int]]) -> None:
    """Horizontal bars, one per row, scaled to the largest; the figure beside each."""
    shown = list(bars[:MOST_BARS])
    if len(shown) < len(bars):
        title = _("{title} (largest {count})").format(title=title, count=len(shown))
    height = 8 + len(shown) * (BAR_HEIGHT + BAR_GAP)
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
    pdf.set_font(FAMILY, "B", 9)
    pdf.cell(0, 6, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, size=8)
    largest = max((value for _label, value in shown), default=0) or 1
    room = pdf.epw - LABEL_WIDTH - VALUE_WIDTH
    pdf.set_fill_color(*BAR_COLOUR)
    for label, value in shown:
        top = pdf.get_y()
        pdf.set_x(pdf.l_margin)
        pdf.cell(LABEL_WIDTH - 2, BAR_HEIGHT, _fitted(pdf, label, LABEL_WIDTH - 3), align="R")
        length = room * value / largest
        if length > 0:
            pdf.rect(pdf.l_margin + LABEL_WIDTH, top, length, BAR_HEIGHT, style="F")
        pdf.set_xy(pdf.l_margin + LABEL_WIDTH + length + 1.5, top)
        pdf.cell(VALUE_WIDTH, BAR_HEIGHT, str(value))
        pdf.set_y(top + BAR_HEIGHT + BAR_GAP)
    pdf.ln(4)


def _fitted(pdf: FPDF, text: str, width: float) -> str:
    """``text`` shortened with an ellipsis until it fits ``width``."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"
