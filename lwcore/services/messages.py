"""What a service says to staff, kept as a template and its values until it is shown.

A service does not know who reads its refusal: the terminal UI shows it in the
staff member's language, the CLI in ``--lang``'s, logs and tests read English.
So a message carries the English template (the catalogue's msgid, marked with
``N_`` where it is written) and plain values; :meth:`Message.english` and
:meth:`Message.translated` fill them in. In a translated message dates, times
and weekdays are written by Babel for the language shown; in English they stay
ISO (``2027-02-28``), as scripts and tests read them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from attrs import field, frozen

from lwcore import i18n
from lwcore.i18n import N_

if TYPE_CHECKING:
    from lwcore.records import ConsultationHours


@runtime_checkable
class Shown(Protocol):
    """A value that words itself: a nested message, a status, a weekday, a list."""

    def english(self) -> str: ...

    def translated(self, language: str | None = None) -> str: ...


def _items(values: Iterable[object]) -> tuple[object, ...]:
    return tuple(values)


def _frozen_params(params: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType(dict(params))


@frozen(eq=False)
class Message:
    """``template`` with ``params`` filled in: in English, or in the chosen language.

    ``verbatim`` text is already worded for its reader (a form's own check) and
    is shown as it is.
    """

    template: str
    params: Mapping[str, object] = field(factory=dict, converter=_frozen_params)
    verbatim: bool = False

    @classmethod
    def of(cls, template: str, /, **params: object) -> Message:
        """``Message.of(N_("lies before the meeting on {day}"), day=day)``."""
        return cls(template, params)

    @classmethod
    def text(cls, text: str) -> Message:
        return cls(text, verbatim=True)

    def english(self) -> str:
        if self.verbatim:
            return self.template
        values = {name: _english(value) for name, value in self.params.items()}
        return self.template.format_map(values)

    def translated(self, language: str | None = None) -> str:
        """In ``language`` (default: the one chosen for the UI)."""
        if self.verbatim:
            return self.template
        code = language or i18n.language()
        template = i18n.translation(code).gettext(self.template)
        values = {name: _translated(value, code) for name, value in self.params.items()}
        return template.format_map(values)

    def __str__(self) -> str:
        return self.english()

    def __repr__(self) -> str:
        return f"Message({self.english()!r})"


@frozen
class Term:
    """A stored code (``unsuccessful``): the code itself in English, its label translated."""

    code: str
    label: str

    def english(self) -> str:
        return self.code

    def translated(self, language: str | None = None) -> str:
        return i18n.translation(language or i18n.language()).gettext(self.label)


@frozen
class Named:
    """A key of the settings with a name per language (a topic): the key in English messages."""

    code: str
    names: Mapping[str, str] = field(converter=_frozen_params)

    def english(self) -> str:
        return self.code

    def translated(self, language: str | None = None) -> str:
        return self.names.get(language or i18n.language(), self.code)


#: English patterns of the appointment and visit messages, which always read dates day first.
GERMAN_DAY = "%d.%m.%Y"
GERMAN_MOMENT = "%d.%m.%Y %H:%M"


@frozen
class Formatted:
    """A date or time whose English text keeps a pattern of its own (``26.11.2026 10:00``);
    translated, Babel writes it like any other."""

    value: date
    pattern: str

    def english(self) -> str:
        return format(self.value, self.pattern)

    def translated(self, language: str | None = None) -> str:
        return str(_translated(self.value, language or i18n.language()))


@frozen
class Weekday:
    """A weekday code of the settings (``MO``): as written in English, as Babel names it else."""

    code: str

    def english(self) -> str:
        return self.code

    def translated(self, language: str | None = None) -> str:
        if self.code not in WEEKDAY_CODES:
            return self.code
        return i18n.weekday_name(WEEKDAY_CODES.index(self.code), language)


WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@frozen
class Listing:
    """Several values in one place (``MO 10:00-12:00; TH 14:00-16:00``); ``empty`` if none."""

    items: tuple[object, ...] = field(converter=_items)
    separator: str = ", "
    empty: object = ""

    def english(self) -> str:
        if not self.items:
            return str(_english(self.empty))
        return self.separator.join(str(_english(item)) for item in self.items)

    def translated(self, language: str | None = None) -> str:
        code = language or i18n.language()
        if not self.items:
            return str(_translated(self.empty, code))
        return self.separator.join(str(_translated(item, code)) for item in self.items)


def listing(items: Iterable[object], separator: str = ", ") -> Listing:
    """``items`` joined, or "none" when there are none."""
    return Listing(_items(items), separator, Message(N_("none")))


#: Statuses as staff read them (the stored code stays in English messages).
STATUSES = {
    "open": N_("open"),
    "accepted": N_("accepted"),
    "done": N_("done"),
    "unsuccessful": N_("not successful"),
    "withdrawn": N_("withdrawn"),
    "planned": N_("planned"),
    "cancelled": N_("cancelled"),
    "booked": N_("booked"),
    "attended": N_("attended"),
    "missed": N_("missed"),
    "waiting": N_("waiting"),
    "seen": N_("seen"),
    "left": N_("left"),
    "in_progress": N_("in progress"),
    "resolved": N_("resolved"),
    "escalated": N_("escalated"),
    "new": N_("new"),
    "forwarded": N_("forwarded"),
}


def status_term(code: str) -> Term:
    return Term(code, STATUSES.get(code, code))


def place_term(key: str) -> Term:
    """Where hours are held: the office itself (``office``) or an outpost, by its key."""
    return Term(key, N_("office") if key == "office" else key)


def opening_hours(block: ConsultationHours) -> Message:
    """``MO 10:00-12:00`` of a block of consultation hours; the weekday named by Babel."""
    return Message.of(
        "{weekday} {start}-{end}", weekday=Weekday(block.weekday), start=block.start, end=block.end
    )


def _english(value: object) -> object:
    if isinstance(value, Shown):
        return value.english()
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return value  # as it is, so ``{value!r}`` quotes text but not numbers


def _translated(value: object, code: str) -> object:
    if isinstance(value, Shown):
        return value.translated(code)
    if isinstance(value, datetime):
        return f"{i18n.full_short_date(value.date(), code)} {value:%H:%M}"
    if isinstance(value, date):
        return i18n.full_short_date(value, code)
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return value  # as it is, so ``{value!r}`` quotes text but not numbers


#: What ``lw restore`` says about the households erased since the copy was taken.
REAPPLIED_ERASURES = N_("erasures made since the copy was taken, applied again: {count}")
