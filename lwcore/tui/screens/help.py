"""Help on ``?``: the keys of the screen staff are on, the keys that work everywhere,
and short answers to "how do I …" for the working day, in the UI's language; ``H``
opens the whole handbook (lwcore.tui.screens.handbook)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from lwcore.tui.i18n import N_, _
from lwcore.tui.keys import translate_bindings

#: Keys that work on every screen: (key as shown, what it does). The README's key
#: table lists the same (a test compares them).
GLOBAL_KEYS: tuple[tuple[str, str], ...] = (
    ("F1", N_("Today")),
    ("F2", N_("Consultation hours")),
    ("F3", N_("Referrals")),
    ("F4", N_("Home visits")),
    ("F5", N_("Round tables")),
    ("F6", N_("Network")),
    ("F7", N_("Statistics")),
    ("F10", N_("Switch office")),
    ("Ctrl+P", N_("Commands: type what you want to do")),
    ("?", N_("This help")),
    ("Esc", N_("Back, or leave a form (asks before discarding changes)")),
    ("Ctrl+S", N_("Save a form")),
    ("Ctrl+Q", N_("Quit")),
)

#: Short answers for the working day: (question, answer).
HOW_TO: tuple[tuple[str, str], ...] = (
    (
        N_("A family comes for the first time"),
        N_(
            "F2, then A puts them on the waiting list; S serves them. In the household "
            "field type the name: if nobody is found, choose “New household”, register "
            "the family with its consents, and go on with the consultation."
        ),
    ),
    (
        N_("Record a consultation"),
        N_(
            "F2, then N (or S for the highlighted walk-in). Choose the household, the "
            "language, the topics and the outcome; Ctrl+S saves."
        ),
    ),
    (
        N_("Count a short contact without a household"),
        N_("F2, then K: how many people, language, topic."),
    ),
    (
        N_("Book an appointment"),
        N_("F2, then B: choose a free slot, name and language."),
    ),
    (
        N_("Refer a matter to a partner"),
        N_(
            "In the consultation choose the outcome “Referred to a partner”: the partners "
            "best suited come first. Without the household's consent the partner gets no "
            "personal data."
        ),
    ),
    (
        N_("Enter a partner's feedback"),
        N_("F3, highlight the referral, Enter: feedback and outcome."),
    ),
    (
        N_("Open a household's case file"),
        N_("Ctrl+P and “Open case file”, or H on a referral or a home visit."),
    ),
    (
        N_("Correct or withdraw an entry"),
        N_(
            "In the case file: correct the household, a consultation or a referral; a "
            "mistaken entry is withdrawn with a reason and no longer counted."
        ),
    ),
    (
        N_("Plan a welcome home visit"),
        N_("F4, then P: household, day and time. D marks it done once it has taken place."),
    ),
    (
        N_("Write the minutes of a round table"),
        N_(
            "F5: the meeting that has just met is highlighted; R records who came, the minutes "
            "and the actions agreed."
        ),
    ),
    (
        N_("Figures for the council"),
        N_(
            "F7: month by month ([ and ]), any period (P), all offices (A), a report as "
            "Excel, PDF or CSV (X)."
        ),
    ),
    (
        N_("Something went wrong"),
        N_(
            "A message says what happened and what to do. Nothing half-saved is kept: "
            "try again, or tell IT the message."
        ),
    ),
)


def keys_table(rows: Iterable[tuple[str, str]], heading: str) -> Table:
    table = Table(title=heading, title_justify="left", show_header=False, box=None, expand=True)
    table.add_column(style="bold", no_wrap=True, width=10)
    table.add_column(ratio=1)
    for key, what in rows:
        table.add_row(key, what)
    return table


def textual_keys() -> set[tuple[str, str]]:
    """(action, label) of the keys Textual's own screens and widgets declare (move
    the cursor, focus the next field, copy): the help names only lokal willkommen's
    keys, in the UI's language, and the handbook explains the arrows and Tab."""
    found: set[tuple[str, str]] = set()
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("textual."):
            for binding in Binding.make_bindings(vars(cls).get("BINDINGS", ())):
                found.add((binding.action, binding.description))
    return found


def screen_keys(bindings: Iterable[Binding]) -> list[tuple[str, str]]:
    """The keys a screen offers, as the footer names them (each action once)."""
    seen: set[str] = set()
    found = []
    textual = textual_keys()
    for binding in bindings:
        if not binding.description or binding.action in seen:
            continue
        if (binding.action, binding.description) in textual:
            continue
        seen.add(binding.action)
        found.append((key_name(binding), binding.description))
    return found


def shown_key(key: str) -> str:
    """A key of GLOBAL_KEYS as the screens' keys are shown: ``Ctrl+S`` is ``Strg+S`` in German."""
    return key.replace("Ctrl+", _("Ctrl") + "+")


def key_name(binding: Binding) -> str:
    """``ctrl+s`` → ``Ctrl+S``, ``a`` → ``A``, ``enter`` → ``Enter``."""
    if binding.key_display:
        return binding.key_display
    parts = binding.key.split(",")[0].split("+")
    named = {"ctrl": _("Ctrl"), "enter": _("Enter"), "escape": "Esc", "left_square_bracket": "["}
    named["right_square_bracket"] = "]"
    return "+".join(
        named.get(part, part.upper() if len(part) <= 3 else part.title()) for part in parts
    )


class HelpScreen(ModalScreen[None]):
    """``title`` names the screen the help is about; ``bindings`` are its keys."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical { width: 90%; max-width: 110; height: 90%; border: thick $primary;
                            padding: 0 1; }
    HelpScreen #help-title { text-style: bold; height: 1; }
    HelpScreen #help-handbook { color: $text-muted; width: 100%; height: auto; margin-bottom: 1; }
    HelpScreen VerticalScroll { height: 1fr; }
    HelpScreen Static { margin-bottom: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", N_("Close")),
        Binding("question_mark", "dismiss(None)", N_("Close"), show=False),
        Binding("h", "handbook", N_("Handbook")),
    ]

    def __init__(self, title: str, bindings: Iterable[Binding]) -> None:
        super().__init__()
        translate_bindings(self._bindings)
        self.title_text = title
        self.keys = screen_keys(bindings)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Help: {screen}").format(screen=self.title_text), id="help-title")
            yield Label(
                _("H opens the handbook: the working day step by step. Esc closes the help."),
                id="help-handbook",
            )
            with VerticalScroll(id="help-body"):
                if self.keys:
                    yield Static(keys_table(self.keys, _("Keys on this screen")), id="help-here")
                yield Static(
                    keys_table(
                        ((shown_key(k), _(what)) for k, what in GLOBAL_KEYS),
                        _("Keys everywhere"),
                    ),
                    id="help-everywhere",
                )
                yield Static(self._how_to(), id="help-how-to")

    async def action_handbook(self) -> None:
        """The whole handbook over the help, as the app opens it; Esc there comes back here."""
        await self.app.run_action("handbook")

    def _how_to(self) -> Text:
        text = Text(_("How do I …") + "\n", style="bold")
        for question, answer in HOW_TO:
            text.append(f"\n{_(question)}\n", style="bold")
            text.append(_(answer) + "\n")
        return text
