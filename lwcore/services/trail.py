"""Writing the audit trail: one entry per service call that reads, changes or exports
personal data.

Changes are logged in the transaction that makes them, so a change and its
entry are saved together or not at all. Reads are logged right after the
read, in a transaction of their own; if that fails the caller gets the
error instead of the data. Nothing here updates or deletes an entry (the
database refuses it); only the retention purge removes old ones, behind a seal.

Each entry is chained to its office's previous one (lwcore.db.audit_chain):
appending takes the chain's head for the rest of the transaction, so two
offices append side by side while one office's entries queue.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import ARRAY, Connection, Integer, String, any_, bindparam, func, insert, select

from lwcore.db import audit_chain
from lwcore.db.tables import AUDIT_ENTRY, AUDIT_SUBJECT, HOUSEHOLD
from lwcore.services.context import ServiceContext

if TYPE_CHECKING:
    from sqlmodel import Session

_ENTRY = AUDIT_ENTRY
_SUBJECT = AUDIT_SUBJECT
_E = _ENTRY.c
_H = HOUSEHOLD.c
#: Built once: every screen load appends an entry.
_ADD_ENTRY = insert(_ENTRY).returning(_E.id)
#: The households it names: SQLite takes one row per code; PostgreSQL one statement
#: with the codes as an array, so a read of 50 households is planned (and its row
#: policy's check prepared) once, not 50 times.
_ADD_SUBJECT = insert(_SUBJECT)
_ADD_SUBJECTS = insert(_SUBJECT).from_select(
    ["entry_id", "household_code"],
    select(
        bindparam("entry_id", type_=Integer()),
        func.unnest(bindparam("codes", type_=ARRAY(String()))),
    ),
)
#: The codes of the households an entry names, by id (they go into its hash).
#: PostgreSQL takes the ids as one array parameter rather than one parameter each.
_CODES_OF = {
    dialect: select(_H.code).where(among)
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
    entry: dict[str, object] = {
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
    codes = set(household_codes)
    wanted = sorted({key for key in household_ids if key is not None})
    if wanted:
        statement = _CODES_OF[context.database.dialect]
        codes.update(session.execute(statement, {"ids": wanted}).scalars())
    chain = audit_chain.chain_of(office)
    previous = audit_chain.claim_head(session, chain)
    entry["at"] = context.now()  # taken after the head: a chain's entries are in time order
    entry["prev_hash"] = previous
    entry["hash"] = digest = audit_chain.entry_hash(previous, entry, codes)
    entry_id = session.execute(_ADD_ENTRY, entry).scalar_one()
    if codes and context.database.dialect == "postgresql":
        session.execute(_ADD_SUBJECTS, {"entry_id": entry_id, "codes": sorted(codes)})
    elif codes:
        session.execute(
            _ADD_SUBJECT, [{"entry_id": entry_id, "household_code": c} for c in sorted(codes)]
        )
    audit_chain.advance_head(session, chain, entry_id, digest)


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
