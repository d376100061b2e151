"""Field checks shared by the services.

A :class:`Checks` collects every problem of one operation, keyed by field,
and raises them together as :class:`InvalidInput` before anything is written.
Values may come typed (from code) or as text (from the CLI or a form); text
is parsed here so that "30.02." fails with the field's name, not a traceback.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import TypeVar

from lwcore.dates import EARLIEST, LATEST
from lwcore.directory import Directory, OfficeEntry
from lwcore.i18n import N_
from lwcore.records import Partner
from lwcore.services.errors import InvalidInput, Refusal
from lwcore.services.messages import Message, Named
from lwcore.vocabulary import is_iso639_1

T = TypeVar("T")

#: The dates a service accepts: wide enough for any birth, move or meeting the
#: offices record, narrow enough that a typo like 0001 or 9999 is caught (and
#: every database and Python's datetime arithmetic can hold it).

#: Control characters no text may hold: NUL cannot be stored on PostgreSQL at
#: all, and the others garble screens and exports. Newline, carriage return and
#: tab stay, for multi-line text such as notes.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Checks:
    def __init__(self, directory: Directory) -> None:
        self.directory = directory
        self.messages: dict[str, Message] = {}
        #: A refusal the audit trail must hear of when the problems are raised.
        self.unrecorded: Refusal | None = None

    @property
    def errors(self) -> dict[str, str]:
        """The problems so far, in English."""
        return {name: message.english() for name, message in self.messages.items()}

    def fail(self, field: str, template: str | Message, /, **params: object) -> None:
        """Note a problem of ``field`` (the first one counts): ``template`` is the English
        msgid, marked with ``N_``, filled in with ``params`` where it is shown."""
        message = template if isinstance(template, Message) else Message(template, params)
        self.messages.setdefault(field, message)

    def refuse(self, refusal: Refusal) -> None:
        """Note that a problem noted is a refusal to audit (the first one counts):
        the service call writes it to the audit trail once it has ended."""
        if self.unrecorded is None:
            self.unrecorded = refusal

    def done(self) -> None:
        """Raise every collected problem at once; do nothing when all is well."""
        if self.messages:
            problems = InvalidInput(self.messages)
            problems.unrecorded = self.unrecorded
            raise problems

    def office(self, field: str, slug: str) -> OfficeEntry | None:
        entry = self.directory.offices.get(slug)
        if entry is None:
            self.fail(field, N_("unknown office {slug!r}"), slug=slug)
        return entry

    def place(self, field: str, entry: OfficeEntry | None, place: str) -> None:
        if entry is not None and place not in entry.office.place_keys():
            self.fail(
                field, N_("{place!r} is not a place of {office}"), place=place, office=entry.slug
            )

    def language(self, field: str, code: str) -> None:
        if not is_iso639_1(code):
            self.fail(field, N_("{code!r} is not an ISO 639-1 language code"), code=code)

    def languages(self, field: str, codes: Iterable[str]) -> list[str]:
        found = self.strings(field, codes)
        for code in found:
            self.language(field, code)
        return found

    def strings(self, field: str, values: Iterable[str]) -> list[str]:
        """``values`` as a list of text, or a problem of ``field`` (and an empty list)
        when it is no list of text at all (None, one bare text, a number)."""
        if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            self.fail(field, N_("must be a list"))
            return []
        found = list(values)
        if not all(isinstance(value, str) for value in found):
            self.fail(field, N_("must be a list of text"))
            return []
        return found

    def topic(self, field: str, key: str) -> None:
        if key not in self.directory.topics:
            self.fail(field, N_("unknown topic {key!r}"), key=key)

    def topic_name(self, key: str) -> object:
        """The topic as messages name it: its key in English, its label when translated."""
        topic = self.directory.topics.get(key)
        if topic is None:
            return key
        return Named(key, {"de": topic.label_de, "en": topic.label_en})

    def topics(self, field: str, keys: Iterable[str]) -> list[str]:
        found = list(dict.fromkeys(self.strings(field, keys)))
        if not found:
            self.fail(field, N_("choose at least one topic"))
        for key in found:
            self.topic(field, key)
        return found

    def partner(self, field: str, office: str, key: str) -> Partner | None:
        if office not in self.directory.offices:
            return None
        for listing in self.directory.partners(office=office):
            if listing.partner.key == key:
                return listing.partner
        self.fail(field, N_("unknown partner {key!r} for office {office}"), key=key, office=office)
        return None

    def text(self, field: str, value: str, limit: int, *, required: bool = False) -> str:
        if not isinstance(value, str):
            self.fail(field, N_("must be text"))
            return ""
        value = value.strip()
        if _CONTROL.search(value):
            self.fail(field, N_("must not contain control characters"))
        if required and not value:
            self.fail(field, N_("must not be empty"))
        if len(value) > limit:
            self.fail(
                field,
                N_("at most {limit} characters (got {length})"),
                limit=limit,
                length=len(value),
            )
        return value

    def number(self, field: str, value: int, *, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(field, N_("must be a whole number from {low} to {high}"), low=low, high=high)
        return value

    def choice(self, field: str, value: str, choices: tuple[str, ...]) -> str:
        if value not in choices:
            self.fail(
                field,
                N_("{value!r} is not one of {choices}"),
                value=value,
                choices=", ".join(choices),
            )
        return value

    def date(self, field: str, value: date | str) -> date | None:
        if isinstance(value, datetime):
            self.fail(field, N_("give a date without a time"))
            return None
        if not isinstance(value, date):
            try:
                value = date.fromisoformat(str(value).strip())
            except ValueError:
                self.fail(
                    field, N_("{value!r} is not a date that exists (YYYY-MM-DD)"), value=value
                )
                return None
        return value if self.within_range(field, value) else None

    def day(self, field: str, value: object) -> bool:
        """Whether ``value``, a day a query asks about, is a date from 1900 to 2100;
        a problem of ``field`` if not (past the edges date arithmetic overflows)."""
        if not isinstance(value, date):
            self.fail(field, N_("{value!r} is not a date that exists (YYYY-MM-DD)"), value=value)
            return False
        return self.within_range(field, value)

    def within_range(self, field: str, value: dt.date) -> bool:
        """Whether ``value`` lies from 1900 to 2100; a problem of ``field`` if not."""
        day = value.date() if isinstance(value, datetime) else value
        if EARLIEST <= day <= LATEST:
            return True
        self.fail(field, N_("{value} is outside 1900–2100"), value=value.isoformat())
        return False

    def moment(self, field: str, value: datetime | str, zone: object) -> datetime | None:
        """An aware datetime; text without a zone is read in the deployment's zone."""
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.strip())
            except ValueError:
                self.fail(field, N_("{value!r} is not a date and time that exists"), value=value)
                return None
        if not isinstance(value, datetime):
            self.fail(field, N_("must be a date and time"))
            return None
        if not self.within_range(field, value):
            return None
        if value.tzinfo is None:
            local = value.replace(tzinfo=zone)  # type: ignore[arg-type]
            round_trip = local.astimezone(UTC).astimezone(local.tzinfo)
            if round_trip.replace(tzinfo=None) != value:
                self.fail(
                    field, N_("{moment} does not exist here (clocks go forward)"), moment=value
                )
                return None
            value = local
        return value

    def clock_time(self, field: str, value: time | str) -> time | None:
        if isinstance(value, time):
            return value
        try:
            return time.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(field, N_("{value!r} is not a time (HH:MM)"), value=value)
            return None
