"""Put a walk-in on the waiting list; book an appointment into a free slot."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select
from textual.worker import Worker, WorkerState

from lwcore.schedule import PublicHolidays
from lwcore.tui.forms.base import Form
from lwcore.tui.forms.confirm import OUTSIDE_HOURS, ConfirmingForm
from lwcore.tui.forms.date_entry import date_text
from lwcore.tui.i18n import _, day_and_time, short_date
from lwcore.tui.labels import language_label, topic_label

if TYPE_CHECKING:
    from lwcore.directory import Directory
    from lwcore.services import Services
    from lwcore.services.appointments import AppointmentRecord, Slot
    from lwcore.services.waiting import WalkInRecord


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


class WalkInForm(VisitorFields, ConfirmingForm["WalkInRecord"]):
    """Outside the office's hours the service asks for a confirmation first."""

    CONFIRMATIONS: ClassVar[dict[str, str]] = {"outside_hours": OUTSIDE_HOURS}

    def __init__(self, office: str, directory: Directory) -> None:
        super().__init__()
        self.office = office
        self.directory = directory
        self.title_text = _("Add to the waiting list")

    def fields(self) -> ComposeResult:
        yield from self.visitor_fields(self)

    def values(self) -> dict[str, Any] | None:
        return {**self.visitor_values(self), **self.confirmation_values()}

    def save(self, services: Services, values: dict[str, Any]) -> WalkInRecord:
        return services.waiting.add(office=self.office, **values)


class AppointmentForm(VisitorFields, Form["AppointmentRecord"]):
    """``slots`` are the next free slots, loaded by the screen before it opens the form;
    any other day of the office's appointment hours is a date away (``#day``)."""

    DEFAULT_CSS = """
    AppointmentForm #day-note { height: auto; color: $text-muted; }
    """

    def __init__(self, office: str, directory: Directory, slots: list[Slot]) -> None:
        super().__init__()
        self.office = office
        self.directory = directory
        self.slots = slots
        self.title_text = _("Book an appointment")
        self._day_slots: Worker[Any] | None = None

    def fields(self) -> ComposeResult:
        yield from self.field(
            "starts_at",
            _("Free slot"),
            Select(self._slot_options(), prompt=_("Choose a slot"), id="slot"),
        )
        yield from self.field(
            "day",
            _("Another day (DD.MM.YYYY, Enter shows its free slots)"),
            Input(placeholder=_("DD.MM.YYYY"), id="day", max_length=10),
            Label(
                "" if self.slots else _("No free slots in the next weeks: choose another day."),
                id="day-note",
            ),
        )
        yield from self.visitor_fields(self)
        yield from self.field("note", _("Note (optional)"), Input(id="note"))

    def _slot_options(self) -> list[tuple[str, int]]:
        zone = self.directory.deployment.zone
        return [
            (day_and_time(slot.starts_at.astimezone(zone)), index)
            for index, slot in enumerate(self.slots)
        ]

    @on(Input.Submitted, "#day")
    def _show_day(self, event: Input.Submitted) -> None:
        """The free slots of the day typed, whatever week it lies in."""
        note = self.query_one("#day-note", Label)
        try:
            day = date.fromisoformat(date_text(event.value))
        except ValueError:
            note.update(_("Enter the date as DD.MM.YYYY."))
            return
        office = self.office
        backend = self.office_app.backend
        self._day_slots = self.run_worker(
            lambda: (day, backend.services.appointments.free_slots(office, day)),
            thread=True,
            exclusive=True,
            group="day-slots",
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # The save's handler (Form) runs too.
        if event.worker is not self._day_slots:
            return
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.office_app.report_error(event.worker.error)
        if event.state != WorkerState.SUCCESS or event.worker.result is None:
            return
        day, slots = event.worker.result
        self.slots = slots
        select: Select[int] = self.query_one("#slot", Select)
        select.set_options(self._slot_options())
        note = self.query_one("#day-note", Label)
        if slots:
            note.update(
                _("{count} free slots on {day}.").format(count=len(slots), day=short_date(day))
            )
            select.focus()
            return
        holiday = PublicHolidays(subdivision=self.directory.deployment.holiday_subdivision).name(
            day
        )
        if holiday:
            note.update(
                _("{day} is a public holiday ({holiday}): no appointments.").format(
                    day=short_date(day), holiday=holiday
                )
            )
        else:
            note.update(
                _("No free slot on {day} (no appointment hours, all booked or past).").format(
                    day=short_date(day)
                )
            )

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

    def save(self, services: Services, values: dict[str, Any]) -> AppointmentRecord:
        return services.appointments.book(office=self.office, **values)
