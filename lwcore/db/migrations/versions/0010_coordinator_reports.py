"""coordinator reports: a coordinator's login makes council reports, and its refusals are logged

Migration 0009 gave a city-wide coordinator's login the released figures of
a period. A report (``lw report``) holds tables those figures do not have,
and the login reads none of the tables they are counted from. Here, on
PostgreSQL only:

``lw_released_report(office, first_day, last_day)``
    every cell only a report shows (lwcore.services.report_tables) for one
    office (``office`` NULL: every office), for a whole calendar month,
    quarter or year that is over (``lw_releasable``; any other period
    returns no row), each perturbed by ``lw_released``: rows ``(cell,
    office, key, second_key, third_key, released)`` with the cells
    ``month`` (key: the month's first day, second key ``consultations``,
    ``referrals`` or ``visits_done``; every month of the period, 0 too),
    ``district`` and ``referral_outcome`` (key: the district or outcome),
    ``meetings`` and ``actions`` (office, key: the round table's series),
    ``sessions`` and ``attendance`` (office, key: the group offer's number,
    second key its title, third its kind), ``volunteers`` (no key) and
    ``volunteer_language`` (key: the language). SECURITY DEFINER like
    ``lw_released_figures``: fixed ``search_path``, every table named with
    its schema, days in ``Europe/Berlin``, EXECUTE for ``lw_coordinator``
    only.
``lw_derived_key(table_name, row_id, created_at)``
    the record key of a row without one of its own (round-table meetings,
    agreed actions, group sessions, volunteers): the first 32 bits of the
    MD5 of ``table:id:microseconds since 1970 (UTC)``, the lowest 31 kept.
    lwcore.services.report_tables.derived_key computes the same with
    hashlib. For the owner only.

Why a derived key and not a record key column (the 0005 pattern): these
tables hold nothing about the people the office serves, only the office's
own work, so a key that is fixed for the row and not known outside the
office (it needs the creation time to the microsecond) serves as well as a
random one; it needs no new column, model or backfill on either engine.
The reports are new, and nothing released so far depends on the earlier
derivation (BLAKE2, which PostgreSQL has only through an extension); MD5
is built in. It is no secret against someone who reads the rows, and need
not be: they see the exact counts anyway.

A coordinator's login also writes its own audit entries now, as a staff
login does (0006, 0008): INSERT into ``audit_entry`` in its own name only,
``audit_subject`` rows for the entry just written only, SELECT of its own
entries (for RETURNING), and the chain heads (``audit_head``) it appends
to. So a coordinator's refused attempt (``lw audit``) is recorded as the
services intend instead of the database refusing the entry; it reads no
one else's entry and no seal. Its entries go into the chain of the office
they name (the office asked for), or the chain of no office (``""``).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 05:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The deployments' default time zone, as in 0009.
ZONE = "Europe/Berlin"

SIGNATURES = (
    "lw_released_report(text, date, date)",
    "lw_derived_key(text, bigint, timestamptz)",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    schema = _schema()
    settings = f"SET search_path = pg_catalog, {schema}, pg_temp SET \"TimeZone\" = '{ZONE}'"
    op.execute(
        f"CREATE FUNCTION {schema}.lw_derived_key("
        "table_name text, row_id bigint, created_at timestamptz) "
        f"RETURNS bigint LANGUAGE sql IMMUTABLE STRICT {settings} AS $$ SELECT "
        "(('x' || substr(md5(table_name || ':' || row_id::text || ':' || "
        "(extract(epoch FROM created_at) * 1000000)::bigint::text), 1, 8))::bit(32)::bigint "
        "& 2147483647) $$"
    )
    op.execute(
        f"CREATE FUNCTION {schema}.lw_released_report("
        "wanted_office text, first_day date, last_day date) "
        "RETURNS TABLE (cell text, office text, key text, second_key text, third_key text, "
        "released bigint) "
        f"LANGUAGE plpgsql STABLE SECURITY DEFINER {settings} AS $body$\n"
        f"{_report_body(schema)}\n$body$"
    )
    for signature in SIGNATURES:
        op.execute(f"REVOKE ALL ON FUNCTION {schema}.{signature} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {schema}.{SIGNATURES[0]} TO lw_coordinator")
    _coordinator_writes_audit_entries()


def _report_body(schema: str) -> str:
    """Every cell of lwcore.services.report_tables, counted with its key sum, released
    by lw_released."""
    in_office = "(wanted_office IS NULL OR {}.office = wanted_office)"
    keys = "coalesce(sum({}), 0)::numeric"

    def derived(table: str, alias: str) -> str:
        return f"{schema}.lw_derived_key('{table}', {alias}.id, {alias}.created_at)"

    def month_cells(name: str, source: str) -> str:
        return (
            f"SELECT 'month', '', to_char(m.first, 'YYYY-MM-DD'), '{name}', '', "
            f"count(x.record_key), {keys.format('x.record_key')} "
            f"FROM months AS m LEFT JOIN {source} AS x ON x.month = m.first GROUP BY m.first"
        )

    def month(column: str) -> str:
        return f"date_trunc('month', {column})::date"

    return f"""DECLARE
    begin_at timestamptz;
    finish_at timestamptz;
BEGIN
    IF NOT coalesce({schema}.lw_releasable(first_day, last_day), false) THEN
        RETURN;  -- only a whole calendar period that is over leaves an office
    END IF;
    begin_at := first_day::timestamptz;
    finish_at := (last_day + 1)::timestamptz;
    RETURN QUERY
    WITH months AS (
        SELECT m::date AS first
        FROM generate_series(first_day::timestamp, last_day::timestamp, interval '1 month') AS m
    ),
    chosen AS (
        SELECT {month("c.started_at")} AS month, h.district, c.cell_key AS record_key
        FROM {schema}.consultation AS c
        LEFT JOIN {schema}.household AS h ON h.id = c.household_id
        WHERE c.voided_at IS NULL AND c.started_at >= begin_at AND c.started_at < finish_at
          AND {in_office.format("c")}
    ),
    chosen_referrals AS (
        SELECT {month("r.created_at")} AS month, r.status, r.cell_key AS record_key
        FROM {schema}.referral AS r
        WHERE r.voided_at IS NULL AND r.created_at >= begin_at AND r.created_at < finish_at
          AND {in_office.format("r")}
    ),
    chosen_visits AS (
        SELECT {month("v.planned_for")} AS month, v.cell_key AS record_key
        FROM {schema}.home_visit AS v
        WHERE v.status = 'done' AND v.planned_for >= begin_at AND v.planned_for < finish_at
          AND {in_office.format("v")}
    ),
    meetings AS (
        SELECT m.id, m.office, m.series_key, {derived("round_table_meeting", "m")} AS record_key
        FROM {schema}.round_table_meeting AS m
        WHERE m.starts_at >= begin_at AND m.starts_at < finish_at AND {in_office.format("m")}
    ),
    actions AS (
        SELECT m.office, m.series_key, {derived("agreed_action", "a")} AS record_key
        FROM meetings AS m JOIN {schema}.agreed_action AS a ON a.meeting_id = m.id
    ),
    sessions AS (
        SELECT o.id, o.office, o.title, o.kind, s.attendance,
               {derived("group_session", "s")} AS record_key
        FROM {schema}.group_offer AS o JOIN {schema}.group_session AS s ON s.offer_id = o.id
        WHERE s.held_on >= first_day AND s.held_on <= last_day AND {in_office.format("o")}
    ),
    helpers AS (
        SELECT v.languages, {derived("volunteer", "v")} AS record_key
        FROM {schema}.volunteer AS v
        WHERE v.active AND v.created_at < finish_at AND {in_office.format("v")}
    ),
    tallies (t_cell, t_office, t_key, t_second, t_third, t_count, t_keys) AS (
        {month_cells("consultations", "chosen")}
        UNION ALL {month_cells("referrals", "chosen_referrals")}
        UNION ALL {month_cells("visits_done", "chosen_visits")}
        UNION ALL SELECT 'district', '', c.district::text, '', '', count(*),
            {keys.format("c.record_key")}
            FROM chosen AS c WHERE c.district IS NOT NULL GROUP BY c.district
        UNION ALL SELECT 'referral_outcome', '', r.status::text, '', '', count(*),
            {keys.format("r.record_key")}
            FROM chosen_referrals AS r GROUP BY r.status
        UNION ALL SELECT 'meetings', m.office::text, m.series_key::text, '', '', count(*),
            {keys.format("m.record_key")}
            FROM meetings AS m GROUP BY m.office, m.series_key
        UNION ALL SELECT 'actions', a.office::text, a.series_key::text, '', '', count(*),
            {keys.format("a.record_key")}
            FROM actions AS a GROUP BY a.office, a.series_key
        UNION ALL SELECT 'sessions', s.office::text, s.id::text, s.title::text, s.kind::text,
            count(*), {keys.format("s.record_key")}
            FROM sessions AS s GROUP BY s.id, s.office, s.title, s.kind
        UNION ALL SELECT 'attendance', s.office::text, s.id::text, s.title::text, s.kind::text,
            coalesce(sum(s.attendance), 0)::bigint, {keys.format("s.record_key")}
            FROM sessions AS s GROUP BY s.id, s.office, s.title, s.kind
        UNION ALL SELECT 'volunteers', '', '', '', '', count(*), {keys.format("v.record_key")}
            FROM helpers AS v
        UNION ALL SELECT 'volunteer_language', '', spoken.code, '', '', count(*),
            {keys.format("v.record_key")}
            FROM helpers AS v
            CROSS JOIN LATERAL json_array_elements_text(coalesce(v.languages, '[]'::json))
                AS spoken (code)
            GROUP BY spoken.code
    )
    SELECT t.t_cell::text, t.t_office::text, t.t_key::text, t.t_second::text, t.t_third::text,
           {schema}.lw_released(t.t_count::bigint, t.t_keys::numeric)
    FROM tallies AS t;
END"""


def _coordinator_writes_audit_entries() -> None:
    """What lw_staff has for writing its own entries (0006, 0008), for lw_coordinator."""
    entries = _sequence("audit_entry")
    op.execute("GRANT SELECT, INSERT ON audit_entry, audit_subject TO lw_coordinator")
    op.execute(f"GRANT USAGE ON SEQUENCE {entries} TO lw_coordinator")
    op.execute(
        "CREATE POLICY lw_coordinator_as_oneself ON audit_entry FOR INSERT TO lw_coordinator "
        "WITH CHECK (staff = current_user)"
    )
    op.execute(
        "CREATE POLICY lw_coordinator_own ON audit_entry FOR SELECT TO lw_coordinator "
        "USING (staff = current_user)"
    )
    op.execute(
        "CREATE POLICY lw_coordinator_with_own_entry ON audit_subject FOR INSERT "
        f"TO lw_coordinator WITH CHECK (entry_id = currval('{entries}'::regclass))"
    )
    op.execute("GRANT SELECT, INSERT, UPDATE ON audit_head TO lw_coordinator")
    op.execute(
        "CREATE POLICY lw_coordinator_any_chain ON audit_head FOR ALL TO lw_coordinator "
        "USING (true) WITH CHECK (true)"
    )


def _sequence(table: str) -> str:
    return str(
        op.get_bind()
        .execute(sa.text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table})
        .scalar()
    )


def _schema() -> str:
    return str(op.get_bind().execute(sa.text("SELECT quote_ident(current_schema())")).scalar())


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    schema = _schema()
    op.execute("DROP POLICY lw_coordinator_any_chain ON audit_head")
    op.execute("DROP POLICY lw_coordinator_with_own_entry ON audit_subject")
    op.execute("DROP POLICY lw_coordinator_own ON audit_entry")
    op.execute("DROP POLICY lw_coordinator_as_oneself ON audit_entry")
    op.execute("REVOKE ALL ON audit_head, audit_entry, audit_subject FROM lw_coordinator")
    op.execute(f"REVOKE ALL ON SEQUENCE {_sequence('audit_entry')} FROM lw_coordinator")
    for signature in reversed(SIGNATURES):
        op.execute(f"DROP FUNCTION {schema}.{signature}")
