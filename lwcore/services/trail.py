"""Writing the audit trail: one entry per service call that reads, changes or exports
personal data.

Changes are logged in the transaction that makes them, so a change and its
entry are saved together or not at all. Reads are logged right after the
read, in a transaction of their own; if that fails the caller gets the
error instead of the data. Nothing here updates or deletes an entry (the
database refuses UPDATE too); only the retention purge removes old ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import insert, select
from sqlmodel import Session

from lwcore.db.models import AuditEntry, AuditSubject, Household

if TYPE_CHECKING:
    from lwcore.services.base import ServiceContext

_E = AuditEntry.__table__.c  # type: ignore[attr-defined]
_H = Household.__table__.c  # type: ignore[attr-defined]


def append(
    context: ServiceContext,
    session: Session,
    action: str,
    kind: str,
    office: str | None,
    *,
    record_id: int | None = None,
    records: int = 1,
    household_ids: Iterable[int | None] = (),
    household_codes: Iterable[str] = (),
    detail: str = "",
) -> None:
    """Add one entry (and the households it concerns) to ``session``'s transaction."""
    actor = context.actor
    entry_id = session.execute(
        insert(AuditEntry)
        .values(
            at=context.now(),
            staff=actor.key,
            role=actor.role,
            channel=actor.channel,
            office=office,
            action=action,
            kind=kind,
            record_id=record_id,
            records=records,
            detail=detail[:200],
        )
        .returning(_E.id)
    ).scalar_one()
    codes = set(household_codes)
    wanted = sorted({key for key in household_ids if key is not None})
    if wanted:
        codes.update(session.execute(select(_H.code).where(_H.id.in_(wanted))).scalars())
    if codes:
        session.execute(
            insert(AuditSubject), [{"entry_id": entry_id, "household_code": c} for c in codes]
        )


def append_now(
    context: ServiceContext,
    action: str,
    kind: str,
    office: str | None,
    *,
    record_id: int | None = None,
    records: int = 1,
    household_ids: Iterable[int | None] = (),
    household_codes: Iterable[str] = (),
    detail: str = "",
) -> None:
    """:func:`append` in a transaction of its own (after a read, or for a refusal)."""
    with context.database.write() as session:
        append(
            context,
            session,
            action,
            kind,
            office,
            record_id=record_id,
            records=records,
            household_ids=household_ids,
            household_codes=household_codes,
            detail=detail,
        )
