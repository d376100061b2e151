"""Find a household by name or code as staff type, and open its case file.

:class:`HouseholdPicker` is the typing field with its hits (the merge form uses it
too); :class:`HouseholdFinder` is the small window the command palette's
"Fallakte öffnen" opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from lwcore.tui.i18n import N_, _
from lwcore.tui.keys import translate_bindings
from lwcore.tui.shell import OfficeShell

if TYPE_CHECKING:
    from lwcore.services.households import HouseholdHit

#: Fewer letters match too many households to be useful (the service answers nothing).
MIN_SEARCH_LENGTH = 2


def hit_text(hit: HouseholdHit) -> str:
    """``Familie Aydın · BR-7K4Q2M · Brackel · tr, de``, and when the name was found by
    its sound, that it is spelled differently."""
    text = hit.describe()
    if hit.matched == "sounds":
        text += " " + _("(sounds alike)")
    return text


class HouseholdPicker(Vertical):
    """A search field and the households it finds; each keystroke searches in a worker
    (the newest search wins). Enter in the field takes the highlighted hit, Down moves
    into the hits. Posts :class:`HouseholdPicker.Chosen`."""

    DEFAULT_CSS = """
    HouseholdPicker { height: auto; }
    HouseholdPicker OptionList { height: auto; max-height: 8; display: none; }
    """

    class Chosen(Message):
        def __init__(self, picker: HouseholdPicker, hit: HouseholdHit) -> None:
            super().__init__()
            self.picker = picker
            self.hit = hit

    def __init__(
        self, office: str, *, exclude: frozenset[int] = frozenset(), id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.office = office
        self.exclude = exclude
        self.hits: list[HouseholdHit] = []
        self._search: Worker[Any] | None = None
        #: Enter came before the search answered: take the best hit when it does.
        self._take_first = False

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("name or code, e.g. Amina or BR-7K4Q"), id="household-text")
        yield OptionList(id="household-found")

    @property
    def office_app(self) -> OfficeShell:
        assert isinstance(self.app, OfficeShell)
        return self.app

    def focus_text(self) -> None:
        self.query_one("#household-text", Input).focus()

    @on(Input.Changed, "#household-text")
    def _search_households(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        self._take_first = False
        if len(text) < MIN_SEARCH_LENGTH:
            self._search = None
            self.show_hits([])
            return
        office = self.office
        backend = self.office_app.backend
        self._search = self.run_worker(
            lambda: backend.services.households.search(office, text),
            thread=True,
            exclusive=True,
            group="household-picker",
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._search or not event.worker.is_finished:
            return
        self._search = None
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.office_app.report_error(event.worker.error)
        elif event.state == WorkerState.SUCCESS:
            found: list[HouseholdHit] = event.worker.result or []
            self.show_hits([hit for hit in found if hit.id not in self.exclude])
            if self._take_first:
                self._take_first = False
                self._take_highlighted()

    def show_hits(self, hits: list[HouseholdHit]) -> None:
        self.hits = hits
        found = self.query_one("#household-found", OptionList)
        found.clear_options()
        found.add_options(Option(hit_text(hit), id=str(hit.id)) for hit in hits)
        found.display = bool(hits)
        if hits:
            found.highlighted = 0

    @on(Input.Submitted, "#household-text")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._search is not None:  # its answer is still to come
            self._take_first = True
        else:
            self._take_highlighted()

    def _take_highlighted(self) -> None:
        if not self.hits:
            text = self.query_one("#household-text", Input).value.strip()
            if len(text) < MIN_SEARCH_LENGTH:
                self.notify(_("Type at least two letters of the name or code."))
            else:
                self.notify(_("No household of this office matches “{text}”.").format(text=text))
            return
        found = self.query_one("#household-found", OptionList)
        self.choose(self.hits[found.highlighted or 0])

    @on(OptionList.OptionSelected, "#household-found")
    def _hit_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(self.hits[event.option_index])

    def on_key(self, event: events.Key) -> None:
        if event.key == "down" and self.query_one("#household-text", Input).has_focus and self.hits:
            event.stop()
            self.query_one("#household-found", OptionList).focus()

    def choose(self, hit: HouseholdHit) -> None:
        self.show_hits([])
        self.focus_text()
        self.post_message(self.Chosen(self, hit))


class HouseholdFinder(ModalScreen[int | None]):
    """Type a name or code; Enter opens the case file of the highlighted household."""

    DEFAULT_CSS = """
    HouseholdFinder { align: center middle; }
    HouseholdFinder > Vertical { width: 90%; max-width: 90; height: auto; border: thick $primary;
                                 padding: 0 1; }
    HouseholdFinder #finder-title { text-style: bold; }
    HouseholdFinder #finder-hint { width: 100%; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", N_("Cancel"))]

    def __init__(self, office: str) -> None:
        super().__init__()
        translate_bindings(self._bindings)
        self.office = office

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Open case file"), id="finder-title")
            yield Label(
                _("Type a name or code; Enter opens the case file of the highlighted household."),
                id="finder-hint",
            )
            yield HouseholdPicker(self.office, id="finder")

    def on_mount(self) -> None:
        self.query_one(HouseholdPicker).focus_text()

    @on(HouseholdPicker.Chosen)
    def _chosen(self, event: HouseholdPicker.Chosen) -> None:
        self.dismiss(event.hit.id)


def find_and_open(app: OfficeShell) -> None:
    """Ask for the household, then show its case file (the palette's "Open case file")."""
    office = app.office
    if office is None or not app.backend.ready:
        app.notify(_("The office is still loading."))
        return

    def chosen(household: int | None) -> None:
        if household is not None:
            app.open_case_file(household)

    app.push_screen(HouseholdFinder(office), chosen)
