"""When a household is not where it should be: registered twice (merge), or moved
to another office's district (hand over).

Both run in one transaction, keep a revision with what was there before, and
are audited. A merge keeps everything of both registrations on the one
kept; the duplicate's code stays findable (``household_alias``), since
papers and the audit trail name it. A handover takes the household, its
consents and its own corrections to the new office, only with the family's
consent to that; the old office keeps its consultations, referrals, visits
and appointments as anonymous counts, as after an erasure.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, update

from lwcore.db.models import Consent, Household, HouseholdAlias, Revision
from lwcore.i18n import N_
from lwcore.services import trail
from lwcore.services.access import Permission
from lwcore.services.base import Service, load_versioned, save_versioned
from lwcore.services.consents import (
    HANDOVER_PURPOSE,
    ConsentRequest,
    add_consent,
    check_consent_request,
)
from lwcore.services.erasure import KEPT, anonymise_rows
from lwcore.services.export import household_references
from lwcore.services.household_lookup import visible_household
from lwcore.services.household_search import move_terms
from lwcore.services.revisions import add_revision, plain

_H = Household.__table__.c  # type: ignore[attr-defined]
_A = HouseholdAlias.__table__.c  # type: ignore[attr-defined]
_CONSENT = Consent.__table__  # type: ignore[attr-defined]
_REVISION = Revision.__table__  # type: ignore[attr-defined]
REASON_LENGTH = 2000
#: What a revision keeps of a household merged away or handed over.
SNAPSHOT = (
    "code",
    "label",
    "district",
    "languages",
    "members",
    "adults",
    "children",
    "moved_in",
    "note",
)


def _snapshot(row: Household) -> dict[str, Any]:
    return {field: plain(getattr(row, field)) for field in SNAPSHOT}


def merge(
    service: Service,
    keep_id: int,
    keep_version: int,
    duplicate_id: int,
    duplicate_version: int,
    *,
    reason: str,
) -> Household:
    """Move every record of the duplicate to the household kept, then remove the duplicate.

    Its languages join the kept household's; its code becomes a former code
    of the kept one; a revision "merge" on the kept household holds the
    duplicate's data as it was. Both must be of the same office, at the
    versions the caller saw.
    """
    checks = service.context.checks()
    why = checks.text("reason", reason, REASON_LENGTH, required=True)
    if keep_id == duplicate_id:
        checks.fail("duplicate", N_("a household cannot be merged with itself"))
    checks.done()
    context = service.context
    with service.database.write() as session:
        keep = visible_household(service, session, keep_id, Permission.CHANGE)
        duplicate = visible_household(service, session, duplicate_id, Permission.CHANGE)
        load_versioned(session, Household, keep_id, keep_version, service.kind)
        load_versioned(session, Household, duplicate_id, duplicate_version, service.kind)
        if keep.office != duplicate.office:
            checks.fail("duplicate", N_("{code} belongs to another office"), code=duplicate.code)
        checks.done()
        snapshot = _snapshot(duplicate)
        languages = list(dict.fromkeys([*keep.languages, *duplicate.languages]))
        # Audited before the duplicate goes, so the entry still names both codes.
        service.audit_change(
            session,
            keep.office,
            record_id=keep_id,
            household_ids=[keep_id, duplicate_id],
            detail=f"merged {duplicate.code} into {keep.code}",
        )
        for table, column in household_references():
            if table.name == "household_term":  # the duplicate's label leaves the search
                session.execute(delete(table).where(column == duplicate_id))
                continue
            session.execute(
                update(table).where(column == duplicate_id).values({column.name: keep_id})
            )
        session.add(HouseholdAlias(code=duplicate.code, household_id=keep_id))
        add_revision(
            context,
            session,
            office=keep.office,
            kind=service.kind,
            record_id=keep_id,
            household_id=keep_id,
            action="merge",
            changes={field: {"from": value, "to": None} for field, value in snapshot.items()},
            reason=why,
        )
        session.expunge(duplicate)
        session.execute(delete(Household.__table__).where(_H.id == duplicate_id))  # type: ignore[attr-defined]
        save_versioned(
            session, keep, keep_version, service.kind, context.now(), languages=languages
        )
        return keep


def hand_over(
    service: Service,
    household_id: int,
    expected_version: int,
    *,
    to_office: str,
    district: str,
    consent: ConsentRequest,
) -> Household:
    """Hand the household to ``to_office`` (the family moved to its ``district``).

    Needs the family's consent to the handover (purpose "handover"; its
    ``partner_key`` is the new office), recorded with it. One audit entry in
    each office.
    """
    context = service.context
    checks = context.checks()
    target = checks.office("to_office", to_office)
    if target is not None and district not in target.office.districts:
        checks.fail(
            "district",
            N_("{district!r} is not a district of {office} ({known})"),
            district=district,
            office=to_office,
            known=", ".join(target.office.districts),
        )
    if consent.purpose != HANDOVER_PURPOSE:
        checks.fail("consent.purpose", N_("a handover needs the family's 'handover' consent"))
    request = ConsentRequest(
        purpose=HANDOVER_PURPOSE,
        given_how=consent.given_how,
        text_language=consent.text_language,
        text_version=consent.text_version,
        partner_key=to_office,
        given_on=consent.given_on,
        expires_on=consent.expires_on,
    )
    checked = check_consent_request(checks, None, request, context.today(), "consent.")
    with service.database.write() as session:
        row = visible_household(service, session, household_id, Permission.CHANGE)
        load_versioned(session, Household, household_id, expected_version, service.kind)
        if row.office == to_office:
            checks.fail(
                "to_office",
                N_("{code} belongs to {office} already"),
                code=row.code,
                office=to_office,
            )
        checks.done()
        assert checked is not None
        old_office, old_district = row.office, row.district
        service.audit_change(
            session,
            old_office,
            record_id=household_id,
            household_ids=[household_id],
            detail=f"handed over to {to_office}",
        )
        for table, column in household_references():
            if table.name in KEPT:
                anonymise_rows(session, table, column, household_id)
        session.execute(
            delete(_REVISION).where(
                _REVISION.c.household_id == household_id, _REVISION.c.kind != service.kind
            )
        )
        session.execute(
            update(_CONSENT).where(_CONSENT.c.household_id == household_id).values(office=to_office)
        )
        move_terms(session, household_id, to_office)
        add_revision(
            context,
            session,
            office=old_office,
            kind=service.kind,
            record_id=household_id,
            household_id=household_id,
            action="handover",
            changes={
                "office": {"from": old_office, "to": to_office},
                "district": {"from": old_district, "to": district},
            },
        )
        save_versioned(
            session,
            row,
            expected_version,
            service.kind,
            context.now(),
            office=to_office,
            district=district,
        )
        add_consent(
            session,
            checked,
            office=to_office,
            household_id=household_id,
            recorded_by=context.actor.key,
            now=context.now(),
        )
        trail.append(
            context,
            session,
            "change",
            service.kind,
            to_office,
            record_id=household_id,
            household_ids=[household_id],
            detail=f"taken over from {old_office}",
        )
        return row
