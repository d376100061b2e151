"""Translations for the terminal UI: gettext catalogues, German by default.

Source strings are English; ``lwcore/locale/<lang>/LC_MESSAGES/lwcore.po``
translates them (``.mo`` compiled beside it). Dates and numbers are formatted
for the same locale with Babel, loaded on first use.
"""

from __future__ import annotations

import gettext
import os
from datetime import date, datetime
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "lwcore"
LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
LANGUAGE_VARIABLE = "LW_LANG"


class _Current:
    language = DEFAULT_LANGUAGE
    translation: gettext.NullTranslations = gettext.NullTranslations()


def choose_language(requested: str | None = None) -> str:
    """``requested``, else ``$LW_LANG``, else German; unknown codes fall back to German."""
    code = (requested or os.environ.get(LANGUAGE_VARIABLE) or DEFAULT_LANGUAGE).lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def set_language(code: str) -> None:
    _Current.translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)
    _Current.language = code


def language() -> str:
    return _Current.language


def _(message: str) -> str:
    """Translate ``message`` into the UI language."""
    return _Current.translation.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue where it is defined; ``_()`` translates it later."""
    return message


def n_(singular: str, plural: str, count: int) -> str:
    return _Current.translation.ngettext(singular, plural, count)


def long_date(day: date) -> str:
    """``Freitag, 27. November 2026`` / ``Friday, November 27, 2026``."""
    from babel.dates import format_date

    return format_date(day, format="full", locale=language())


def short_date(day: date) -> str:
    from babel.dates import format_date

    return format_date(
        day, format="EEE dd.MM." if language() == "de" else "EEE MM/dd", locale=language()
    )


def clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def day_and_time(moment: datetime) -> str:
    return f"{short_date(moment.date())} {clock(moment)}"
