"""Everything stored about one household, for its right of access (Art. 15 GDPR)
and to data portability (Art. 20): ``lw privacy export``.

The export is built from the table definitions, not from a list kept by hand:
every table with a foreign key to the household, the rows hanging off those
rows (a consultation's topics), and the audit entries that name the
household's code. A table added later is exported without anyone having to
remember it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Table, select
from sqlmodel import Session

from lwcore.db.models import AuditEntry, AuditSubject, Household, HouseholdAlias, metadata
from lwcore.i18n import N_
from lwcore.services import trail
from lwcore.services.access import Permission
from lwcore.services.base import Service
from lwcore.services.household_lookup import visible_household
from lwcore.services.household_records import HouseholdRecord, household_record

_H = Household.__table__.c  # type: ignore[attr-defined]
_E = AuditEntry.__table__.c  # type: ignore[attr-defined]
_S = AuditSubject.__table__.c  # type: ignore[attr-defined]
_A = HouseholdAlias.__table__.c  # type: ignore[attr-defined]
_HOUSEHOLD = "household"
#: The audit trail is exported separately, by the household's code.
_AUDIT_TABLES = ("audit_entry", "audit_subject")
#: What the export document is, so a reader knows how to read it.
EXPORT_FORMAT = "lw-household-export/1"


def household_references() -> list[tuple[Table, Column[Any]]]:
    """Each table that points at a household, with the column that does (``household_id``)."""
    found = []
    for table in metadata.sorted_tables:
        for key in sorted(table.foreign_keys, key=lambda fk: fk.parent.name):
            if key.column.table.name == _HOUSEHOLD:
                found.append((table, key.parent))
    return sorted(found, key=lambda pair: pair[0].name)


def dependent_references(parents: set[str]) -> list[tuple[Table, Column[Any], Column[Any]]]:
    """Tables without a household column whose rows belong to a row of ``parents``
    (a consultation's topics): (table, its foreign-key column, the parent's column)."""
    found = []
    for table in metadata.sorted_tables:
        if table.name in parents or table.name in (_HOUSEHOLD, *_AUDIT_TABLES):
            continue
        for key in table.foreign_keys:
            if key.column.table.name in parents:
                found.append((table, key.parent, key.column))
    return sorted(found, key=lambda triple: triple[0].name)


def former_codes(session: Session, household_id: int) -> tuple[str, ...]:
    """Codes of the households merged into this one, which papers and the trail may name."""
    found = session.execute(
        select(_A.code).where(_A.household_id == household_id).order_by(_A.code)
    )
    return tuple(str(code) for code in found.scalars())


def plain(value: Any) -> Any:
    """A stored value as JSON can hold it (dates and times as ISO 8601)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _rows(session: Session, table: Table, condition: Any) -> list[dict[str, Any]]:
    order = list(table.primary_key.columns)
    result = session.execute(select(table).where(condition).order_by(*order))
    return [{name: plain(value) for name, value in row._mapping.items()} for row in result]


class ExportService(Service):
    """Export (Art. 15/20) and lookup by code, for the data-subject rights commands."""

    kind = N_("household")

    def find(self, code: str) -> HouseholdRecord:
        """The household with this pseudonymous code, for commands that take a code."""
        with self.database.read() as session:
            row = visible_household(self, session, code, Permission.READ)
        self.audit_read(row.office, record_id=row.id, household_ids=[row.id], detail="by code")
        return household_record(row)

    def household(self, household: int | str) -> dict[str, Any]:
        """Everything stored about one household (id or code) as a JSON-ready document.

        Office leads of the household's office and coordinators may export;
        the export is one entry (action "export") in the audit trail.
        """
        with self.database.read() as session:
            row = visible_household(self, session, household, Permission.EXPORT)
            key, code = row.id, row.code
            records = dict(self._records(session, key))
            assert key is not None
            trail_rows = self._audit_trail(session, (code, *former_codes(session, key)))
            household_row = _rows(session, Household.__table__, _H.id == key)[0]  # type: ignore[attr-defined]
        document = {
            "format": EXPORT_FORMAT,
            "code": code,
            "office": row.office,
            "controller": row.controller,
            "exported_at": self.context.now().isoformat(),
            "household": household_row,
            "records": records,
            "audit_trail": trail_rows,
        }
        total = 1 + sum(len(rows) for rows in records.values())
        trail.append_now(
            self.context,
            "export",
            self.kind,
            row.office,
            record_id=key,
            records=total,
            household_ids=[key],
            detail="export",
        )
        return document

    def _records(self, session: Session, key: int | None) -> Iterator[tuple[str, Any]]:
        """Every table's rows of this household, then the rows hanging off them."""
        exported: dict[str, list[dict[str, Any]]] = {}
        for table, column in household_references():
            exported.setdefault(table.name, []).extend(_rows(session, table, column == key))
        for table, column, target in dependent_references(set(exported)):
            parent_keys = [row[target.name] for row in exported[target.table.name]]
            rows = _rows(session, table, column.in_(parent_keys)) if parent_keys else []
            exported.setdefault(table.name, []).extend(rows)
        yield from sorted(exported.items())

    def _audit_trail(self, session: Session, codes: tuple[str, ...]) -> list[dict[str, Any]]:
        """The entries naming this household (by its code or a former one), oldest
        first (without the export itself)."""
        query = (
            select(_E)
            .where(_E.id.in_(select(_S.entry_id).where(_S.household_code.in_(codes))))
            .order_by(_E.at, _E.id)
        )
        return [
            {name: plain(value) for name, value in entry._mapping.items()}
            for entry in session.execute(query)
        ]
