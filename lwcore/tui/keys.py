"""Key labels in the UI's language.

Screens declare ``BINDINGS`` with English labels marked ``N_()``; each screen
translates its own copy when it is created, so the footer follows the chosen
language however early a screen module was imported.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap

from lwcore.tui.i18n import _


def _translated(binding: Binding) -> Binding:
    return replace(
        binding,
        description=_(binding.description) if binding.description else binding.description,
        tooltip=_(binding.tooltip) if binding.tooltip else binding.tooltip,
    )


def translate_bindings(bindings: BindingsMap) -> None:
    """Replace every label in ``bindings`` (a node's own copy) by its translation."""
    bindings.key_to_bindings = {
        key: [_translated(binding) for binding in found]
        for key, found in bindings.key_to_bindings.items()
    }
