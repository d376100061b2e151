"""Round-table meetings: minutes and agreed actions of a plugin's dated occurrences.

The plugins own the series (title, place, rule); the database keeps only the
series key and the start of the occurrence, so a renamed series or a moved
meeting place never leaves stale copies behind.

Minutes and actions name no household, but they name people: who came,
who owes an action, and what the minutes say about them. Each call is
checked against the office (READ to look, CHANGE to write), and each that
reads or writes minutes, attendees or actions leaves one audit entry naming
the meeting; the calendar of upcoming meetings (the plugins' dates and
whether minutes exist) names nobody and leaves none.

The records handed out are lwcore.services.meeting_records'; the checks of
attendees, actions and dates are lwcore.services.meeting_checks'.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from lwcore.db.models import AgreedAction, RoundTableMeeting
from lwcore.db.models.base import MINUTES_LENGTH
from lwcore.i18n import N_
from lwcore.schedule import Meeting
from lwcore.services.access import Permission
from lwcore.services.base import Service, get_or_fail, load_versioned, save_versioned
from lwcore.services.errors import Conflict
from lwcore.services.meeting_checks import (
    ActionRequest,
    check_action,
    check_attendees,
    describe,
    find_occurrence,
    round_table_series,
)
from lwcore.services.meeting_records import (
    ActionRecord,
    MeetingRecord,
    OpenAction,
    RecordedMeeting,
    UpcomingMeeting,
    recorded_meeting,
    upcoming_meeting,
)
from lwcore.services.messages import Message
from lwcore.services.rows import record_of
from lwcore.services.visits import local_midnight

__all__ = [
    "ACTION_KIND",
    "ActionRecord",
    "ActionRequest",
    "MeetingRecord",
    "MeetingService",
    "OpenAction",
    "RecordedMeeting",
    "UpcomingMeeting",
]

ACTION_KIND = N_("agreed action")


class MeetingService(Service):
    kind = N_("round-table meeting")

    def upcoming(self, office: str, start: date, until: date) -> list[UpcomingMeeting]:
        """The office's meetings in [start, until], each with its record if one exists."""
        checks = self.context.checks()
        checks.office("office", office)
        checks.day("start", start)
        checks.day("until", until)
        checks.done()
        self.require(Permission.READ, office)
        meetings = self.context.directory.meetings(start, until, office=office)
        zone = self.context.zone
        query = (
            select(RoundTableMeeting)
            .where(RoundTableMeeting.office == office)
            .where(col(RoundTableMeeting.starts_at) >= local_midnight(start, zone))
            .where(
                col(RoundTableMeeting.starts_at) < local_midnight(until + timedelta(days=1), zone)
            )
        )
        with self.database.read() as session:
            recorded = {
                (row.series_key, row.starts_at.astimezone(UTC)): row for row in session.exec(query)
            }
        return [
            upcoming_meeting(meeting, recorded.get((meeting.series, meeting.start.astimezone(UTC))))
            for meeting in meetings
        ]

    def record(
        self,
        *,
        office: str,
        series_key: str,
        starts_at: datetime | str,
        attendees: Sequence[str],
        minutes: str,
        actions: Sequence[ActionRequest] = (),
    ) -> RecordedMeeting:
        """Record one occurrence that has begun, with its actions, in one transaction:
        all or nothing."""
        checks = self.context.checks()
        series = round_table_series(checks, office, series_key)
        start = checks.moment("starts_at", starts_at, self.context.zone)
        occurrence = None
        if series is not None and start is not None:
            occurrence = find_occurrence(self.context, checks, office, series, start)
        if occurrence is not None and occurrence.start > self.context.now():
            checks.fail("starts_at", N_("has not taken place yet: minutes come after the meeting"))
        names = check_attendees(checks, attendees)
        minutes = checks.text("minutes", minutes, MINUTES_LENGTH)
        day = occurrence.start.date() if occurrence is not None else None
        agreed = [
            check_action(checks, request, f"actions[{index}].", day)
            for index, request in enumerate(actions)
        ]
        checks.done()
        self.require(Permission.CHANGE, office)
        assert occurrence is not None
        now = self.context.now()
        with self.database.write() as session:
            if _recorded_id(session, office, series_key, occurrence.start) is not None:
                raise _already_recorded(occurrence)
            meeting = RoundTableMeeting(
                office=office,
                series_key=series_key,
                starts_at=occurrence.start,
                attendees=names,
                minutes=minutes,
                created_at=now,
                updated_at=now,
            )
            session.add(meeting)
            try:
                session.flush()
            except IntegrityError:
                # A colleague recorded it between our check and our insert.
                raise _already_recorded(occurrence) from None
            assert meeting.id is not None
            rows = tuple(
                _new_action(meeting.id, fields, now) for fields in agreed if fields is not None
            )
            session.add_all(rows)
            session.flush()
            self.audit_change(
                session,
                office,
                action="create",
                record_id=meeting.id,
                records=1 + len(rows),
                detail=self._named(meeting),
            )
            return recorded_meeting(meeting, rows)

    def get(self, meeting_id: int) -> RecordedMeeting:
        """The meeting's minutes, attendees and actions (an audited read)."""
        with self.database.read() as session:
            meeting = self.load(session, RoundTableMeeting, meeting_id, Permission.READ)
            found = recorded_meeting(
                meeting,
                session.exec(
                    select(AgreedAction)
                    .where(AgreedAction.meeting_id == meeting_id)
                    .order_by(col(AgreedAction.due_on), col(AgreedAction.id))
                ),
            )
            named = self._named(meeting)
        self.audit_read(
            found.meeting.office,
            record_id=meeting_id,
            records=1 + len(found.actions),
            detail=named,
        )
        return found

    def update_minutes(
        self,
        meeting_id: int,
        expected_version: int,
        *,
        minutes: str | None = None,
        attendees: Sequence[str] | None = None,
    ) -> MeetingRecord:
        """Correct the minutes or the list of who came; what is not given stays."""
        checks = self.context.checks()
        changes: dict[str, object] = {}
        if minutes is not None:
            changes["minutes"] = checks.text("minutes", minutes, MINUTES_LENGTH)
        if attendees is not None:
            changes["attendees"] = check_attendees(checks, attendees)
        checks.done()
        with self.database.write() as session:
            row = self.load(
                session,
                RoundTableMeeting,
                meeting_id,
                Permission.CHANGE,
                expected_version=expected_version,
            )
            if not changes:
                return record_of(MeetingRecord, row)
            saved = save_versioned(
                session, row, expected_version, self.kind, self.context.now(), **changes
            )
            self.audit_change(
                session,
                row.office,
                record_id=meeting_id,
                detail=f"{self._named(row)}: corrected {', '.join(sorted(changes))}",
            )
            return record_of(MeetingRecord, saved)

    def add_action(self, meeting_id: int, request: ActionRequest) -> ActionRecord:
        """An action agreed later (by mail, at the next meeting) for this meeting."""
        checks = self.context.checks()
        now = self.context.now()
        with self.database.write() as session:
            meeting = self.load(session, RoundTableMeeting, meeting_id, Permission.CHANGE)
            day = meeting.starts_at.astimezone(self.context.zone).date()
            fields = check_action(checks, request, "", day)
            checks.done()
            assert fields is not None
            action = _new_action(meeting_id, fields, now)
            session.add(action)
            session.flush()
            self.audit_change(
                session,
                meeting.office,
                record_id=meeting_id,
                detail=f"{self._named(meeting)}: action {action.id} added",
            )
            return record_of(ActionRecord, action)

    def complete_action(self, action_id: int, expected_version: int) -> ActionRecord:
        """Mark an action done now; an action already done stays as it was."""
        with self.database.write() as session:
            row = self.load(
                session,
                AgreedAction,
                action_id,
                Permission.CHANGE,
                kind=ACTION_KIND,
                through=(RoundTableMeeting, "meeting_id"),
            )
            meeting = get_or_fail(session, RoundTableMeeting, row.meeting_id, self.kind)
            if row.done_at is not None:
                raise Conflict(
                    N_("{kind} {id} is already done"), kind=Message(ACTION_KIND), id=action_id
                )
            row = load_versioned(session, AgreedAction, action_id, expected_version, ACTION_KIND)
            now = self.context.now()
            done = save_versioned(session, row, expected_version, ACTION_KIND, now, done_at=now)
            self.audit_change(
                session,
                meeting.office,
                record_id=meeting.id,
                detail=f"{self._named(meeting)}: action {action_id} done",
            )
            return record_of(ActionRecord, done)

    def open_actions(self, office: str) -> list[OpenAction]:
        """The office's actions not yet done, the most urgent first."""
        self.require(Permission.READ, office)
        query = (
            select(AgreedAction, RoundTableMeeting.series_key, RoundTableMeeting.starts_at)
            .join(RoundTableMeeting, col(AgreedAction.meeting_id) == col(RoundTableMeeting.id))
            .where(RoundTableMeeting.office == office)
            .where(col(AgreedAction.done_at).is_(None))
            .order_by(
                col(AgreedAction.due_on), col(RoundTableMeeting.starts_at), col(AgreedAction.id)
            )
        )
        zone = self.context.zone
        with self.database.read() as session:
            found = [
                OpenAction(
                    record_of(ActionRecord, action), series_key, starts_at.astimezone(zone).date()
                )
                for action, series_key, starts_at in session.exec(query)
            ]
        self.audit_read(office, records=len(found), detail="open actions")
        return found

    def _named(self, meeting: RoundTableMeeting) -> str:
        """The meeting as the audit trail names it: ``runder_tisch_mengede 2026-10-01``."""
        day = meeting.starts_at.astimezone(self.context.zone).date()
        return f"{meeting.series_key} {day.isoformat()}"


def _new_action(meeting_id: int, fields: tuple[str, str, date], now: datetime) -> AgreedAction:
    description, owner, due = fields
    return AgreedAction(
        meeting_id=meeting_id,
        description=description,
        owner=owner,
        due_on=due,
        created_at=now,
        updated_at=now,
    )


def _recorded_id(session: Session, office: str, series_key: str, start: datetime) -> int | None:
    return session.exec(
        select(RoundTableMeeting.id)
        .where(RoundTableMeeting.office == office)
        .where(RoundTableMeeting.series_key == series_key)
        .where(RoundTableMeeting.starts_at == start)
    ).first()


def _already_recorded(meeting: Meeting) -> Conflict:
    return Conflict(
        N_("{title} on {when} is already recorded"), title=meeting.title, when=describe(meeting)
    )
