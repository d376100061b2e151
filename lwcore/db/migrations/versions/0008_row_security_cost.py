"""row security cost: the office looked up once per statement, not once per row

Migration 0006 keeps each office's rows apart with row policies that compare
a row's office with ``lw_office()``. As written there, the policies cost the
daily queries of a city-wide database 30–86 % (``bench/bench_rls.py``):

* ``lw_office()`` and ``lw_role()`` were SQL functions with ``SET
  search_path``: never inlined, run for every row a filter looked at (a
  household fetched by key, an audit entry's codes), each call planning its
  query anew and changing a setting.
* ``audit_subject``'s insert check asked, for every code a read names,
  whether its audit entry was visible through ``audit_entry``'s policy
  (a sub-query, planned again for each row inserted).

Here, on PostgreSQL only:

* The two functions become PL/pgSQL (their one query planned once per
  connection) without a ``SET`` clause, and are safe without it: the table
  is named with its schema and compared with ``pg_catalog``'s operator, so
  a login's own ``search_path`` (or a temporary table called
  ``staff_role``) cannot change what they return.
* Every policy calls them as ``(SELECT lw_office())``: an init plan, run
  once per statement, whose value the planner uses like a parameter (an
  index condition on ``office`` beside the query's own).
* ``audit_subject`` gets a policy per command: reading follows the entry's
  visibility as before; inserting is allowed only for the entry the same
  connection has just written (``currval`` of the entries' sequence; the
  entry itself can only be written in one's own name), a comparison per
  row instead of a sub-query.

What each login may see or change is the same as under 0006. On SQLite
nothing changes (the embedded database has no row-level security).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: As in 0006 (written out: a landed migration's lists may not be imported).
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
LOOKUPS = (("lw_office", "office"), ("lw_role", "role"))
#: An audit subject is readable where its entry is (audit_entry's policy decides).
VISIBLE = "EXISTS (SELECT 1 FROM audit_entry AS entry WHERE entry.id = audit_subject.entry_id)"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    schema = _schema()
    for name, column in LOOKUPS:
        # CREATE OR REPLACE keeps the function (its grants, the policies naming it);
        # the language and settings are replaced with the body.
        op.execute(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS text LANGUAGE plpgsql STABLE AS $$ "
            f"BEGIN RETURN (SELECT {column}::pg_catalog.text FROM {schema}.staff_role "
            "WHERE role_name::pg_catalog.text OPERATOR(pg_catalog.=) "
            "CURRENT_USER::pg_catalog.text); END $$"
        )
    _policies(office="(SELECT lw_office())", role="(SELECT lw_role())")
    entries = str(
        op.get_bind()
        .execute(sa.text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": "audit_entry"})
        .scalar()
    )
    op.execute("DROP POLICY lw_with_entry ON audit_subject")
    op.execute(
        f"CREATE POLICY lw_with_entry ON audit_subject FOR SELECT TO lw_staff USING ({VISIBLE})"
    )
    op.execute(
        "CREATE POLICY lw_with_own_entry ON audit_subject FOR INSERT TO lw_staff "
        f"WITH CHECK (entry_id = currval('{entries}'::regclass))"
    )


def _policies(office: str, role: str) -> None:
    """Every policy of 0006 that asks for the login's office or role, with ``office``
    and ``role`` as the expressions that ask."""
    mine = f"office = {office}"
    for table in BY_OFFICE:
        op.execute(f"ALTER POLICY lw_office ON {table} USING ({mine}) WITH CHECK ({mine})")
    op.execute(f"ALTER POLICY lw_office_select ON deletion_log USING ({mine})")
    op.execute(f"ALTER POLICY lw_office_insert ON deletion_log WITH CHECK ({mine})")
    op.execute(
        "ALTER POLICY lw_own_or_led ON audit_entry USING ("
        f"staff = current_user OR ({mine} AND {role} = 'office_lead'))"
    )
    op.execute(f"ALTER POLICY lw_own_chain ON audit_seal USING (chain = {office})")


def _schema() -> str:
    return str(op.get_bind().execute(sa.text("SELECT quote_ident(current_schema())")).scalar())


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP POLICY lw_with_own_entry ON audit_subject")
    op.execute("DROP POLICY lw_with_entry ON audit_subject")
    op.execute(
        f"CREATE POLICY lw_with_entry ON audit_subject FOR ALL TO lw_staff "
        f"USING ({VISIBLE}) WITH CHECK ({VISIBLE})"
    )
    _policies(office="lw_office()", role="lw_role()")
    for name, column in LOOKUPS:
        op.execute(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS text LANGUAGE sql STABLE "
            "SET search_path FROM CURRENT AS "
            f"$$ SELECT {column}::text FROM staff_role WHERE role_name = current_user $$"
        )
