"""The staff handbook inside the app: opened from the help (``?``, then ``H``),
so the whole working day is explained where staff work, also on a computer
without the repository or a browser.

Loaded when first opened from the help screen: the Markdown viewer is not
needed for the first paint.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Label, MarkdownViewer

from lwcore.handbook import for_terminal, handbook_text
from lwcore.tui.i18n import N_, _
from lwcore.tui.keys import translate_bindings

#: From this width on, the table of contents is shown beside the text.
ROOMY_WIDTH = 120


class HandbookScreen(Screen[None]):
    """The handbook, scrolled with the arrow keys and Page Up/Down; Esc goes back."""

    DEFAULT_CSS = """
    HandbookScreen #handbook-title { text-style: bold; height: 1; padding: 0 1;
                                     background: $primary; color: $text; width: 100%; }
    HandbookScreen MarkdownViewer { height: 1fr; }
    HandbookScreen MarkdownTableOfContents { width: 36; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("question_mark", "back", N_("Back"), show=False),
        Binding("t", "toggle_contents", N_("Contents")),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self._bindings)
        #: What the help screen calls this screen (``?`` here goes back to it).
        self.title_text = _("Handbook")

    def compose(self) -> ComposeResult:
        yield Label(_("Handbook for the offices' staff"), id="handbook-title")
        yield MarkdownViewer(
            for_terminal(handbook_text()),
            show_table_of_contents=False,
            # The handbook links only its own headings (tests/test_handbook.py).
            open_links=False,
            id="handbook",
        )
        yield Footer()

    def on_mount(self) -> None:
        viewer = self.query_one(MarkdownViewer)
        viewer.show_table_of_contents = self.app.size.width >= ROOMY_WIDTH
        viewer.document.focus()

    def on_resize(self, event: events.Resize) -> None:
        self.query_one(MarkdownViewer).show_table_of_contents = event.size.width >= ROOMY_WIDTH

    def action_back(self) -> None:
        self.dismiss(None)

    def action_toggle_contents(self) -> None:
        viewer = self.query_one(MarkdownViewer)
        viewer.show_table_of_contents = not viewer.show_table_of_contents
