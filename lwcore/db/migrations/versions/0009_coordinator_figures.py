"""coordinator figures: a city-wide coordinator's login reads released figures only

A coordinator reads anonymous figures of every office and nothing else: no
record, no audit entry, no exact count. Their login (group ``lw_coordinator``)
has no grant on any table with personal data (migration 0006); here, on
PostgreSQL only, it gets the figures through functions that count and
perturb inside the database, so even plain SQL returns nothing but released
values:

``lw_released_figures(office, first_day, last_day)``
    every cell of the statistics of one office (``office`` NULL: every office)
    for a whole calendar month, quarter or year that is over, each perturbed
    by the cell key method: rows ``(cell, key, second_key, released)`` with
    the cells ``consultations``, ``people``, ``quick_contacts``,
    ``households``, ``visits_done``, ``referrals`` (keys empty), ``topic``,
    ``language``, ``outcome`` (key: the topic, language or outcome),
    ``topic_language`` (topic, language) and ``partner`` (partner key; the
    second key ``referrals``, ``done``, ``unsuccessful`` or ``open``). Any
    other period (a month still running, a few days) returns no row at all;
    a released period always returns the six totals. Counted as
    ``lwcore.services.statistics`` counts. SECURITY DEFINER: it reads the
    tables as their owner, the role running this migration; EXECUTE for
    ``lw_coordinator`` only (a staff or IT admin login is refused it).
    Days are the office's days in the time zone the function is set to
    (``Europe/Berlin``, the deployments' default; a city elsewhere sets its
    own with ``ALTER FUNCTION … SET "TimeZone"`` as the owner).
``lw_released(count, key_sum)``
    the released value of a cell: the perturbation table of
    ``lwcore.services.perturbation`` written out as cumulative thresholds
    on the cell key (the fractional part of ``key_sum / 2**31``), so the
    same cell gets the same value here as in the services. 0 stays 0; 1 and
    2 are never released. For the owner only.
``lw_releasable(first_day, last_day)``
    whether the period is a whole calendar month, quarter or year that
    ended before today. For the owner only.

Each function's ``search_path`` is fixed (``pg_catalog``, the schema,
``pg_temp`` last) and every table in its body is named with its schema, so
a login's own settings or temporary tables cannot change what it reads.
On SQLite nothing changes: the file is one office's, and the services'
checks are the wall.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 05:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Record keys are integers in [0, 2**31); a cell key is their sum modulo this.
KEY_RANGE = 2147483648
#: The deployments' default time zone (lwcore.settings.deployment), for the days.
ZONE = "Europe/Berlin"

#: lwcore.services.perturbation's table as the cell key picks from it: for each
#: count below 5, (released value, cumulative probability up to it); from 5 on,
#: (noise, cumulative probability). The first threshold the cell key is below
#: picks the value; a key at or above the last takes the last value. Written out
#: here (a migration never imports later code); tests/test_coordinator_figures_pg.py
#: checks them against the Python table for every count class and many keys.
SMALL = {
    0: ((0, "1.0"),),
    1: ((0, "0.6666666666666666"), (3, "1.0")),
    2: ((0, "0.3333333333333333"), (3, "1.0")),
    3: ((3, "1.0"),),
    4: (
        (3, "0.39806471113836395"),
        (4, "0.7038705777232721"),
        (5, "0.898064711138364"),
        (6, "1.0"),
    ),
}
STEADY = (
    (-2, "0.06382713670644716"),
    (-1, "0.3085185898806585"),
    (0, "0.6914814101193415"),
    (1, "0.9361728632935529"),
    (2, "1.0"),
)

SIGNATURES = (
    "lw_released_figures(text, date, date)",
    "lw_releasable(date, date)",
    "lw_released(bigint, numeric)",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    schema = _schema()
    settings = f"SET search_path = pg_catalog, {schema}, pg_temp SET \"TimeZone\" = '{ZONE}'"
    op.execute(
        f"CREATE FUNCTION {schema}.lw_released(counted bigint, key_sum numeric) "
        f"RETURNS bigint LANGUAGE sql IMMUTABLE STRICT {settings} AS $$ SELECT "
        f"{_perturbed('counted', _position('key_sum'))} $$"
    )
    op.execute(
        f"CREATE FUNCTION {schema}.lw_releasable(first_day date, last_day date) "
        f"RETURNS boolean LANGUAGE sql STABLE STRICT {settings} AS $$ SELECT "
        f"{_releasable('first_day', 'last_day')} $$"
    )
    op.execute(
        f"CREATE FUNCTION {schema}.lw_released_figures("
        "wanted_office text, first_day date, last_day date) "
        "RETURNS TABLE (cell text, key text, second_key text, released bigint) "
        f"LANGUAGE plpgsql STABLE SECURITY DEFINER {settings} AS $body$\n"
        f"{_figures_body(schema)}\n$body$"
    )
    for signature in SIGNATURES:
        op.execute(f"REVOKE ALL ON FUNCTION {schema}.{signature} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {schema}.{SIGNATURES[0]} TO lw_coordinator")


def _position(key_sum: str) -> str:
    """The cell key in [0, 1), as lwcore.services.perturbation.cell_key computes it."""
    return f"(({key_sum} % {KEY_RANGE})::float8 / {KEY_RANGE}::float8)"


def _steps(position: str, steps: Sequence[tuple[int, str]], value: str) -> str:
    """CASE picking ``value`` of the first step whose threshold ``position`` is below."""
    whens = " ".join(
        f"WHEN {position} < {threshold}::float8 THEN {value.format(outcome)}"
        for outcome, threshold in steps[:-1]
    )
    last = value.format(steps[-1][0])
    return f"CASE {whens} ELSE {last} END" if whens else last


def _perturbed(counted: str, position: str) -> str:
    rows = " ".join(
        f"WHEN {counted} = {count} THEN {_steps(position, steps, '{}')}"
        for count, steps in SMALL.items()
    )
    steady = _steps(position, STEADY, f"{counted} + ({{}})")
    return f"(CASE {rows} ELSE {steady} END)::bigint"


def _releasable(first: str, last: str) -> str:
    """A whole calendar month, quarter or year that ended before today
    (lwcore.services.disclosure.releasable)."""

    def ends_after(months: int) -> str:
        return f"{last} = ({first} + interval '{months} months')::date - 1"

    month = f"extract(month FROM {first})"
    return (
        f"extract(day FROM {first}) = 1 AND {last} >= {first} AND {last} < current_date "
        f"AND ({ends_after(1)} OR ({month} IN (1, 4, 7, 10) AND {ends_after(3)}) "
        f"OR ({month} = 1 AND {ends_after(12)}))"
    )


def _figures_body(schema: str) -> str:
    """Every cell of lwcore.services.statistics' period, counted with its key sum,
    released by lw_released."""
    in_office = "(wanted_office IS NULL OR {}.office = wanted_office)"
    quick = "c.household_id IS NULL AND c.former_household IS NULL"
    keys = "coalesce(sum({}), 0)::numeric"
    ckeys = keys.format("c.cell_key")
    rkeys = keys.format("r.cell_key")
    open_states = "r.status IN ('open', 'accepted')"
    partner_cells = " ".join(
        f"UNION ALL SELECT 'partner', r.partner_key::text, '{name}', "
        f"count(*) FILTER (WHERE {condition}), "
        f"coalesce(sum(r.cell_key) FILTER (WHERE {condition}), 0)::numeric "
        "FROM chosen_referrals AS r GROUP BY r.partner_key"
        for name, condition in (
            ("done", "r.status = 'done'"),
            ("unsuccessful", "r.status = 'unsuccessful'"),
            ("open", open_states),
        )
    )
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
    WITH chosen AS (
        SELECT c.id, c.household_id, c.former_household, c.people, c.language,
               c.outcome, c.cell_key
        FROM {schema}.consultation AS c
        WHERE c.voided_at IS NULL AND c.started_at >= begin_at AND c.started_at < finish_at
          AND {in_office.format("c")}
    ),
    chosen_households AS (
        SELECT DISTINCT coalesce(c.household_id, c.former_household) AS counted_as,
               coalesce(h.cell_key, (-1 - c.former_household) % {KEY_RANGE}) AS household_key
        FROM chosen AS c LEFT JOIN {schema}.household AS h ON h.id = c.household_id
        WHERE coalesce(c.household_id, c.former_household) IS NOT NULL
    ),
    chosen_referrals AS (
        SELECT r.partner_key, r.status, r.cell_key
        FROM {schema}.referral AS r
        WHERE r.voided_at IS NULL AND r.created_at >= begin_at AND r.created_at < finish_at
          AND {in_office.format("r")}
    ),
    tallies (tally_cell, tally_key, tally_second, tally_count, tally_keys) AS (
        SELECT 'consultations', '', '', count(*), {ckeys} FROM chosen AS c
        UNION ALL SELECT 'people', '', '', coalesce(sum(c.people), 0)::bigint, {ckeys}
            FROM chosen AS c
        UNION ALL SELECT 'quick_contacts', '', '', count(*) FILTER (WHERE {quick}),
            coalesce(sum(c.cell_key) FILTER (WHERE {quick}), 0)::numeric FROM chosen AS c
        UNION ALL SELECT 'households', '', '', count(*), {keys.format("x.household_key")}
            FROM chosen_households AS x
        UNION ALL SELECT 'visits_done', '', '', count(*), {keys.format("v.cell_key")}
            FROM {schema}.home_visit AS v
            WHERE v.status = 'done' AND v.planned_for >= begin_at AND v.planned_for < finish_at
              AND {in_office.format("v")}
        UNION ALL SELECT 'referrals', '', '', count(*), {rkeys} FROM chosen_referrals AS r
        UNION ALL SELECT 'topic', t.topic::text, '', count(*), {ckeys}
            FROM chosen AS c JOIN {schema}.consultation_topic AS t ON t.consultation_id = c.id
            GROUP BY t.topic
        UNION ALL SELECT 'topic_language', t.topic::text, c.language::text, count(*), {ckeys}
            FROM chosen AS c JOIN {schema}.consultation_topic AS t ON t.consultation_id = c.id
            GROUP BY t.topic, c.language
        UNION ALL SELECT 'language', c.language::text, '', count(*), {ckeys}
            FROM chosen AS c GROUP BY c.language
        UNION ALL SELECT 'outcome', c.outcome::text, '', count(*), {ckeys}
            FROM chosen AS c GROUP BY c.outcome
        UNION ALL SELECT 'partner', r.partner_key::text, 'referrals', count(*), {rkeys}
            FROM chosen_referrals AS r GROUP BY r.partner_key
        {partner_cells}
    )
    SELECT t.tally_cell::text, t.tally_key::text, t.tally_second::text,
           {schema}.lw_released(t.tally_count::bigint, t.tally_keys::numeric)
    FROM tallies AS t;
END"""


def _schema() -> str:
    return str(op.get_bind().execute(sa.text("SELECT quote_ident(current_schema())")).scalar())


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    schema = _schema()
    for signature in SIGNATURES:
        op.execute(f"DROP FUNCTION {schema}.{signature}")
