"""The shipped typeface (lwcore.fonts) registered with fpdf2: Vazirmatn has the
Latin, Arabic and Persian letters, so both columns use one font."""

from __future__ import annotations

from fpdf import FPDF

from lwcore import fonts

FAMILY = fonts.FAMILY


def add_fonts(pdf: FPDF) -> None:
    for style, path in fonts.font_files().items():
        pdf.add_font(FAMILY, style, str(path))
