"""Forms: one modal screen per record, inline errors per field, a discard guard.

A form collects its values, hands them to a service in a worker thread and
shows the service's verdict: the errors of :class:`InvalidInput` beside the
fields they name, a colleague's newer change as a question to reload.
Nothing is saved until every field is valid, because the services validate
everything before they write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, TextArea
from textual.worker import Worker, WorkerState

from lwcore.tui.dialogs import Notice, Question
from lwcore.tui.i18n import N_, _
from lwcore.tui.keys import translate_bindings
from lwcore.tui.shell import OfficeShell

if TYPE_CHECKING:
    from lwcore.services import Services

__all__ = ["FieldError", "Form", "Notice", "Question", "field_id"]

T = TypeVar("T")


class FieldError(Label):
    DEFAULT_CSS = "FieldError { color: $error; height: auto; display: none; }"


class Form(ModalScreen[T | None], Generic[T]):
    """Base of every form. Subclasses compose their fields with :meth:`field`,
    and implement :meth:`values` and :meth:`save` (which runs in a worker)."""

    DEFAULT_CSS = """
    Form { align: center middle; }
    Form > Vertical { width: 90%; max-width: 100; height: 90%; border: thick $primary;
                      padding: 0 1; }
    Form #form-title { text-style: bold; height: 1; }
    Form VerticalScroll { height: 1fr; }
    Form .field { height: auto; }
    Form .field-label { margin-top: 1; height: 1; }
    Form #buttons { height: 3; }
    Form #buttons Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", N_("Save")),
        Binding("escape", "cancel", N_("Cancel")),
    ]
    #: The cursor starts in the first field shown, so the first letters typed land
    #: there (not on the scrolling frame around the fields).
    AUTO_FOCUS = "Input, TextArea, Select, SelectionList, Checkbox, OptionList"
    title_text = ""

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self._bindings)
        self._opened_with: tuple[object, ...] | None = None
        self._error_labels: dict[str, FieldError] = {}
        self._saving: Worker[Any] | None = None

    @property
    def office_app(self) -> OfficeShell:
        assert isinstance(self.app, OfficeShell)
        return self.app

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, id="form-title")
            with VerticalScroll():
                yield from self.fields()
            with Horizontal(id="buttons"):
                yield Button(_("Save"), id="save", variant="success")
                yield Button(_("Cancel"), id="cancel")

    def fields(self) -> ComposeResult:
        """Yield the form's widgets, each usually through :meth:`field`."""
        yield from ()

    def field(self, name: str, label: str, widget: Widget, *more: Widget) -> ComposeResult:
        """A labelled input with its error line, in a group ``#field-<name>`` that can be
        shown or hidden as one; ``name`` is the service's field name."""
        key = field_id(name)
        error = FieldError(id=f"error-{key}")
        self._error_labels[name] = error
        with Vertical(classes="field", id=f"field-{key}"):
            yield Label(label, classes="field-label")
            yield widget
            yield from more
            yield error

    def show_field(self, name: str, shown: bool) -> None:
        self.query_one(f"#field-{field_id(name)}").display = shown

    # --- changes and leaving --------------------------------------------------------

    def on_mount(self) -> None:
        # After the first refresh, so values the form sets while opening count as its start.
        self.call_after_refresh(self._remember_opening_values)

    def _values_shown(self) -> tuple[object, ...]:
        shown: list[object] = []
        for widget in self.query("Input, TextArea, Select, SelectionList, Checkbox"):
            if isinstance(widget, Input | Select | Checkbox):
                shown.append(widget.value)
            elif isinstance(widget, TextArea):
                shown.append(widget.text)
            elif isinstance(widget, SelectionList):
                shown.append(tuple(widget.selected))
        return tuple(shown)

    def _remember_opening_values(self) -> None:
        self._opened_with = self._values_shown()

    @property
    def dirty(self) -> bool:
        """Changed since the form opened (widgets' own first events do not count)."""
        return self._opened_with is not None and self._values_shown() != self._opened_with

    @dirty.setter
    def dirty(self, changed: bool) -> None:
        if not changed:
            self._remember_opening_values()

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            Question(_("Discard your changes?"), _("Discard"), _("Keep editing")), decided
        )

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_submit()

    # --- saving ---------------------------------------------------------------------

    def values(self) -> dict[str, Any] | None:
        """The form's values for :meth:`save`, or None after showing what is missing."""
        return {}

    def save(self, services: Services, values: dict[str, Any]) -> T:
        """Call the service (in a worker thread) and return what it saved."""
        raise NotImplementedError

    def action_submit(self) -> None:
        if self._saving is not None and self._saving.is_running:
            return
        self.show_errors({})
        values = self.values()
        if values is None:
            return
        backend = self.office_app.backend
        self._saving = self.run_worker(
            lambda: _verdict(lambda: self.save(backend.services, values)),
            thread=True,
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._saving:
            return
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.office_app.report_error(event.worker.error)
            return
        if event.state != WorkerState.SUCCESS:
            return
        # Start-up edge: the services load with the back end, after the first paint.
        from lwcore.services.errors import InvalidInput, StaleRecord

        result = event.worker.result
        if isinstance(result, InvalidInput):
            # In the staff member's language; forms that move or ask about an error get text.
            self.show_errors({name: text.translated() for name, text in result.messages.items()})
        elif isinstance(result, StaleRecord):
            self.stale(result)
        else:
            self.dirty = False
            self.dismiss(result)

    def show_errors(self, errors: dict[str, str]) -> None:
        """Errors beside their fields; an error for a field the form lacks is a notice."""
        for name, label in self._error_labels.items():
            message = errors.get(name)
            label.update(message or "")
            label.display = message is not None
        # The service's field name is not for staff: the message says what is wrong.
        for name, text in errors.items():
            if name not in self._error_labels:
                self.notify(text, severity="error")
        if errors:
            first = next((self._error_labels[n] for n in errors if n in self._error_labels), None)
            if first is not None:
                first.scroll_visible()

    def stale(self, error: Exception) -> None:
        """A colleague saved this record meanwhile: say so and offer to reload."""

        def decided(reload: bool | None) -> None:
            if reload:
                self.dirty = False
                self.dismiss(None)
                self.reload_requested()

        self.app.push_screen(
            Question(
                _("A colleague changed this record meanwhile. Reload it (your changes are lost)?"),
                _("Reload"),
                _("Back to the form"),
            ),
            decided,
        )

    def reload_requested(self) -> None:
        """Called after a stale save when staff chose to reload; screens refresh."""
        self.office_app.reload_screen()


def field_id(name: str) -> str:
    """``referral.partner`` -> ``referral-partner``: a service field name as a CSS id."""
    return name.replace(".", "-").replace("_", "-")


def _verdict(call: Callable[[], Any]) -> Any:
    """The service's result, or its refusal as a value the form shows inline."""
    # Start-up edge: runs in the worker, when the back end has loaded the services.
    from lwcore.services.errors import InvalidInput, StaleRecord

    try:
        return call()
    except (InvalidInput, StaleRecord) as refusal:
        return refusal
