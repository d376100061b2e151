"""What the office hears about: log an integration barrier (Integrationshemmnis) or a
citizen's suggestion (Anregung), and move either on to its next status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, Static, TextArea

from lwcore.tui.forms.base import Form
from lwcore.tui.forms.date_entry import date_text
from lwcore.tui.i18n import _
from lwcore.tui.labels import topic_label
from lwcore.tui.record_labels import concern_status_label
from lwcore.vocabulary import BARRIER_STATES, SUGGESTION_STATES

if TYPE_CHECKING:
    from lwcore.directory import Directory
    from lwcore.services import Services
    from lwcore.services.concerns import BarrierRecord, SuggestionRecord


def _places_found() -> list[str]:
    """Where barriers usually show, offered while typing (any other text is fine)."""
    return [_("Consultation hours"), _("Home visit"), _("Round table"), _("Group offer")]


class BarrierForm(Form["BarrierRecord"]):
    DEFAULT_CSS = "BarrierForm TextArea { height: 5; }"

    def __init__(self, office: str, directory: Directory) -> None:
        super().__init__()
        self.office = office
        self.directory = directory
        self.title_text = _("Log an integration barrier")

    def fields(self) -> ComposeResult:
        topics = sorted(
            ((topic_label(self.directory, key), key) for key in self.directory.topics),
            key=lambda pair: pair[0].casefold(),
        )
        yield from self.field(
            "topic", _("Topic"), Select(topics, prompt=_("Choose a topic"), id="topic")
        )
        yield from self.field(
            "description", _("What stands in the way"), TextArea(id="description")
        )
        yield from self.field(
            "found_at",
            _("Where it showed"),
            Input(
                placeholder=_("e.g. consultation hours, home visit"),
                suggester=SuggestFromList(_places_found(), case_sensitive=False),
                id="found-at",
            ),
        )

    def values(self) -> dict[str, Any] | None:
        topic = self.query_one("#topic", Select).value
        if not isinstance(topic, str):
            self.show_errors({"topic": _("choose the topic the barrier concerns")})
            return None
        return {
            "topic": topic,
            "description": self.query_one("#description", TextArea).text,
            "found_at": self.query_one("#found-at", Input).value,
        }

    def save(self, services: Services, values: dict[str, Any]) -> BarrierRecord:
        return services.barriers.log(office=self.office, **values)


class SuggestionForm(Form["SuggestionRecord"]):
    DEFAULT_CSS = "SuggestionForm TextArea { height: 5; }"

    def __init__(self, office: str) -> None:
        super().__init__()
        self.office = office
        self.title_text = _("Log a suggestion")

    def fields(self) -> ComposeResult:
        yield from self.field("text", _("Suggestion or wish"), TextArea(id="text"))
        yield from self.field(
            "received_on",
            _("Received on (DD.MM.YYYY; empty: today)"),
            Input(id="received-on"),
        )

    def values(self) -> dict[str, Any] | None:
        received = date_text(self.query_one("#received-on", Input).value)
        return {"text": self.query_one("#text", TextArea).text, "received_on": received or None}

    def save(self, services: Services, values: dict[str, Any]) -> SuggestionRecord:
        return services.suggestions.log(office=self.office, **values)


class StatusForm(Form[Any]):
    """A status and the text that explains it (resolution or response)."""

    DEFAULT_CSS = "StatusForm TextArea { height: 5; }"
    #: The service's name of the explaining text.
    note_field = ""

    def __init__(self, about: str, status: str, note: str) -> None:
        super().__init__()
        self.about, self.status, self.note = about, status, note

    def states(self) -> tuple[str, ...]:
        raise NotImplementedError

    def note_label(self) -> str:
        raise NotImplementedError

    def fields(self) -> ComposeResult:
        yield Static(self.about, id="about")
        yield from self.field(
            "status",
            _("Status"),
            Select(
                [(concern_status_label(state), state) for state in self.states()],
                value=self.status,
                allow_blank=False,
                id="status",
            ),
        )
        yield from self.field(self.note_field, self.note_label(), TextArea(self.note, id="note"))

    def values(self) -> dict[str, Any] | None:
        return {
            "status": str(self.query_one("#status", Select).value),
            self.note_field: self.query_one("#note", TextArea).text,
        }


class BarrierStatusForm(StatusForm):
    note_field = "resolution"

    def __init__(self, barrier: BarrierRecord, directory: Directory) -> None:
        about = f"{topic_label(directory, barrier.topic)}: {barrier.description}"
        super().__init__(about, barrier.status, barrier.resolution)
        self.barrier = barrier
        self.title_text = _("Barrier: change the status")

    def states(self) -> tuple[str, ...]:
        return BARRIER_STATES

    def note_label(self) -> str:
        return _("Resolution: what was done, or to whom it went (needed for resolved/escalated)")

    def save(self, services: Services, values: dict[str, Any]) -> BarrierRecord:
        return services.barriers.set_status(
            self.barrier.id, self.barrier.version, values["status"], resolution=values["resolution"]
        )


class SuggestionStatusForm(StatusForm):
    note_field = "response"

    def __init__(self, suggestion: SuggestionRecord) -> None:
        super().__init__(suggestion.text, suggestion.status, suggestion.response)
        self.suggestion = suggestion
        self.title_text = _("Suggestion: change the status")

    def states(self) -> tuple[str, ...]:
        return SUGGESTION_STATES

    def note_label(self) -> str:
        return _("Response: what the citizen was told (needed for done)")

    def save(self, services: Services, values: dict[str, Any]) -> SuggestionRecord:
        return services.suggestions.set_status(
            self.suggestion.id,
            self.suggestion.version,
            values["status"],
            response=values["response"],
        )
