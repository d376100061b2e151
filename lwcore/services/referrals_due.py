"""Referrals due for follow-up: the Today screen's and the referral list's query.

Kept apart from the referral service, on the plain table clauses, so the
first screen reads them without loading the ORM (see lwcore.db.tables).
"""

from __future__ import annotations

from datetime import date

from attrs import frozen
from sqlalchemy import Connection, Date, Integer, bindparam, select

from lwcore.db.tables import HOUSEHOLD, REFERRAL

_R = REFERRAL.c
_H = HOUSEHOLD.c
#: Open and accepted referrals of an office due by a day, earliest first; built once,
#: since the Today screen and the referral list ask for it all day.
_DUE = (
    select(
        _R.id,
        _R.version,
        _R.follow_up_on,
        _R.partner_key,
        _R.topic,
        _R.status,
        _R.household_id,
        _R.consultation_id,
        _R.partner_feedback,
        _R.reason,
        _R.anonymous,
    )
    .where(_R.office == bindparam("office"), _R.status.in_(("open", "accepted")))
    .where(_R.voided_at.is_(None))
    .where(_R.follow_up_on <= bindparam("until", type_=Date()))
    .order_by(_R.follow_up_on, _R.id)
    .limit(bindparam("limit", type_=Integer()))
    .subquery()
)
#: ... with each one's household code. The limit comes first and the household
#: after, so at most ``limit`` households are looked up by key: joined before the
#: limit, PostgreSQL hashed the whole household table (26 ms instead of 3 ms at
#: 100,000 households). Behind PostgreSQL's row policy the join still hashed the
#: office's households (the policy's office condition makes that look cheap), so
#: there the code is a sub-select per referral, which leaves the planner no choice.
OPEN_DUE = {
    "sqlite": select(*_DUE.c, _H.code)
    .select_from(_DUE.outerjoin(HOUSEHOLD, _H.id == _DUE.c.household_id))
    .order_by(_DUE.c.follow_up_on, _DUE.c.id),
    "postgresql": select(
        *_DUE.c, select(_H.code).where(_H.id == _DUE.c.household_id).scalar_subquery()
    ).order_by(_DUE.c.follow_up_on, _DUE.c.id),
}


@frozen
class OpenReferral:
    """A referral still waiting for the partner's outcome, as lists show it."""

    id: int
    version: int
    follow_up_on: date
    partner_key: str
    topic: str
    status: str
    household_id: int | None
    consultation_id: int | None
    partner_feedback: str
    reason: str | None
    #: Passed to the partner without the household's data (no consent to this partner).
    anonymous: bool
    #: The household's pseudonymous code, for the lists (None: no household linked).
    household_code: str | None


def open_referrals(
    connection: Connection, office: str, until: date, limit: int
) -> list[OpenReferral]:
    parameters = {"office": office, "until": until, "limit": limit}
    # fetchall in one call: iterating the result would fetch row by row.
    statement = OPEN_DUE[connection.dialect.name]
    return [OpenReferral(*tuple(row)) for row in connection.execute(statement, parameters).all()]
