"""How topics, languages, partners, outcomes, states and offers are named for people:
on screen and in the reports that leave the office, in the same words.

Light on purpose (the terminal UI paints its first screen with these): the
language names come from Babel's locale data, loaded when a language is first
named.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lwcore.i18n import _, language

if TYPE_CHECKING:
    from lwcore.directory import Directory


def topic_label(directory: Directory, key: str | None) -> str:
    if key is None:
        return ""
    topic = directory.topics.get(key)
    if topic is None:
        return key
    return topic.label_de if language() == "de" else topic.label_en


def language_label(code: str) -> str:
    # Start-up edge: language names come from Babel's locale data, which loads
    # when a language is first named on screen, after the first paint.
    from lwcore.vocabulary import language_name

    return f"{language_name(code, language())} ({code})"


def partner_label(directory: Directory, key: str) -> str:
    for listing in directory.partners():
        if listing.partner.key == key:
            return listing.partner.name
    return key


def outcome_label(outcome: str) -> str:
    return {
        "solved": _("Solved on the spot"),
        "referred": _("Referred to a partner"),
        "follow_up": _("Follow-up needed"),
    }.get(outcome, outcome)


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


def offer_kind_label(kind: str) -> str:
    return {
        "language_cafe": _("Language café"),
        "sport": _("Sport"),
        "cooking": _("Cooking"),
        "other": _("Other"),
    }.get(kind, kind)
