"""Print a client's paper: which paper (on the case file), in which language, into
which folder. The PDF is written in a worker; the screen then says where it is.

Loaded when first opened (fpdf2 with it), never before the first paint.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import Locale
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Input, Select

from lwcore.papers.catalogue import GERMAN, shipped_languages
from lwcore.papers.printing import Printed, print_paper
from lwcore.settings.paths import documents_dir
from lwcore.tui.forms.base import Form
from lwcore.tui.i18n import N_, _, language

if TYPE_CHECKING:
    from lwcore.services import Services

#: The papers, as the form offers them.
PAPERS = {
    "appointment": N_("Appointment slip"),
    "referral": N_("Referral slip"),
    "consent": N_("Consent form"),
    "data-copy": N_("Copy of the household's data (Art. 15 GDPR)"),
}
#: The language option that leaves the choice to what is recorded for the client.
AS_RECORDED = ""


def language_options(recorded: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each language with texts of its own, then the client's recorded languages
    that have none (printed with English beside German); German alone last."""
    names = Locale.parse(language()).languages
    shipped = [code for code in shipped_languages() if code != GERMAN]
    options = [(str(names.get(code, code)), code) for code in shipped]
    options += [
        (_("{language} (texts in English)").format(language=names.get(code, code)), code)
        for code in dict.fromkeys(recorded)
        if code not in shipped and code != GERMAN
    ]
    return [*options, (_("German only"), GERMAN)]


def first_language(recorded: tuple[str, ...]) -> str | None:
    """The client's language among those recorded: the first that is not German;
    German if that is all; None if nothing is recorded."""
    if not recorded:
        return None
    return next((code for code in recorded if code != GERMAN), GERMAN)


class PrintForm(Form[Printed | OSError]):
    """``kinds``: the papers offered (one: no choice shown); ``key``: the record's
    id; ``language``: the client's language if known (preselected)."""

    def __init__(
        self,
        kinds: tuple[str, ...],
        key: int,
        *,
        language: str | None = None,
        recorded: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.kinds = kinds
        self.key = key
        self.language = language
        self.recorded = recorded
        self.folder = documents_dir()
        self.title_text = _("Print for the client")

    def fields(self) -> ComposeResult:
        if len(self.kinds) > 1:
            yield from self.field(
                "kind",
                _("Paper"),
                Select(
                    [(_(PAPERS[kind]), kind) for kind in self.kinds],
                    value=self.kinds[0],
                    allow_blank=False,
                    id="kind",
                ),
            )
        options = language_options(self.recorded)
        chosen = self.language or first_language(self.recorded)
        if chosen is None:
            options.insert(0, (_("As recorded for the client"), AS_RECORDED))
        elif chosen not in {code for _label, code in options}:
            options.insert(0, (chosen, chosen))
        yield from self.field(
            "language",
            _("Language beside German"),
            Select(options, value=chosen or AS_RECORDED, allow_blank=False, id="language"),
        )
        yield from self.field("folder", _("Folder"), Input(str(self.folder), id="folder"))

    def values(self) -> dict[str, Any] | None:
        kind = self.kinds[0]
        if len(self.kinds) > 1:
            kind = str(self.query_one("#kind", Select).value)
        folder = Path(self.query_one("#folder", Input).value.strip() or self.folder).expanduser()
        if folder != self.folder and not folder.is_dir():
            self.show_errors({"folder": _("This folder does not exist.")})
            return None
        chosen = str(self.query_one("#language", Select).value)
        return {"kind": kind, "folder": folder, "language": chosen or None}

    def save(self, services: Services, values: dict[str, Any]) -> Printed | OSError:
        try:
            return print_paper(
                services,
                values["kind"],
                self.key,
                values["folder"],
                language=values["language"],
                make_folders=values["folder"] == self.folder,
            )
        except OSError as error:
            return error


def tell_printed(screen: Widget, result: Printed | OSError | None) -> None:
    """Say where the paper is (or why it could not be written); nothing if cancelled."""
    if isinstance(result, OSError):
        reason = result.strerror or str(result)
        message = _("The paper could not be written: {reason}").format(reason=reason)
        screen.notify(message, severity="error")
    elif result is not None:
        screen.notify(_("The paper is in {path}").format(path=result.path), timeout=10)
