"""How the network's records are named on screen: weekdays, kinds of group offers,
states of barriers and suggestions, what staff tell a client about a partner.
Shared by the network screens and the forms (loaded with them, after the first
paint: Babel's day names come along).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from babel.dates import get_day_names

from lwcore.reports.labels import offer_kind_label
from lwcore.tui.i18n import _, language
from lwcore.vocabulary import WEEKDAYS

if TYPE_CHECKING:
    from lwcore.records import Partner

__all__ = ["concern_status_label", "offer_kind_label", "partner_details", "weekday_label"]


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


def partner_details(partner: Partner) -> str:
    """What staff tell a client about the highlighted partner: where it is and how
    to reach it, when it is open, what to bring; only what its record has."""
    reach = " · ".join(part for part in (str(partner.address or ""), partner.contact) if part)
    hours, bring = partner.opening_hours.strip(), "; ".join(partner.bring)
    lines = [
        reach,
        _("Opening hours: {hours}").format(hours=hours) if hours else "",
        _("Please bring: {items}").format(items=bring) if bring else "",
    ]
    shown = "\n".join(line for line in lines if line)
    return shown or _("No further details on record for this partner.")
