"""How household labels are matched: folded spellings and sounds, not exact letters.

Names reach the office transliterated from Arabic, Persian, Kurdish,
Tigrinya, Turkish or Ukrainian, and every colleague spells them a little
differently: Mohammed / Muhammad / Mohamad, Hussein / Husain, Rezaei /
Rezai, Aydın / Aydin, Müller / Mueller. A label is therefore indexed word by
word, twice:

* the word folded to lower-case ASCII by ``anyascii`` (Aydın → ``aydin``,
  Müller → ``muller``, محمد → ``mhmd``), matched by prefix as staff type;
* the word's Metaphone code from ``jellyfish`` (``#MHMT`` for all three
  spellings of Mohammed), matched exactly.

Both are plain strings on one indexed column, so the search is the same on
SQLite and PostgreSQL. Candidates are then ranked by ``rapidfuzz``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import jellyfish
from anyascii import anyascii
from rapidfuzz import fuzz

#: Marks a sound term, so a typed prefix never matches one.
SOUND = "#"
#: Words of a label that name no family: left out of the index and of the query.
COURTESY_WORDS = frozenset(
    {"familie", "fam", "family", "frau", "herr", "mr", "mrs", "ms", "und", "and"}
)
#: Longest indexed word (the term column's width, less the sound marker).
WORD_LENGTH = 38
#: How alike two labels must look (rapidfuzz, 0–100) for ``similar`` to offer one.
SIMILAR_SCORE = 70

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII with diacritics and scripts transliterated (Aydın → aydin)."""
    return anyascii(text).lower()


def words(text: str) -> list[str]:
    """The folded words of ``text`` that can name a family, in order."""
    found = [word[:WORD_LENGTH] for word in _NON_WORD.split(fold(text)) if word]
    named = [word for word in found if word not in COURTESY_WORDS]
    return named or found


def sound(word: str) -> str | None:
    """The word's sound term (``#MHMT``), or None for a word without letters to sound."""
    code = jellyfish.metaphone(word) if word.isascii() else ""
    return f"{SOUND}{code[:WORD_LENGTH]}" if code else None


def label_terms(label: str) -> list[str]:
    """What the search index holds for a label: each word folded, and its sound."""
    terms: dict[str, None] = {}
    for word in words(label):
        terms[word] = None
        code = sound(word)
        if code is not None:
            terms[code] = None
    return list(terms)


def likeness(query: str, label: str) -> float:
    """How alike a typed name and a stored label look (0–100): each typed word
    against the label's word most like it, averaged, so word order and further
    names in the label ("Mohammed Al-Hassan" for "Muhammad") do not count against it."""
    typed, stored = words(query), words(label)
    if not typed or not stored:
        return 0.0
    best = [max(fuzz.ratio(word, other) for other in stored) for word in typed]
    return sum(best) / len(best)


def prefix_pattern(word: str) -> str:
    """A LIKE pattern for a folded word (only [a-z0-9], so no wildcard escapes)."""
    return f"{word}%"


def sounds(query_words: Iterable[str]) -> list[str]:
    return [code for code in (sound(word) for word in query_words) if code is not None]
