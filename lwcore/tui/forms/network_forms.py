"""The office's network: add a volunteer, start a group offer, count who came."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import Input, Select, SelectionList, Static

from lwcore.services.errors import Conflict, InvalidInput
from lwcore.tui.forms.base import Form
from lwcore.tui.forms.date_entry import date_text
from lwcore.tui.i18n import _
from lwcore.tui.labels import language_label, topic_label
from lwcore.tui.record_labels import offer_kind_label, weekday_label
from lwcore.vocabulary import OFFER_KINDS, WEEKDAYS

if TYPE_CHECKING:
    from datetime import date

    from lwcore.directory import Directory
    from lwcore.services import Services
    from lwcore.services.network import OfferRecord, OfferSummary, SessionRecord, VolunteerRecord


def codes_typed(text: str) -> list[str]:
    """``fr, uk`` -> ``["fr", "uk"]``: extra language codes typed by hand."""
    return [code.strip().lower() for code in text.replace(";", ",").split(",") if code.strip()]


class VolunteerForm(Form["VolunteerRecord"]):
    """Someone who helps: languages, topics and the weekdays they can come."""

    DEFAULT_CSS = """
    VolunteerForm SelectionList { height: auto; max-height: 9; }
    """

    def __init__(self, office: str, directory: Directory) -> None:
        super().__init__()
        self.office = office
        self.directory = directory
        self.title_text = _("Add a volunteer")

    def fields(self) -> ComposeResult:
        entry = self.directory.office(self.office)
        yield from self.field(
            "label", _("First name or initials"), Input(id="label", max_length=40)
        )
        yield from self.field(
            "languages",
            _("Languages"),
            SelectionList[str](
                *((language_label(code), code, False) for code in entry.language_codes),
                id="languages",
            ),
            Input(placeholder=_("Other languages: ISO codes, e.g. fr, uk"), id="other-languages"),
        )
        yield from self.field(
            "topics",
            _("Can help with"),
            SelectionList[str](
                *(
                    (topic_label(self.directory, key), key, False)
                    for key in sorted(
                        self.directory.topics,
                        key=lambda key: topic_label(self.directory, key).casefold(),
                    )
                ),
                id="topics",
            ),
        )
        yield from self.field(
            "availability",
            _("Can come on"),
            SelectionList[str](
                *((weekday_label(code), code, False) for code in WEEKDAYS), id="availability"
            ),
        )

    def values(self) -> dict[str, Any] | None:
        chosen = list(self.query_one("#languages", SelectionList).selected)
        typed = codes_typed(self.query_one("#other-languages", Input).value)
        return {
            "label": self.query_one("#label", Input).value,
            "languages": list(dict.fromkeys([*chosen, *typed])),
            "topics": list(self.query_one("#topics", SelectionList).selected),
            "availability": list(self.query_one("#availability", SelectionList).selected),
        }

    def save(self, services: Services, values: dict[str, Any]) -> VolunteerRecord:
        return services.volunteers.add(office=self.office, **values)


class GroupOfferForm(Form["OfferRecord"]):
    """A new recurring offer; its sessions are counted with the attendance form."""

    def __init__(self, office: str) -> None:
        super().__init__()
        self.office = office
        self.title_text = _("New group offer")

    def fields(self) -> ComposeResult:
        yield from self.field("title", _("Title"), Input(id="title", max_length=80))
        yield from self.field(
            "kind",
            _("Kind"),
            Select(
                [(offer_kind_label(kind), kind) for kind in OFFER_KINDS],
                prompt=_("Choose a kind"),
                id="kind",
            ),
        )

    def values(self) -> dict[str, Any] | None:
        kind = self.query_one("#kind", Select).value
        if not isinstance(kind, str):
            self.show_errors({"kind": _("choose the kind of offer")})
            return None
        return {"title": self.query_one("#title", Input).value, "kind": kind}

    def save(self, services: Services, values: dict[str, Any]) -> OfferRecord:
        return services.group_offers.create(office=self.office, **values)


class AttendanceForm(Form["SessionRecord"]):
    """How many came to one session; ``today`` (from the services' clock) is the default."""

    def __init__(self, offer: OfferSummary, today: date) -> None:
        super().__init__()
        self.offer = offer
        self.today = today
        self.title_text = _("Attendance: {title}").format(title=offer.title)

    def fields(self) -> ComposeResult:
        yield Static(
            _("{sessions} sessions so far, {attendance} visits in all.").format(
                sessions=self.offer.sessions, attendance=self.offer.attendance
            )
        )
        yield from self.field(
            "held_on",
            _("Day of the session (DD.MM.YYYY)"),
            Input(self.today.strftime("%d.%m.%Y"), id="held-on"),
        )
        yield from self.field(
            "attendance", _("How many came"), Input(type="integer", id="attendance")
        )

    def values(self) -> dict[str, Any] | None:
        text = self.query_one("#attendance", Input).value.strip()
        if not text.lstrip("-").isdigit():
            self.show_errors({"attendance": _("give the number of people who came")})
            return None
        return {
            "held_on": date_text(self.query_one("#held-on", Input).value),
            "attendance": int(text),
        }

    def save(self, services: Services, values: dict[str, Any]) -> SessionRecord:
        try:
            return services.group_offers.record_session(self.offer.id, **values)
        except Conflict as clash:
            # A second count for the same day: say so under the day, not as a notice.
            raise InvalidInput({"held_on": clash.message}) from clash
