"""The papers' own words, in German and in the client's language.

The texts live in a gettext domain of their own, ``papers``
(``lwcore/locale/<lang>/LC_MESSAGES/papers.po``, compiled to ``.mo`` beside
it): English msgids, like the rest of lwcore, translated into every shipped
language, German included. A client language without a catalogue gets the
English column; a language is added by adding its catalogue (see README,
"Client papers").
"""

from __future__ import annotations

import gettext
from datetime import date
from functools import cache
from pathlib import Path

from attrs import frozen
from babel.dates import format_date

from lwcore.i18n import LOCALE_DIR

DOMAIN = "papers"
#: The office's language: the left column of every paper.
GERMAN = "de"
#: The column a client gets when their language has no catalogue.
FALLBACK = "en"
#: Written right to left (the column is set right-aligned, shaped by HarfBuzz).
RIGHT_TO_LEFT = frozenset({"ar", "fa", "ckb", "he", "ps", "ur"})
#: HarfBuzz script and OpenType language tags of the languages that need them.
SHAPING = {"ar": ("arab", "ara"), "fa": ("arab", "fas"), "ckb": ("arab", "kur")}


def shipped_languages() -> tuple[str, ...]:
    """The languages with a papers catalogue, German first."""
    found = sorted(
        path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
    )
    return tuple(sorted(found, key=lambda code: code != GERMAN))


def column_language(requested: str | None) -> str:
    """The language of the client's column: ``requested`` if it has a catalogue,
    else English (German for a German-speaking client: one column only)."""
    code = (requested or "").strip().lower()
    return code if code in shipped_languages() else FALLBACK


def po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _translation(code: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)


@frozen
class Words:
    """One language's texts and formats, for one column of a paper."""

    language: str

    @property
    def right_to_left(self) -> bool:
        return self.language in RIGHT_TO_LEFT

    def __call__(self, message: str, **values: object) -> str:
        """``message`` in this language, with ``{name}`` fields filled in."""
        text = _translation(self.language).gettext(message)
        return text.format(**values) if values else text

    def known(self, message: str) -> str | None:
        """``message`` in this language, or None when the catalogue lacks it (a
        topic or field an office added, shown then as the office wrote it)."""
        text = _translation(self.language).gettext(message)
        return text if text != message or self.language == FALLBACK else None

    def day(self, day: date) -> str:
        """``Mittwoch, 2. Dezember 2026`` / ``الأربعاء، 2 ديسمبر 2026 (02.12.2026)``: the
        weekday and month in words, and in the client's column also the German
        digits, so the date matches letters and signs in Germany."""
        words = format_date(day, format="full", locale=self.language)
        if self.language == GERMAN:
            return str(words)
        return f"{words} ({day:%d.%m.%Y})"


def N_(message: str) -> str:
    """Mark ``message`` for the papers catalogue; a :class:`Words` translates it later."""
    return message
