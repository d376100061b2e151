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

from sqlalchemy import Connection, Integer, any_, bindparam, insert, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Session

from lwcore.db.models import AuditEntry, AuditSubject, Household

if TYPE_CHECKING:
    from lwcore.services.base import ServiceContext

_ENTRY = AuditEntry.__table__  # type: ignore[attr-defined]
_SUBJECT = AuditSubject.__table__  # type: ignore[attr-defined]
_E = _ENTRY.c
_H = Household.__table__.c  # type: ignore[attr-defined]
#: Built once: every screen load appends an entry.
_ADD_ENTRY = insert(_ENTRY).returning(_E.id)
_ADD_SUBJECT = insert(_SUBJECT)
#: The subjects of an entry, by household id: codes looked up and inserted in one
#: statement (a row per household would cost a round trip each on PostgreSQL).
#: PostgreSQL takes the ids as one array parameter rather than one parameter each.
_ADD_SUBJECTS_OF = {
    dialect: insert(_SUBJECT).from_select(
        ["entry_id", "household_code"],
        select(bindparam("entry_id", type_=Integer()), _H.code).where(among),
    )
    for dialect, among in (
        ("sqlite", _H.id.in_(bindparam("ids", expanding=True))),
        ("postgresql", _H.id == any_(bindparam("ids", type_=ARRAY(Integer())))),
    )
}


def append(
    context: ServiceContext,
    session: Session | Connection,
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
    entry = {
        "at": context.now(),
        "staff": actor.key,
        "role": actor.role,
        "channel": actor.channel,
        "office": office,
        "action": action,
        "kind": kind,
        "record_id": record_id,
        "records": records,
        "detail": detail[:200],
    }
    entry_id = session.execute(_ADD_ENTRY, entry).scalar_one()
    wanted = sorted({key for key in household_ids if key is not None})
    if wanted:
        statement = _ADD_SUBJECTS_OF[context.database.dialect]
        session.execute(statement, {"entry_id": entry_id, "ids": wanted})
    codes = sorted(set(household_codes))
    if codes:
        session.execute(_ADD_SUBJECT, [{"entry_id": entry_id, "household_code": c} for c in codes])


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
    with context.database.writing() as connection:
        append(
            context,
            connection,
            action,
            kind,
            office,
            record_id=record_id,
            records=records,
            household_ids=household_ids,
            household_codes=household_codes,
            detail=detail,
        )
