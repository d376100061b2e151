"""Is this file a whole, sound copy of this application's SQLite database?

Checked before a backup gets its final name and before a restore: the SQLite
header, every page (``PRAGMA integrity_check``), one schema revision this
core knows, and the audit trail's hash chain. Each refusal names the file
and the reason in one line.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, create_engine
from sqlalchemy.pool import NullPool

from lwcore.db import migrate
from lwcore.db.audit_verify import verify_chain
from lwcore.db.failures import UnsoundCopy

SQLITE_HEADER = b"SQLite format 3\x00"


def read_only_uri(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(read_only_uri(path), uri=True)


@contextmanager
def read_only_connection(path: Path) -> Iterator[Connection]:
    """A SQLAlchemy connection that cannot write to ``path``."""
    engine = create_engine("sqlite://", creator=lambda: open_read_only(path), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def check_header(path: Path) -> None:
    if not path.is_file():
        raise UnsoundCopy(f"{path}: no such file")
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise UnsoundCopy(f"{path}: cannot be read ({error.strerror or error})") from None
    if header != SQLITE_HEADER:
        raise UnsoundCopy(f"{path}: not an SQLite database")


def stored_revision(path: Path, *, pragma: str = "integrity_check") -> str:
    """The one revision in ``alembic_version``, once ``pragma`` found every page sound."""
    connection = open_read_only(path)
    try:
        has_version = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()
        if has_version is None:
            raise UnsoundCopy(f"{path}: not a lokal willkommen database (no alembic_version)")
        rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        if len(rows) != 1:
            raise UnsoundCopy(f"{path}: alembic_version holds {len(rows)} revisions, not one")
        damage = [str(row[0]) for row in connection.execute(f"PRAGMA {pragma}").fetchall()]
        if damage != ["ok"]:
            shown = "; ".join(damage[:3]) if damage else "?"
            raise UnsoundCopy(f"{path}: damaged SQLite file ({shown})")
        return str(rows[0][0])
    except sqlite3.DatabaseError as error:
        raise UnsoundCopy(f"{path}: unreadable SQLite file ({error})") from None
    finally:
        connection.close()


def check_known(path: Path, revision: str, *, script_location: Path | None = None) -> None:
    known = migrate.known_revisions(script_location=script_location)
    if revision not in known:
        raise UnsoundCopy(
            f"{path}: schema revision {revision!r} is unknown to this core "
            f"(it knows {', '.join(sorted(known))}); a copy made by a newer lw?"
        )


def audit_chain_problem(connection: Connection) -> str | None:
    """What is wrong with the audit trail's hash chain; None when it verifies or
    the database is older than the chain (before revision 0004)."""
    report = verify_chain(connection)
    if not report.chained or report.intact:
        return None
    return report.problem or "the audit trail's hash chain does not verify"


def _chain_problem_of(path: Path) -> str | None:
    try:
        with read_only_connection(path) as connection:
            return audit_chain_problem(connection)
    except Exception as error:  # a table the chain needs is missing or unreadable
        raise UnsoundCopy(f"{path}: the audit trail cannot be checked ({error})") from None


def check_audit_chain(path: Path, *, copy_of: Path | None = None) -> None:
    """Refuse ``path`` when its audit trail's chain does not verify.

    A backup (``copy_of`` the live database) whose chain breaks exactly where
    the live one does is a faithful copy and kept: refusing it would leave an
    office whose trail was tampered with unable to back up or upgrade at all;
    ``lw doctor`` and ``lw audit verify`` name the break. A copy to be
    restored is refused.
    """
    problem = _chain_problem_of(path)
    if problem is None:
        return
    if copy_of is not None and _chain_problem_of(copy_of) == problem:
        return
    raise UnsoundCopy(f"{path}: audit trail broken: {problem}")


def sound_copy(
    path: Path, *, script_location: Path | None = None, copy_of: Path | None = None
) -> str:
    """The schema revision of the whole, sound copy ``path``; :class:`UnsoundCopy` otherwise
    (``copy_of``: the live database a backup copies, see :func:`check_audit_chain`)."""
    check_header(path)
    revision = stored_revision(path)
    check_known(path, revision, script_location=script_location)
    check_audit_chain(path, copy_of=copy_of)
    return revision


def looks_whole(path: Path) -> bool:
    """A cheaper look for ``lw doctor``: the header, every page's structure
    (``quick_check``) and one revision; no chain or schema comparison."""
    try:
        check_header(path)
        stored_revision(path, pragma="quick_check")
    except (UnsoundCopy, OSError):
        return False
    return True
