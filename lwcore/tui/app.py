"""The office app: sections as Textual modes, F-keys, the command palette,
one office at a time, and one place where errors become readable notices.

The top of the terminal UI: it imports the screens, forms and palette
commands; they see the app as :class:`lwcore.tui.shell.OfficeShell` and never
import this module.

Start-up edges: the first paint loads only the first section's screen. The
other sections are imported by name when first opened (:func:`_mode`); the
palette's commands (and the forms they open), the palette itself, the help
screen and the office switcher are imported inside the functions that first
show them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from lwcore.i18n import UNEXPECTED_ERROR
from lwcore.startup_gc import resume_after_start
from lwcore.tui.backend import Backend, CannotStart, StartInfo
from lwcore.tui.dialogs import Notice
from lwcore.tui.i18n import _
from lwcore.tui.screens.base import OfficeScreen
from lwcore.tui.sections import SECTIONS
from lwcore.tui.shell import OfficeShell, readable_error

if TYPE_CHECKING:
    from lwcore.services.households import HouseholdHit

__all__ = ["SECTIONS", "OfficeApp", "readable_error", "screen_title", "short_office_name"]


def _mode(module: str, name: str) -> Callable[[], Screen[Any]]:
    """A screen factory that imports its module when the section is first opened."""

    def factory() -> Screen[Any]:
        screen: Screen[Any] = getattr(import_module(f"lwcore.tui.screens.{module}"), name)()
        return screen

    return factory


def short_office_name(name: str) -> str:
    """``lokal willkommen Brackel`` → ``Brackel``: the title says lokal willkommen already."""
    prefix = OfficeApp.TITLE + " "
    return name[len(prefix) :] if name.startswith(prefix) and len(name) > len(prefix) else name


def translate_textual_bindings(app: App[Any]) -> None:
    """Textual's own key labels (the palette, quit) in the UI's language."""
    names = {"command_palette": _("Commands"), "quit": _("Quit")}
    for key, found in list(app._bindings.key_to_bindings.items()):
        app._bindings.key_to_bindings[key] = [
            replace(binding, description=names.get(binding.action, binding.description))
            for binding in found
        ]


def screen_title(app: OfficeApp, screen: Screen[Any]) -> str:
    """What the help screen calls the screen it explains: a section's or a form's name."""
    for mode, _key, label, _module, _cls in SECTIONS:
        if app.current_mode == mode and screen is app.screen_stack[0]:
            return _(label)
    title = getattr(screen, "title_text", "")
    return str(title) if title else _(SECTIONS[0][2])


def unexpected_error(error: BaseException, log: Path) -> str:
    """One line for an error lw did not expect: its kind, and the log file that
    holds its traceback for IT."""
    return _(UNEXPECTED_ERROR).format(kind=type(error).__name__, log=log)


def _domain_commands() -> Any:
    """The palette's commands, loaded when the palette first opens (start-up edge)."""
    from lwcore.tui.commands import DomainCommands

    return DomainCommands


class OfficeApp(OfficeShell):
    COMMANDS = App.COMMANDS | {_domain_commands}

    def __init__(self, backend: Backend) -> None:
        super().__init__(backend)
        translate_textual_bindings(self)
        for mode, _key, _label, module, cls in SECTIONS:
            self.add_mode(mode, _mode(module, cls))
        #: Why the app stopped by itself (nobody to work as), for the terminal.
        self.stop_reason: str | None = None

    def on_mount(self) -> None:
        # Bound here, not in BINDINGS, so the labels follow the chosen language.
        # The sections are shown in the section bar; the footer keeps room for the
        # screen's own keys.
        for mode, key, label, _module, _cls in SECTIONS:
            self.bind(key, f"switch_mode('{mode}')", description=_(label), show=False)
        self.bind("f10", "switch_office", description=_("Office"), show=False)
        self.bind("question_mark", "help", description=_("Help"))
        self.switch_mode("today")
        # After the first paint: loading plugins and the database stack would
        # otherwise compete with drawing the first screen.
        self.call_after_refresh(self.start_backend)

    @work(thread=True, exit_on_error=False, group="start")
    def start_backend(self) -> StartInfo:
        return self.backend.start()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "start":
            self.cannot_start(event.worker.error)
        elif event.state == WorkerState.ERROR and event.worker.error is not None:
            self.report_error(event.worker.error)
        elif event.state == WorkerState.SUCCESS and event.worker.group == "start":
            result = event.worker.result
            assert isinstance(result, StartInfo)
            self.started(result)

    def report_error(self, error: BaseException) -> None:
        """A failed worker: a refusal reads as it is; an unexpected error is logged
        for IT and named in one line (the app keeps running)."""
        log = self.backend.record_unexpected(error)
        if log is None:
            super().report_error(error)
        else:
            recorded = _("It was recorded in the log {log}; please tell IT.").format(log=log)
            self.notify(f"{readable_error(error)}\n{recorded}", severity="error", timeout=20)

    def _handle_exception(self, error: Exception) -> None:
        """An error nothing caught stops the app, and Textual would print its
        traceback with the local variables (a household's label, a note) on the
        terminal: the person reads one line instead, and IT finds the traceback
        (without those) in the log file the line names."""
        try:
            log = self.backend.record_unexpected(error)
        except Exception:  # the log itself failed: Textual's own report then
            log = None
        shown = len(self._exit_renderables)
        super()._handle_exception(error)
        if log is not None:
            del self._exit_renderables[shown:]
            self._exit_renderables.append(unexpected_error(error, log))

    def cannot_start(self, error: BaseException | None) -> None:
        """The office cannot open: say why and what to do; leaving stops with status 2."""
        resume_after_start()
        log = self.backend.record_unexpected(error) if error is not None else None
        if isinstance(error, CannotStart):
            self.stop_reason = str(error)
        elif error is not None and log is not None:
            self.stop_reason = unexpected_error(error, log)
        else:
            self.stop_reason = _("lokal willkommen could not start: {error}").format(
                error=readable_error(error) if error is not None else "?"
            )

        def leave(_answer: object) -> None:
            self.exit(return_code=2, message=self.stop_reason)

        self.push_screen(Notice(_("lokal willkommen cannot start"), self.stop_reason), leave)

    def started(self, info: StartInfo) -> None:
        self.start_info = info
        for problem in info.problems:
            self.notify(problem, title=_("Plugin problem"), severity="warning", timeout=15)
        if info.upgraded_from is not None and info.upgraded_from != "empty":
            self.notify(_("The database was upgraded; a backup copy was kept."))
        if info.default_office is None and self.backend.ready and self.backend.directory.offices:
            self.notify(
                _("{staff} may not open the records of any office.").format(
                    staff=self.backend.actor.described().translated()
                ),
                severity="error",
            )
            resume_after_start()  # no Today screen to wait for
            return
        if info.default_office is None:
            self.notify(_("No office is installed."), severity="error")
            resume_after_start()
            return
        if info.demo:
            self.title = _("lokal willkommen · DEMO")
        self.office = info.default_office
        if info.figures_only:
            # A city-wide coordinator reads released figures only: no day's lists,
            # no records, so they start on the statistics.
            self.switch_mode("statistics")
            self.warm_up()
            self.notify(
                _(
                    "As coordinator you see the released figures of every office "
                    "(perturbed, whole months, quarters and years that are over); "
                    "the records stay with the offices."
                ),
                timeout=15,
            )
            return
        if info.empty_database and not info.demo:
            self.notify(
                _(
                    "The database is still empty: register the first family in the "
                    "consultation hours (F2). To look around first, start the demo office "
                    "with lw --demo: it has a database of its own."
                ),
                timeout=20,
            )

    def watch_office(self, office: str | None) -> None:
        if office is None:
            return
        # Who is working is always in sight: one laptop may serve the whole tandem.
        who = f" · {self.backend.staff_name}" if self.backend.ready else ""
        self.sub_title = short_office_name(self.office_name(office)) + who
        screen = self.screen
        if isinstance(screen, OfficeScreen):
            screen.refresh_bindings()
        self.reload_screen()

    def reload_screen(self) -> None:
        screen = self.screen
        if isinstance(screen, OfficeScreen):
            screen.reload()

    def open_case_file(self, household: int | str | None) -> None:
        # Start-up edge: the case file loads when first opened, not at first paint.
        from lwcore.tui.screens.case_file import open_case_file

        open_case_file(self, household)

    def register_household_named(
        self,
        office: str,
        label: str,
        language: str | None,
        registered: Callable[[HouseholdHit | None], None],
    ) -> None:
        # Start-up edge: the registration form loads when first opened.
        from lwcore.tui.forms.household import RegisterHouseholdForm

        form = RegisterHouseholdForm(office, self.backend.directory, label=label, language=language)
        self.push_screen(form, registered)

    def action_switch_office(self) -> None:
        if self.start_info is None or len(self.start_info.offices) < 2:
            return
        # Start-up edge: the switcher loads when first asked for, not at first paint.
        from lwcore.tui.screens.office_switcher import OfficeSwitcher

        def chosen(slug: str | None) -> None:
            if slug:
                self.office = slug

        self.push_screen(OfficeSwitcher(self.start_info.offices, self.office), chosen)

    # --- help and Textual's own commands, in the UI's language ------------------------

    def action_help(self) -> None:
        """The help screen for the screen staff are on (``?``)."""
        from lwcore.tui.screens.help import HelpScreen  # start-up edge: first ``?``

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        # Every key the screen has, also those the footer leaves out for room.
        own = [
            active.binding
            for active in screen.active_bindings.values()
            if active.node is not self and active.enabled
        ]
        self.push_screen(HelpScreen(screen_title(self, screen), own))

    def action_handbook(self) -> None:
        """The staff handbook, from the command palette (the help opens it with H)."""
        from lwcore.tui.screens.handbook import HandbookScreen  # start-up edge: first opened

        self.push_screen(HandbookScreen())

    def action_command_palette(self) -> None:
        from lwcore.tui.palette import OfficePalette  # start-up edge: first palette

        if self.use_command_palette and not OfficePalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(OfficePalette(id="--command-palette"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Only what staff need, named in their language (not Textual's theme,
        screenshot and key-panel commands)."""
        yield SystemCommand(_("Help"), _("Keys and how to do the day's work"), self.action_help)
        yield SystemCommand(_("Quit"), _("Close lokal willkommen"), self.action_quit)
