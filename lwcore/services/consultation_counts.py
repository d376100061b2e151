"""How consultations are counted: the same totals for every period and screen.

The statistics, the reports and the Today screen's month all count with these
expressions, so a figure is the same wherever it is shown. They are built on
the plain table clause (lwcore.db.tables), so the first screen counts without
loading the ORM.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func

from lwcore.db.tables import CONSULTATION


def consultation_totals(consultation: Any = CONSULTATION.c) -> tuple[Any, ...]:
    """Consultations, people, quick contacts, households: the totals of any period.

    An erased household's consultations have no ``household_id`` but share a
    ``former_household``, so they count as one household and not as quick
    contacts: the figures stay as they were before the erasure. ``consultation``
    is the columns of the table the query reads (the model's table, where the query
    joins it with other models).
    """
    return (
        func.count(),
        func.coalesce(func.sum(consultation.people), 0),
        func.count().filter(quick_contact(consultation)),
        func.count(func.distinct(counted_household(consultation))),
    )


def quick_contact(consultation: Any = CONSULTATION.c) -> Any:
    """A consultation with nobody registered: a quick contact."""
    return consultation.household_id.is_(None) & consultation.former_household.is_(None)


def counted_household(consultation: Any = CONSULTATION.c) -> Any:
    """Who a consultation counts for: its household, or the erased one's number."""
    return func.coalesce(consultation.household_id, consultation.former_household)
