"""Data protection: the audit trail, consents, the deletion log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index
from sqlmodel import Field, SQLModel

from lwcore.db.models.base import KEY_LENGTH, Stamped, check, timestamp

AUDIT_ACTIONS = ("read", "create", "change", "export", "erase", "purge", "denied")
CONSENT_PURPOSES = ("referral", "volunteer_matching", "photos", "handover")
CONSENT_FORMS = ("written", "oral", "digital")
DELETION_REASONS = ("erasure", "retention")


class AuditEntry(SQLModel, table=True):
    """Who read, changed or exported what, when, from where: one row per service call.

    Append-only: the database refuses UPDATE, DELETE and TRUNCATE (triggers,
    on both engines); rows leave only by the retention purge, behind a seal
    (:class:`AuditSeal`). Each office's entries form a hash chain
    (lwcore.db.audit_chain): ``hash`` covers ``prev_hash`` and the entry's
    content, so a changed, removed or slipped-in row shows.
    ``records`` counts the rows the call read or changed.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (
        CheckConstraint(check("action", AUDIT_ACTIONS), name="action"),
        Index("audit_entry_office_at", "office", "at"),
        Index("audit_entry_staff_at", "staff", "at"),
        # An id is never handed out twice, even after the purge removed the newest.
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = timestamp(index=True)
    staff: str = Field(max_length=KEY_LENGTH)
    role: str = Field(max_length=20)
    channel: str = Field(max_length=8)
    office: str | None = Field(default=None, max_length=KEY_LENGTH)
    action: str = Field(max_length=10)
    kind: str = Field(max_length=KEY_LENGTH)
    record_id: int | None = None
    records: int = Field(default=0)
    detail: str = Field(default="", max_length=200)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditHead(SQLModel, table=True):
    """The newest entry of each chain (an office's slug; "" for entries of no office).

    Without it, deleting the last entries would leave a shorter chain that
    still checks out. The database lets it only move forward, to an entry
    that exists with that hash, and refuses to delete it.
    """

    __tablename__ = "audit_head"

    chain: str = Field(primary_key=True, max_length=KEY_LENGTH)
    last_id: int = Field(default=0)
    last_hash: str = Field(max_length=64)


class AuditSeal(SQLModel, table=True):
    """What a retention purge removed from one chain: entries up to ``through_id``,
    whose last hash was ``through_hash``; the rest of the chain continues from it.

    The database deletes an audit entry only when a seal covers it, and
    never changes or deletes a seal.
    """

    __tablename__ = "audit_seal"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = timestamp()
    staff: str = Field(max_length=KEY_LENGTH)
    chain: str = Field(max_length=KEY_LENGTH, index=True)
    through_id: int
    through_hash: str = Field(max_length=64)
    removed: int


class AuditSubject(SQLModel, table=True):
    """A household an audit entry concerns, by its pseudonymous code.

    ``entry_id`` has no foreign key on purpose: a list read names up to a few
    hundred households, and checking each row against audit_entry cost more
    than the insert itself on PostgreSQL. Rows are only ever written with their
    entry, in its transaction (lwcore.services.trail), and the retention purge
    deletes an entry's subjects with it.
    """

    __tablename__ = "audit_subject"

    entry_id: int = Field(primary_key=True)
    household_code: str = Field(max_length=20, primary_key=True, index=True)


class Consent(Stamped, table=True):
    """A household's consent to one purpose (a referral to a named partner, …).

    ``partner_key`` names who the data may go to: the partner of a referral
    consent, the office of a handover consent (the family moved to its district).

    Valid from ``given_on`` until ``expires_on`` (if any) or withdrawal.
    ``text_language`` and ``text_version`` say which consent text was read
    or signed, so the wording agreed to can be shown later.
    """

    __tablename__ = "consent"
    __table_args__ = (
        CheckConstraint(check("purpose", CONSENT_PURPOSES), name="purpose"),
        CheckConstraint(check("given_how", CONSENT_FORMS), name="given_how"),
        CheckConstraint(
            "purpose NOT IN ('referral', 'handover') OR partner_key IS NOT NULL", name="partner"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    office: str = Field(max_length=KEY_LENGTH)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
    purpose: str = Field(max_length=20)
    partner_key: str | None = Field(default=None, max_length=KEY_LENGTH)
    given_on: date
    given_how: str = Field(max_length=10)
    text_language: str = Field(max_length=3)
    text_version: str = Field(max_length=20)
    expires_on: date | None = None
    withdrawn_on: date | None = None
    recorded_by: str = Field(max_length=KEY_LENGTH)


class DeletionLog(SQLModel, table=True):
    """That data was erased or purged, and how much: no personal content at all."""

    __tablename__ = "deletion_log"
    __table_args__ = (CheckConstraint(check("reason", DELETION_REASONS), name="reason"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = timestamp()
    office: str = Field(max_length=KEY_LENGTH)
    controller: str = Field(max_length=10)
    reason: str = Field(max_length=10)
    staff: str = Field(max_length=KEY_LENGTH)
    counts: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
