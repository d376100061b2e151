"""Dates as staff type them: ISO (2027-02-28) or German (28.2.2027), and the range
of days any record may name.

Shared by the terminal UI's forms and the CLI, so neither imports the other.
"""

from __future__ import annotations

import re
from datetime import date

#: The days any record may name: a year like 0001 or 9999 is a typo, and past
#: these edges date arithmetic (recurrence, time zones) overflows.
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)

_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def date_text(typed: str) -> str:
    """The typed date as ISO text for a service; German day-first dates are reordered.

    The parts are not checked here: ``30.2.2027`` becomes ``2027-02-30`` and the
    service refuses it with a message under the field, like every other invalid date.
    """
    text = typed.strip()
    german = _GERMAN_DATE.fullmatch(text)
    if german is None:
        return text
    day, month, year = german.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"
