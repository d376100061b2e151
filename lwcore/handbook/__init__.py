"""The staff handbook (German), shipped inside the package.

``handbuch.md`` beside this file is the one source: the repository's
``docs/handbuch.md`` points here, and the terminal UI shows the same text from
the help screen (``?``, then ``H``), so an office computer with only the
installed package still has its handbook. Its screenshots live in
``docs/handbuch/``; the terminal cannot show pictures, so :func:`for_terminal`
leaves them out.

tests/test_handbook.py holds the text to the app (key tables, pictures,
links). A change of the handbook's first page changes the snapshots of the
handbook screen: ``uv run pytest tests/tui/test_snapshots.py -k handbook_screen
--snapshot-update``.
"""

from __future__ import annotations

import re
from pathlib import Path

HANDBOOK = Path(__file__).resolve().parent / "handbuch.md"

#: A line that holds only a picture: ``![Heute-Ansicht](../../docs/handbuch/heute.svg)``.
_PICTURE_LINE = re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")


def handbook_text() -> str:
    """The handbook as written (Markdown)."""
    return HANDBOOK.read_text(encoding="utf-8")


def for_terminal(text: str) -> str:
    """``text`` without its picture lines: a terminal shows no images, and a
    placeholder for each would only stand between the sentences."""
    kept = [line for line in text.splitlines() if not _PICTURE_LINE.match(line)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)) + "\n"
