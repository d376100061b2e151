"""Which RFC 5545 rules a round-table series may have.

It sits below ``lwcore.records`` (whose ``RoundTableSeries`` checks its rule
on construction) and ``lwcore.schedule`` (which expands the rules), so both
import it and neither imports the other for it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from dateutil.rrule import rrule, rrulestr

#: The frequencies a round table can have; a meeting every hour or minute is
#: not a round table, and such a rule would make every listing crawl.
ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")

#: Parts that would give a series several meetings a day; its start time says
#: when it meets.
_REFUSED_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")


def check_rrule(text: str) -> None:
    """Raise ``ValueError`` naming the problem when ``text`` is not a usable RRULE."""
    if not text.strip():
        raise ValueError("rrule must not be empty")
    if "DTSTART" in text.upper():
        raise ValueError("rrule must not contain DTSTART; the series' 'first' date is the start")
    try:
        rule = rrulestr(
            f"RRULE:{text.removeprefix('RRULE:')}", dtstart=datetime(2000, 1, 3, tzinfo=UTC)
        )
    except (ValueError, TypeError) as error:
        raise ValueError(f"rrule {text!r} is not a valid RFC 5545 rule: {error}") from None
    if not isinstance(rule, rrule):
        raise ValueError(f"rrule {text!r} must be a single RRULE line")
    parts = _parts(text)
    frequency = parts.get("FREQ", "")
    if frequency not in ALLOWED_FREQUENCIES:
        raise ValueError(
            f"rrule {text!r}: FREQ={frequency} is not allowed for a round table"
            f" (use one of {', '.join(ALLOWED_FREQUENCIES)})"
        )
    for name in _REFUSED_PARTS:
        if name in parts:
            raise ValueError(
                f"rrule {text!r}: {name} is not allowed; the series' start_time says when it meets"
            )


def _parts(text: str) -> dict[str, str]:
    found = {}
    for part in text.removeprefix("RRULE:").split(";"):
        name, _, value = part.partition("=")
        found[name.strip().upper()] = value.strip().upper()
    return found
