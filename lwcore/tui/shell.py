"""The office app as its screens, forms and palette commands see it.

:class:`OfficeShell` holds what they call on the app: the back end, the office
shown, whether staff may change it, the one error handler, opening a section
or an office plugin's screen. :class:`lwcore.tui.app.OfficeApp` builds on it
and adds what only the app does (start-up, sections, help, the palette, the
office switcher), so the screens and forms import this module and never the
app above them; this module imports no screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import App
from textual.reactive import reactive
from textual.widget import Widget

from lwcore.startup_gc import resume_after_start
from lwcore.tui.backend import Backend, StartInfo
from lwcore.tui.i18n import _
from lwcore.tui.loading import Loading

if TYPE_CHECKING:
    from lwcore.records import ScreenContribution
    from lwcore.services.households import HouseholdHit


def readable_error(error: BaseException) -> str:
    """One line for a notice: what went wrong, without a traceback; a service's
    refusal in the staff member's language."""
    # Start-up edge: the services and settings load with the back end, after the
    # first paint; an error to show means they are loaded by now.
    from lwcore.services.errors import ServiceError
    from lwcore.settings.errors import SettingsError

    if isinstance(error, ServiceError):
        return error.message.translated()
    if isinstance(error, SettingsError):
        return str(error)
    return _("Unexpected error: {kind}: {message}").format(kind=type(error).__name__, message=error)


class OfficeShell(App[None]):
    """What every screen and form may ask of the running app."""

    TITLE = "lokal willkommen"

    office: reactive[str | None] = reactive(None)

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.start_info: StartInfo | None = None
        self._warmed = False

    def get_loading_widget(self) -> Widget:
        """Every box that waits for its data says so calmly, in the staff's language."""
        return Loading()

    def report_error(self, error: BaseException) -> None:
        """The one place a failed worker becomes a readable notice; the app keeps running."""
        self.log.error(f"worker failed: {error!r}")
        resume_after_start()  # the start may never reach the Today screen's data
        self.notify(readable_error(error), severity="error", timeout=10)

    def warm_up(self) -> None:
        """Load the services the first screen did not need, once it shows its data,
        so the first form opened later does not wait for them (once per run)."""
        if self._warmed or not self.backend.ready:
            return
        self._warmed = True
        self.run_worker(self._load_the_rest, thread=True, group="warm-up", exit_on_error=False)

    def _load_the_rest(self) -> None:
        try:
            self.backend.services.load_all()
        finally:
            resume_after_start()

    def may_change(self) -> bool:
        """Whether the staff member may change the records of the office shown."""
        if not self.backend.ready or not self.office:
            return False
        # Start-up edge: the data side is loaded once the back end is ready.
        from lwcore.services.access import Permission

        return self.backend.actor.may(Permission.CHANGE, self.office)

    def office_name(self, slug: str) -> str:
        """The office's full name, or its slug while the back end is starting."""
        if self.start_info is not None:
            for choice in self.start_info.offices:
                if choice.slug == slug:
                    return choice.name
        return slug

    def reload_screen(self) -> None:
        """Fetch the shown section's data again (after a colleague's change).

        The app knows its section screens; a shell without them has nothing to fetch.
        """

    def open_case_file(self, household: int | str | None) -> None:
        """Show the case file of ``household`` (id or code) over the current screen.

        The app opens it (:class:`lwcore.tui.app.OfficeApp`); a shell without
        screens has none to show.
        """
        self.notify(_("This row has no household."))

    def register_household_named(
        self,
        office: str,
        label: str,
        language: str | None,
        registered: Callable[[HouseholdHit | None], None],
    ) -> None:
        """Open the registration of a new household named ``label`` in ``office``;
        ``registered`` gets the household saved, or a look-alike chosen there.

        The app opens the form (:class:`lwcore.tui.app.OfficeApp`); a shell
        without forms has none to open.
        """
        registered(None)

    def run_in_section(self, mode: str, action: str) -> Callable[[], None]:
        """A callback that opens ``mode`` and runs ``action`` on its screen."""

        def run() -> None:
            self.switch_mode(mode)

            def act() -> None:
                getattr(self.screen, action)()

            self.call_after_refresh(act)

        return run

    def plugin_screens(self) -> list[ScreenContribution]:
        if not self.backend.ready or self.office is None:
            return []
        return list(self.backend.directory.office(self.office).screens)

    def open_plugin_screen(self, key: str) -> None:
        """Open an office plugin's screen; a plugin that fails shows a notice."""
        for contribution in self.plugin_screens():
            if contribution.key == key:
                try:
                    screen = contribution.factory()
                except Exception as error:
                    self.notify(
                        _("The office plugin's screen failed: {error}").format(
                            error=readable_error(error)
                        ),
                        severity="error",
                    )
                    return
                self.push_screen(screen)
                return
