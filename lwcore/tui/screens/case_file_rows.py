"""How a case file reads on screen: who the household is, its consents, the timeline
and the corrections, as plain text and table rows (no widgets, so the wording can be
checked without running the app)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.text import Text

from lwcore.tui.forms.consent import consent_line
from lwcore.tui.i18n import N_, _, n_
from lwcore.tui.labels import (
    language_label,
    outcome_label,
    partner_label,
    status_label,
    topic_label,
)

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from lwcore.directory import Directory
    from lwcore.services.case_files import CaseFile, Revision, TimelineEntry
    from lwcore.services.household_records import ConsentRecord, HouseholdRecord

#: The purpose of the consent a handover needs: it names the receiving office.
HANDOVER = "handover"
#: The timeline's kinds of entries, as the table names them.
KINDS = {
    "consultation": N_("Consultation"),
    "referral": N_("Referral"),
    "appointment": N_("Appointment"),
    "walk_in": N_("Waiting list"),
    "home_visit": N_("Home visit"),
}
#: The entries a case file corrects and withdraws; the others have their own screens.
CORRECTABLE = ("consultation", "referral")
#: What a revision did, by (kind, action).
REVISION_ACTIONS = {
    ("household", "correct"): N_("Household corrected"),
    ("household", "merge"): N_("Duplicate merged"),
    ("household", "handover"): N_("Handed over"),
    ("consultation", "correct"): N_("Consultation corrected"),
    ("consultation", "void"): N_("Consultation withdrawn"),
    ("referral", "correct"): N_("Referral corrected"),
    ("referral", "void"): N_("Referral withdrawn"),
}
#: The fields a revision names, as staff know them.
FIELDS = {
    "label": N_("Name"),
    "district": N_("District"),
    "languages": N_("Languages"),
    "moved_in": N_("Moved in"),
    "adults": N_("Adults"),
    "children": N_("Children"),
    "members": N_("People"),
    "note": N_("Note"),
    "topics": N_("Topics"),
    "topic": N_("Topic"),
    "language": N_("Language"),
    "outcome": N_("Outcome"),
    "people": N_("People"),
    "partner_key": N_("Partner"),
    "follow_up_on": N_("Follow-up"),
    "anonymous": N_("anonymous"),
    "status": N_("Status"),
    "office": N_("Office"),
    "code": N_("Code"),
}
#: The field a withdrawal changes (from False to True).
WITHDRAWN = "withdrawn"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def day_text(day: date) -> str:
    """``01.03.2026``: the form in which staff type dates too."""
    return f"{day:%d.%m.%Y}"


def moment_text(moment: datetime, zone: ZoneInfo) -> str:
    """``26.11.2026 10:00`` in the deployment's zone."""
    return f"{moment.astimezone(zone):%d.%m.%Y %H:%M}"


def office_name(directory: Directory, slug: str) -> str:
    entry = directory.offices.get(slug)
    return entry.office.name if entry is not None else slug


def staff_name(directory: Directory, key: str) -> str:
    member = directory.deployment.staff.get(key)
    return member.name if member is not None else key


# --- who --------------------------------------------------------------------------


def people_text(household: HouseholdRecord) -> str:
    """``2 Erwachsene, 3 Kinder`` when known, else how many people."""
    adults, children = household.adults, household.children
    if adults is None and children is None:
        return n_("{n} person", "{n} people", household.members).format(n=household.members)
    parts = []
    if adults is not None:
        parts.append(n_("{n} adult", "{n} adults", adults).format(n=adults))
    if children is not None:
        parts.append(n_("{n} child", "{n} children", children).format(n=children))
    return ", ".join(parts)


def who_lines(case: CaseFile) -> list[str]:
    """The household in a few lines: name, code, district, moved in, languages, people,
    note, and the codes of households merged into it."""
    household = case.household
    first = f"{household.label} · {household.code} · {household.district}"
    if household.moved_in is not None:
        first += " · " + _("moved in {day}").format(day=day_text(household.moved_in))
    languages = ", ".join(language_label(code) for code in household.languages)
    lines = [first, f"{_('Languages')}: {languages} · {people_text(household)}"]
    if household.note:
        lines.append(f"{_('Note')}: {household.note}")
    if case.former_codes:
        lines.append(_("Former codes: {codes}").format(codes=", ".join(case.former_codes)))
    return lines


def consent_lines(
    directory: Directory, consents: Iterable[ConsentRecord], today: date
) -> list[str]:
    """Each consent with its purpose, how it was given and whether it still holds; a
    handover consent names the receiving office."""
    lines = []
    for consent in consents:
        line = consent_line(directory, consent, today)
        if consent.purpose == HANDOVER:
            to = office_name(directory, consent.partner_key or "")
            line = _("Handover to {office}").format(office=to) + line[line.index(" · ") :]
        lines.append(line)
    return lines


# --- timeline ---------------------------------------------------------------------


def what_text(directory: Directory, entry: TimelineEntry) -> str:
    """Topics of a consultation; the partner and topic of a referral."""
    topics = ", ".join(topic_label(directory, key) for key in entry.topics)
    if entry.partner_key:
        partner = partner_label(directory, entry.partner_key)
        return f"{partner}: {topics}" if topics else partner
    return topics


def state_text(entry: TimelineEntry) -> str:
    """The outcome or status; a withdrawn entry says why, a corrected one says so."""
    if entry.voided:
        return _("withdrawn: {reason}").format(reason=entry.void_reason or "–")
    state = (
        outcome_label(entry.status) if entry.kind == "consultation" else status_label(entry.status)
    )
    if entry.corrected:
        state += " · " + _("corrected")
    return state


def timeline_row(directory: Directory, entry: TimelineEntry, zone: ZoneInfo) -> list[str | Text]:
    """Date, kind, topics or partner, language, status; withdrawn entries dimmed and struck."""
    cells: list[str | Text] = [
        moment_text(entry.at, zone),
        _(KINDS.get(entry.kind, entry.kind)),
        what_text(directory, entry),
        entry.language or "–",
        state_text(entry),
    ]
    if entry.voided:
        style = "dim strike"
        return [
            Text(str(cell), style=style if index < 4 else "dim") for index, cell in enumerate(cells)
        ]
    return cells


def entry_summary(directory: Directory, entry: TimelineEntry, zone: ZoneInfo) -> str:
    """One line naming an entry in a form: ``Beratung · 12.11.2026 10:30 · Kita · ar``."""
    parts = [_(KINDS.get(entry.kind, entry.kind)), moment_text(entry.at, zone)]
    what = what_text(directory, entry)
    if what:
        parts.append(what)
    if entry.language:
        parts.append(entry.language)
    if entry.staff:
        parts.append(entry.staff)
    return " · ".join(parts)


# --- corrections ------------------------------------------------------------------


def value_text(directory: Directory, field: str, value: object, zone: ZoneInfo) -> str:
    """A revision's JSON value as staff read it: labels for keys, German dates, – for none."""
    if value is None or value in ("", []):
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(value_text(directory, field, item, zone) for item in value)
    labels: dict[str, Callable[[str], str]] = {
        "topics": lambda key: topic_label(directory, key),
        "topic": lambda key: topic_label(directory, key),
        "partner_key": lambda key: partner_label(directory, key),
        "outcome": outcome_label,
        "status": status_label,
        "office": lambda key: office_name(directory, key),
    }
    named = labels.get(field)
    return named(str(value)) if named is not None else when_text(str(value), zone)


def when_text(text: str, zone: ZoneInfo) -> str:
    """An ISO date or moment as staff read it; any other text as it is."""
    try:
        if _ISO_MOMENT.match(text):
            return moment_text(datetime.fromisoformat(text), zone)
        if _ISO_DAY.fullmatch(text):
            return day_text(date.fromisoformat(text))
    except ValueError:
        pass
    return text


def before_after(change: object) -> tuple[object, object]:
    """A change as ``(before, after)``, whether stored as a pair or as ``{"from", "to"}``."""
    if isinstance(change, dict):
        return change.get("from"), change.get("to")
    if isinstance(change, list | tuple) and len(change) == 2:
        return change[0], change[1]
    return None, change


def change_text(directory: Directory, field: str, change: object, zone: ZoneInfo) -> str:
    """``Name: Familie Aydin → Familie Aydın``."""
    before, after = before_after(change)
    return (
        f"{_(FIELDS.get(field, field))}: {value_text(directory, field, before, zone)}"
        f" → {value_text(directory, field, after, zone)}"
    )


def revision_rows(
    directory: Directory, revisions: Iterable[Revision], zone: ZoneInfo
) -> list[list[str]]:
    """When, who, what, which field from → to, why: one row per changed field, the
    revision's when, who, what and why on its first row only."""
    rows: list[list[str]] = []
    for revision in revisions:
        what = REVISION_ACTIONS.get((revision.kind, revision.action))
        head = [
            moment_text(revision.at, zone),
            staff_name(directory, revision.staff),
            _(what) if what else f"{revision.kind} · {revision.action}",
        ]
        changes = [
            change_text(directory, field, change, zone)
            for field, change in revision.changes.items()
            if field != WITHDRAWN  # the "what" says so already
        ] or ["–"]
        for index, change in enumerate(changes):
            first = index == 0
            rows.append(
                [*(head if first else ["", "", ""]), change, revision.reason if first else ""]
            )
    return rows
