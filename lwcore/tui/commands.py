"""Domain commands in the command palette: "Neue Beratung", "Partner finden", …

They reach the app as :class:`lwcore.tui.shell.OfficeShell`; the app imports
this module for its palette, never the other way round.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from lwcore.tui.forms.household import register_household
from lwcore.tui.forms.household_finder import find_and_open
from lwcore.tui.i18n import _, language
from lwcore.tui.sections import SECTIONS
from lwcore.tui.shell import OfficeShell


def _commands(app: OfficeShell) -> list[tuple[str, str, Callable[[], object]]]:
    """(name, help, callback) of every command the palette offers right now.

    The household forms' entry points still annotate the full app class; the
    running app is one, and they use only what OfficeShell has (hence the casts).
    """
    hours = partial(app.run_in_section, "hours")
    found: list[tuple[str, str, Callable[[], object]]] = []
    if app.may_change():  # a coordinator reads: no command that records anything
        found += [
            (_("New consultation"), _("Record a consultation"), hours("action_new_consultation")),
            (
                _("Quick contact"),
                _("Count an anonymous short contact"),
                hours("action_quick_contact"),
            ),
            (_("Add walk-in"), _("Put someone on the waiting list"), hours("action_add_walk_in")),
            (
                _("New household"),
                _("Register a family at its first visit"),
                partial(register_household, app),
            ),
            (_("Book appointment"), _("Book a free slot"), hours("action_book")),
        ]
    found += [
        (
            _("Find partner"),
            _("Partners by topic, language and district"),
            partial(app.switch_mode, "network"),
        ),
        (
            _("Switch office"),
            _("Work in another office"),
            partial(app.run_action, "switch_office"),  # the app's own action, by name
        ),
        (
            _("Open case file"),
            _("A household's history, consents and corrections"),
            partial(find_and_open, app),
        ),
        (
            _("Handbook"),
            _("The working day step by step, and what to do when something fails"),
            partial(app.run_action, "handbook"),  # the app's own action, by name
        ),
    ]
    found += [
        (
            _(label),
            _("Open the section ({key})").format(key=key.upper()),
            partial(app.switch_mode, mode),
        )
        for mode, key, label, _module, _cls in SECTIONS
    ]
    found += [
        (
            contribution.title_in(language()),
            _("Screen of the office plugin"),
            partial(app.open_plugin_screen, contribution.key),
        )
        for contribution in app.plugin_screens()
    ]
    return found


class DomainCommands(Provider):
    """The office's work, reachable by name."""

    @property
    def office_app(self) -> OfficeShell:
        assert isinstance(self.app, OfficeShell)
        return self.app

    async def discover(self) -> Hits:
        for name, help_text, callback in _commands(self.office_app):
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in _commands(self.office_app):
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
