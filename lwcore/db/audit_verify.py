"""Checking the audit trail's hash chains (lwcore.db.audit_chain writes them).

What :func:`verify_chain` finds: an entry changed, deleted or slipped in with
SQL or a file editor, entries cut off at the end, a missing head, a guarding
trigger dropped. What it cannot find: someone who rewrites the whole chain
and its head consistently (the hashes need no secret). Against that, compare
with a copy kept elsewhere: a backup's heads must be found, unchanged, in
the live chain.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta

from attrs import frozen
from sqlalchemy import Connection, RowMapping, inspect, select

from lwcore.db.audit_chain import GENESIS, aware_utc, chain_of, entry_hash
from lwcore.db.tables import AUDIT_ENTRY, AUDIT_HEAD, AUDIT_SEAL, AUDIT_SUBJECT
from lwcore.i18n import N_

#: The triggers guarding the trail (migration 0004; on SQLite 0011 adds the one on a
#: new head, on PostgreSQL it widens audit_head_guard); each one missing is a finding.
GUARDS = {
    "sqlite": (
        "audit_entry_no_update",
        "audit_entry_no_delete",
        "audit_subject_no_update",
        "audit_subject_no_delete",
        "audit_head_forward_only",
        "audit_head_new_chain",
        "audit_head_no_delete",
        "audit_seal_no_update",
        "audit_seal_no_delete",
    ),
    "postgresql": (
        "audit_entry_guard",
        "audit_entry_no_truncate",
        "audit_subject_guard",
        "audit_subject_no_truncate",
        "audit_head_guard",
        "audit_head_no_truncate",
        "audit_seal_guard",
        "audit_seal_no_truncate",
    ),
}
#: A guard a later migration added: a database at an earlier revision rightly has none.
GUARDS_SINCE = {"audit_head_new_chain": "0011"}

_E = AUDIT_ENTRY.c
_S = AUDIT_SUBJECT.c
_H = AUDIT_HEAD
_SEAL = AUDIT_SEAL
#: How much earlier than its predecessor an entry may be dated before it counts
#: as back-dated: the clocks of the laptops writing to one server may differ a little.
CLOCK_TOLERANCE = timedelta(hours=2)
#: Entries read per round trip while verifying.
_BATCH = 5_000


@frozen
class ChainBreak:
    """Where a chain stops holding: ``kind`` says how, ``entry_id`` where."""

    #: changed | missing_before | missing_after | beyond_head | backdated | no_head
    #: | unsealed_gap | guard_missing
    kind: str
    chain: str
    entry_id: int | None = None
    guard: str = ""

    @property
    def template(self) -> str:
        return BREAKS[self.kind]

    @property
    def params(self) -> dict[str, object]:
        return {"entry": self.entry_id, "chain": self.chain or "*", "guard": self.guard}

    @property
    def english(self) -> str:
        return self.template.format(**self.params)


#: What each kind of break says (office "*": the entries of no office).
BREAKS = {
    "changed": N_(
        "audit entry #{entry} (office {chain}) was changed or forged: its hash does not match"
    ),
    "missing_before": N_(
        "audit entry #{entry} (office {chain}): an entry before it was deleted or one was inserted"
    ),
    "missing_after": N_("audit trail of office {chain}: entries after #{entry} were deleted"),
    "beyond_head": N_(
        "audit entry #{entry} (office {chain}) lies beyond the trail's head: "
        "it was added outside the application"
    ),
    "backdated": N_(
        "audit entry #{entry} (office {chain}) is dated long before the entry preceding it: "
        "it was written later with an earlier time"
    ),
    "no_head": N_("audit trail of office {chain}: its head record is missing"),
    "unsealed_gap": N_(
        "audit entry #{entry} (office {chain}) lies in a purged range: it was inserted later"
    ),
    "guard_missing": N_("the database's guard {guard} on the audit trail is missing"),
}


@frozen
class ChainReport:
    """The result of checking every chain; ``breaks`` holds the first break of each."""

    #: False for a database older than the chain (revision 0004): nothing to check.
    chained: bool
    entries: int
    chains: int
    breaks: tuple[ChainBreak, ...] = ()

    @property
    def intact(self) -> bool:
        return not self.breaks

    @property
    def problem(self) -> str | None:
        return "; ".join(found.english for found in self.breaks) or None

    @property
    def first_break(self) -> ChainBreak | None:
        entries = [found for found in self.breaks if found.entry_id is not None]
        return (
            min(entries, key=lambda found: found.entry_id or 0)
            if entries
            else (self.breaks[0] if self.breaks else None)
        )


def has_chain(connection: Connection) -> bool:
    return bool(inspect(connection).has_table("audit_head"))


def verify_chain(connection: Connection) -> ChainReport:
    """Recompute every chain from its start (or its last seal) to its head."""
    if not has_chain(connection):
        return ChainReport(chained=False, entries=0, chains=0)
    breaks = [ChainBreak("guard_missing", "", guard=name) for name in _missing_guards(connection)]
    heads = {
        row.chain: (int(row.last_id), str(row.last_hash)) for row in connection.execute(select(_H))
    }
    walks: dict[str, _Walk] = {
        chain: _Walk(chain, start_id, start_hash)
        for chain, (start_id, start_hash) in _starts(connection).items()
    }
    entries = 0
    for entry, codes in _entries_with_codes(connection):
        entries += 1
        chain = chain_of(entry["office"])
        walk = walks.setdefault(chain, _Walk(chain, 0, GENESIS))
        walk.step(entry, codes, heads.get(chain, (0, ""))[0])
    for chain in sorted(set(walks) | set(heads)):
        found = walks.get(chain, _Walk(chain, 0, GENESIS)).end(heads.get(chain))
        if found is not None:
            breaks.append(found)
    return ChainReport(
        chained=True, entries=entries, chains=len(set(walks) | set(heads)), breaks=tuple(breaks)
    )


class _Walk:
    """One chain followed entry by entry, up to its first break."""

    def __init__(self, chain: str, start_id: int, start_hash: str) -> None:
        self.chain = chain
        self.start_id = start_id
        self.last: tuple[int, str] = (start_id, start_hash)
        self.latest: datetime | None = None
        self.beyond_head: int | None = None
        self.broken: ChainBreak | None = None

    def step(self, entry: RowMapping, codes: Sequence[str], head_id: int) -> None:
        if self.broken is not None:
            return
        self.broken = self._check(entry, codes)
        if self.broken is not None:
            return
        self.last = (entry["id"], entry["hash"])
        at = aware_utc(entry["at"])
        self.latest = at if self.latest is None else max(self.latest, at)
        if entry["id"] > head_id and self.beyond_head is None:
            self.beyond_head = entry["id"]

    def _check(self, entry: RowMapping, codes: Sequence[str]) -> ChainBreak | None:
        entry_id, previous = entry["id"], self.last[1]
        if entry_id <= self.start_id:
            return ChainBreak("unsealed_gap", self.chain, entry_id)
        if entry["prev_hash"] != previous:
            return ChainBreak("missing_before", self.chain, entry_id)
        if entry_hash(previous, entry, codes) != entry["hash"]:
            return ChainBreak("changed", self.chain, entry_id)
        if self.latest is not None and aware_utc(entry["at"]) < self.latest - CLOCK_TOLERANCE:
            return ChainBreak("backdated", self.chain, entry_id)
        return None

    def end(self, head: tuple[int, str] | None) -> ChainBreak | None:
        """The chain's first break, once every entry has been seen."""
        if self.broken is not None:
            return self.broken
        if head is None:
            return ChainBreak("no_head", self.chain)
        if self.beyond_head is not None:
            return ChainBreak("beyond_head", self.chain, self.beyond_head)
        if head != self.last:
            return ChainBreak("missing_after", self.chain, self.last[0] or None)
        return None


def _missing_guards(connection: Connection) -> list[str]:
    dialect = connection.dialect.name
    if dialect == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    else:
        query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    present = {str(name) for (name,) in connection.exec_driver_sql(query)}
    revision = _revision(connection)
    return [
        name
        for name in GUARDS.get(dialect, ())
        if name not in present and GUARDS_SINCE.get(name, "") <= revision
    ]


def _revision(connection: Connection) -> str:
    """The database's schema revision ("" without one); revisions are four digits."""
    if not inspect(connection).has_table("alembic_version"):
        return ""
    return str(connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() or "")


def _starts(connection: Connection) -> dict[str, tuple[int, str]]:
    """Each sealed chain's last seal: where what is left of it starts."""
    newest = {}
    for row in connection.execute(select(_SEAL).order_by(_SEAL.c.through_id)):
        newest[row.chain] = (int(row.through_id), str(row.through_hash))
    return newest


def _entries_with_codes(
    connection: Connection,
) -> Iterator[tuple[RowMapping, Sequence[str]]]:
    """Every entry in id order with its households' codes, read in batches."""
    after = -1
    while True:
        rows = (
            connection.execute(
                select(AUDIT_ENTRY).where(_E.id > after).order_by(_E.id).limit(_BATCH)
            )
            .mappings()
            .all()
        )
        if not rows:
            return
        first, last = rows[0]["id"], rows[-1]["id"]
        codes: dict[int, list[str]] = {}
        for entry_id, code in connection.execute(
            select(_S.entry_id, _S.household_code).where(_S.entry_id.between(first, last))
        ):
            codes.setdefault(int(entry_id), []).append(str(code))
        for row in rows:
            yield row, codes.get(int(row["id"]), ())
        after = last
