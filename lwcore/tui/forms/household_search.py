"""Forms that start with a household: found by name or code as staff type, or
registered on the spot when it is the family's first visit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import on
from textual.binding import Binding, BindingType
from textual.widgets import Input, OptionList, Select
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from lwcore.tui.forms.base import Form
from lwcore.tui.i18n import _
from lwcore.tui.shell import OfficeShell

if TYPE_CHECKING:
    from lwcore.directory import Directory
    from lwcore.services.households import HouseholdHit

T = TypeVar("T")

#: Fewer letters match too many households to be useful.
MIN_SEARCH_LENGTH = 2
#: The id of the last hit, "New household: <typed text>".
NEW_HOUSEHOLD = "new-household"


class SearchInput(Input):
    """An Input whose Down arrow moves into the list of what it found (``list_id``)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("down", "to_list", show=False)]

    def __init__(self, value: str = "", *, list_id: str, **options: Any) -> None:
        super().__init__(value, **options)
        self.list_id = list_id

    def action_to_list(self) -> None:
        found = self.screen.query_one(f"#{self.list_id}", OptionList)
        if found.display and found.option_count:
            found.focus()
            if found.highlighted is None:
                found.highlighted = 0


class HitList(OptionList):
    """What a :class:`SearchInput` found; Up on the first entry goes back to typing."""

    def __init__(self, *, input_id: str, **options: Any) -> None:
        super().__init__(markup=False, **options)  # labels are what staff typed, not markup
        self.input_id = input_id

    def action_cursor_up(self) -> None:
        if self.highlighted in (None, 0):
            self.screen.query_one(f"#{self.input_id}", Input).focus()
            return
        super().action_cursor_up()


class HouseholdForm(Form[T]):
    """Adds ``#household`` (an Input) and ``#household-hits`` (an OptionList) behaviour:
    each keystroke searches in a worker (the newest search wins), choosing a hit sets
    ``self.household`` and the first of its languages the office speaks.

    Enter in the Input chooses the only entry, or moves into the list when there are
    several; Down moves into the list. The last entry registers a new household under
    the typed name (:class:`~lwcore.tui.forms.household.RegisterHouseholdForm`)."""

    DEFAULT_CSS = """
    HouseholdForm #household-hits { height: auto; max-height: 7; display: none; }
    """

    office: str
    directory: Directory

    def __init__(self) -> None:
        super().__init__()
        self.household: HouseholdHit | None = None
        self._search: Worker[Any] | None = None
        self._found: dict[str, HouseholdHit] = {}
        self._searched_for = ""
        self._enter_pressed = False

    def household_widgets(self) -> tuple[Input, OptionList]:
        return (
            SearchInput(
                placeholder=_("e.g. Amina or BR-7K4Q"), id="household", list_id="household-hits"
            ),
            HitList(id="household-hits", input_id="household"),
        )

    @on(Input.Changed, "#household")
    def _search_households(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if self.household is not None and text == self.household.label:
            return
        self.household = None
        self._enter_pressed = False  # Enter counts for the text it was pressed on
        if len(text) < MIN_SEARCH_LENGTH:
            self._search = None  # an older search still running is ignored
            self._show_hits("", [])
            return
        office = self.office
        backend = self.office_app.backend
        self._search = self.run_worker(
            lambda: (text, backend.services.households.search(office, text)),
            thread=True,
            exclusive=True,
            group="household-search",
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Form's own handler (the save's verdict) runs too: Textual calls every class's.
        if event.worker is not self._search or event.state != WorkerState.SUCCESS:
            return
        text, found = event.worker.result or ("", [])
        self._show_hits(text, found)
        if self._enter_pressed:
            self._enter_pressed = False
            self._take_first_hit()

    def _show_hits(self, text: str, found: list[HouseholdHit]) -> None:
        hits = self.query_one("#household-hits", OptionList)
        hits.clear_options()
        hits.add_options(Option(hit.describe(), id=str(hit.id)) for hit in found)
        # A code typed past its office prefix (BR-7K) names a household that exists.
        code_typed = "-" in text and any(hit.matched == "code" for hit in found)
        if text and not code_typed:
            hits.add_option(
                Option(_("New household: {label}").format(label=text), id=NEW_HOUSEHOLD)
            )
        self._found = {str(hit.id): hit for hit in found}
        self._searched_for = text
        hits.display = hits.option_count > 0

    @on(Input.Submitted, "#household")
    def _enter_in_household(self) -> None:
        if self._search is not None and self._search.is_running:
            self._enter_pressed = True  # act on what the newest search finds
            return
        self._take_first_hit()

    def _take_first_hit(self) -> None:
        """Choose the only entry; with several, move into the list at the first one."""
        hits = self.query_one("#household-hits", OptionList)
        if not hits.display or hits.option_count == 0:
            return
        if hits.option_count == 1:
            self._option_chosen(hits.get_option_at_index(0).id)
            return
        hits.focus()
        hits.highlighted = 0

    @on(OptionList.OptionSelected, "#household-hits")
    def _household_chosen(self, event: OptionList.OptionSelected) -> None:
        self._option_chosen(event.option.id)

    def _option_chosen(self, option_id: str | None) -> None:
        if option_id == NEW_HOUSEHOLD:
            self.register_household(self._searched_for)
            return
        hit = self._found.get(option_id or "")
        if hit is not None:
            self.choose_household(hit)

    def register_household(self, label: str) -> None:
        """Open the registration of a new household named ``label``; once it is saved
        (or staff pick an existing look-alike there), it is this form's household."""
        spoken = next((select.value for select in self.query("#language").results(Select)), None)

        def registered(hit: HouseholdHit | None) -> None:
            if hit is not None:
                self.choose_household(hit)

        shell = self.app
        assert isinstance(shell, OfficeShell)
        shell.register_household_named(
            self.office, label, spoken if isinstance(spoken, str) else None, registered
        )

    def choose_household(self, hit: HouseholdHit) -> None:
        """Take ``hit`` as the household, and its first language the office speaks;
        the cursor moves on to the field after the household."""
        self.household = hit
        field = self.query_one("#household", Input)
        field.value = hit.label
        hits = self.query_one("#household-hits", OptionList)
        hits.clear_options()
        hits.display = False
        offered = {lang.code for lang in self.directory.office(self.office).languages}
        spoken = next((code for code in hit.languages if code in offered), None)
        if spoken is not None:
            self.query_one("#language", Select).value = spoken
        self.household_chosen(hit)
        self.call_after_refresh(self._focus_after_household)

    def _focus_after_household(self) -> None:
        chain = self.focus_chain
        field = self.query_one("#household", Input)
        following = chain[chain.index(field) + 1 :] if field in chain else []
        (following[0] if following else field).focus()

    def household_chosen(self, hit: HouseholdHit) -> None:
        """Called after a household was chosen; forms add what follows from it."""
