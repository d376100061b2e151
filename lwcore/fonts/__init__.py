"""The typeface of every paper lw prints: Vazirmatn (Regular and Bold), one font
for German, English, Arabic and Persian, shipped inside the package so a PDF
never depends on the fonts of the office's computer.

Vazirmatn 33.0.3 by Saber Rastikerdar and the Vazirmatn Project Authors,
https://github.com/rastikerdar/vazirmatn, taken unchanged from the npm package
``vazirmatn``; licensed under the SIL Open Font License 1.1 (``OFL.txt`` beside
this file, which must travel with the fonts).
"""

from __future__ import annotations

from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent
FAMILY = "Vazirmatn"
VERSION = "33.0.3"
REGULAR = FONT_DIR / "Vazirmatn-Regular.ttf"
BOLD = FONT_DIR / "Vazirmatn-Bold.ttf"
LICENSE = FONT_DIR / "OFL.txt"


def font_files() -> dict[str, Path]:
    """The font files by fpdf2 style: ``""`` regular, ``"B"`` bold."""
    return {"": REGULAR, "B": BOLD}
