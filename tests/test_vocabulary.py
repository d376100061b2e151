"""Language codes are checked against CLDR's two-letter codes, whichever locale's
names are read for it."""

from __future__ import annotations

import pytest
from babel import Locale

from lwcore.vocabulary import CODES_LOCALE, is_iso639_1


def two_letter(locale: str) -> set[str]:
    return {str(code) for code in Locale(locale).languages if len(code) == 2 and code.isalpha()}


def test_the_codes_are_the_same_in_every_staff_language() -> None:
    assert two_letter(CODES_LOCALE) == two_letter("en") == two_letter("ar")


@pytest.mark.parametrize(
    ("code", "known"),
    [
        ("ar", True),
        ("fa", True),
        ("ku", True),
        ("ti", True),
        ("xx", False),
        ("ara", False),
        ("AR", False),
        (None, False),
    ],
)
def test_a_code_is_known_or_not(code: object, known: bool) -> None:
    assert is_iso639_1(code) is known
