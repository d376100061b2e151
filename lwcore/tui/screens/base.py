"""What every section screen shares: the office, data loading in workers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header
from textual.worker import Worker, WorkerState

from lwcore.tui.keys import translate_bindings
from lwcore.tui.section_bar import SectionBar
from lwcore.tui.sections import SECTIONS
from lwcore.tui.shell import OfficeShell

if TYPE_CHECKING:
    from lwcore.services import Services


class OfficeScreen(Screen[None]):
    """A section of the app. Subclasses implement :meth:`reload`, which calls
    :meth:`fetch` for each part of the screen."""

    #: Actions that change records: their keys are offered only to staff who may
    #: change this office's records (a coordinator reads, and sees no such key).
    #: The services refuse them anyway; this keeps the footer honest.
    CHANGES: ClassVar[frozenset[str]] = frozenset()

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self._bindings)
        self._pending: dict[Worker[Any], tuple[Widget | None, Callable[[Any], None]]] = {}

    @property
    def office_app(self) -> OfficeShell:
        assert isinstance(self.app, OfficeShell)
        return self.app

    @property
    def office(self) -> str | None:
        return self.office_app.office

    def on_mount(self) -> None:
        """The sections' bar under the header (a section's own screen highlights itself)."""
        mode = next((m for m, _k, _l, _mod, cls in SECTIONS if cls == type(self).__name__), None)
        headers = self.query(Header)
        if headers:
            self.mount(SectionBar(mode), after=headers.first())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action not in self.CHANGES or self.office_app.may_change()

    def on_screen_resume(self) -> None:
        if self.office_app.backend.ready and self.office:
            self.refresh_bindings()
            self.reload()

    def reload(self) -> None:
        """Fetch this screen's data; called when shown, and when the office changes."""

    def fetch(
        self,
        target: Widget | None,
        call: Callable[[Services], Any],
        then: Callable[[Any], None],
        *,
        group: str | None = None,
    ) -> None:
        """Run ``call(services)`` in a worker thread; ``then(result)`` on the UI thread.

        ``target`` shows a loading indicator meanwhile. Errors are turned into
        a notice by the app's single handler.
        """
        backend = self.office_app.backend
        if target is not None:
            target.loading = True
        worker = self.run_worker(
            lambda: call(backend.services),
            thread=True,
            exclusive=group is not None,
            group=group or "default",
            exit_on_error=False,
        )
        self._pending[worker] = (target, then)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker not in self._pending:
            return
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        target, then = self._pending.pop(event.worker)
        if target is not None:
            target.loading = False
        if event.state == WorkerState.SUCCESS and self.is_attached:
            # (A screen closed meanwhile, or the app quitting, has nothing to show it in.)
            then(event.worker.result)
        elif event.state == WorkerState.ERROR and event.worker.error is not None:
            self.office_app.report_error(event.worker.error)
