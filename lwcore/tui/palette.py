"""The command palette in the UI's language (Textual's own says "No matches found")."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from lwcore.tui.i18n import _


class OfficePalette(CommandPalette):
    """Textual's palette with its placeholder and its "no matches" line translated."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=_("Search for commands…"), id=id)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's own version, with its English line replaced.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("No matching command"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
