"""The rows about the database: reachable and at the schema's head, reached over
TLS when on another machine, its audit trail's hash chains intact."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from lwcore.db.audit_verify import verify_chain
from lwcore.db.engine import Database
from lwcore.db.schema_version import SCHEMA_HEAD, stored_revision
from lwcore.health.install import Install, existing_database, opened, shown, sqlite_file
from lwcore.health.rows import ATTENTION, OK, Check, plural
from lwcore.settings.paths import DEPLOYMENT_FILE


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def check_database(install: Install) -> Iterator[Check]:
    if install.database_url is None:
        yield Check(
            "database",
            "-",
            ATTENTION,
            f"not checked: the database URL may be in {DEPLOYMENT_FILE}, which is invalid",
        )
        return
    url = make_url(install.database_url)
    database_file = sqlite_file(url)
    if database_file is not None and not database_file.exists():
        yield Check("database", shown(url), OK, "sqlite: will be created on first start")
        return
    with opened(url) as database:
        yield _schema_row(database, shown(url))


#: Hosts whose connections never leave the machine.
LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1"})


def check_transport(install: Install) -> Iterator[Check]:
    """A PostgreSQL server on another machine is reached over TLS that checks the
    server's certificate and name (``sslmode=verify-full``); anything less lets
    someone on the network read or change the data on its way."""
    if install.database_url is None:
        return
    url = make_url(install.database_url)
    if url.get_backend_name() != "postgresql":
        return
    host = url.host or str(url.query.get("host", ""))
    if host in LOCAL_HOSTS or host.startswith("/"):
        yield Check("tls", shown(url), OK, "local connection: stays on this machine")
        return
    mode = str(url.query.get("sslmode", ""))
    if mode == "verify-full":
        yield Check("tls", shown(url), OK, "sslmode=verify-full: the server's identity is checked")
        return
    yield Check(
        "tls",
        shown(url),
        ATTENTION,
        f"a remote server without sslmode=verify-full (now {mode or 'unset'}): add "
        "?sslmode=verify-full&sslrootcert=FILE to database_url",
    )


def _schema_row(database: Database, subject: str) -> Check:
    engine = database.dialect
    try:
        revision = stored_revision(database)
    except DBAPIError as error:
        reason = _first_line(error.orig if error.orig is not None else error)
        return Check(
            "database",
            subject,
            ATTENTION,
            f"{engine}: not reachable: {reason} (check the server and database_url, "
            "then `lw db status`)",
        )
    if revision == SCHEMA_HEAD:
        return Check("database", subject, OK, f"{engine}: reachable, schema at head {SCHEMA_HEAD}")
    # Alembic takes a second to import: only for a database that is not current.
    from alembic.script.revision import RevisionError

    from lwcore.db import migrate

    try:
        state = migrate.status(database)
    except RevisionError:
        return Check(
            "database",
            subject,
            ATTENTION,
            f"{engine}: reachable, schema {revision} is unknown to this core (head "
            f"{SCHEMA_HEAD}): a newer lw wrote it; install that version again",
        )
    if state.up_to_date:
        return Check("database", subject, OK, f"{engine}: reachable, schema at head {state.head}")
    schema = f"schema at {state.current}" if state.current else "no schema yet"
    return Check(
        "database",
        subject,
        ATTENTION,
        f"{engine}: reachable, {schema}, pending {', '.join(state.pending)}: run `lw db upgrade`",
    )


def check_audit_trail(install: Install) -> Iterator[Check]:
    """Recompute the audit trail's hash chains (lwcore.db.audit_chain)."""
    url = existing_database(install)
    if url is None:
        return
    with opened(url) as database:
        try:
            with database.reading() as connection:
                report = verify_chain(connection)
        except DBAPIError:
            return  # the database row says why it cannot be read
    if not report.chained:
        yield Check("audit", shown(url), OK, "no hash chain yet: run `lw db upgrade`")
    elif report.intact:
        chains = plural(report.chains, "chain")
        yield Check(
            "audit",
            shown(url),
            OK,
            f"{plural(report.entries, 'entry', 'entries')}, {chains}: intact",
        )
    else:
        for found in report.breaks:
            yield Check("audit", shown(url), ATTENTION, found.english)
