# ruff: noqa: E501
# As shipped in commit 971ac50 (2026-12-02); unchanged below these lines.
"""staff roles: each office's rows kept apart by PostgreSQL itself

Adds ``staff_role`` (login role name, office, role), written by
``lw staff add``. On PostgreSQL it also creates three group roles, grants
them what their work needs and turns on row-level security, so a login
sees only its office's rows even with plain SQL. On SQLite only the
(empty) table is added: the file is one office's, opened by its staff.

Group roles (NOLOGIN; ``lw staff add`` makes each person a LOGIN role in one):

``lw_staff``
    office staff and office leads. Every table below with an office, and
    every table hanging off one, is readable and changeable only for rows
    whose office is the login's (``lw_office()``, looked up in
    ``staff_role`` for ``current_user``).
``lw_coordinator``
    anonymous figures only: no grant on any table with personal data (the
    figures will come from views; until then coordinators work on a copy).
``lw_it_admin``
    no personal data: the schema revision and its own ``staff_role`` row.

Policies (every table ENABLE and FORCE row-level security; the owner, the
role running this migration, keeps a policy of its own to see every row):

* by office (``office = lw_office()``), SELECT/INSERT/UPDATE/DELETE for lw_staff:
  household, appointment, consent, consultation, home_visit, household_term,
  record_revision, referral, walk_in, barrier, group_offer,
  round_table_meeting, suggestion, volunteer.
* by the parent row's visibility (the parent's policy decides), same grants:
  household_alias (household), consultation_topic (consultation),
  agreed_action (round_table_meeting), group_session (group_offer).
* deletion_log: SELECT and INSERT by office; no UPDATE or DELETE.
* audit_entry: INSERT only as oneself (``staff = current_user``); SELECT of
  one's own entries (INSERT … RETURNING needs it) and, for office leads,
  of every entry of their office (``lw audit``). audit_subject follows
  its entry. audit_head: SELECT/INSERT/UPDATE of any chain (a refusal is
  chained in the office asked for; it holds no personal data and moving it
  wrongly is what ``lw audit verify`` finds). audit_seal: no grant (the
  retention purge and erasure run as the owner). No role but the owner
  gets UPDATE, DELETE or TRUNCATE on an audit table.
* staff_role: each group reads only its own row.

Roles are shared by every database of a server, so they are created only
when missing and never dropped by the downgrade.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 02:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GROUPS = ("lw_staff", "lw_coordinator", "lw_it_admin")
BY_OFFICE = (
    "household",
    "appointment",
    "consent",
    "consultation",
    "home_visit",
    "household_term",
    "record_revision",
    "referral",
    "walk_in",
    "barrier",
    "group_offer",
    "round_table_meeting",
    "suggestion",
    "volunteer",
)
#: Table, its column pointing at the parent, the parent table.
BY_PARENT = (
    ("household_alias", "household_id", "household"),
    ("consultation_topic", "consultation_id", "consultation"),
    ("agreed_action", "meeting_id", "round_table_meeting"),
    ("group_session", "offer_id", "group_offer"),
)
AUDIT = ("audit_entry", "audit_subject", "audit_head", "audit_seal")
PROTECTED = (*BY_OFFICE, *(table for table, _, _ in BY_PARENT), "deletion_log", *AUDIT)


def upgrade() -> None:
    op.create_table(
        "staff_role",
        sa.Column("role_name", sa.String(length=63), nullable=False),
        sa.Column("office", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("role_name", name=op.f("pk_staff_role")),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    for group in GROUPS:
        _create_group(group)
    _lookup_functions()
    _grant_basics()
    for table in PROTECTED:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY lw_owner ON {table} FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true)"
        )
    for table in BY_OFFICE:
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO lw_staff")
        op.execute(
            f"CREATE POLICY lw_office ON {table} FOR ALL TO lw_staff "
            "USING (office = lw_office()) WITH CHECK (office = lw_office())"
        )
    for table, column, parent in BY_PARENT:
        visible = f"EXISTS (SELECT 1 FROM {parent} AS parent WHERE parent.id = {table}.{column})"
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO lw_staff")
        op.execute(
            f"CREATE POLICY lw_office ON {table} FOR ALL TO lw_staff "
            f"USING ({visible}) WITH CHECK ({visible})"
        )
    op.execute("GRANT SELECT, INSERT ON deletion_log TO lw_staff")
    for command in ("SELECT", "INSERT"):
        check = "USING" if command == "SELECT" else "WITH CHECK"
        op.execute(
            f"CREATE POLICY lw_office_{command.lower()} ON deletion_log FOR {command} "
            f"TO lw_staff {check} (office = lw_office())"
        )
    _audit_policies()


def _create_group(name: str) -> None:
    op.execute(
        f"DO $$ BEGIN CREATE ROLE {name} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$"
    )


def _lookup_functions() -> None:
    """The login's office and role; NULL for a login not in staff_role (it sees nothing)."""
    for name, column in (("lw_office", "office"), ("lw_role", "role")):
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS text LANGUAGE sql STABLE "
            "SET search_path FROM CURRENT AS "
            f"$$ SELECT {column}::text FROM staff_role WHERE role_name = current_user $$"
        )
        op.execute(f"REVOKE ALL ON FUNCTION {name}() FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {name}() TO {', '.join(GROUPS)}")


def _grant_basics() -> None:
    groups = ", ".join(GROUPS)
    op.execute(f"GRANT USAGE ON SCHEMA {_schema()} TO {groups}")
    op.execute(f"GRANT SELECT ON alembic_version TO {groups}")
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {_schema()} TO lw_staff")
    op.execute(f"GRANT SELECT ON staff_role TO {groups}")
    op.execute("ALTER TABLE staff_role ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE staff_role FORCE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY lw_owner ON staff_role FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true)"
    )
    op.execute(
        f"CREATE POLICY lw_own_row ON staff_role FOR SELECT TO {groups} "
        "USING (role_name = current_user)"
    )


def _audit_policies() -> None:
    op.execute("GRANT SELECT, INSERT ON audit_entry, audit_subject TO lw_staff")
    op.execute(
        "CREATE POLICY lw_as_oneself ON audit_entry FOR INSERT TO lw_staff "
        "WITH CHECK (staff = current_user)"
    )
    op.execute(
        "CREATE POLICY lw_own_or_led ON audit_entry FOR SELECT TO lw_staff USING ("
        "staff = current_user OR (office = lw_office() AND lw_role() = 'office_lead'))"
    )
    visible = "EXISTS (SELECT 1 FROM audit_entry AS entry WHERE entry.id = audit_subject.entry_id)"
    op.execute(
        f"CREATE POLICY lw_with_entry ON audit_subject FOR ALL TO lw_staff "
        f"USING ({visible}) WITH CHECK ({visible})"
    )
    op.execute("GRANT SELECT, INSERT, UPDATE ON audit_head TO lw_staff")
    op.execute(
        "CREATE POLICY lw_any_chain ON audit_head FOR ALL TO lw_staff USING (true) WITH CHECK (true)"
    )


def _schema() -> str:
    return str(op.get_bind().execute(sa.text("SELECT quote_ident(current_schema())")).scalar())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        groups = ", ".join(GROUPS)
        for table in (*PROTECTED, "staff_role"):
            for (policy,) in op.get_bind().execute(
                sa.text(
                    "SELECT policyname FROM pg_policies "
                    "WHERE schemaname = current_schema() AND tablename = :table"
                ),
                {"table": table},
            ):
                op.execute(f"DROP POLICY {policy} ON {table}")
            op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
            op.execute(f"REVOKE ALL ON {table} FROM {groups}")
        op.execute(f"REVOKE ALL ON alembic_version FROM {groups}")
        op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {_schema()} FROM lw_staff")
        op.execute(f"REVOKE ALL ON SCHEMA {_schema()} FROM {groups}")
        op.execute("DROP FUNCTION lw_office()")
        op.execute("DROP FUNCTION lw_role()")
    op.drop_table("staff_role")
