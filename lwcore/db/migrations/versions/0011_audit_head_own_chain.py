"""audit heads name entries of their own chain: no office's head points into another's chain

Migration 0004's guard let a chain's head move forward to any entry whose id
and hash it named, in whichever chain that entry was. Whoever may append to
the trail (on PostgreSQL every office staff, office lead and, since 0010,
coordinator login; on SQLite anyone who can write the file) could point
another office's head at an entry of their own: ``lw audit verify`` then
reported that office's later entries as deleted, and its next entries
chained from the wrong hash.

Here, on both engines, the head's guard also requires the entry it names to
be of the row's chain (``COALESCE(office, '') = chain``, as
``lwcore.db.audit_chain.chain_of`` puts entries into chains), and guards
INSERT as well: a new head starts at the genesis (``last_id`` 0 and 64
zeros, as the application starts a chain) or names an entry of its own
chain. On SQLite a head is inserted only for a chain that has none yet:
``INSERT OR REPLACE`` would otherwise replace a head past the UPDATE guard
(SQLite fires neither the UPDATE nor, by default, the DELETE triggers for
what REPLACE removes). On PostgreSQL the primary key already refuses a
second head, and ``ON CONFLICT DO UPDATE`` runs the UPDATE guard.

PostgreSQL: the guard's function names ``audit_entry`` with its schema and
compares with ``pg_catalog``'s operators, as 0008's lookups do, so a login's
temporary table called ``audit_entry`` (first on its search path) no longer
answers for the trail. It still reads the entries with the login's rights:
the entry a login has just written is visible to it.

The downgrade puts 0004's guard back as it was.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 07:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64
#: Each refusal's words (no quote in them: they are SQL string literals on both engines).
_REFUSED = "audit_head: the audit trail is append-only"
_MOVED = f"{_REFUSED} (a head moves only forward, to an entry of its own chain)"
_STARTED = f"{_REFUSED} (a chain gets one head, at its start or at an entry of its own chain)"

#: SQLite: the entry NEW names, in NEW's chain.
_SQLITE_OWN_ENTRY = (
    "EXISTS (SELECT 1 FROM audit_entry WHERE id = NEW.last_id AND hash = NEW.last_hash "
    "AND COALESCE(office, '') = NEW.chain)"
)
_SQLITE_GUARDS = {
    "audit_head_forward_only": (
        "BEFORE UPDATE ON audit_head WHEN NEW.chain <> OLD.chain "
        f"OR NEW.last_id < OLD.last_id OR NOT {_SQLITE_OWN_ENTRY}",
        _MOVED,
    ),
    "audit_head_new_chain": (
        "BEFORE INSERT ON audit_head WHEN EXISTS (SELECT 1 FROM audit_head WHERE chain = NEW.chain) "
        f"OR NOT ((NEW.last_id = 0 AND NEW.last_hash = '{GENESIS}') OR {_SQLITE_OWN_ENTRY})",
        _STARTED,
    ),
}
#: 0004's guard, written out as it made it (a landed migration is not imported).
_SQLITE_0004 = (
    "CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head "
    "WHEN NEW.chain <> OLD.chain OR NEW.last_id < OLD.last_id OR NOT EXISTS "
    "(SELECT 1 FROM audit_entry WHERE id = NEW.last_id AND hash = NEW.last_hash) "
    f"BEGIN SELECT RAISE(ABORT, '{_REFUSED}'); END"
)
_PG_0004 = (
    "CREATE OR REPLACE FUNCTION audit_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'UPDATE' AND NEW.chain = OLD.chain AND NEW.last_id >= OLD.last_id "
    "AND EXISTS (SELECT 1 FROM audit_entry WHERE id = NEW.last_id AND hash = NEW.last_hash) "
    "THEN RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END; "
    f"END IF; RAISE EXCEPTION '{_REFUSED}'; END $$"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_head_forward_only")
        for name, (when, refusal) in _SQLITE_GUARDS.items():
            op.execute(f"CREATE TRIGGER {name} {when} BEGIN SELECT RAISE(ABORT, '{refusal}'); END")
        return
    op.execute(_pg_guard(_schema()))
    _pg_trigger("INSERT OR UPDATE OR DELETE")


def _pg_guard(schema: str) -> str:
    """The head's guard: DELETE refused; INSERT at the genesis or at an entry of the
    row's chain; UPDATE within the chain, forward, to an entry of the chain."""

    def same(left: str, right: str) -> str:
        return f"{left}::pg_catalog.text OPERATOR(pg_catalog.=) {right}::pg_catalog.text"

    chain_of_entry = "COALESCE(entry.office, '')"
    own_entry = (
        f"EXISTS (SELECT 1 FROM {schema}.audit_entry AS entry "
        "WHERE entry.id OPERATOR(pg_catalog.=) NEW.last_id "
        f"AND {same('entry.hash', 'NEW.last_hash')} AND {same(chain_of_entry, 'NEW.chain')})"
    )
    genesis = f"'{GENESIS}'"
    started = f"NEW.last_id OPERATOR(pg_catalog.=) 0 AND {same('NEW.last_hash', genesis)}"
    moved = f"{same('NEW.chain', 'OLD.chain')} AND NEW.last_id OPERATOR(pg_catalog.>=) OLD.last_id"
    return (
        "CREATE OR REPLACE FUNCTION audit_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF TG_OP = 'DELETE' THEN RAISE EXCEPTION '{_REFUSED}'; END IF; "
        f"IF TG_OP = 'INSERT' THEN IF ({started}) OR {own_entry} THEN RETURN NEW; END IF; "
        f"RAISE EXCEPTION '{_STARTED}'; END IF; "
        f"IF {moved} AND {own_entry} THEN RETURN NEW; END IF; "
        f"RAISE EXCEPTION '{_MOVED}'; END $$"
    )


def _pg_trigger(events: str) -> None:
    op.execute("DROP TRIGGER audit_head_guard ON audit_head")
    op.execute(
        f"CREATE TRIGGER audit_head_guard BEFORE {events} ON audit_head "
        "FOR EACH ROW EXECUTE FUNCTION audit_head_guard()"
    )


def _schema() -> str:
    return str(op.get_bind().execute(sa.text("SELECT quote_ident(current_schema())")).scalar())


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _SQLITE_GUARDS:
            op.execute(f"DROP TRIGGER {name}")
        op.execute(_SQLITE_0004)
        return
    op.execute(_PG_0004)
    _pg_trigger("UPDATE OR DELETE")
