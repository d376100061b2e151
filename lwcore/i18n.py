"""One language for everything a person reads: gettext catalogues, German by default.

Source strings are English; ``lwcore/locale/<lang>/LC_MESSAGES/lwcore.po``
translates them (``.mo`` compiled beside it). Dates and numbers are formatted
for the same locale with Babel, loaded on first use. The terminal UI, the CLI
and the services' messages all use this module; it imports no UI toolkit, so
the services may use it too.
"""

from __future__ import annotations

import gettext
import os
from datetime import date, datetime
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "lwcore"
LANGUAGES = ("de", "en")
DEFAULT_LANGUAGE = "de"
LANGUAGE_VARIABLE = "LW_LANG"


class _Current:
    language = DEFAULT_LANGUAGE
    translation: gettext.NullTranslations = gettext.NullTranslations()
    #: The day the app works on (its clock's): dates of another year show their year.
    today: date | None = None


def choose_language(requested: str | None = None) -> str:
    """``requested``, else ``$LW_LANG``, else German; unknown codes fall back to German."""
    code = (requested or os.environ.get(LANGUAGE_VARIABLE) or DEFAULT_LANGUAGE).lower()[:2]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


@cache
def translation(code: str) -> gettext.NullTranslations:
    """The catalogue of ``code`` (English, the source language, has none: strings stay)."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)


def set_language(code: str) -> None:
    _Current.translation = translation(code)
    _Current.language = code


def language() -> str:
    return _Current.language


def _(message: str) -> str:
    """Translate ``message`` into the UI language."""
    return _Current.translation.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue where it is defined; ``_()`` translates it later."""
    return message


#: What a person reads when something failed that lw did not expect, in the
#: terminal UI and the commands alike: the details (a traceback without
#: personal data) are in the log file for IT (lwcore.logs).
UNEXPECTED_ERROR = N_(
    "Unexpected error ({kind}). It was recorded in the log {log}; please tell IT."
)


def n_(singular: str, plural: str, count: int) -> str:
    return _Current.translation.ngettext(singular, plural, count)


def long_date(day: date) -> str:
    """``Freitag, 27. November 2026`` / ``Friday, November 27, 2026``."""
    from babel.dates import format_date

    return format_date(day, format="full", locale=language())


def set_today(day: date | None) -> None:
    """The day the app works on, from its clock (so a frozen clock decides, not the host's)."""
    _Current.today = day


def short_date(day: date) -> str:
    """``Do. 03.12.`` in the current year, ``Fr. 26.03.2027`` in any other: a range
    across New Year shows which year each end lies in."""
    current_year = _Current.today is None or day.year == _Current.today.year
    return _weekday_date(day, language(), with_year=not current_year)


def full_short_date(day: date, code: str | None = None) -> str:
    """``Fr. 26.03.2027`` / ``Fri 03/26/2027``: with weekday and year, for text that
    is read later or elsewhere (a message), where "this year" is not obvious."""
    return _weekday_date(day, code or language(), with_year=True)


def _weekday_date(day: date, code: str, *, with_year: bool) -> str:
    from babel.dates import format_date

    german = code == "de"
    pattern = "EEE dd.MM." if german else "EEE MM/dd"
    if with_year:
        pattern += "yyyy" if german else "/yyyy"
    return format_date(day, format=pattern, locale=code)


def weekday_name(index: int, code: str | None = None) -> str:
    """``Mo.`` / ``Mon`` for Monday (index 0), as Babel names it."""
    from babel.dates import get_day_names

    return str(get_day_names("abbreviated", locale=code or language())[index])


def clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def day_and_time(moment: datetime) -> str:
    return f"{short_date(moment.date())} {clock(moment)}"
