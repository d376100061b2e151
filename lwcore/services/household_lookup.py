"""Looking a household up by the id or code staff give, without telling them whether
another office has it.

An answer "that household belongs to office X" would tell a staff member of
another office that the code exists, and where: a refugee family's
whereabouts. So a household the staff member may not read is answered
exactly like one that does not exist ("household … does not exist", or the
same field error on the paths that record work), and both leave the same
"denied" entry in the audit trail: in the asking staff member's office,
naming the id or code asked for and what was refused. The entry depends
only on what was asked, never on what is stored.
"""

from __future__ import annotations

from sqlalchemy import select, union_all
from sqlmodel import Session

from lwcore.db.models import Household, HouseholdAlias
from lwcore.db.models.households import CODE_LENGTH
from lwcore.i18n import N_
from lwcore.services.access import Permission
from lwcore.services.base import Service, find_row, fits_key
from lwcore.services.checks import Checks
from lwcore.services.errors import NotFound, Refusal

_H = Household.__table__.c  # type: ignore[attr-defined]
_A = HouseholdAlias.__table__.c  # type: ignore[attr-defined]
HOUSEHOLD_KIND = N_("household")


def asked_code(text: str) -> str | None:
    """The code as stored (``br-7k4q2m`` → ``BR-7K4Q2M``); None for text that cannot
    be a code (too long, not printable ASCII), which is looked up nowhere."""
    code = text.strip().upper()
    if not code or len(code) > CODE_LENGTH or not (code.isascii() and code.isprintable()):
        return None
    return code


def find_household(session: Session, household: int | str) -> Household | None:
    """The household by id, or by code (any case), also the code of a household
    merged into it; None otherwise. A code costs one query whether it is a
    household's own, a former one or none."""
    if not isinstance(household, str):
        return find_row(session, Household, household)
    code = asked_code(household)
    if code is None:
        return None
    # Both ways by their index; an OR of the two made PostgreSQL scan every household.
    keys = union_all(
        select(_H.id).where(_H.code == code), select(_A.household_id).where(_A.code == code)
    )
    query = select(Household).where(_H.id.in_(keys)).order_by((_H.code == code).desc()).limit(1)
    return session.scalars(query).first()


def household_refusal(service: Service, household: object, refused: str) -> Refusal:
    """The "denied" entry for a household that is unknown or another office's: the
    same for both, in the acting staff member's office (None for staff of every
    office), naming the id or the code asked for."""
    code = asked_code(household) if isinstance(household, str) else None
    key = household if isinstance(household, int) and fits_key(Household, household) else None
    return Refusal(
        kind=HOUSEHOLD_KIND,
        office=service.actor.office or None,
        record_id=key,
        detail=f"{refused}: {service.kind}",
        household_codes=(code,) if code else (),
    )


def visible_household(
    service: Service, session: Session, household: int | str, permission: Permission
) -> Household:
    """The household by id or code, if the actor may read it and ``permission`` there.

    Unknown, and another office's, are the same NotFound with the same audit
    entry; a household the actor may read but not ``permission`` (a coordinator
    changing one) is AccessDenied, as it tells nothing the actor may not see.
    """
    row = find_household(session, household)
    if row is None or not service.actor.may(Permission.READ, row.office):
        refusal = NotFound(HOUSEHOLD_KIND, household)
        refusal.unrecorded = household_refusal(service, household, permission.value)
        raise refusal
    service.require(permission, row.office, row.id)
    return row


def household_field(
    service: Service,
    checks: Checks,
    session: Session,
    office: str,
    household_id: int | None,
    field: str = "household",
) -> Household | None:
    """The household work is recorded for, which must be one of ``office``'s: any
    other (unknown, or another office's) is the same problem of ``field``, and the
    same "denied" entry once the call has ended."""
    if household_id is None:
        return None
    household = find_row(session, Household, household_id)
    if household is not None and household.office == office:
        return household
    checks.fail(field, N_("no household {id} in office {office}"), id=household_id, office=office)
    checks.refuse(household_refusal(service, household_id, Permission.CHANGE.value))
    return None
