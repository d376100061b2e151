"""Office profiles: what the generator needs to know about an office, and nothing more.

A profile is taken from a :class:`~lwcore.directory.Directory` once, so the
generator never touches plugins and the benchmark can clone an office under
another slug.
"""

from __future__ import annotations

from datetime import date, datetime, time

import attrs
from attrs import frozen

from lwcore.demo.names import tandem_for
from lwcore.directory import Directory, OfficeEntry
from lwcore.vocabulary import WEEKDAYS


@frozen
class HoursBlock:
    """One weekly block of consultation hours; ``weekday`` 0 is Monday."""

    weekday: int
    start: time
    end: time
    place: str
    walk_in: bool
    slot_minutes: int

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


@frozen
class PartnerRef:
    """A partner the office refers to; no districts means the whole city."""

    key: str
    topics: tuple[str, ...]
    districts: tuple[str, ...] = ()


@frozen
class MeetingRef:
    """A dated round-table meeting and who is invited."""

    series: str
    starts_at: datetime
    participants: tuple[str, ...]


@frozen
class OfficeProfile:
    slug: str
    districts: tuple[str, ...]
    languages: tuple[str, ...]
    blocks: tuple[HoursBlock, ...]
    partners: tuple[PartnerRef, ...]
    topics: tuple[str, ...]
    meetings: tuple[MeetingRef, ...]
    staff: tuple[str, str]

    def renamed(self, slug: str) -> OfficeProfile:
        """The same office under another slug, with a tandem of its own."""
        return attrs.evolve(self, slug=slug, staff=tandem_for(slug))

    def partners_for(self, topic: str, district: str) -> tuple[str, ...]:
        """Partners helping with ``topic``, those serving ``district`` first choice."""
        helping = [partner for partner in self.partners if topic in partner.topics]
        local = [p.key for p in helping if not p.districts or district in p.districts]
        return tuple(local or [partner.key for partner in helping])


def _blocks(entry: OfficeEntry) -> tuple[HoursBlock, ...]:
    return tuple(
        HoursBlock(
            weekday=WEEKDAYS.index(hours.weekday),
            start=hours.start,
            end=hours.end,
            place=hours.place,
            walk_in=hours.walk_in,
            slot_minutes=hours.slot_minutes,
        )
        for hours in entry.hours
    )


def office_profile(directory: Directory, slug: str, since: date, now: datetime) -> OfficeProfile:
    """The profile of one office, with its round-table meetings from ``since`` until ``now``."""
    entry = directory.office(slug)
    participants = {series.key: series.participants for series in entry.round_tables}
    meetings = tuple(
        MeetingRef(meeting.series, meeting.start, tuple(participants.get(meeting.series, ())))
        for meeting in directory.meetings(since, now.date(), office=slug)
        if meeting.start < now
    )
    partners = tuple(
        PartnerRef(listing.partner.key, listing.partner.topics, listing.partner.districts)
        for listing in directory.partners(office=slug)
    )
    return OfficeProfile(
        slug=slug,
        districts=entry.office.districts,
        languages=entry.language_codes or ("de",),
        blocks=_blocks(entry),
        partners=partners,
        topics=tuple(directory.topics),
        meetings=meetings,
        staff=tandem_for(slug),
    )


def office_profiles(directory: Directory, since: date, now: datetime) -> tuple[OfficeProfile, ...]:
    """Every office of the directory, in the directory's order."""
    return tuple(office_profile(directory, slug, since, now) for slug in directory.offices)
