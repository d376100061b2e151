"""A paper is laid out once and its fonts measure each run once: what is
printed stays as HarfBuzz shapes it, a block that does not fit moves whole to
the next page and leaves nothing behind, and papers made one after another in
one process do not share a document's state."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from typing import Any

import pypdf
import pytest
from fpdf import FPDF
from fpdf.enums import TextDirection
from fpdf.fonts import TTFFont

from lwcore import fonts
from lwcore.papers import fonts as paper_fonts
from lwcore.papers.catalogue import Words
from lwcore.papers.document import Field, Heading, Paper, Paragraph, Signature, TickBox
from lwcore.papers.layout import render

PRINTED_ON = date(2026, 11, 27)
PERSIAN = "شما می‌توانید این رضایت را هر زمان پس بگیرید؛ این کار هزینه‌ای ندارد."
GERMAN = "Sie können diese Einwilligung jederzeit widerrufen; das kostet nichts."


def long_paper(blocks_per_kind: int = 14) -> Paper:
    """Many numbered paragraphs, tick boxes and lines to sign: several pages."""
    blocks: list[Any] = [Heading("Numbered blocks")]
    for number in range(blocks_per_kind):
        blocks.append(Paragraph("{mark} {text}", {"mark": f"P{number:02}Q", "text": PERSIAN}))
        blocks.append(TickBox(f"B{number:02}Q {GERMAN}"))
        blocks.append(Field("Name", f"N{number:02}Q"))
        blocks.append(Signature(f"Signature {number}"))
    return Paper("A long paper", ("Office", "Street 1"), tuple(blocks), "long-1")


def page_texts(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(BytesIO(data)).pages]


def contents(data: bytes) -> list[bytes]:
    """Each page's drawing commands."""
    reader = pypdf.PdfReader(BytesIO(data))
    return [page.get_contents().get_data() for page in reader.pages]  # type: ignore[union-attr]


def drawing(data: bytes) -> list[bytes]:
    """Each page's drawing commands, then each embedded font program."""
    reader = pypdf.PdfReader(BytesIO(data))
    programs = {
        descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        for descendant in [font.get_object()["/DescendantFonts"][0].get_object()]
    }
    return contents(data) + sorted(programs)


@pytest.mark.parametrize("language", ["fa", "de"])
def test_a_block_that_does_not_fit_moves_whole_to_the_next_page(language: str) -> None:
    data = render(long_paper(), Words(language), PRINTED_ON)
    pages = page_texts(data)
    assert len(pages) >= 3
    columns = 1 if language == "de" else 2
    for number in range(14):
        for mark in (f"P{number:02}Q", f"B{number:02}Q", f"N{number:02}Q"):
            # Once in each column, all on one page.
            counts = [page.count(mark) for page in pages]
            assert sorted(counts)[-1] == sum(counts) == columns, (mark, counts)
    # Nothing drawn and taken back stays: one box per tick box and column, one
    # line per signature and column (and the rule under the office's address).
    drawn = b"".join(contents(data))
    assert len(re.findall(rb" re S\b", drawn)) == 14 * columns
    assert len(re.findall(rb" l S\b", drawn)) == 14 * columns + 1


#: Direction, script and language of a run. (Urdu draws the Persian digits in
#: forms of its own; Arabic letters set left to right are shaped in that order.)
SETTINGS = (
    ("rtl", "arab", "fas"),
    ("rtl", "arab", "urd"),
    ("ltr", "arab", "fas"),
    ("ltr", None, None),
)


def shaping(pdf: FPDF, direction: str, script: str | None, language: str | None) -> dict[str, Any]:
    """fpdf2's shaping settings of a run, as the layout sets them."""
    pdf.set_text_shaping(
        use_shaping_engine=True, direction=direction, script=script, language=language
    )
    settings = dict(pdf.text_shaping or {})
    settings["fragment_direction"] = TextDirection.RTL if direction == "rtl" else TextDirection.LTR
    return settings


def test_a_font_remembers_each_run_as_harfbuzz_shapes_it() -> None:
    """The same text at another size, in another direction or language is
    another run; asked again, a run is what shaping it anew gives."""
    pdf = FPDF()
    paper_fonts.add_fonts(pdf)
    remembering = pdf.fonts["vazirmatn"]
    assert isinstance(remembering, paper_fonts.PaperFont)
    plain = TTFFont(FPDF(), fonts.REGULAR, "vazirmatn", "")
    runs = [
        (text, size, shaping(pdf, *settings))
        for text in (PERSIAN, PERSIAN[:9], "۴۵۶۷", GERMAN, "ی", "e", "Geändert am: 27.11.2026")
        for size in (8.5, 11)
        for settings in SETTINGS
    ]
    for _ in range(2):
        for text, size, settings in runs:
            assert remembering.get_text_width(text, size, settings) == plain.get_text_width(
                text, size, settings
            )
            assert remembering.shape_text(text, size, settings) == plain.shape_text(
                text, size, settings
            )


def test_papers_made_one_after_another_are_each_made_as_alone() -> None:
    """A document's fonts are its own: the glyphs another paper used neither
    enter its font subset nor change its drawing."""
    paper = Paper("A slip", ("Office",), (Paragraph("{text}", {"text": PERSIAN}),), "slip-1")
    first = drawing(render(paper, Words("fa"), PRINTED_ON))
    render(long_paper(), Words("ar"), PRINTED_ON)
    assert drawing(render(paper, Words("fa"), PRINTED_ON)) == first


def test_the_font_files_are_read_once_per_process() -> None:
    paper_fonts._read.cache_clear()
    for language in ("fa", "ar", "en"):
        render(long_paper(2), Words(language), PRINTED_ON)
    assert paper_fonts._read.cache_info().misses == len(fonts.font_files())
