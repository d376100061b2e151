"""What a box shows while its data loads.

Textual's indicator: moving dots, or with animations off
(``TEXTUAL_ANIMATIONS=none``, chosen by people whom movement disturbs) the
English word "Loading...". This one says it in the staff's language.
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.widgets import LoadingIndicator

from lwcore.tui.i18n import _


class Loading(LoadingIndicator):
    """Textual's loading indicator, its still form in the staff's language."""

    def render(self) -> RenderResult:
        if self.app.animation_level == "none":
            return _("Loading…")
        return super().render()
