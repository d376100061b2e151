"""A paper laid out on A4: German on the left, the client's language on the
right (set right to left for Arabic and Persian, shaped by HarfBuzz), block by
block so that each German text stands beside its translation. A client who
reads German gets the German column alone, across the page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from lwcore.papers.catalogue import GERMAN, SHAPING, Words
from lwcore.papers.document import (
    Block,
    Entry,
    Field,
    Heading,
    Items,
    Paper,
    Paragraph,
    Signature,
    TickBox,
    shown,
)
from lwcore.papers.fonts import FAMILY, add_fonts

MARGIN = 15.0
GUTTER = 8.0
PAGE_WIDTH = 210.0
PAGE_HEIGHT = 297.0
#: Room kept free at the foot of each page for the page number.
FOOT = 18.0
BOX = 3.8
INK = (0, 0, 0)
GREY = (90, 90, 90)


class _Sheet(FPDF):
    """fpdf2's document with the papers' footer: printed day and page n of m."""

    printed_on = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_text_shaping(use_shaping_engine=True, direction="ltr")
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*GREY)
        self.cell(0, 5, f"{self.printed_on}   {self.page_no()}/{{nb}}", align=Align.C)


class _Column:
    """One language's column: where it sits, and how its text runs."""

    def __init__(self, words: Words, left: float, width: float) -> None:
        self.words = words
        self.left = left
        self.width = width
        self.align = Align.R if words.right_to_left else Align.L

    def shape(self, pdf: FPDF) -> None:
        if self.words.right_to_left:
            script, language = SHAPING.get(self.words.language, (None, None))
            pdf.set_text_shaping(
                use_shaping_engine=True, direction="rtl", script=script, language=language
            )
        else:
            pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")


def columns(client: Words) -> list[_Column]:
    inner = PAGE_WIDTH - 2 * MARGIN
    german = Words(GERMAN)
    if client.language == GERMAN:
        return [_Column(german, MARGIN, inner)]
    half = (inner - GUTTER) / 2
    return [_Column(german, MARGIN, half), _Column(client, MARGIN + half + GUTTER, half)]


def render(paper: Paper, client: Words, printed_on: date) -> bytes:
    """The paper as PDF bytes, German beside ``client``'s language."""
    pdf = _Sheet(format="A4")
    pdf.printed_on = f"{printed_on:%d.%m.%Y}"
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(False)
    pdf.set_title(Words(GERMAN)(paper.title))
    pdf.set_creator("lokal willkommen")
    add_fonts(pdf)
    pdf.add_page()
    laid = columns(client)
    _sender(pdf, paper.sender)
    _row(pdf, laid, lambda pdf, column: _text(pdf, column, column.words(paper.title), 15, "B"))
    pdf.ln(3)
    for block in paper.blocks:
        _row(pdf, laid, _drawing(block))
    return bytes(pdf.output())


def _sender(pdf: FPDF, lines: tuple[str, ...]) -> None:
    """The office's name and address at the head of the first page."""
    pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")
    pdf.set_text_color(*GREY)
    for number, line in enumerate(lines):
        pdf.set_font(FAMILY, "B" if number == 0 else "", 10 if number == 0 else 9)
        pdf.cell(0, 5, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    y = pdf.get_y() + 2
    pdf.set_draw_color(*GREY)
    pdf.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)
    pdf.set_text_color(*INK)
    pdf.set_y(y + 5)


#: Draws one block in one column from the current y and returns its height in mm.
Drawing = Callable[[FPDF, _Column], float]


def _row(pdf: FPDF, laid: list[_Column], drawing: Drawing) -> None:
    """One block in every column side by side, on a new page if it does not fit.

    The block is laid out once: drawn where it would go and, only if it does
    not fit, taken off the page again and drawn at the top of a new one (a page
    break in a paper is rare). Measuring every block before drawing it would
    break each text into lines, shaping it, twice."""
    top = pdf.get_y()
    mark = _Mark(pdf)
    height = _draw(pdf, laid, drawing, top)
    if top + height > PAGE_HEIGHT - FOOT:
        mark.take_back()
        pdf.add_page()
        top = pdf.get_y()
        _draw(pdf, laid, drawing, top)
    pdf.set_xy(MARGIN, top + height)


def _draw(pdf: FPDF, laid: list[_Column], drawing: Drawing, top: float) -> float:
    """The block in each column from ``top``; the tallest column's height."""
    heights = []
    for column in laid:
        pdf.set_xy(column.left, top)
        heights.append(drawing(pdf, column))
    return max(heights)


class _Mark:
    """Where the current page's content ended, to take back what was drawn after.

    Only the drawing commands go: the glyphs the block used stay in the font's
    subset (they are drawn again on the next page), and the line colour is set
    back to what it was, as fpdf2 carries it onto the new page."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.page = pdf.page
        self.end = len(self._contents())
        self.draw_color = pdf.draw_color

    def _contents(self) -> bytearray:
        contents = self.pdf.pages[self.page].contents
        assert isinstance(contents, bytearray), "the page is still being written"
        return contents

    def take_back(self) -> None:
        assert self.pdf.page == self.page, "a block never breaks a page by itself"
        del self._contents()[self.end :]
        self.pdf.draw_color = self.draw_color


def _text(pdf: FPDF, column: _Column, text: str, size: float, style: str) -> float:
    """``text`` from the current position down; its height in mm (of its lines,
    as fpdf2 counts them)."""
    column.shape(pdf)
    pdf.set_font(FAMILY, style, size)
    height = pdf.multi_cell(
        column.width,
        size * 0.5,
        text,
        align=column.align,
        new_x=XPos.LEFT,
        new_y=YPos.NEXT,
        output="HEIGHT",
    )
    assert isinstance(height, float | int)
    return float(height)


def _drawing(block: Block) -> Drawing:
    if isinstance(block, Heading):
        return lambda pdf, column: 3 + _at(pdf, column, 3, column.words(block.message), 12, "B")
    if isinstance(block, Paragraph):
        return lambda pdf, column: _text(pdf, column, block.text(column.words), 10.5, "") + 1.5
    if isinstance(block, Field | Items):
        return lambda pdf, column: _field(pdf, column, block)
    if isinstance(block, TickBox):
        return lambda pdf, column: _tick_box(pdf, column, block)
    if isinstance(block, Entry):
        return lambda pdf, column: _entry(pdf, column, block)
    return lambda pdf, column: _signature(pdf, column, block)


def _at(pdf: FPDF, column: _Column, down: float, text: str, size: float, style: str) -> float:
    """``text`` after ``down`` mm of space (the text's height: the caller adds ``down``)."""
    pdf.set_xy(column.left, pdf.get_y() + down)
    return _text(pdf, column, text, size, style)


def _field(pdf: FPDF, column: _Column, block: Field | Items) -> float:
    """A label over its value, or over a list's items one a line behind a bullet
    (at the line's right end in a right-to-left column, where such a list begins).
    Without a value or items, nothing at all: no label over empty space."""
    words = column.words
    if isinstance(block, Field):
        lines = [shown(block.value, words)]
    else:
        lines = [f"\u2022 {shown(item, words)}" for item in block.items]
    lines = [line for line in lines if line]
    if not lines:
        return 0.0
    pdf.set_text_color(*GREY)
    height = _text(pdf, column, words(block.label), 8.5, "B")
    pdf.set_text_color(*INK)
    for line in lines:
        pdf.set_x(column.left)
        height += _text(pdf, column, line, 11, "")
    return height + 2


def _tick_box(pdf: FPDF, column: _Column, block: TickBox) -> float:
    """An empty square to tick, before the text (on its right for right-to-left)."""
    indent = BOX + 2.5
    text = column.words(block.message)
    inner = _Column(column.words, column.left, column.width - indent)
    if column.words.right_to_left:
        box_x = column.left + column.width - BOX
    else:
        box_x, inner.left = column.left, column.left + indent
    top = pdf.get_y()
    pdf.set_draw_color(*INK)
    pdf.rect(box_x, top + 1, BOX, BOX)
    pdf.set_xy(inner.left, top)
    return max(_text(pdf, inner, text, 10.5, ""), BOX) + 2


def _signature(pdf: FPDF, column: _Column, block: Signature) -> float:
    """Room to sign, a line, and under it what the signature stands for."""
    room = 14.0
    top = pdf.get_y() + room
    pdf.set_draw_color(*INK)
    pdf.line(column.left, top, column.left + column.width, top)
    pdf.set_xy(column.left, top + 1)
    pdf.set_text_color(*GREY)
    caption = _text(pdf, column, column.words(block.message), 8.5, "")
    pdf.set_text_color(*INK)
    return room + 1 + caption + 2


def _entry(pdf: FPDF, column: _Column, block: Entry) -> float:
    """A stored row: its title in bold, then one ``label: value`` line per field."""
    words = column.words
    title = _text(pdf, column, shown(block.title, words), 9.5, "B")
    pdf.set_x(column.left)
    lines = "\n".join(f"{words(label)}: {shown(value, words)}" for label, value in block.lines)
    return title + _text(pdf, column, lines, 8.5, "") + 2.5
