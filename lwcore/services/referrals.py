"""Referrals to partners: made, followed up, closed with the partner's outcome."""

from __future__ import annotations

from datetime import date

from lwcore.db.models import Referral
from lwcore.db.models.base import NOTE_LENGTH
from lwcore.db.models.referrals import CLOSED_STATES
from lwcore.i18n import N_
from lwcore.services.access import Permission
from lwcore.services.base import Service, save_versioned
from lwcore.services.errors import Conflict, StaleRecord
from lwcore.services.household_lookup import household_field
from lwcore.services.messages import status_term
from lwcore.services.record_corrections import correct_referral, void_referral
from lwcore.services.referral_checks import (
    add_referral,
    check_consent,
    check_consultation,
    check_referral,
)
from lwcore.services.referral_records import ReferralRecord, referral_record
from lwcore.services.referrals_due import OpenReferral, open_referrals

_NEXT_STATES = {
    "open": ("accepted", "done", "unsuccessful", "withdrawn"),
    "accepted": ("done", "unsuccessful", "withdrawn"),
}


class ReferralService(Service):
    kind = N_("referral")

    def refer(
        self,
        *,
        office: str,
        partner_key: str,
        topic: str,
        household_id: int | None = None,
        consultation_id: int | None = None,
        follow_up_on: date | str | None = None,
        anonymous: bool = False,
    ) -> ReferralRecord:
        """Hand a matter to a partner, outside a consultation (see also
        ``ConsultationService.record`` with a referral).

        With a household, its data goes to the partner only with its valid
        consent to that partner; ``anonymous`` passes the matter without it.
        """
        checks = self.context.checks()
        if checks.office("office", office) is not None:
            self.require(Permission.CHANGE, office)
        today = self.context.today()
        checked = check_referral(
            checks,
            office=office,
            partner_key=partner_key,
            topic=topic,
            follow_up_on=follow_up_on,
            today=today,
        )
        with self.database.write() as session:
            household = household_field(self, checks, session, office, household_id)
            check_consultation(checks, session, office, consultation_id)
            stored_anonymous = check_consent(
                checks,
                session,
                household_id=household.id if household else None,
                partner=checked.partner,
                anonymous=anonymous,
                today=today,
            )
            checks.done()
            assert checked.follow_up_on is not None
            referral = add_referral(
                session,
                self.context.now(),
                office=office,
                partner_key=partner_key,
                topic=topic,
                follow_up_on=checked.follow_up_on,
                household_id=household_id,
                consultation_id=consultation_id,
                anonymous=stored_anonymous,
            )
            self.audit_change(
                session,
                office,
                action="create",
                record_id=referral.id,
                household_ids=[household_id],
                detail=f"to {partner_key}" + (" anonymously" if stored_anonymous else ""),
            )
            return referral_record(referral)

    def update(
        self,
        referral_id: int,
        expected_version: int,
        *,
        status: str | None = None,
        partner_feedback: str | None = None,
        reason: str | None = None,
        follow_up_on: date | str | None = None,
    ) -> ReferralRecord:
        """Record the partner's feedback and move the referral on (or close it).

        ``unsuccessful`` needs a ``reason``; a closed referral is not reopened.
        """
        checks = self.context.checks()
        feedback = (
            checks.text("partner_feedback", partner_feedback, NOTE_LENGTH)
            if partner_feedback is not None
            else None
        )
        why = checks.text("reason", reason, NOTE_LENGTH) if reason is not None else None
        due = checks.date("follow_up_on", follow_up_on) if follow_up_on is not None else None
        if due is not None and due < self.context.today():
            checks.fail("follow_up_on", N_("lies in the past"))
        with self.database.write() as session:
            row = self.load(session, Referral, referral_id, Permission.CHANGE)
            if row.version != expected_version:
                raise StaleRecord(self.kind, referral_id, expected_version, row.version)
            changes: dict[str, object] = {}
            if status is not None and status != row.status:
                allowed = _NEXT_STATES.get(row.status, ())
                if row.status in CLOSED_STATES:
                    raise Conflict(
                        N_("referral {id} is already closed ({status})"),
                        id=referral_id,
                        status=status_term(row.status),
                    )
                if status not in allowed:
                    checks.fail(
                        "status",
                        N_("cannot go from {old} to {new!r}"),
                        old=status_term(row.status),
                        new=status_term(status),
                    )
                if status == "unsuccessful" and not why:
                    checks.fail("reason", N_("say why the referral did not succeed"))
                changes["status"] = status
                if status in CLOSED_STATES:
                    changes["closed_at"] = self.context.now()
            checks.done()
            if feedback is not None:
                changes["partner_feedback"] = feedback
            if why is not None:
                changes["reason"] = why or None
            if due is not None:
                changes["follow_up_on"] = due
            # Nothing to change is still a look at the record: logged as a read.
            self.audit_change(
                session,
                row.office,
                action="change" if changes else "read",
                record_id=referral_id,
                household_ids=[row.household_id],
                detail=", ".join(sorted(changes)) or "nothing changed",
            )
            if changes:
                save_versioned(
                    session, row, expected_version, self.kind, self.context.now(), **changes
                )
            return referral_record(row)

    def close(
        self,
        referral_id: int,
        expected_version: int,
        *,
        outcome: str,
        partner_feedback: str | None = None,
        reason: str | None = None,
    ) -> ReferralRecord:
        """Close with ``done``, ``unsuccessful`` (with a reason) or ``withdrawn``;
        feedback left out keeps what is stored."""
        if outcome not in CLOSED_STATES:
            checks = self.context.checks()
            checks.fail(
                "outcome",
                N_("{value!r} is not one of {choices}"),
                value=outcome,
                choices=", ".join(CLOSED_STATES),
            )
            checks.done()
        return self.update(
            referral_id,
            expected_version,
            status=outcome,
            partner_feedback=partner_feedback,
            reason=reason,
        )

    def correct(
        self,
        referral_id: int,
        expected_version: int,
        *,
        reason: str = "",
        partner_key: str | None = None,
        topic: str | None = None,
        follow_up_on: date | str | None = None,
        anonymous: bool | None = None,
    ) -> ReferralRecord:
        """Correct a referral's details (None: unchanged), keeping the earlier values
        as a revision; the household's data goes to a new partner only with its consent."""
        corrected = correct_referral(
            self,
            referral_id,
            expected_version,
            reason=reason,
            partner_key=partner_key,
            topic=topic,
            follow_up_on=follow_up_on,
            anonymous=anonymous,
        )
        return referral_record(corrected)

    def void(self, referral_id: int, expected_version: int, *, reason: str) -> ReferralRecord:
        """Withdraw a referral recorded by mistake: kept and marked, no longer counted
        or followed up (unlike closing it as "withdrawn", when the household took it back)."""
        voided = void_referral(self, referral_id, expected_version, reason=reason)
        return referral_record(voided)

    def get(self, referral_id: int) -> ReferralRecord:
        with self.database.read() as session:
            row = self.load(session, Referral, referral_id, Permission.READ)
        self.audit_read(row.office, record_id=referral_id, household_ids=[row.household_id])
        return referral_record(row)

    def open_due(self, office: str, until: date, *, limit: int = 200) -> list[OpenReferral]:
        """Open or accepted referrals whose follow-up is due by ``until``, earliest first,
        each with its household's code (one query)."""
        checks = self.context.checks()
        checks.day("until", until)
        checks.done()
        self.require(Permission.READ, office)
        with self.database.reading() as connection:
            due = open_referrals(connection, office, until, limit)
        self.audit_read(
            office,
            records=len(due),
            household_ids=[referral.household_id for referral in due],
            detail="open due",
        )
        return due
