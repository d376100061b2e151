"""Fixed vocabularies the records are checked against.

Dortmund's twelve districts are the city's own administrative units, so they
live here; language codes come from the CLDR data shipped with Babel rather
than from a hand-kept list.
"""

from __future__ import annotations

from functools import cache

from babel import Locale

DISTRICTS: tuple[str, ...] = (
    "Innenstadt-West",
    "Innenstadt-Nord",
    "Innenstadt-Ost",
    "Eving",
    "Scharnhorst",
    "Brackel",
    "Aplerbeck",
    "Hörde",
    "Hombruch",
    "Lütgendortmund",
    "Huckarde",
    "Mengede",
)

#: RFC 5545 weekday codes, Monday first, as used in RRULE's BYDAY.
WEEKDAYS: tuple[str, ...] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

#: Kinds of a group offer, as the network's forms offer them.
OFFER_KINDS: tuple[str, ...] = ("language_cafe", "sport", "cooking", "other")
#: How far an integration barrier has come.
BARRIER_STATES: tuple[str, ...] = ("open", "in_progress", "resolved", "escalated")
#: How far a citizen's suggestion has come.
SUGGESTION_STATES: tuple[str, ...] = ("new", "forwarded", "done")


#: Whose CLDR language names define the known codes: German, the staff's language,
#: so the locale data read to check the settings is what the screens' dates need
#: anyway (every locale names the same 184 two-letter codes).
CODES_LOCALE = "de"


@cache
def _two_letter_codes() -> frozenset[str]:
    codes = (str(code) for code in Locale(CODES_LOCALE).languages)
    return frozenset(code for code in codes if len(code) == 2 and code.isalpha())


def is_iso639_1(code: object) -> bool:
    """True for a two-letter ISO 639-1 code that CLDR knows (``ar``, ``fa``, ``ku``)."""
    return isinstance(code, str) and code in _two_letter_codes()


def language_name(code: str, locale: str = "de") -> str:
    """The language's name in the UI's language (``fa`` -> ``Persisch``)."""
    return str(Locale(locale).languages.get(code, code))
