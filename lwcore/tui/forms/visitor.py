"""Put a walk-in on the waiting list; book an appointment into a free slot."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import Input, Select

from lwcore.tui.forms.base import Form, Question
from lwcore.tui.i18n import _, day_and_time
from lwcore.tui.labels import language_label, topic_label

if TYPE_CHECKING:
    from lwcore.db.models import Appointment, WalkIn
    from lwcore.directory import Directory
    from lwcore.services import Services
    from lwcore.services.appointments import Slot


def _optional(value: object) -> str | None:
    return value if isinstance(value, str) else None


class VisitorFields:
    """Name, language and topic: what both forms ask of the visitor."""

    directory: Directory
    office: str

    def visitor_fields(self, form: Form[Any]) -> ComposeResult:
        entry = self.directory.office(self.office)
        yield from form.field(
            "label", _("First name or initials"), Input(id="label", max_length=40)
        )
        yield from form.field(
            "language",
            _("Language"),
            Select(
                [(language_label(lang.code), lang.code) for lang in entry.languages],
                prompt=_("Choose a language"),
                id="language",
            ),
        )
        yield from form.field(
            "topic",
            _("Topic (optional)"),
            Select(
                [(topic_label(self.directory, key), key) for key in self.directory.topics],
                prompt=_("No topic yet"),
                id="topic",
            ),
        )

    def visitor_values(self, form: Form[Any]) -> dict[str, Any]:
        return {
            "label": form.query_one("#label", Input).value,
            "language": _optional(form.query_one("#language", Select).value) or "",
            "topic": _optional(form.query_one("#topic", Select).value),
        }


class WalkInForm(VisitorFields, Form["WalkIn"]):
    def __init__(self, office: str, directory: Directory) -> None:
        super().__init__()
        #: Staff confirmed adding someone outside the office's hours.
        self.outside_hours_confirmed = False
        self.office = office
        self.directory = directory
        self.title_text = _("Add to the waiting list")

    def fields(self) -> ComposeResult:
        yield from self.visitor_fields(self)

    def values(self) -> dict[str, Any] | None:
        return {**self.visitor_values(self), "outside_hours": self.outside_hours_confirmed}

    def save(self, services: Services, values: dict[str, Any]) -> WalkIn:
        return services.waiting.add(office=self.office, **values)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Outside the office's hours the service asks for a confirmation: ask staff,
        and save again when they confirm."""
        if set(errors) != {"outside_hours"}:
            super().show_errors({k: v for k, v in errors.items() if k != "outside_hours"})
            return

        def decided(add: bool | None) -> None:
            if add:
                self.outside_hours_confirmed = True
                self.action_submit()

        self.app.push_screen(
            Question(
                _("The office is closed now: {reason}").format(reason=errors["outside_hours"]),
                _("Add anyway"),
                _("Back"),
            ),
            decided,
        )


class AppointmentForm(VisitorFields, Form["Appointment"]):
    """``slots`` are the next free slots, loaded by the screen before it opens the form."""

    def __init__(self, office: str, directory: Directory, slots: list[Slot]) -> None:
        super().__init__()
        self.office = office
        self.directory = directory
        self.slots = slots
        self.title_text = _("Book an appointment")

    def fields(self) -> ComposeResult:
        zone = self.directory.deployment.zone
        yield from self.field(
            "starts_at",
            _("Free slot"),
            Select(
                [
                    (day_and_time(slot.starts_at.astimezone(zone)), index)
                    for index, slot in enumerate(self.slots)
                ],
                prompt=_("Choose a slot"),
                id="slot",
            ),
        )
        yield from self.visitor_fields(self)
        yield from self.field("note", _("Note (optional)"), Input(id="note"))

    def values(self) -> dict[str, Any] | None:
        chosen = self.query_one("#slot", Select).value
        if not isinstance(chosen, int):
            self.show_errors({"starts_at": _("choose a free slot")})
            return None
        slot = self.slots[chosen]
        return {
            **self.visitor_values(self),
            "starts_at": slot.starts_at,
            "place": slot.place,
            "note": self.query_one("#note", Input).value,
        }

    def save(self, services: Services, values: dict[str, Any]) -> Appointment:
        return services.appointments.book(office=self.office, **values)
