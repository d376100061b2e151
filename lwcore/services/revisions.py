"""Corrections keep the earlier version: what changed, from what, by whom, and why.

Every service that corrects, withdraws, merges or hands over a record adds
one :class:`~lwcore.db.models.Revision` in the same transaction as the
change, so the case file can show a record's history and nothing about a
household is overwritten without a trace.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from lwcore.db.models import Revision

if TYPE_CHECKING:
    from lwcore.services.base import ServiceContext


class Keep(Enum):
    """A correction's argument that was not given: the stored value stays."""

    KEEP = "keep"


#: Leave this field as it is (for fields where None is a value: "not known").
KEEP = Keep.KEEP


def plain(value: Any) -> Any:
    """A value as JSON holds it: dates in ISO 8601, sequences as lists."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    return value


def differences(current: Mapping[str, Any], wanted: Mapping[str, Any]) -> dict[str, Any]:
    """``{field: {"from": stored, "to": new}}`` for each field whose value changes."""
    return {
        field: {"from": plain(current[field]), "to": plain(value)}
        for field, value in wanted.items()
        if plain(current[field]) != plain(value)
    }


def add_revision(
    context: ServiceContext,
    session: Session,
    *,
    office: str,
    kind: str,
    record_id: int,
    household_id: int | None,
    action: str,
    changes: dict[str, Any],
    reason: str = "",
) -> Revision:
    """Keep the earlier values of a record in ``session``'s transaction."""
    revision = Revision(
        at=context.now(),
        staff=context.actor.key,
        office=office,
        kind=kind,
        record_id=record_id,
        household_id=household_id,
        action=action,
        changes=changes,
        reason=reason,
    )
    session.add(revision)
    return revision
