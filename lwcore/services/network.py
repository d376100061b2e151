"""The office's network: group offers counted by attendance, and volunteers to match.

Every call is checked against the office (READ to look, CHANGE to write).
Group offers and their head counts are the office's work and leave no audit
entry; volunteers are people, named by their label, so every call about
them leaves exactly one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from attrs import frozen
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from lwcore.db.models import GroupOffer, GroupSession, Volunteer
from lwcore.db.models.base import NAME_LENGTH
from lwcore.i18n import N_
from lwcore.services.access import Permission
from lwcore.services.base import Service, save_versioned
from lwcore.services.checks import Checks
from lwcore.services.errors import Conflict
from lwcore.services.rows import record_of
from lwcore.vocabulary import OFFER_KINDS, WEEKDAYS

#: More than the biggest hall of a district holds: a larger number is a typo.
MAX_ATTENDANCE = 500
SESSION_KIND = N_("group session")


@frozen
class OfferRecord:
    """A group offer as stored, without its sessions."""

    id: int
    version: int
    office: str
    title: str
    kind: str
    active: bool


@frozen
class SessionRecord:
    """How many came to one session of a group offer."""

    id: int
    version: int
    offer_id: int
    held_on: date
    attendance: int


@frozen
class VolunteerRecord:
    """A volunteer as the network screen lists them (weekdays as RFC 5545 codes)."""

    id: int
    version: int
    office: str
    label: str
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    availability: tuple[str, ...]
    active: bool


@frozen
class OfferSummary:
    """A group offer with its sessions counted, for the office's overview and reports."""

    id: int
    title: str
    kind: str
    active: bool
    version: int
    sessions: int
    attendance: int


def check_flag(checks: Checks, field: str, value: object) -> bool:
    """A yes/no field; 1 or "yes" from a form are refused rather than guessed."""
    if not isinstance(value, bool):
        checks.fail(field, N_("must be true or false"))
        return False
    return value


def unique_codes(checks: Checks, field: str, values: Iterable[str]) -> list[str]:
    """The codes once each, in the given order; a bare string is not read letter by letter."""
    if isinstance(values, str):
        checks.fail(field, N_("give a list of codes, not one text"))
        return []
    return list(dict.fromkeys(values))


def check_weekdays(checks: Checks, field: str, values: Iterable[str]) -> list[str]:
    """RFC 5545 weekday codes, at least one, kept Monday first."""
    days = unique_codes(checks, field, values)
    for day in days:
        checks.choice(field, day, WEEKDAYS)
    if not days:
        checks.fail(field, N_("name at least one weekday"))
    return sorted(days, key=lambda day: WEEKDAYS.index(day) if day in WEEKDAYS else 7)


def check_languages(checks: Checks, field: str, values: Iterable[str]) -> list[str]:
    codes = checks.languages(field, unique_codes(checks, field, values))
    if not codes:
        checks.fail(field, N_("name at least one language"))
    return codes


def check_attendance(checks: Checks, attendance: int) -> int:
    return checks.number("attendance", attendance, low=0, high=MAX_ATTENDANCE)


class GroupOfferService(Service):
    """Recurring group offers (language café, sport, cooking), counted by attendance."""

    kind = N_("group offer")

    def create(self, *, office: str, title: str, kind: str) -> OfferRecord:
        checks = self.context.checks()
        checks.office("office", office)
        title = checks.text("title", title, NAME_LENGTH, required=True)
        checks.choice("kind", kind, OFFER_KINDS)
        checks.done()
        self.require(Permission.CHANGE, office)
        now = self.context.now()
        offer = GroupOffer(office=office, title=title, kind=kind, created_at=now, updated_at=now)
        with self.database.write() as session:
            session.add(offer)
            session.flush()
            return record_of(OfferRecord, offer)

    def set_active(self, offer_id: int, expected_version: int, active: bool) -> OfferRecord:
        """Pause or end an offer without losing its sessions, or take it up again."""
        checks = self.context.checks()
        check_flag(checks, "active", active)
        checks.done()
        with self.database.write() as session:
            row = self.load(
                session, GroupOffer, offer_id, Permission.CHANGE, expected_version=expected_version
            )
            if row.active != active:
                save_versioned(
                    session, row, expected_version, self.kind, self.context.now(), active=active
                )
            return record_of(OfferRecord, row)

    def record_session(
        self, offer_id: int, *, held_on: date | str, attendance: int
    ) -> SessionRecord:
        """Count who came on one day. A second count for the same day is a Conflict:
        the first one is corrected instead, so no session is counted twice."""
        checks = self.context.checks()
        day = checks.date("held_on", held_on)
        if day is not None and day > self.context.today():
            checks.fail("held_on", N_("lies in the future"))
        check_attendance(checks, attendance)
        checks.done()
        assert day is not None
        now = self.context.now()
        row = GroupSession(
            offer_id=offer_id, held_on=day, attendance=attendance, created_at=now, updated_at=now
        )
        with self.database.write() as session:
            offer = self.load(session, GroupOffer, offer_id, Permission.CHANGE)
            # The savepoint keeps the transaction usable after a refused INSERT
            # (PostgreSQL aborts it otherwise), so the clash can be confirmed.
            try:
                with session.begin_nested():
                    session.add(row)
                    session.flush()
            except IntegrityError as error:
                if not _has_session_on(session, offer_id, day):
                    raise
                raise Conflict(
                    N_("{title} already has a session on {day}; correct its attendance instead"),
                    title=offer.title,
                    day=day,
                ) from error
            return record_of(SessionRecord, row)

    def correct_session(
        self, session_id: int, expected_version: int, attendance: int
    ) -> SessionRecord:
        """Correct a miscount; the day stays, since a session on another day is a new one."""
        checks = self.context.checks()
        check_attendance(checks, attendance)
        checks.done()
        with self.database.write() as session:
            row = self.load(
                session,
                GroupSession,
                session_id,
                Permission.CHANGE,
                expected_version=expected_version,
                kind=SESSION_KIND,
                through=(GroupOffer, "offer_id"),
            )
            if row.attendance != attendance:
                save_versioned(
                    session,
                    row,
                    expected_version,
                    SESSION_KIND,
                    self.context.now(),
                    attendance=attendance,
                )
            return record_of(SessionRecord, row)

    def offers(self, office: str, *, include_inactive: bool = False) -> list[OfferSummary]:
        """The office's offers by title, each with its number of sessions and total attendance.

        One aggregate query: the LEFT JOIN keeps offers that have no session yet.
        """
        self.require(Permission.READ, office)
        sessions = func.count(col(GroupSession.id))
        attendance = func.coalesce(func.sum(GroupSession.attendance), 0)
        # Grouping by the primary key lets PostgreSQL return the offer's other columns.
        query = (
            select(GroupOffer, sessions, attendance)
            .outerjoin(GroupSession, col(GroupSession.offer_id) == col(GroupOffer.id))
            .where(GroupOffer.office == office)
            .group_by(col(GroupOffer.id))
            .order_by(col(GroupOffer.title), col(GroupOffer.id))
        )
        if not include_inactive:
            query = query.where(col(GroupOffer.active).is_(True))
        with self.database.read() as session:
            rows = session.exec(query).all()
        return [
            OfferSummary(
                id=offer.id or 0,
                title=offer.title,
                kind=offer.kind,
                active=offer.active,
                version=offer.version,
                sessions=int(count),
                attendance=int(total),
            )
            for offer, count, total in rows
        ]


def _has_session_on(session: Session, offer_id: int, day: date) -> bool:
    query = select(GroupSession.id).where(
        GroupSession.offer_id == offer_id, GroupSession.held_on == day
    )
    return session.exec(query).first() is not None


class VolunteerService(Service):
    """Volunteers, matched to a need by language, topic and the weekdays they can come."""

    kind = N_("volunteer")

    def add(
        self,
        *,
        office: str,
        label: str,
        languages: list[str],
        topics: list[str],
        availability: list[str],
    ) -> VolunteerRecord:
        checks = self.context.checks()
        checks.office("office", office)
        label = checks.text("label", label, NAME_LENGTH, required=True)
        codes = check_languages(checks, "languages", languages)
        chosen = checks.topics("topics", unique_codes(checks, "topics", topics))
        days = check_weekdays(checks, "availability", availability)
        checks.done()
        self.require(Permission.CHANGE, office)
        now = self.context.now()
        volunteer = Volunteer(
            office=office,
            label=label,
            languages=codes,
            topics=chosen,
            availability=days,
            created_at=now,
            updated_at=now,
        )
        with self.database.write() as session:
            session.add(volunteer)
            session.flush()
            self.audit_change(session, office, action="create", record_id=volunteer.id)
            return record_of(VolunteerRecord, volunteer)

    def update(
        self,
        volunteer_id: int,
        expected_version: int,
        *,
        label: str | None = None,
        languages: list[str] | None = None,
        topics: list[str] | None = None,
        availability: list[str] | None = None,
        active: bool | None = None,
    ) -> VolunteerRecord:
        """Change the given fields only; fields left out (None) stay as stored.

        A call that changes nothing is still logged, as a read: it returned the record.
        """
        checks = self.context.checks()
        wanted: dict[str, object] = {}
        if label is not None:
            wanted["label"] = checks.text("label", label, NAME_LENGTH, required=True)
        if languages is not None:
            wanted["languages"] = check_languages(checks, "languages", languages)
        if topics is not None:
            wanted["topics"] = checks.topics("topics", unique_codes(checks, "topics", topics))
        if availability is not None:
            wanted["availability"] = check_weekdays(checks, "availability", availability)
        if active is not None:
            wanted["active"] = check_flag(checks, "active", active)
        checks.done()
        with self.database.write() as session:
            row = self.load(
                session,
                Volunteer,
                volunteer_id,
                Permission.CHANGE,
                expected_version=expected_version,
            )
            changes = {name: value for name, value in wanted.items() if getattr(row, name) != value}
            if not changes:
                self.audit_change(
                    session, row.office, action="read", record_id=volunteer_id, detail="no change"
                )
                return record_of(VolunteerRecord, row)
            row = save_versioned(
                session, row, expected_version, self.kind, self.context.now(), **changes
            )
            self.audit_change(
                session, row.office, record_id=volunteer_id, detail=", ".join(sorted(changes))
            )
            return record_of(VolunteerRecord, row)

    def find(
        self,
        office: str,
        *,
        language: str | None = None,
        topic: str | None = None,
        weekday: str | None = None,
        include_inactive: bool = False,
    ) -> list[VolunteerRecord]:
        """The office's volunteers who match every criterion given, by name.

        Languages, topics and weekdays are JSON lists, which SQLite and PostgreSQL
        query differently; an office has a few hundred volunteers at most, so its
        rows are loaded with one SELECT and filtered here, the same on both engines.
        """
        self.require(Permission.READ, office)
        checks = self.context.checks()
        if language is not None:
            checks.language("language", language)
        if topic is not None:
            checks.topic("topic", topic)
        if weekday is not None:
            checks.choice("weekday", weekday, WEEKDAYS)
        checks.done()
        query = select(Volunteer).where(Volunteer.office == office)
        if not include_inactive:
            query = query.where(col(Volunteer.active).is_(True))
        with self.database.read() as session:
            rows = [record_of(VolunteerRecord, row) for row in session.exec(query)]
        found = [
            row
            for row in rows
            if (language is None or language in row.languages)
            and (topic is None or topic in row.topics)
            and (weekday is None or weekday in row.availability)
        ]
        found.sort(key=lambda row: (row.label.casefold(), row.id))
        self.audit_read(office, records=len(found), detail="find")
        return found
