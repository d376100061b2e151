"""Field checks shared by the services.

A :class:`Checks` collects every problem of one operation, keyed by field,
and raises them together as :class:`InvalidInput` before anything is written.
Values may come typed (from code) or as text (from the CLI or a form); text
is parsed here so that "30.02." fails with the field's name, not a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import TypeVar

from lwcore.directory import Directory, OfficeEntry
from lwcore.records import Partner
from lwcore.services.errors import InvalidInput
from lwcore.vocabulary import is_iso639_1

T = TypeVar("T")


class Checks:
    def __init__(self, directory: Directory) -> None:
        self.directory = directory
        self.errors: dict[str, str] = {}

    def fail(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def done(self) -> None:
        """Raise every collected problem at once; do nothing when all is well."""
        if self.errors:
            raise InvalidInput(self.errors)

    def office(self, field: str, slug: str) -> OfficeEntry | None:
        entry = self.directory.offices.get(slug)
        if entry is None:
            self.fail(field, f"unknown office {slug!r}")
        return entry

    def place(self, field: str, entry: OfficeEntry | None, place: str) -> None:
        if entry is not None and place not in entry.office.place_keys():
            self.fail(field, f"{place!r} is not a place of {entry.slug}")

    def language(self, field: str, code: str) -> None:
        if not is_iso639_1(code):
            self.fail(field, f"{code!r} is not an ISO 639-1 language code")

    def languages(self, field: str, codes: Iterable[str]) -> list[str]:
        found = list(codes)
        for code in found:
            self.language(field, code)
        return found

    def topic(self, field: str, key: str) -> None:
        if key not in self.directory.topics:
            self.fail(field, f"unknown topic {key!r}")

    def topics(self, field: str, keys: Iterable[str]) -> list[str]:
        found = list(dict.fromkeys(keys))
        if not found:
            self.fail(field, "choose at least one topic")
        for key in found:
            self.topic(field, key)
        return found

    def partner(self, field: str, office: str, key: str) -> Partner | None:
        if office not in self.directory.offices:
            return None
        for listing in self.directory.partners(office=office):
            if listing.partner.key == key:
                return listing.partner
        self.fail(field, f"unknown partner {key!r} for office {office}")
        return None

    def text(self, field: str, value: str, limit: int, *, required: bool = False) -> str:
        if not isinstance(value, str):
            self.fail(field, "must be text")
            return ""
        value = value.strip()
        if required and not value:
            self.fail(field, "must not be empty")
        if len(value) > limit:
            self.fail(field, f"at most {limit} characters (got {len(value)})")
        return value

    def number(self, field: str, value: int, *, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(field, f"must be a whole number from {low} to {high}")
        return value

    def choice(self, field: str, value: str, choices: tuple[str, ...]) -> str:
        if value not in choices:
            self.fail(field, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def date(self, field: str, value: date | str) -> date | None:
        if isinstance(value, datetime):
            self.fail(field, "give a date without a time")
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(field, f"{value!r} is not a date that exists (YYYY-MM-DD)")
            return None

    def moment(self, field: str, value: datetime | str, zone: object) -> datetime | None:
        """An aware datetime; text without a zone is read in the deployment's zone."""
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.strip())
            except ValueError:
                self.fail(field, f"{value!r} is not a date and time that exists")
                return None
        if not isinstance(value, datetime):
            self.fail(field, "must be a date and time")
            return None
        if value.tzinfo is None:
            local = value.replace(tzinfo=zone)  # type: ignore[arg-type]
            round_trip = local.astimezone(UTC).astimezone(local.tzinfo)
            if round_trip.replace(tzinfo=None) != value:
                self.fail(field, f"{value:%Y-%m-%d %H:%M} does not exist here (clocks go forward)")
                return None
            value = local
        return value

    def clock_time(self, field: str, value: time | str) -> time | None:
        if isinstance(value, time):
            return value
        try:
            return time.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(field, f"{value!r} is not a time (HH:MM)")
            return None
