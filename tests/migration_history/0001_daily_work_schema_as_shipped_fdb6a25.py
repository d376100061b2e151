# ruff: noqa: PLR0915
# As shipped in commit fdb6a25 (2026-11-27); unchanged below these lines.
"""daily work schema

Revision ID: 0001
Revises:
Create Date: 2026-11-27 09:40:28.613458
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "barrier",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=40), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column("found_at", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("resolution", sa.String(length=2000), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'in_progress', 'resolved', 'escalated')",
            name=op.f("ck_barrier_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_barrier")),
    )
    with op.batch_alter_table("barrier", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_barrier_office"), ["office"], unique=False)

    op.create_table(
        "group_offer",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=14), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('language_cafe', 'sport', 'cooking', 'other')",
            name=op.f("ck_group_offer_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_offer")),
    )
    with op.batch_alter_table("group_offer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_offer_office"), ["office"], unique=False)

    op.create_table(
        "household",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("office", sa.String(length=40), nullable=False),
        sa.Column("controller", sa.String(length=10), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("search_key", sa.String(length=40), nullable=False),
        sa.Column("district", sa.String(length=40), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("moved_in", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "controller IN ('city', 'welfare')", name=op.f("ck_household_controller")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household")),
        sa.UniqueConstraint("code", name=op.f("uq_household_code")),
    )
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.create_index(
            "household_code_search",
            ["code"],
            unique=False,
            postgresql_ops={"code": "text_pattern_ops"},
        )
        batch_op.create_index(
            "household_office_search",
            ["office", "search_key"],
            unique=False,
            postgresql_ops={"search_key": "text_pattern_ops"},
        )
        batch_op.create_index(batch_op.f("ix_household_office"), ["office"], unique=False)

    op.create_table(
        "round_table_meeting",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=40), nullable=False),
        sa.Column("series_key", sa.String(length=40), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attendees", sa.JSON(), nullable=False),
        sa.Column("minutes", sa.String(length=20000), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_table_meeting")),
        sa.UniqueConstraint(
            "office", "series_key", "starts_at", name=op.f("uq_round_table_meeting_office")
        ),
    )
    with op.batch_alter_table("round_table_meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_round_table_meeting_office"), ["office"], unique=False)

    op.create_table(
        "suggestion",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=40), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("text", sa.String(length=2000), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("response", sa.String(length=2000), nullable=False),
        sa.CheckConstraint(
            "status IN ('new', 'forwarded', 'done')", name=op.f("ck_suggestion_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestion")),
    )
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suggestion_office"), ["office"], unique=False)

    op.create_table(
        "volunteer",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("availability", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer")),
    )
    with op.batch_alter_table("volunteer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_volunteer_office"), ["office"], unique=False)

    op.create_table(
        "agreed_action",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=2000), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["round_table_meeting.id"],
            name=op.f("fk_agreed_action_meeting_id_round_table_meeting"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreed_action")),
    )
    with op.batch_alter_table("agreed_action", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agreed_action_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "appointment",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=40), nullable=False),
        sa.Column("place", sa.String(length=40), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=3), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.CheckConstraint(
            "status IN ('booked', 'attended', 'missed', 'cancelled')",
            name=op.f("ck_appointment_status"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_appointment_household_id_household"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment")),
    )
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.create_index("appointment_office_start", ["office", "starts_at"], unique=False)
        batch_op.create_index(
            "appointment_one_per_slot",
            ["office", "place", "starts_at"],
            unique=True,
            sqlite_where=sa.text("status != 'cancelled'"),
            postgresql_where=sa.text("status != 'cancelled'"),
        )
        batch_op.create_index(
            batch_op.f("ix_appointment_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "consultation",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=40), nullable=False),
        sa.Column("place", sa.String(length=40), nullable=False),
        sa.Column("staff", sa.String(length=120), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("language", sa.String(length=3), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("visitor", sa.String(length=12), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('solved', 'referred', 'follow_up')", name=op.f("ck_consultation_outcome")
        ),
        sa.CheckConstraint(
            "visitor IN ('refugee', 'neighbour', 'landlord', 'volunteer', 'other')",
            name=op.f("ck_consultation_visitor"),
        ),
        sa.CheckConstraint("people >= 1", name=op.f("ck_consultation_people")),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_consultation_household_id_household"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultation")),
    )
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.create_index("consultation_office_started", ["office", "started_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_consultation_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "group_session",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("attendance", sa.Integer(), nullable=False),
        sa.CheckConstraint("attendance >= 0", name=op.f("ck_group_session_attendance")),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["group_offer.id"],
            name=op.f("fk_group_session_offer_id_group_offer"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_session")),
        sa.UniqueConstraint("offer_id", "held_on", name=op.f("uq_group_session_offer_id")),
    )
    with op.batch_alter_table("group_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_session_offer_id"), ["offer_id"], unique=False)

    op.create_table(
        "home_visit",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=40), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column("planned_for", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff", sa.String(length=120), nullable=False),
        sa.Column("second_staff", sa.String(length=120), nullable=True),
        sa.Column("language", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_reason", sa.String(length=2000), nullable=True),
        sa.CheckConstraint(
            "status IN ('planned', 'done', 'cancelled')", name=op.f("ck_home_visit_status")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_home_visit_household_id_household"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_home_visit")),
    )
    with op.batch_alter_table("home_visit", schema=None) as batch_op:
        batch_op.create_index("home_visit_office_planned", ["office", "planned_for"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_home_visit_household_id"), ["household_id"], unique=False
        )

    op.create_table(
        "consultation_topic",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_consultation_topic_consultation_id_consultation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("consultation_id", "topic", name=op.f("pk_consultation_topic")),
    )
    with op.batch_alter_table("consultation_topic", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultation_topic_topic"), ["topic"], unique=False)

    op.create_table(
        "referral",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=40), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column("partner_key", sa.String(length=40), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=14), nullable=False),
        sa.Column("follow_up_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=2000), nullable=True),
        sa.Column("partner_feedback", sa.String(length=2000), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status != 'unsuccessful' OR reason IS NOT NULL",
            name=op.f("ck_referral_reason_required"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'accepted', 'done', 'unsuccessful', 'withdrawn')",
            name=op.f("ck_referral_status"),
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_referral_consultation_id_consultation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_referral_household_id_household"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referral_consultation_id"), ["consultation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_referral_household_id"), ["household_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_referral_partner_key"), ["partner_key"], unique=False)
        batch_op.create_index(
            "referral_office_status_due", ["office", "status", "follow_up_on"], unique=False
        )

    op.create_table(
        "walk_in",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=40), nullable=False),
        sa.Column("place", sa.String(length=40), nullable=False),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("household_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=3), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('waiting', 'seen', 'left')", name=op.f("ck_walk_in_status")),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
            name=op.f("fk_walk_in_consultation_id_consultation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household.id"],
            name=op.f("fk_walk_in_household_id_household"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_walk_in")),
    )
    with op.batch_alter_table("walk_in", schema=None) as batch_op:
        batch_op.create_index(
            "walk_in_office_status", ["office", "status", "arrived_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("walk_in", schema=None) as batch_op:
        batch_op.drop_index("walk_in_office_status")

    op.drop_table("walk_in")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index("referral_office_status_due")
        batch_op.drop_index(batch_op.f("ix_referral_partner_key"))
        batch_op.drop_index(batch_op.f("ix_referral_household_id"))
        batch_op.drop_index(batch_op.f("ix_referral_consultation_id"))

    op.drop_table("referral")
    with op.batch_alter_table("consultation_topic", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_topic_topic"))

    op.drop_table("consultation_topic")
    with op.batch_alter_table("home_visit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_home_visit_household_id"))
        batch_op.drop_index("home_visit_office_planned")

    op.drop_table("home_visit")
    with op.batch_alter_table("group_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_session_offer_id"))

    op.drop_table("group_session")
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_household_id"))
        batch_op.drop_index("consultation_office_started")

    op.drop_table("consultation")
    with op.batch_alter_table("appointment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appointment_household_id"))
        batch_op.drop_index(
            "appointment_one_per_slot",
            sqlite_where=sa.text("status != 'cancelled'"),
            postgresql_where=sa.text("status != 'cancelled'"),
        )
        batch_op.drop_index("appointment_office_start")

    op.drop_table("appointment")
    with op.batch_alter_table("agreed_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agreed_action_meeting_id"))

    op.drop_table("agreed_action")
    with op.batch_alter_table("volunteer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_volunteer_office"))

    op.drop_table("volunteer")
    with op.batch_alter_table("suggestion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_suggestion_office"))

    op.drop_table("suggestion")
    with op.batch_alter_table("round_table_meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_round_table_meeting_office"))

    op.drop_table("round_table_meeting")
    with op.batch_alter_table("household", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_office"))
        batch_op.drop_index(
            "household_office_search", postgresql_ops={"search_key": "text_pattern_ops"}
        )
        batch_op.drop_index("household_code_search", postgresql_ops={"code": "text_pattern_ops"})

    op.drop_table("household")
    with op.batch_alter_table("group_offer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_offer_office"))

    op.drop_table("group_offer")
    with op.batch_alter_table("barrier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_barrier_office"))

    op.drop_table("barrier")
