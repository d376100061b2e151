"""Erasing a household (Art. 17 GDPR): ``lw privacy erase``; the retention purge
erases the same way.

The household record and its consents are deleted. Consultations, referrals,
home visits, appointments and walk-ins stay for the counts the offices
report, with the link to the household cut and their free text and names
cleared. A household's consultations share one random negative number
(``former_household``), so "how many households" still adds up while
nothing leads back to the person. A :class:`DeletionLog` row says how much
went, without a code or a name.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterable
from typing import Any

from attrs import frozen
from sqlalchemy import Column, Table, case, delete, literal, null, select, update
from sqlmodel import Session

from lwcore.db.models import DeletionLog, Household
from lwcore.i18n import N_
from lwcore.services import trail
from lwcore.services.access import Permission
from lwcore.services.base import Service
from lwcore.services.errors import Conflict
from lwcore.services.export import household_references
from lwcore.services.household_lookup import visible_household
from lwcore.services.perturbation import KEY_RANGE

_H = Household.__table__.c  # type: ignore[attr-defined]

#: What replaces a name (first name, initials) on the walk-in list and on appointments.
NEUTRAL_LABEL = "–"
#: Free text about people, per table: cleared on erasure and after ``notes`` months.
NOTES: dict[str, tuple[str, ...]] = {
    "appointment": ("note",),
    "consultation": ("note",),
    "home_visit": ("note", "cancel_reason"),
    "referral": ("partner_feedback", "reason"),
}
#: Names, per table: replaced on erasure and after ``waiting_list`` months.
LABELS: dict[str, tuple[str, ...]] = {"appointment": ("label",), "walk_in": ("label",)}
#: Rows that go with the household: its consents, search terms, former codes and the
#: earlier values kept by corrections.
DELETED = ("consent", "household_alias", "household_term", "record_revision")
#: Rows that stay, anonymised, for the statistics.
KEPT = ("appointment", "consultation", "home_visit", "referral", "walk_in")


def cleared(table: Table, column: str) -> Any:
    """The value that clears a free-text column: "" (NULL stays NULL, so a
    referral closed as unsuccessful keeps the reason its status requires)."""
    target = table.c[column]
    if target.nullable:
        return case((target.is_(None), null()), else_=literal(""))
    return literal("")


def anonymous_values(table: Table) -> dict[str, Any]:
    """The SET clause that clears a row's free text and names (and moves its version on,
    so a form opened before cannot save the old text back)."""
    values: dict[str, Any] = {
        column: cleared(table, column) for column in NOTES.get(table.name, ())
    }
    values.update(dict.fromkeys(LABELS.get(table.name, ()), NEUTRAL_LABEL))
    if "version" in table.c:
        values["version"] = table.c.version + 1
    return values


def former_household(record_key: int | None = None) -> int:
    """A random negative 63-bit number: never a household id (those are positive).

    Its low 31 bits (of ``-1 - number``) are the household's record key, so the
    statistics count an erased household with the key it had (the cell key
    method, lwcore.services.statistics); 32 random bits above them keep the
    numbers of two households apart.
    """
    if record_key is None:
        record_key = secrets.randbelow(KEY_RANGE)
    return -1 - (secrets.randbelow(2**32) * KEY_RANGE + record_key % KEY_RANGE)


def anonymise_rows(session: Session, table: Table, column: Column[Any], key: int) -> int:
    """Cut ``table``'s rows from household ``key`` and clear their notes and names;
    consultations keep one ``former_household`` so they still count as one household."""
    values = anonymous_values(table)
    values[column.name] = None
    if "former_household" in table.c:
        record_key = session.execute(select(_H.cell_key).where(_H.id == key)).scalar()
        values["former_household"] = former_household(record_key)
    result = session.execute(update(table).where(column == key).values(**values))
    return int(result.rowcount)  # type: ignore[attr-defined]


def erase_households(session: Session, household_ids: Iterable[int]) -> Counter[str]:
    """Erase these households in ``session``'s transaction; rows per table."""
    counts: Counter[str] = Counter()
    references = household_references()
    unknown = [t.name for t, _ in references if t.name not in (*DELETED, *KEPT)]
    if unknown:  # a new table: decide what erasure does with it before erasing anything
        raise RuntimeError(f"erasure does not know what to do with table(s) {unknown}")
    for key in household_ids:
        for table, column in references:
            if table.name in DELETED:
                result = session.execute(delete(table).where(column == key))
                counts[table.name] += result.rowcount  # type: ignore[attr-defined]
            else:
                counts[table.name] += anonymise_rows(session, table, column, key)
        result = session.execute(delete(Household.__table__).where(_H.id == key))  # type: ignore[attr-defined]
        counts["household"] += result.rowcount  # type: ignore[attr-defined]
    return counts


@frozen
class Erasure:
    """What ``erase`` did: the code that no longer resolves and the rows per table."""

    code: str
    office: str
    controller: str
    counts: dict[str, int]


class ErasureService(Service):
    kind = N_("household")

    def erase(self, household: int | str) -> Erasure:
        """Erase one household (id or code), in one transaction.

        Office leads of the household's office only; refused while the
        household is under a legal hold. The audit entry (action "erase")
        names the household's code: a pseudonym that, once the household row
        is gone, no longer leads to anyone, so the trail can show that and
        when the household was erased without keeping personal data.
        """
        with self.database.write() as session:
            row = visible_household(self, session, household, Permission.ERASE)
            if row.legal_hold:
                raise Conflict(
                    N_(
                        "household {code} is under a legal hold ({reason}); "
                        "release the hold first (lw privacy release {code})"
                    ),
                    code=row.code,
                    reason=row.legal_hold,
                )
            assert row.id is not None
            key, code, office, controller = row.id, row.code, row.office, row.controller
            session.expunge(row)
            counts = dict(sorted(erase_households(session, [key]).items()))
            session.add(
                DeletionLog(
                    at=self.context.now(),
                    office=office,
                    controller=controller,
                    reason="erasure",
                    staff=self.actor.key,
                    counts=counts,
                )
            )
            trail.append(
                self.context,
                session,
                "erase",
                self.kind,
                office,
                record_id=key,
                records=sum(counts.values()),
                household_codes=[code],
                detail="erasure",
            )
        self.database.forget_freed_pages()
        return Erasure(code, office, controller, counts)
