"""A row of ``lw doctor``'s report, and the words the rows share."""

from __future__ import annotations

from typing import Final, Literal

from attrs import frozen

Status = Literal["ok", "attention"]
OK: Final = "ok"
ATTENTION: Final = "attention"


@frozen
class Check:
    """One row of the report: what was checked, about what, and how it went."""

    check: str
    subject: str
    status: Status
    detail: str

    @property
    def needs_attention(self) -> bool:
        return self.status == ATTENTION


def plural(count: int, word: str, words: str = "") -> str:
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"


def describe_age(seconds: float) -> str:
    """``3 hours``, ``12 days``: precise enough to judge a backup."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "less than a minute"
    if minutes < 120:
        return plural(minutes, "minute")
    hours = minutes // 60
    if hours < 48:
        return plural(hours, "hour")
    return plural(hours // 24, "day")
