"""converge every earlier database: what edited migrations left behind

Four migrations were edited after databases had already been made with
them, so two databases at the same revision could differ in their schema.
This revision looks at what each database holds, not at its revision, and
brings it to what a new database gets; a database that already has the
head's shape is left as it is.

* 0001 as first shipped (4abf459): no household.search_key (filled here as
  the households service fills it, ``label.strip().casefold()``), an index
  on household.label instead of the prefix indexes household_code_search
  and household_office_search, no home_visit.cancel_reason.
* 0001 before a541cc5: no index referral_office_created.
* 0002 as first shipped (99a2399): audit_subject rows carry a foreign key
  to audit_entry (ON DELETE CASCADE); dropped.
* 0004 as first shipped (f7ac0f5), SQLite: audit_entry without
  AUTOINCREMENT, so a purge of a chain's newest entries hands their ids out
  again; the table is rebuilt with it, and the next id is kept above every
  id a seal or a chain's head has named.
* 0006 as first shipped (971ac50), PostgreSQL: office leads' logins cannot
  read their chain's audit_seal rows (``lw audit verify``); the grant and
  the policy lw_own_chain are added.

SQLite rebuilds a table by copy, drop and rename: every row and id is
kept, and the audit tables' guards, dropped with the old table, are made
again from the very text the database held, so a rebuild changes nothing
but what is named above.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 04:40:00
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The prefix indexes of 0001 as shipped since 7d8995e: name, columns, PostgreSQL operator classes.
_HOUSEHOLD_SEARCH = (
    ("household_code_search", ["code"], {"code": "text_pattern_ops"}),
    ("household_office_search", ["office", "search_key"], {"search_key": "text_pattern_ops"}),
)


def upgrade() -> None:
    _household_search()
    _home_visit_cancel_reason()
    _referral_office_created()
    _audit_subject_without_foreign_key()
    _rebuild_sqlite_audit_tables()
    _audit_seal_readable_by_office_leads()


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _schema() -> str | None:
    """PostgreSQL: the schema being migrated (the search path's first), not the login's default."""
    if _sqlite():
        return None
    return str(op.get_bind().execute(sa.text("SELECT current_schema()")).scalar())


def _columns(table: str) -> set[str]:
    inspector = sa.inspect(op.get_bind())
    return {column["name"] for column in inspector.get_columns(table, schema=_schema())}


def _indexes(table: str) -> set[str]:
    inspector = sa.inspect(op.get_bind())
    return {str(index["name"]) for index in inspector.get_indexes(table, schema=_schema())}


def _household_search() -> None:
    if "search_key" not in _columns("household"):
        op.add_column("household", sa.Column("search_key", sa.String(length=40), nullable=True))
        household = sa.table(
            "household",
            sa.column("id", sa.Integer()),
            sa.column("label", sa.String()),
            sa.column("search_key", sa.String()),
        )
        bind = op.get_bind()
        for row in bind.execute(sa.select(household.c.id, household.c.label)).all():
            bind.execute(
                sa.update(household)
                .where(household.c.id == row.id)
                .values(search_key=row.label.strip().casefold()[:40])
            )
        with op.batch_alter_table("household") as batch_op:
            batch_op.alter_column("search_key", existing_type=sa.String(length=40), nullable=False)
    present = _indexes("household")
    if "ix_household_label" in present:
        op.drop_index("ix_household_label", table_name="household")
    for name, columns, operators in _HOUSEHOLD_SEARCH:
        if name not in present:
            op.create_index(name, "household", columns, postgresql_ops=operators)


def _home_visit_cancel_reason() -> None:
    if "cancel_reason" not in _columns("home_visit"):
        op.add_column(
            "home_visit", sa.Column("cancel_reason", sa.String(length=2000), nullable=True)
        )


def _referral_office_created() -> None:
    if "referral_office_created" not in _indexes("referral"):
        op.create_index("referral_office_created", "referral", ["office", "created_at"])


def _audit_subject_keys() -> list[str]:
    """The names of audit_subject's foreign keys to audit_entry (0002 as first shipped)."""
    return [
        str(key["name"])
        for key in sa.inspect(op.get_bind()).get_foreign_keys("audit_subject", schema=_schema())
        if key["referred_table"] == "audit_entry"
    ]


def _audit_subject_without_foreign_key() -> None:
    if _sqlite():
        return  # rebuilt with audit_entry, below
    for name in _audit_subject_keys():
        op.drop_constraint(name, "audit_subject", type_="foreignkey")


def _rebuild_sqlite_audit_tables() -> None:
    """SQLite: rebuild audit_subject without its foreign key, audit_entry with AUTOINCREMENT.

    Every trigger is dropped first and made again from the text the database
    held: SQLite refuses to rename a table into place while another table's
    trigger names it, and a dropped table takes its own triggers along."""
    if not _sqlite():
        return
    bind = op.get_bind()
    subject_keys = _audit_subject_keys()
    entry_sql = bind.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'audit_entry'")
    ).scalar()
    autoincrement = re.search(r"\bAUTOINCREMENT\b", str(entry_sql), re.IGNORECASE) is not None
    if not subject_keys and autoincrement:
        return
    guards = bind.execute(
        sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid")
    ).all()
    for name, _sql in guards:
        op.execute(f'DROP TRIGGER "{name}"')
    if subject_keys:
        with op.batch_alter_table("audit_subject", recreate="always") as batch_op:
            for name in subject_keys:
                batch_op.drop_constraint(name, type_="foreignkey")
    if not autoincrement:
        with op.batch_alter_table(
            "audit_entry", recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass
        _next_entry_id_past_every_named_one()
    for _name, sql in guards:
        op.execute(sql)


def _next_entry_id_past_every_named_one() -> None:
    """Copying the rows set the next id past the highest id kept; ids a purge
    removed from a chain's newest end are still named by its seal or head."""
    bind = op.get_bind()
    named = bind.execute(
        sa.text(
            "SELECT MAX(n) FROM (SELECT MAX(id) AS n FROM audit_entry "
            "UNION ALL SELECT MAX(through_id) FROM audit_seal "
            "UNION ALL SELECT MAX(last_id) FROM audit_head)"
        )
    ).scalar()
    if named is None:
        return
    bind.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = 'audit_entry'"))
    bind.execute(
        sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES ('audit_entry', :seq)"),
        {"seq": int(named)},
    )


def _audit_seal_readable_by_office_leads() -> None:
    if _sqlite():
        return
    present = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT 1 FROM pg_policies WHERE schemaname = current_schema() "
                "AND tablename = 'audit_seal' AND policyname = 'lw_own_chain'"
            )
        )
        .scalar()
    )
    if present:
        return
    op.execute("GRANT SELECT ON audit_seal TO lw_staff")
    op.execute(
        "CREATE POLICY lw_own_chain ON audit_seal FOR SELECT TO lw_staff "
        "USING (chain = lw_office())"
    )


def downgrade() -> None:
    """Nothing to undo: 0006 as shipped today makes the shape this revision converges to."""
