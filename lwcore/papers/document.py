"""What a paper says, before it is laid out: headings, paragraphs, labelled
fields, short lists, tick boxes and lines to sign on, each a msgid of the papers
catalogue. The layout writes every block twice, in German and in the
client's language; values that read differently per language (a date) are
functions of the column's :class:`~lwcore.papers.catalogue.Words`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from attrs import field, frozen

from lwcore.papers.catalogue import Words

#: A value as each column shows it: the same text (a name, an address), or
#: one made for the column's language (a date, a topic).
Value = str | Callable[[Words], str]


#: Left-to-right mark: keeps a Latin value's own order inside a right-to-left line.
LRM = "\u200e"
_RIGHT_TO_LEFT_LETTERS = re.compile("[\u0590-\u08ff]")


def shown(value: Value, words: Words) -> str:
    """The value in the column's language. In a right-to-left column a value
    written in Latin letters and digits (a name, an address, a time stamp) is
    held left to right, so ``e.V.`` keeps its full stop at its end and
    ``2026-11-27T09:30`` is not cut into reversed pieces."""
    text = value if isinstance(value, str) else value(words)
    if text and words.right_to_left and not _RIGHT_TO_LEFT_LETTERS.search(text):
        return f"{LRM}{text}{LRM}"
    return text


@frozen
class Heading:
    message: str


@frozen
class Paragraph:
    message: str
    values: Mapping[str, Value] = field(factory=dict)

    def text(self, words: Words) -> str:
        return words(self.message, **{key: shown(v, words) for key, v in self.values.items()})


@frozen
class Field:
    """A label (a msgid) and its value; an empty value is not printed at all."""

    label: str
    value: Value


@frozen
class Items:
    """A label (a msgid) over a short list, one item a line, each as stored (an
    office's own German text); no items, nothing printed, not even the label."""

    label: str
    items: tuple[str, ...]


@frozen
class TickBox:
    """A box the client ticks (yes or no), with what they agree to."""

    message: str


@frozen
class Signature:
    """A line to sign on, with what the signature stands for under it."""

    message: str


@frozen
class Entry:
    """One stored row, compactly: a title and ``label: value`` lines (labels are
    msgids; a value is printed as stored)."""

    title: Value
    lines: tuple[tuple[str, Value], ...]


Block = Heading | Paragraph | Field | Items | TickBox | Signature | Entry


@frozen
class Paper:
    """One paper: its title, the office it comes from, its blocks, and a name
    for the file (``appointment-12``)."""

    title: str
    sender: tuple[str, ...]
    blocks: tuple[Block, ...]
    file_stem: str
