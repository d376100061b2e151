"""Forms that start with a household: found by name or code as staff type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from textual import on
from textual.widgets import Input, OptionList, Select
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from lwcore.tui.forms.base import Form
from lwcore.tui.i18n import _

if TYPE_CHECKING:
    from lwcore.directory import Directory
    from lwcore.services.households import HouseholdHit

T = TypeVar("T")

#: Fewer letters match too many households to be useful.
MIN_SEARCH_LENGTH = 2


class HouseholdForm(Form[T]):
    """Adds ``#household`` (an Input) and ``#household-hits`` (an OptionList) behaviour:
    each keystroke searches in a worker (the newest search wins), choosing a hit sets
    ``self.household`` and the first of its languages the office speaks."""

    DEFAULT_CSS = """
    HouseholdForm #household-hits { height: auto; max-height: 6; display: none; }
    """

    office: str
    directory: Directory

    def __init__(self) -> None:
        super().__init__()
        self.household: HouseholdHit | None = None
        self._search: Worker[Any] | None = None
        self._found: dict[str, HouseholdHit] = {}

    def household_widgets(self) -> tuple[Input, OptionList]:
        return (
            Input(placeholder=_("e.g. Amina or BR-7K4Q"), id="household"),
            OptionList(id="household-hits"),
        )

    @on(Input.Changed, "#household")
    def _search_households(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if self.household is not None and text == self.household.label:
            return
        self.household = None
        hits = self.query_one("#household-hits", OptionList)
        if len(text) < MIN_SEARCH_LENGTH:
            hits.clear_options()
            hits.display = False
            return
        office = self.office
        backend = self.office_app.backend
        self._search = self.run_worker(
            lambda: backend.services.households.search(office, text),
            thread=True,
            exclusive=True,
            group="household-search",
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Form's own handler (the save's verdict) runs too: Textual calls every class's.
        if event.worker is not self._search or event.state != WorkerState.SUCCESS:
            return
        found: list[HouseholdHit] = event.worker.result or []
        hits = self.query_one("#household-hits", OptionList)
        hits.clear_options()
        hits.add_options(
            Option(
                f"{hit.label}  {hit.code}  {hit.district}  ({', '.join(hit.languages)})",
                id=str(hit.id),
            )
            for hit in found
        )
        self._found = {str(hit.id): hit for hit in found}
        hits.display = bool(found)

    @on(OptionList.OptionSelected, "#household-hits")
    def _household_chosen(self, event: OptionList.OptionSelected) -> None:
        hit = self._found.get(event.option.id or "")
        if hit is not None:
            self.choose_household(hit)

    def choose_household(self, hit: HouseholdHit) -> None:
        """Take ``hit`` as the household, and its first language the office speaks."""
        self.household = hit
        self.query_one("#household", Input).value = hit.label
        hits = self.query_one("#household-hits", OptionList)
        hits.clear_options()
        hits.display = False
        offered = {lang.code for lang in self.directory.office(self.office).languages}
        spoken = next((code for code in hit.languages if code in offered), None)
        if spoken is not None:
            self.query_one("#language", Select).value = spoken
        self.household_chosen(hit)

    def household_chosen(self, hit: HouseholdHit) -> None:
        """Called after a household was chosen; forms add what follows from it."""
