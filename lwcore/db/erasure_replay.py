"""Erasures survive a restore: a household erased since a backup was taken is
erased again in the restored copy, before the copy replaces the live database.

The live database's audit trail names every erased household by its code
(action ``erase`` from ``lw privacy erase``, ``purge`` from the retention
purge; the deletion log keeps counts only). Every such code that still names
a household in the copy (or a household merged into one) is erased there
with the erasure's own data-layer step, :func:`lwcore.services.erasure.erase_households`,
so the effect is the same: the household, its consents and search terms
gone, the rows the statistics count kept without name, note or link. Each
one is logged as an erasure would be (a deletion log row and an audit entry
naming the code), so a later restore of an even older copy erases it too.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from lwcore.db import migrate
from lwcore.db.engine import BUSY_TIMEOUT_MS, Database
from lwcore.db.models import DeletionLog, Household, HouseholdAlias
from lwcore.directory import Directory
from lwcore.plugins.host import PluginHost
from lwcore.services import trail
from lwcore.services.access import Actor
from lwcore.services.clock import SystemClock
from lwcore.services.context import ServiceContext
from lwcore.services.erasure import erase_households
from lwcore.settings.deployment import DeploymentSettings

#: Who the re-applied erasures are logged for: lw restore, run by IT.
RESTORE_STAFF = "lw-restore"
DETAIL = "erasure re-applied after restore"
#: How a merge names its households in the trail (lwcore.services.household_moves).
_MERGED = re.compile(r"^merged (\S+) into (\S+)$")

_H = Household.__table__.c  # type: ignore[attr-defined]
_ALIAS = HouseholdAlias.__table__.c  # type: ignore[attr-defined]


def _tables(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {str(name) for (name,) in rows}


def erased_codes(live: Path) -> frozenset[str]:
    """The codes of every household the live database's audit trail says was
    erased, with the codes of the households merged into them before."""
    connection = sqlite3.connect(live, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        connection.execute("PRAGMA query_only = ON")
        if not {"audit_entry", "audit_subject"} <= _tables(connection):
            return frozenset()
        erased = {
            str(code)
            for (code,) in connection.execute(
                "SELECT DISTINCT s.household_code FROM audit_subject s "
                "JOIN audit_entry e ON e.id = s.entry_id WHERE e.action IN ('erase', 'purge')"
            )
        }
        merges = connection.execute(
            "SELECT detail FROM audit_entry WHERE action = 'change' "
            "AND detail LIKE 'merged % into %' ORDER BY id DESC"
        ).fetchall()
    finally:
        connection.close()
    for (detail,) in merges:  # newest first: a merge's result may be merged again later
        found = _MERGED.match(str(detail))
        if found and found.group(2) in erased:
            erased.add(found.group(1))
    return frozenset(erased)


def present_codes(copy: Path, codes: Iterable[str]) -> frozenset[str]:
    """Which of ``codes`` name a household (or a merged one's alias) in ``copy``."""
    wanted = sorted(set(codes))
    if not wanted:
        return frozenset()
    connection = sqlite3.connect(copy)
    try:
        tables = _tables(connection)
        marks = ", ".join("?" for _ in wanted)
        found = {
            str(code)
            for (code,) in connection.execute(
                f"SELECT code FROM household WHERE code IN ({marks})", wanted
            )
        }
        if "household_alias" in tables:
            found.update(
                str(code)
                for (code,) in connection.execute(
                    f"SELECT code FROM household_alias WHERE code IN ({marks})", wanted
                )
            )
    finally:
        connection.close()
    return frozenset(found)


def _restore_context(database: Database) -> ServiceContext:
    """The acting party of the re-applied erasures: lw restore itself, as IT."""
    actor = Actor(RESTORE_STAFF, "lw restore", "it_admin", "", channel="cli")
    directory = Directory(DeploymentSettings(), Path(), PluginHost())
    return ServiceContext(database, directory, SystemClock(ZoneInfo("UTC")), actor)


def replay_erasures(
    copy: Path,
    codes: Iterable[str],
    *,
    script_location: Path | None = None,
    standalone: bool = True,
) -> int:
    """Erase in ``copy`` the households ``codes`` name; how many were erased.

    A copy older than this core's schema is upgraded first (the erasure
    works on the current tables). The freed pages are zeroed; a
    ``standalone`` copy is one self-contained file again afterwards (the
    live database keeps its WAL).
    """
    present = present_codes(copy, codes)
    if not present:
        return 0
    database = Database(f"sqlite:///{copy}")
    try:
        migrate.upgrade(database, script_location=script_location)
        context = _restore_context(database)
        with database.write() as session:
            households = session.execute(
                select(_H.id, _H.code, _H.office, _H.controller).where(
                    _H.id.in_(
                        select(_H.id)
                        .where(_H.code.in_(present))
                        .union(select(_ALIAS.household_id).where(_ALIAS.code.in_(present)))
                    )
                )
            ).all()
            for key, code, office, controller in households:
                counts = dict(sorted(erase_households(session, [key]).items()))
                session.add(
                    DeletionLog(
                        at=context.now(),
                        office=office,
                        controller=controller,
                        reason="erasure",
                        staff=RESTORE_STAFF,
                        counts=counts,
                    )
                )
                trail.append(
                    context,
                    session,
                    "erase",
                    "household",
                    office,
                    record_id=key,
                    records=sum(counts.values()),
                    household_codes=[code],
                    detail=DETAIL,
                )
        database.forget_freed_pages()
    finally:
        database.dispose()
    if standalone:
        _self_contained(copy)
    return len(households)


def _self_contained(path: Path) -> None:
    """Fold the WAL back into the file, so it is one file to copy from."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode = DELETE")
    finally:
        connection.close()
