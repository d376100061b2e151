"""Sprechstunde: the waiting list, today's appointments, and the forms of the hours."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Label

from lwcore.tui.i18n import N_, _, clock
from lwcore.tui.labels import status_label, topic_label
from lwcore.tui.screens.base import OfficeScreen

if TYPE_CHECKING:
    from lwcore.services.appointments import AppointmentRecord
    from lwcore.services.waiting import WalkInRecord


class HoursScreen(OfficeScreen):
    DEFAULT_CSS = """
    HoursScreen Horizontal { height: 1fr; }
    HoursScreen Vertical { width: 1fr; padding: 0 1; }
    HoursScreen Label { text-style: bold; }
    HoursScreen DataTable { height: 1fr; }
    """
    CHANGES = frozenset(
        {"add_walk_in", "serve", "new_consultation", "quick_contact", "book", "left"}
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_walk_in", N_("Walk-in")),
        Binding("s", "serve", N_("Serve")),
        Binding("n", "new_consultation", N_("Consultation")),
        Binding("k", "quick_contact", N_("Quick contact")),
        Binding("b", "book", N_("Book")),
        Binding("x", "left", N_("Left")),
        Binding("p", "print_paper", N_("Print")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.waiting: list[WalkInRecord] = []
        self.appointments: list[AppointmentRecord] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical():
                yield Label(_("Waiting list"))
                yield DataTable(id="waiting", cursor_type="row", zebra_stripes=True)
            with Vertical():
                yield Label(_("Appointments today"))
                yield DataTable(id="appointments", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#waiting", DataTable).add_columns(
            _("Since"), _("Name"), _("Lang."), _("Topic")
        )
        self.query_one("#appointments", DataTable).add_columns(
            _("Time"), _("Name"), _("Lang."), _("Topic"), _("Status")
        )

    def reload(self) -> None:
        office = self.office
        if office is None:
            return
        self.fetch(
            self.query_one("#waiting"),
            lambda services: services.waiting.waiting(office),
            self.show_waiting,
            group="waiting",
        )
        self.fetch(
            self.query_one("#appointments"),
            lambda services: services.appointments.for_day(office, services.context.today()),
            self.show_appointments,
            group="appointments",
        )

    def show_waiting(self, waiting: list[WalkInRecord]) -> None:
        directory = self.office_app.backend.directory
        zone = directory.deployment.zone
        self.waiting = waiting
        table = self.query_one("#waiting", DataTable)
        table.clear()
        for entry in waiting:
            table.add_row(
                clock(entry.arrived_at.astimezone(zone)),
                entry.label,
                entry.language,
                topic_label(directory, entry.topic),
                key=str(entry.id),
            )

    def show_appointments(self, appointments: list[AppointmentRecord]) -> None:
        directory = self.office_app.backend.directory
        zone = directory.deployment.zone
        self.appointments = appointments
        table = self.query_one("#appointments", DataTable)
        table.clear()
        for entry in appointments:
            table.add_row(
                clock(entry.starts_at.astimezone(zone)),
                entry.label,
                entry.language,
                topic_label(directory, entry.topic),
                status_label(entry.status),
                key=str(entry.id),
            )

    def _selected_walk_in(self) -> WalkInRecord | None:
        table = self.query_one("#waiting", DataTable)
        if not self.waiting or table.cursor_row < 0 or table.cursor_row >= len(self.waiting):
            return None
        return self.waiting[table.cursor_row]

    def action_print_paper(self) -> None:
        """The highlighted appointment's slip, in German and the visitor's language."""
        from lwcore.tui.forms.print_paper import PrintForm, tell_printed

        table = self.query_one("#appointments", DataTable)
        if not 0 <= table.cursor_row < len(self.appointments):
            self.notify(_("No appointment is selected."))
            return
        appointment = self.appointments[table.cursor_row]
        spoken = appointment.language or None
        form = PrintForm(
            ("appointment",), appointment.id, language=spoken, recorded=(spoken,) if spoken else ()
        )
        self.app.push_screen(form, lambda result: tell_printed(self, result))

    def _after_save(self, result: Any) -> None:
        if result is not None:
            self.notify(_("Saved."))
            self.reload()

    def action_add_walk_in(self) -> None:
        from lwcore.tui.forms.visitor import WalkInForm

        if self.office:
            form = WalkInForm(self.office, self.office_app.backend.directory)
            self.app.push_screen(form, self._after_save)

    def _consultation(self, *, walk_in: WalkInRecord | None = None, quick: bool = False) -> None:
        from lwcore.tui.forms.consultation import ConsultationForm

        if self.office:
            form = ConsultationForm(
                self.office, self.office_app.backend.directory, walk_in=walk_in, quick=quick
            )
            self.app.push_screen(form, self._after_save)

    def action_serve(self) -> None:
        walk_in = self._selected_walk_in()
        if walk_in is None:
            self.notify(_("Nobody is waiting."))
            return
        self._consultation(walk_in=walk_in)

    def action_new_consultation(self) -> None:
        self._consultation()

    def action_quick_contact(self) -> None:
        self._consultation(quick=True)

    def action_left(self) -> None:
        """Take the highlighted walk-in off the list, after a question (one key must
        not remove someone who is still sitting there)."""
        from lwcore.tui.forms.base import Question

        walk_in = self._selected_walk_in()
        if walk_in is None:
            self.notify(_("Nobody is waiting."))
            return
        key, version = walk_in.id, walk_in.version

        def decided(gone: bool | None) -> None:
            if gone:
                self.fetch(
                    None, lambda services: services.waiting.leave(key, version), self._after_save
                )

        question = _("Has {name} left without being seen? They leave the waiting list.").format(
            name=walk_in.label
        )
        self.app.push_screen(Question(question, _("Left"), _("Still waiting")), decided)

    def action_book(self) -> None:
        office = self.office
        if office is None:
            return
        self.fetch(
            None,
            lambda services: services.appointments.next_free_slots(office, limit=30),
            self._open_booking,
        )

    def _open_booking(self, slots: list[Any]) -> None:
        from lwcore.tui.forms.visitor import AppointmentForm

        if self.office:
            form = AppointmentForm(self.office, self.office_app.backend.directory, slots)
            self.app.push_screen(form, self._after_save)
