"""Small modal dialogs: a yes/no question and a notice staff must read.

Below the forms (which ask with :class:`Question`) and the app (which shows a
:class:`Notice` when the office cannot open), so neither imports the other.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from lwcore.tui.i18n import _
from lwcore.tui.keys import translate_bindings


class Question(ModalScreen[bool]):
    """A yes/no question (discard changes? reload?)."""

    DEFAULT_CSS = """
    Question { align: center middle; }
    Question > Vertical { width: 60; height: auto; border: thick $warning; padding: 1 2; }
    Question Horizontal { height: auto; margin-top: 1; }
    Question Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(False)", show=False)]

    def __init__(self, text: str, yes: str, no: str) -> None:
        super().__init__()
        translate_bindings(self._bindings)
        self.text, self.yes, self.no = text, yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.text)
            with Horizontal():
                yield Button(self.yes, id="yes", variant="warning")
                yield Button(self.no, id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def answer(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class Notice(ModalScreen[None]):
    """A message staff must read before going on (why the office cannot open)."""

    DEFAULT_CSS = """
    Notice { align: center middle; }
    Notice > Vertical { width: 80%; max-width: 90; height: auto; border: thick $error;
                        padding: 1 2; }
    Notice #notice-title { text-style: bold; margin-bottom: 1; }
    Notice Button { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", show=False)]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        translate_bindings(self._bindings)
        self.title_text, self.text = title, text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, id="notice-title")
            yield Static(self.text, id="notice-text", markup=False)
            yield Button(_("Close"), id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#close")
    def close(self) -> None:
        self.dismiss(None)
