"""The shipped typeface (lwcore.fonts) registered with fpdf2: Vazirmatn has the
Latin, Arabic and Persian letters, so both columns use one font.

Two things fpdf2 would do over and over are done once:

* Reading the font files (their metrics and character map): once per process
  (:func:`_read`), not for every paper.
* Shaping the same run again: fpdf2 breaks a line by measuring it anew, shaped
  by HarfBuzz, after every character it adds, and each character alone; and it
  shapes each piece of a line again to draw it. Most of these runs were shaped
  before in the same document (the same letter; the same label on every entry
  of the data copy). A document's fonts (:class:`PaperFont`) remember each
  run's width and glyphs by its text, size and shaping settings; every
  distinct run is still shaped by HarfBuzz, so the PDF is the same.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from fontTools import ttLib  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

from lwcore import fonts

FAMILY = fonts.FAMILY

#: What HarfBuzz is asked: the text, the size, and the shaping settings it reads.
_RunKey = tuple[object, ...]


def _run_key(text: str, size: float, settings: dict[str, Any] | None) -> _RunKey:
    """The key of a shaped run: what fpdf2 hands HarfBuzz for it (the features,
    the run's direction, the script and the language tags)."""
    if not settings:
        return (text, size)
    features = settings["features"]
    return (
        text,
        size,
        settings["fragment_direction"],
        settings["script"],
        settings["language"],
        tuple(features.items()) if features else (),
    )


Measured = TypeVar("Measured")


def _remembered(
    runs: dict[_RunKey, Measured], key: _RunKey, work: Callable[[], Measured]
) -> Measured:
    """The run's result in ``runs``, worked out (and kept) the first time."""
    if key not in runs:
        runs[key] = work()
    return runs[key]


class PaperFont(TTFFont):
    """A font of one document that measures each distinct run once.

    Made from the font as read once per process (:meth:`for_document`): the
    documents share its metrics and character map; each has its own font
    program (fpdf2 cuts it down to the document's glyphs, in place, when it
    writes the PDF), subset of glyphs, HarfBuzz font and measured runs."""

    __slots__ = ("_drawn", "_widths")

    def __init__(self, pdf: FPDF, path: Path, fontkey: str, style: str) -> None:
        super().__init__(pdf, path, fontkey, style)
        self._widths: dict[_RunKey, tuple[int, float]] = {}
        self._drawn: dict[_RunKey, Sequence[dict[str, Any]]] = {}

    def for_document(self, pdf: FPDF) -> PaperFont:
        """This font, read before, as ``pdf``'s next font."""
        font = copy.copy(self)
        font.i = len(pdf.fonts) + 1
        font.ttfont = ttLib.TTFont(self.ttffile, recalcTimestamp=False, lazy=True)
        font.subset = SubsetMap(font)
        font.missing_glyphs = []
        font.biggest_size_pt = 0
        font._hbfont = None
        font._widths = {}
        font._drawn = {}
        return font

    def get_text_width(
        self, text: str, font_size_pt: float, text_shaping_params: dict[str, Any] | None
    ) -> tuple[int, float]:
        """The run's length in glyphs and width, measured once. (A repeat is of a
        size measured before, so fpdf2's note of the biggest size stays true.)"""
        key = _run_key(text, font_size_pt, text_shaping_params)
        return _remembered(
            self._widths,
            key,
            lambda: super(PaperFont, self).get_text_width(text, font_size_pt, text_shaping_params),
        )

    def shape_text(
        self, text: str, font_size_pt: float, text_shaping_params: dict[str, Any] | None
    ) -> Sequence[dict[str, Any]]:
        """The run's glyphs and positions, as drawn. Shaping a run also takes its
        glyphs into the document's subset; a repeat finds them there already, so
        the remembered glyphs are what shaping it again would give."""
        key = _run_key(text, font_size_pt, text_shaping_params)
        return _remembered(
            self._drawn,
            key,
            lambda: super(PaperFont, self).shape_text(text, font_size_pt, text_shaping_params),
        )


@cache
def _read(style: str) -> PaperFont:
    """Vazirmatn in ``style`` as fpdf2 reads a font file (once per process)."""
    fontkey = f"{FAMILY.lower()}{style}"
    font = PaperFont(FPDF(), fonts.font_files()[style], fontkey, style)
    assert font.color_font is None, "Vazirmatn has outlines, no colour glyphs"
    font.close()  # each document reads its own font program (for_document)
    return font


def add_fonts(pdf: FPDF) -> None:
    """Vazirmatn Regular and Bold as ``pdf``'s family :data:`FAMILY`, registered
    as ``FPDF.add_font`` would, in fonts of this document's own."""
    for style in fonts.font_files():
        font = _read(style).for_document(pdf)
        pdf.fonts[font.fontkey] = font
