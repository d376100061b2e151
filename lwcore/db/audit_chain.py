"""The audit trail's hash chain: every entry sealed to the one before it.

Each office's entries form one chain (entries of no office, a coordinator's
city-wide reads, form the chain ``""``). An entry's ``hash`` is SHA-256 over
the hash of the chain's previous entry and the entry's own content: when,
who, in which role and channel, what, and the households it names.
``audit_head`` holds each chain's newest entry, so entries removed from the
end show as well as entries removed from the middle.

The database refuses UPDATE, DELETE and TRUNCATE on the trail (triggers of
migration 0004, on both engines); a head starts at the genesis and moves
only forward, to an entry of its own chain (0011). The one way out is the
retention purge: it first writes a seal (``audit_seal``: the chain, up to
which entry, that entry's hash, how many) and only then may it delete that
chain's entries up to the sealed one; the rest of the chain continues from
the sealed hash.

lwcore.db.audit_verify checks the chains (``lw audit verify``, backups, restores).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from attrs import frozen
from sqlalchemy import Connection, func, select, text, update

from lwcore.db.tables import AUDIT_ENTRY, AUDIT_HEAD, AUDIT_SEAL, AUDIT_SUBJECT

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: The hash a chain starts from.
GENESIS = "0" * 64

_E = AUDIT_ENTRY.c
_S = AUDIT_SUBJECT.c
_H = AUDIT_HEAD
_SEAL = AUDIT_SEAL
#: A chain's head, unless another transaction started it first. SQLite and PostgreSQL
#: spell it alike, so neither dialect's own insert construct (and module) is needed.
_START_CHAIN = text(
    "INSERT INTO audit_head (chain, last_id, last_hash) "
    "VALUES (:chain, :last_id, :last_hash) ON CONFLICT DO NOTHING"
)


def chain_of(office: str | None) -> str:
    return office or ""


def aware_utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at  # SQLite: UTC without a zone


def _moment(at: datetime) -> str:
    return aware_utc(at).astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(previous: str, entry: Mapping[Any, Any], codes: Iterable[str]) -> str:
    """The hash of ``entry`` (the audit_entry columns) following ``previous``."""
    content = [
        previous,
        _moment(entry["at"]),
        entry["staff"],
        entry["role"],
        entry["channel"],
        entry["office"],
        entry["action"],
        entry["kind"],
        entry["record_id"],
        entry["records"],
        entry["detail"],
        sorted(codes),
    ]
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


# --- appending ---------------------------------------------------------------------------


def claim_head(connection: Session | Connection, chain: str) -> str:
    """The hash of ``chain``'s newest entry, its head locked until the transaction
    ends (PostgreSQL: a row lock; SQLite's write transactions are serial anyway)."""
    locked = select(_H.c.last_hash).where(_H.c.chain == chain).with_for_update()
    last = connection.execute(locked).scalar_one_or_none()
    if last is not None:
        return str(last)
    connection.execute(_START_CHAIN, {"chain": chain, "last_id": 0, "last_hash": GENESIS})
    return str(connection.execute(locked).scalar_one())


def advance_head(
    connection: Session | Connection, chain: str, entry_id: int, entry_hash: str
) -> None:
    connection.execute(
        update(_H).where(_H.c.chain == chain).values(last_id=entry_id, last_hash=entry_hash)
    )


def chains(connection: Session | Connection) -> list[str]:
    """Every chain that has entries or had them."""
    return [
        str(chain)
        for chain in connection.execute(select(_H.c.chain).order_by(_H.c.chain)).scalars()
    ]


# --- the purge's seal ---------------------------------------------------------------------


@frozen
class Seal:
    chain: str
    through_id: int
    through_hash: str
    removed: int


def seal_prefix(
    connection: Session | Connection, chain: str, before: datetime, *, staff: str, at: datetime
) -> Seal | None:
    """Seal the oldest entries of ``chain``, all of them older than ``before``,
    so they may be deleted; None when the chain's first entry is not that old.

    Only a prefix can go: the chain continues from the last sealed hash. An
    old entry behind a newer one (a clock set back) waits for the next purge.
    """
    in_chain = _E.office.is_(None) if chain == "" else _E.office == chain
    first_new = connection.execute(
        select(func.min(_E.id)).where(in_chain, _E.at >= before)
    ).scalar_one_or_none()
    old = [in_chain, _E.at < before] + ([] if first_new is None else [_E.id < first_new])
    removed, through_id = connection.execute(
        select(func.count(), func.max(_E.id)).where(*old)
    ).one()
    if not removed:
        return None
    through_hash = connection.execute(select(_E.hash).where(_E.id == through_id)).scalar_one()
    seal = Seal(chain, int(through_id), str(through_hash), int(removed))
    connection.execute(
        _SEAL.insert().values(
            at=at,
            staff=staff,
            chain=chain,
            through_id=seal.through_id,
            through_hash=seal.through_hash,
            removed=seal.removed,
        )
    )
    return seal
