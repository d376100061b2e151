"""The sections (F1 … F7) on one line under the header, always in sight.

The footer has room for a screen's own keys; at 80 columns it cannot also
hold the seven sections, so they live here, with short names when the
terminal is narrow, and the section shown is highlighted.
"""

from __future__ import annotations

from rich.text import Text
from textual.events import Resize
from textual.widgets import Static

from lwcore.tui.i18n import N_, _
from lwcore.tui.sections import SECTIONS

#: Below this width the short names are used (they fit 80 columns).
WIDE = 110
#: Each section's short name; the long names are SECTIONS' labels.
SHORT_NAMES: dict[str, str] = {
    "today": N_("Today"),
    "hours": N_("Hours"),
    "referrals": N_("Referrals (short)"),
    "visits": N_("Visits"),
    "round_tables": N_("Tables"),
    "network": N_("Network"),
    "statistics": N_("Figures"),
}


class SectionBar(Static):
    """``current`` is the mode of the screen the bar sits on."""

    DEFAULT_CSS = """
    SectionBar { height: 1; background: $panel; color: $text-muted; }
    """

    def __init__(self, current: str | None) -> None:
        super().__init__("", id="section-bar")
        self.current = current

    def on_mount(self) -> None:
        self.show(self.app.size.width)

    def on_resize(self, event: Resize) -> None:
        self.show(event.size.width)

    def show(self, width: int) -> None:
        text = Text(" ", no_wrap=True, overflow="ellipsis")
        for index, (mode, key, label, _module, _cls) in enumerate(SECTIONS):
            name = _(label) if width >= WIDE else _(SHORT_NAMES[mode])
            text.append(" " if index else "")
            text.append(f"{key.upper()} ", style="bold")
            text.append(name, style="reverse bold" if mode == self.current else "")
        self.update(text)
