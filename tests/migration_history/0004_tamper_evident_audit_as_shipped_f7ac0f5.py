# As shipped in commit f7ac0f5 (2026-12-02); unchanged below these lines.
"""tamper-evident audit trail: hash chain per office, heads, purge seals, no UPDATE/DELETE/TRUNCATE

Every audit entry gets ``prev_hash`` and ``hash`` (SHA-256 over the previous
hash and the entry's content, lwcore.db.audit_chain); this revision computes
them for the entries already stored, office by office in id order, and
records each chain's newest entry in ``audit_head``. The update-only guards
of 0002 give way to guards that also refuse DELETE (unless a purge seal
covers the entry) and, on PostgreSQL, TRUNCATE.

The hash is computed here by a copy of the function, not by importing the
application's: this revision must compute the same values whatever later
releases change.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 01:30:00
"""

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64
_REFUSED = "the audit trail is append-only"


def upgrade() -> None:
    op.create_table(
        "audit_head",
        sa.Column("chain", sa.String(length=40), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("chain", name=op.f("pk_audit_head")),
    )
    op.create_table(
        "audit_seal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff", sa.String(length=40), nullable=False),
        sa.Column("chain", sa.String(length=40), nullable=False),
        sa.Column("through_id", sa.Integer(), nullable=False),
        sa.Column("through_hash", sa.String(length=64), nullable=False),
        sa.Column("removed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_seal")),
    )
    with op.batch_alter_table("audit_seal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_seal_chain"), ["chain"], unique=False)
    _drop_0002_guard("audit_subject")
    _drop_0002_guard("audit_entry")
    # Plain ALTER TABLE on both engines (no table rebuild): NOT NULL needs a
    # default for the rows already there, which the backfill then replaces.
    op.add_column(
        "audit_entry",
        sa.Column("prev_hash", sa.String(length=64), nullable=False, server_default=""),
    )
    op.add_column(
        "audit_entry", sa.Column("hash", sa.String(length=64), nullable=False, server_default="")
    )
    _chain_existing_entries()
    if op.get_bind().dialect.name == "sqlite":
        _guard_sqlite()
    else:
        _guard_postgresql()


def _moment(at: datetime | str) -> str:
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _entry_hash(previous: str, entry: sa.Row, codes: list[str]) -> str:  # type: ignore[type-arg]
    content = [
        previous,
        _moment(entry.at),
        entry.staff,
        entry.role,
        entry.channel,
        entry.office,
        entry.action,
        entry.kind,
        entry.record_id,
        entry.records,
        entry.detail,
        sorted(codes),
    ]
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _chain_existing_entries() -> None:
    bind = op.get_bind()
    entries = sa.table(
        "audit_entry",
        sa.column("id", sa.Integer()),
        sa.column("at", sa.DateTime(timezone=True)),
        *(sa.column(name, sa.String()) for name in ("staff", "role", "channel", "office")),
        *(sa.column(name, sa.String()) for name in ("action", "kind", "detail")),
        sa.column("record_id", sa.Integer()),
        sa.column("records", sa.Integer()),
        sa.column("prev_hash", sa.String()),
        sa.column("hash", sa.String()),
    )
    subjects = sa.table(
        "audit_subject", sa.column("entry_id", sa.Integer()), sa.column("household_code")
    )
    heads = sa.table(
        "audit_head",
        sa.column("chain", sa.String()),
        sa.column("last_id", sa.Integer()),
        sa.column("last_hash", sa.String()),
    )
    codes: dict[int, list[str]] = {}
    for entry_id, code in bind.execute(sa.select(subjects.c.entry_id, subjects.c.household_code)):
        codes.setdefault(entry_id, []).append(code)
    last: dict[str, tuple[int, str]] = {}
    for entry in bind.execute(sa.select(entries).order_by(entries.c.id)).all():
        chain = entry.office or ""
        previous = last.get(chain, (0, GENESIS))[1]
        digest = _entry_hash(previous, entry, codes.get(entry.id, []))
        bind.execute(
            sa.update(entries)
            .where(entries.c.id == entry.id)
            .values(prev_hash=previous, hash=digest)
        )
        last[chain] = (entry.id, digest)
    if last:
        bind.execute(
            sa.insert(heads),
            [
                {"chain": chain, "last_id": entry_id, "last_hash": digest}
                for chain, (entry_id, digest) in sorted(last.items())
            ],
        )


def _sealed(entry_id: str, office: str) -> str:
    """SQL true when a purge seal of the entry's chain covers ``entry_id``."""
    return (
        f"{entry_id} <= COALESCE((SELECT MAX(through_id) FROM audit_seal "
        f"WHERE chain = COALESCE({office}, '')), 0)"
    )


def _guard_sqlite() -> None:
    refusals = {
        "audit_entry_no_update": "BEFORE UPDATE ON audit_entry",
        "audit_entry_no_delete": (
            "BEFORE DELETE ON audit_entry WHEN NOT (" + _sealed("OLD.id", "OLD.office") + ")"
        ),
        "audit_subject_no_update": "BEFORE UPDATE ON audit_subject",
        "audit_subject_no_delete": (
            "BEFORE DELETE ON audit_subject WHEN NOT EXISTS (SELECT 1 FROM audit_entry e "
            "WHERE e.id = OLD.entry_id AND " + _sealed("e.id", "e.office") + ")"
        ),
        "audit_head_forward_only": (
            "BEFORE UPDATE ON audit_head WHEN NEW.chain <> OLD.chain "
            "OR NEW.last_id < OLD.last_id OR NOT EXISTS (SELECT 1 FROM audit_entry "
            "WHERE id = NEW.last_id AND hash = NEW.last_hash)"
        ),
        "audit_head_no_delete": "BEFORE DELETE ON audit_head",
        "audit_seal_no_update": "BEFORE UPDATE ON audit_seal",
        "audit_seal_no_delete": "BEFORE DELETE ON audit_seal",
    }
    for name, when in refusals.items():
        table = when.split(" ON ")[1].split()[0]
        op.execute(
            f"CREATE TRIGGER {name} {when} BEGIN SELECT RAISE(ABORT, '{table}: {_REFUSED}'); END"
        )


#: PostgreSQL: what each table's row guard lets through (anything else is refused).
_PG_ALLOWED = {
    "audit_entry": "TG_OP = 'DELETE' AND " + _sealed("OLD.id", "OLD.office"),
    "audit_subject": (
        "TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_entry e "
        "WHERE e.id = OLD.entry_id AND " + _sealed("e.id", "e.office") + ")"
    ),
    "audit_head": (
        "TG_OP = 'UPDATE' AND NEW.chain = OLD.chain AND NEW.last_id >= OLD.last_id "
        "AND EXISTS (SELECT 1 FROM audit_entry WHERE id = NEW.last_id AND hash = NEW.last_hash)"
    ),
    "audit_seal": "FALSE",
}


def _guard_postgresql() -> None:
    op.execute(
        "CREATE FUNCTION audit_no_truncate() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '%: {_REFUSED}', TG_TABLE_NAME; END $$"
    )
    for table, allowed in _PG_ALLOWED.items():
        op.execute(
            f"CREATE FUNCTION {table}_guard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF {allowed} THEN RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END; "
            f"END IF; RAISE EXCEPTION '{table}: {_REFUSED}'; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_guard BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_guard()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate()"
        )


def _drop_0002_guard(table: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only")
        return
    op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")


def _restore_0002_guard(table: str) -> None:
    message = f"{table} rows cannot be changed: the audit trail is append-only"
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )
        return
    op.execute(
        f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{message}'; END $$"
    )
    op.execute(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in (
            "audit_entry_no_update",
            "audit_entry_no_delete",
            "audit_subject_no_update",
            "audit_subject_no_delete",
            "audit_head_forward_only",
            "audit_head_no_delete",
            "audit_seal_no_update",
            "audit_seal_no_delete",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for table in _PG_ALLOWED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_guard ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_guard()")
        op.execute("DROP FUNCTION IF EXISTS audit_no_truncate()")
    op.drop_column("audit_entry", "hash")
    op.drop_column("audit_entry", "prev_hash")
    _restore_0002_guard("audit_entry")
    _restore_0002_guard("audit_subject")
    with op.batch_alter_table("audit_seal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_seal_chain"))
    op.drop_table("audit_seal")
    op.drop_table("audit_head")
