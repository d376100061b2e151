"""How the network's records are named on screen: weekdays, kinds of group offers,
states of barriers and suggestions. Shared by the network screens and their
forms (loaded with them, after the first paint: Babel's day names come along).
"""

from __future__ import annotations

from typing import Literal

from babel.dates import get_day_names

from lwcore.reports.labels import offer_kind_label
from lwcore.tui.i18n import _, language
from lwcore.vocabulary import WEEKDAYS

__all__ = ["concern_status_label", "offer_kind_label", "weekday_label"]


def weekday_label(code: str, width: Literal["wide", "abbreviated"] = "wide") -> str:
    """``MO`` -> ``Montag`` (or ``Mo.`` with width ``abbreviated``) in the UI language."""
    if code not in WEEKDAYS:
        return code
    return str(get_day_names(width, locale=language())[WEEKDAYS.index(code)])


def concern_status_label(status: str) -> str:
    """States of barriers (open … escalated) and suggestions (new … done)."""
    return {
        "open": _("open"),
        "in_progress": _("in progress"),
        "resolved": _("resolved"),
        "escalated": _("escalated"),
        "new": _("new"),
        "forwarded": _("forwarded"),
        "done": _("done"),
    }.get(status, status)
