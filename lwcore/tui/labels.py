"""How records are named on screen: topics, languages, partners, outcomes, states.

Topics, languages, partners and outcomes are named as the reports name them
(lwcore.reports.labels), so a figure on screen and on paper has one name.
"""

from __future__ import annotations

from lwcore.reports.labels import language_label, outcome_label, partner_label, topic_label
from lwcore.tui.i18n import _

__all__ = ["language_label", "outcome_label", "partner_label", "status_label", "topic_label"]


def status_label(status: str) -> str:
    return {
        "open": _("open"),
        "accepted": _("accepted"),
        "done": _("done"),
        "unsuccessful": _("not successful"),
        "withdrawn": _("withdrawn"),
        "planned": _("planned"),
        "cancelled": _("cancelled"),
        "booked": _("booked"),
        "attended": _("attended"),
        "missed": _("missed"),
        "waiting": _("waiting"),
        "seen": _("seen"),
        "left": _("left"),
    }.get(status, status)
