"""The row that compares the database's schema with what the migrations make.

The database row trusts ``alembic_version``; a database made by a migration
that was later edited says it is at head and yet keeps what the old text
made (a foreign key, a missing index or guard). This row compares the live
schema with a new database migrated to the same revision
(lwcore.db.schema_drift) and names the differences.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.exc import DBAPIError

from lwcore.db import migrate
from lwcore.db.engine import Database
from lwcore.db.schema_drift import SHOWN, drift
from lwcore.db.schema_version import stored_revision
from lwcore.health.install import Install, existing_database, opened, shown
from lwcore.health.rows import ATTENTION, OK, Check


def check_schema(install: Install) -> Iterator[Check]:
    url = existing_database(install)
    if url is None:
        return
    with opened(url) as database:
        yield from _schema_rows(database, shown(url))


#: What the schema row compares on each engine (lwcore.db.schema_drift).
COMPARED = {
    "sqlite": "tables, keys, indexes, triggers",
    "postgresql": "tables, keys, indexes, triggers, functions, row security, policies, grants",
}


def _schema_rows(database: Database, subject: str) -> Iterator[Check]:
    engine = database.dialect
    try:
        revision = stored_revision(database)
    except DBAPIError:
        return  # the database row says why it cannot be read
    if revision is None or revision not in migrate.known_revisions():
        return  # no schema yet, or a newer lw's: the database row says so
    try:
        found = drift(database, revision)
    except DBAPIError as error:
        reason = str(error.orig or error).strip().splitlines()[0]
        yield Check("schema", subject, ATTENTION, f"{engine}: not compared: {reason}")
        return
    if not found:
        yield Check(
            "schema",
            subject,
            OK,
            f"{engine}: as a new database at {revision} ({COMPARED[engine]})",
        )
        return
    more = f" (and {len(found) - SHOWN} more)" if len(found) > SHOWN else ""
    pending = migrate.status(database).pending
    advice = (
        "run `lw db upgrade`, then `lw doctor` again"
        if pending
        else "no migration of this core repairs it: keep the database and report these lines"
    )
    yield Check(
        "schema",
        subject,
        ATTENTION,
        f"{engine}: differs from a new database at {revision}: "
        f"{'; '.join(found[:SHOWN])}{more}; {advice}",
    )
