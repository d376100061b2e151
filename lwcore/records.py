"""The values plugins hand to the core.

Every hook returns instances of these frozen attrs classes. They validate on
construction, so a mistake in a plugin (an unknown district, a language code
that is not ISO 639-1, an RRULE that does not parse) fails inside the plugin
that made it and is reported with that plugin's name, instead of surfacing
later as a wrong figure in a report.

The same classes describe the sections of an office's settings file, so the
TOML an office edits and the objects its plugin returns are one shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, time
from types import MappingProxyType
from typing import Any, Literal, TypeVar

import attrs
from attrs import field, frozen

from lwcore.dates import EARLIEST, LATEST
from lwcore.naming import KEY_RULE, WELFARE_LAWS, WelfareLaw, is_key
from lwcore.rrules import check_rrule
from lwcore.vocabulary import DISTRICTS, WEEKDAYS, is_iso639_1

__all__ = [
    "Address",
    "ConsultationHours",
    "Language",
    "Office",
    "Outpost",
    "Partner",
    "RoundTableSeries",
    "ScreenContribution",
    "TodayPanel",
    "Topic",
]

HolidayRule = Literal["drop", "next_working_day", "previous_working_day"]


class InvalidValue(ValueError):
    """A field's value refused by a record's validator; names the field."""

    def __init__(self, attribute: attrs.Attribute[Any] | str, message: str) -> None:
        self.field = attribute if isinstance(attribute, str) else attribute.name
        self.message = message
        super().__init__(message, attribute)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


Item = TypeVar("Item")


def as_tuple(values: Iterable[Item]) -> tuple[Item, ...]:
    """``converter=tuple``, written in Python: attrs reads each converter's signature,
    and a builtin's is parsed with the tokenizer (whose patterns then compile first,
    about 10 ms of every start)."""
    return tuple(values)


def _text_tuple(value: Iterable[str] | str) -> tuple[str, ...]:
    """Accept a list from TOML or Python, never a bare string split into letters."""
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _key(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not is_key(value):
        raise InvalidValue(attribute, f"{value!r} must be {KEY_RULE}")


def _non_empty(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, str) and not value.strip():
        raise InvalidValue(attribute, "must not be empty")
    if isinstance(value, tuple) and not value:
        raise InvalidValue(attribute, "needs at least one entry")


def _strings(_instance: object, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise InvalidValue(attribute, f"must hold non-empty strings, got {item!r}")


def _districts(_instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    unknown = [d for d in value if d not in DISTRICTS]
    if unknown:
        raise InvalidValue(
            attribute,
            f"unknown district {unknown[0]!r}; Dortmund's districts are {', '.join(DISTRICTS)}",
        )


def _languages(_instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for code in value:
        if not is_iso639_1(code):
            raise InvalidValue(attribute, f"{code!r} is not an ISO 639-1 language code")


def _type(kind: type) -> Any:
    return attrs.validators.instance_of(kind)


def _plausible_date(instance: object, attribute: attrs.Attribute[Any], value: date) -> None:
    """Dates from 1900 to 2100: a year like 0001 or 9999 is a typo, and would make
    every expansion of the series start centuries away."""
    if isinstance(value, date) and not EARLIEST <= value <= LATEST:
        raise InvalidValue(attribute, f"{value.isoformat()} is outside 1900–2100")


@frozen
class Address:
    """A postal address in Dortmund (or wherever a partner sits)."""

    street: str = field(validator=[_type(str), _non_empty])
    postcode: str = field(validator=attrs.validators.matches_re(r"^\d{5}$"))
    city: str = field(default="Dortmund", validator=[_type(str), _non_empty])

    def __str__(self) -> str:
        return f"{self.street}, {self.postcode} {self.city}"


@frozen
class Outpost:
    """A smaller place with its own open hours ("Außenstelle"), run by an office."""

    key: str = field(validator=_key)
    name: str = field(validator=[_type(str), _non_empty])
    address: Address = field(validator=_type(Address))


@frozen
class Office:
    """Who an office is: returned by an office plugin's ``lw_office`` hook.

    ``welfare_association`` and ``welfare_law`` name the second data controller
    of the tandem (the city is always the first), so every record can say
    which controller is responsible.
    """

    slug: str = field(validator=_key)
    name: str = field(validator=[_type(str), _non_empty])
    districts: tuple[str, ...] = field(converter=_text_tuple, validator=[_non_empty, _districts])
    address: Address = field(validator=_type(Address))
    welfare_association: str = field(validator=[_type(str), _non_empty])
    welfare_law: WelfareLaw = field(validator=attrs.validators.in_(WELFARE_LAWS))
    opened: date = field(validator=_type(date))
    phone: str = field(default="", validator=_type(str))
    email: str = field(default="", validator=_type(str))
    outposts: tuple[Outpost, ...] = field(
        default=(),
        converter=as_tuple,
        validator=attrs.validators.deep_iterable(_type(Outpost)),
    )

    def place_keys(self) -> tuple[str, ...]:
        """``office`` and every outpost key: where consultation hours can be held."""
        return ("office", *(outpost.key for outpost in self.outposts))


@frozen
class Topic:
    """A matter people bring to consultation hours (school enrolment, job search, ...)."""

    key: str = field(validator=_key)
    label_de: str = field(validator=[_type(str), _non_empty])
    label_en: str = field(validator=[_type(str), _non_empty])


@frozen
class Language:
    """A language an office works in (ISO 639-1) and who in the office speaks it."""

    code: str = field(validator=_type(str))
    speakers: tuple[str, ...] = field(default=(), converter=_text_tuple, validator=_strings)
    example: bool = field(default=False, validator=_type(bool))

    @code.validator
    def _check_code(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not is_iso639_1(value):
            raise InvalidValue(attribute, f"{value!r} is not an ISO 639-1 language code")


@frozen
class Partner:
    """A cooperation partner: who helps with which topics, in which languages, where.

    ``key`` is stable: referrals store it, so renaming a partner keeps its
    history. ``example`` marks data that is a realistic example rather than a
    published fact; listings show it as such. ``opening_hours`` is free text
    as the partner publishes it (``Mo–Fr 8–12 Uhr, Do 14–18 Uhr``: partners'
    hours have exceptions no weekly grid holds), and ``bring`` the short items
    a client is to take along; the referral slip prints both, in the office's
    German, when they are given.
    """

    key: str = field(validator=_key)
    name: str = field(validator=[_type(str), _non_empty])
    topics: tuple[str, ...] = field(converter=_text_tuple, validator=[_non_empty, _strings])
    languages: tuple[str, ...] = field(converter=_text_tuple, validator=[_non_empty, _languages])
    address: Address | None = field(
        default=None, validator=attrs.validators.optional(_type(Address))
    )
    districts: tuple[str, ...] = field(default=(), converter=_text_tuple, validator=_districts)
    contact: str = field(default="", validator=_type(str))
    opening_hours: str = field(default="", validator=_type(str))
    bring: tuple[str, ...] = field(default=(), converter=_text_tuple, validator=_strings)
    example: bool = field(default=False, validator=_type(bool))

    def serves_district(self, district: str) -> bool:
        """A partner with no districts listed serves the whole city."""
        return not self.districts or district in self.districts


@frozen
class ConsultationHours:
    """One weekly block of open hours (Sprechstunde) at the office or an outpost."""

    weekday: str = field(validator=attrs.validators.in_(WEEKDAYS))
    start: time = field(validator=_type(time))
    end: time = field(validator=_type(time))
    place: str = field(default="office", validator=_key)
    walk_in: bool = field(default=True, validator=_type(bool))
    slot_minutes: int = field(default=30, validator=[_type(int), attrs.validators.gt(0)])
    example: bool = field(default=False, validator=_type(bool))

    @end.validator
    def _after_start(self, attribute: attrs.Attribute[time], value: time) -> None:
        if value <= self.start:
            raise InvalidValue(attribute, f"{value:%H:%M} must be after start {self.start:%H:%M}")


@frozen
class RoundTableSeries:
    """A recurring round table (runder Tisch) with the local actors.

    ``rrule`` is an RFC 5545 recurrence rule without DTSTART (for example
    ``FREQ=MONTHLY;BYDAY=2TU``); ``first`` is the date of the first meeting.
    ``on_holiday`` says what happens to a meeting that falls on a public
    holiday in North Rhine-Westphalia: ``drop`` it, or move it to the
    ``next_working_day`` or ``previous_working_day``.
    """

    key: str = field(validator=_key)
    title: str = field(validator=[_type(str), _non_empty])
    place: str = field(validator=[_type(str), _non_empty])
    rrule: str = field(validator=_type(str))
    first: date = field(validator=[_type(date), _plausible_date])
    start_time: time = field(validator=_type(time))
    duration_minutes: int = field(validator=[_type(int), attrs.validators.gt(0)])
    participants: tuple[str, ...] = field(default=(), converter=_text_tuple, validator=_strings)
    on_holiday: HolidayRule = field(
        default="next_working_day",
        validator=attrs.validators.in_(("drop", "next_working_day", "previous_working_day")),
    )
    example: bool = field(default=False, validator=_type(bool))

    @rrule.validator
    def _parses(self, attribute: attrs.Attribute[str], value: str) -> None:
        try:
            check_rrule(value)
        except ValueError as error:
            raise InvalidValue(attribute, str(error)) from None


def _language_titles(value: Mapping[str, str] | None) -> Mapping[str, str]:
    """A read-only copy, so a frozen record cannot change under its holder."""
    return MappingProxyType(dict(value or {}))


def _titles(_instance: object, attribute: attrs.Attribute[Any], value: Mapping[str, str]) -> None:
    for code, title in value.items():
        if not is_iso639_1(code):
            raise InvalidValue(attribute, f"{code!r} is not an ISO 639-1 language code")
        if not isinstance(title, str) or not title.strip():
            raise InvalidValue(attribute, f"the {code!r} title must be a non-empty string")


class _Titled:
    """A German ``title`` (shown by default) and ``titles`` in other languages."""

    title: str
    titles: Mapping[str, str]

    def title_in(self, language: str) -> str:
        """The title in ``language`` (an ISO 639-1 code), else the German ``title``."""
        return self.titles.get(language, self.title)


@frozen
class TodayPanel(_Titled):
    """A box an office plugin adds to the Today screen: a title and short lines.

    ``title`` is German; ``titles`` gives it in other languages of the UI,
    e.g. ``{"en": "Shop window"}``.
    """

    key: str = field(validator=_key)
    title: str = field(validator=[_type(str), _non_empty])
    lines: tuple[str, ...] = field(default=(), converter=_text_tuple)
    titles: Mapping[str, str] = field(
        factory=dict, converter=_language_titles, validator=_titles, hash=False, kw_only=True
    )


@frozen
class ScreenContribution(_Titled):
    """A screen an office plugin adds to the terminal UI.

    ``factory`` returns a ``textual.screen.Screen``; it is called only when
    staff open the screen, so the plugin's hooks module need not import
    Textual. ``title`` is German; ``titles`` gives it in other languages.
    """

    key: str = field(validator=_key)
    title: str = field(validator=[_type(str), _non_empty])
    factory: Callable[[], Any] = field(validator=attrs.validators.is_callable())
    titles: Mapping[str, str] = field(
        factory=dict, converter=_language_titles, validator=_titles, hash=False, kw_only=True
    )
