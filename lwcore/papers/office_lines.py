"""What every paper says about the office it comes from, a place and a topic,
taken from the office's plugin and settings (nothing is made up: a phone
number the office has not given is left out)."""

from __future__ import annotations

from lwcore.directory import Directory, OfficeEntry
from lwcore.papers.catalogue import GERMAN, Words
from lwcore.papers.document import Value


def sender(entry: OfficeEntry) -> tuple[str, ...]:
    """The office's name, address and how to reach it, for the head of a paper."""
    office = entry.office
    reach = "   ".join(part for part in (office.phone, office.email) if part)
    return tuple(line for line in (office.name, str(office.address), reach) if line)


def place(entry: OfficeEntry, key: str) -> str:
    """``office`` -> the office's name and address; an outpost's key -> its own."""
    for outpost in entry.office.outposts:
        if outpost.key == key:
            return f"{outpost.name}, {outpost.address}"
    return f"{entry.office.name}, {entry.office.address}"


def topic(directory: Directory, key: str | None) -> Value:
    """A topic in the column's language: German and English as the topic's
    plugin names it, other languages from the papers catalogue (the core topics
    are in it; an office's own topic shows in English there)."""
    if not key:
        return ""
    known = directory.topics.get(key)
    if known is None:
        return key
    german, english = known.label_de, known.label_en

    def in_language(words: Words) -> str:
        if words.language == GERMAN:
            return german
        return words.known(english) or english

    return in_language
