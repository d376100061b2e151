"""The tables the first screen reads and the audit trail writes, as plain Core clauses.

The SQLModel classes (lwcore.db.models) describe the schema, and loading them
brings pydantic and the ORM: about as long as loading SQLAlchemy itself. The
Today screen's queries and every audit entry need neither, so they work on
these lightweight clauses, and the ORM loads with the first record that is
read or written as an object. Each clause names every column of its table
with the model's column type; ``tests/test_tables.py`` keeps them equal to
the models, so a migration that adds a column fails the test until the
clause has it too.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Date, Integer, String, TableClause, column, table

from lwcore.db.types import TextList, UTCDateTime


def _versioned(name: str, *columns: object) -> TableClause:
    """A table with the columns every versioned record has (see models.base.Versioned)."""
    return table(
        name,
        column("version", Integer),
        column("created_at", UTCDateTime),
        column("updated_at", UTCDateTime),
        column("id", Integer),
        *columns,  # type: ignore[arg-type]
    )


WALK_IN = _versioned(
    "walk_in",
    column("office", String),
    column("place", String),
    column("arrived_at", UTCDateTime),
    column("label", String),
    column("household_id", Integer),
    column("language", String),
    column("topic", String),
    column("status", String),
    column("consultation_id", Integer),
)
APPOINTMENT = _versioned(
    "appointment",
    column("office", String),
    column("place", String),
    column("starts_at", UTCDateTime),
    column("duration_minutes", Integer),
    column("household_id", Integer),
    column("label", String),
    column("language", String),
    column("topic", String),
    column("status", String),
    column("note", String),
)
HOME_VISIT = _versioned(
    "home_visit",
    column("office", String),
    column("household_id", Integer),
    column("planned_for", UTCDateTime),
    column("staff", String),
    column("second_staff", String),
    column("language", String),
    column("status", String),
    column("note", String),
    column("done_at", UTCDateTime),
    column("cancel_reason", String),
    column("cell_key", Integer),
)
REFERRAL = _versioned(
    "referral",
    column("office", String),
    column("consultation_id", Integer),
    column("household_id", Integer),
    column("partner_key", String),
    column("anonymous", Boolean),
    column("topic", String),
    column("status", String),
    column("follow_up_on", Date),
    column("reason", String),
    column("partner_feedback", String),
    column("closed_at", UTCDateTime),
    column("voided_at", UTCDateTime),
    column("void_reason", String),
    column("cell_key", Integer),
)
CONSULTATION = _versioned(
    "consultation",
    column("office", String),
    column("place", String),
    column("staff", String),
    column("started_at", UTCDateTime),
    column("language", String),
    column("household_id", Integer),
    column("former_household", BigInteger),
    column("people", Integer),
    column("visitor", String),
    column("outcome", String),
    column("note", String),
    column("voided_at", UTCDateTime),
    column("void_reason", String),
    column("cell_key", Integer),
)
HOUSEHOLD = _versioned(
    "household",
    column("code", String),
    column("office", String),
    column("controller", String),
    column("label", String),
    column("search_key", String),
    column("district", String),
    column("languages", TextList),
    column("members", Integer),
    column("moved_in", Date),
    column("adults", Integer),
    column("children", Integer),
    column("note", String),
    column("legal_hold", String),
    column("cell_key", Integer),
)
AUDIT_ENTRY = table(
    "audit_entry",
    column("id", Integer),
    column("at", UTCDateTime),
    column("staff", String),
    column("role", String),
    column("channel", String),
    column("office", String),
    column("action", String),
    column("kind", String),
    column("record_id", Integer),
    column("records", Integer),
    column("detail", String),
    column("prev_hash", String),
    column("hash", String),
)
AUDIT_SUBJECT = table(
    "audit_subject",
    column("entry_id", Integer),
    column("household_code", String),
)
AUDIT_HEAD = table(
    "audit_head",
    column("chain", String),
    column("last_id", Integer),
    column("last_hash", String),
)
AUDIT_SEAL = table(
    "audit_seal",
    column("id", Integer),
    column("at", UTCDateTime),
    column("staff", String),
    column("chain", String),
    column("through_id", Integer),
    column("through_hash", String),
    column("removed", Integer),
)

#: Every clause here, for the test that compares them with the models.
ALL: tuple[TableClause, ...] = (
    WALK_IN,
    APPOINTMENT,
    HOME_VISIT,
    REFERRAL,
    CONSULTATION,
    HOUSEHOLD,
    AUDIT_ENTRY,
    AUDIT_SUBJECT,
    AUDIT_HEAD,
    AUDIT_SEAL,
)
