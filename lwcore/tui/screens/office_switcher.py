"""Choose the office to work in (for staff who work across offices)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from lwcore.tui.backend import OfficeChoice
from lwcore.tui.i18n import N_, _
from lwcore.tui.keys import translate_bindings


class OfficeSwitcher(ModalScreen[str | None]):
    DEFAULT_CSS = """
    OfficeSwitcher { align: center middle; }
    OfficeSwitcher > Vertical { width: 60; height: auto; border: thick $primary; padding: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", N_("Cancel"))]

    def __init__(self, offices: tuple[OfficeChoice, ...], current: str | None) -> None:
        super().__init__()
        translate_bindings(self._bindings)
        self.offices = offices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Which office?"))
            yield OptionList(
                *(Option(choice.name, id=choice.slug) for choice in self.offices),
                id="offices",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        for index, choice in enumerate(self.offices):
            if choice.slug == self.current:
                options.highlighted = index

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
