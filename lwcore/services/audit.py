"""Reading the audit trail (``lw audit``) and checking its hash chains
(``lw audit verify``); entries are written by lwcore.services.trail."""

from __future__ import annotations

from datetime import date, datetime, time

from attrs import frozen
from sqlalchemy import select

from lwcore.db.audit_verify import ChainBreak, verify_chain
from lwcore.db.models import AuditEntry, AuditSubject
from lwcore.services.access import Permission
from lwcore.services.base import Service
from lwcore.services.messages import Message

_E = AuditEntry.__table__.c  # type: ignore[attr-defined]
_S = AuditSubject.__table__.c  # type: ignore[attr-defined]

#: Most entries ``lw audit`` shows at once, newest first.
AUDIT_LIMIT = 500


@frozen
class AuditRecord:
    """One entry as ``lw audit`` shows it."""

    id: int
    at: datetime
    staff: str
    role: str
    channel: str
    office: str | None
    action: str
    kind: str
    record_id: int | None
    records: int
    detail: str
    households: tuple[str, ...]


@frozen
class ChainCheck:
    """What ``lw audit verify`` found: every entry checked, the first break of each chain."""

    entries: int
    chains: int
    breaks: tuple[ChainBreak, ...]

    @property
    def intact(self) -> bool:
        return not self.breaks

    def messages(self) -> list[Message]:
        return [Message(found.template, found.params) for found in self.breaks]


class AuditService(Service):
    """Reading the trail (office leads: their office; coordinators: every office)."""

    kind = "audit_entry"

    def entries(
        self,
        *,
        office: str | None = None,
        household: str | None = None,
        staff: str | None = None,
        since: date | None = None,
        limit: int = AUDIT_LIMIT,
    ) -> list[AuditRecord]:
        """Entries newest first, filtered by office, household code, staff key, first day."""
        self.require(Permission.AUDIT, office)
        checks = self.context.checks()
        if household is not None:
            household = checks.text("household", household, 20)
        if staff is not None:
            staff = checks.text("staff", staff, 40)
        if since is not None:
            checks.day("since", since)
        checks.done()
        query = select(_E).order_by(_E.at.desc(), _E.id.desc()).limit(limit)
        if office is not None:
            query = query.where(_E.office == office)
        if household is not None:
            query = query.where(
                _E.id.in_(select(_S.entry_id).where(_S.household_code == household.upper()))
            )
        if staff is not None:
            query = query.where(_E.staff == staff)
        if since is not None:
            query = query.where(_E.at >= datetime.combine(since, time(), tzinfo=self.context.zone))
        with self.database.reading() as connection:
            rows = connection.execute(query).all()
            keys = [row.id for row in rows]
            subjects: dict[int, list[str]] = {}
            if keys:
                for entry_id, code in connection.execute(
                    select(_S.entry_id, _S.household_code)
                    .where(_S.entry_id.in_(keys))
                    .order_by(_S.household_code)
                ):
                    subjects.setdefault(entry_id, []).append(code)
        self.audit_read(
            office,
            records=len(rows),
            detail=f"household={household or '*'} staff={staff or '*'} since={since or '*'}",
        )
        return [
            AuditRecord(
                id=row.id,
                at=row.at,
                staff=row.staff,
                role=row.role,
                channel=row.channel,
                office=row.office,
                action=row.action,
                kind=row.kind,
                record_id=row.record_id,
                records=row.records,
                detail=row.detail,
                households=tuple(subjects.get(row.id, ())),
            )
            for row in rows
        ]

    def verify(self, office: str | None = None) -> ChainCheck:
        """Recompute the hash chains: every office's (a coordinator, ``office`` None)
        or one office's (its lead). The database's guards are checked too."""
        self.require(Permission.AUDIT, office)
        with self.database.reading() as connection:
            report = verify_chain(connection)
        breaks = tuple(
            found
            for found in report.breaks
            if office is None or found.chain == office or found.kind == "guard_missing"
        )
        self.audit_read(office, records=report.entries, detail="verify")
        return ChainCheck(report.entries, report.chains, breaks)
