"""Households: create, look up, search as staff type."""

from __future__ import annotations

import random
import secrets
from datetime import date

from attrs import frozen
from sqlalchemy import Integer, bindparam, func, select, union_all

from lwcore.db.models import Household
from lwcore.db.models.households import CONTROLLERS
from lwcore.services.access import Permission
from lwcore.services.base import Service, load_versioned, save_versioned

_H = Household.__table__.c  # type: ignore[attr-defined]
_LIMIT = bindparam("limit", type_=Integer())
_COLUMNS = (_H.id, _H.code, _H.label, _H.district, _H.languages, _H.search_key)

#: Name or code prefix, in one round trip; each half uses its own index.
SEARCH = union_all(
    select(*_COLUMNS)
    .where(_H.office == bindparam("office"), _H.search_key.like(bindparam("name")))
    .order_by(_H.search_key, _H.id)
    .limit(_LIMIT)
    .subquery()
    .select(),
    select(*_COLUMNS)
    .where(_H.code.like(bindparam("code")), _H.office == bindparam("office"))
    .limit(_LIMIT)
    .subquery()
    .select(),
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
SEARCH_LIMIT = 20


def household_code(office: str, rng: random.Random | None = None) -> str:
    """A pseudonymous code like ``BR-7K4Q2M``: says nothing about the person."""
    choose = rng.choice if rng else secrets.choice
    return f"{office[:2].upper()}-" + "".join(choose(CODE_ALPHABET) for _ in range(6))


def search_key(label: str) -> str:
    return label.strip().casefold()


def _prefix(text: str) -> str:
    """User input as a LIKE prefix: wildcards removed, so the index can be used."""
    return "".join(ch for ch in text if ch not in "%_\\")


@frozen
class HouseholdHit:
    """A search result: enough to pick the right household, nothing more."""

    id: int
    code: str
    label: str
    district: str
    languages: tuple[str, ...]


class HouseholdService(Service):
    kind = "household"

    def create(
        self,
        *,
        office: str,
        label: str,
        district: str,
        languages: list[str],
        members: int = 1,
        moved_in: date | str | None = None,
        controller: str = "city",
    ) -> Household:
        checks = self.context.checks()
        entry = checks.office("office", office)
        label = checks.text("label", label, 40, required=True)
        if entry is not None and district not in entry.office.districts:
            checks.fail("district", f"{district!r} is not a district of {office}")
        codes = checks.languages("languages", languages)
        if not codes:
            checks.fail("languages", "name at least one language")
        checks.number("members", members, low=1, high=30)
        checks.choice("controller", controller, CONTROLLERS)
        moved = checks.date("moved_in", moved_in) if moved_in is not None else None
        if moved is not None and moved > self.context.today():
            checks.fail("moved_in", "lies in the future")
        checks.done()
        self.require(Permission.CHANGE, office)
        now = self.context.now()
        household = Household(
            code=household_code(office),
            office=office,
            controller=controller,
            label=label,
            search_key=search_key(label),
            district=district,
            languages=codes,
            members=members,
            moved_in=moved,
            created_at=now,
            updated_at=now,
        )
        with self.database.write() as session:
            session.add(household)
            session.flush()
            self.audit_change(
                session,
                office,
                action="create",
                record_id=household.id,
                household_ids=[household.id],
            )
        return household

    def set_legal_hold(
        self, household_id: int, expected_version: int, reason: str | None
    ) -> Household:
        """Keep a household past its retention period (``reason``), or release it (None).

        Office leads only: a hold is a decision about the record, not daily work.
        """
        checks = self.context.checks()
        text = None if reason is None else checks.text("reason", reason, 200, required=True)
        checks.done()
        with self.database.write() as session:
            row = load_versioned(session, Household, household_id, expected_version, self.kind)
            self.require(Permission.HOLD, row.office, household_id)
            save_versioned(
                session, row, expected_version, self.kind, self.context.now(), legal_hold=text
            )
            self.audit_change(
                session,
                row.office,
                record_id=household_id,
                household_ids=[household_id],
                detail="legal hold set" if text else "legal hold released",
            )
            return row

    def count(self, office: str | None = None) -> int:
        """How many households are stored (in one office, or in all): a number, no
        personal data, so anyone may ask (the TUI offers demo data when it is 0)."""
        query = select(func.count()).select_from(Household.__table__)  # type: ignore[attr-defined]
        if office is not None:
            query = query.where(_H.office == office)
        with self.database.reading() as connection:
            return int(connection.execute(query).scalar_one())

    def get(self, household_id: int) -> Household:
        with self.database.read() as session:
            row = self.load(session, Household, household_id, Permission.READ)
        self.audit_read(row.office, record_id=household_id, household_ids=[household_id])
        return row

    def search(self, office: str, text: str, *, limit: int = SEARCH_LIMIT) -> list[HouseholdHit]:
        """Households of ``office`` whose name or code starts with ``text``."""
        self.require(Permission.READ, office)
        prefix = _prefix(text.strip())
        if not prefix:
            return []
        parameters = {
            "office": office,
            "name": f"{search_key(prefix)}%",
            "code": f"{prefix.upper()}%",
            "limit": limit,
        }
        with self.database.reading() as connection:
            rows = connection.execute(SEARCH, parameters).all()
        found = {row[0]: row for row in rows}  # a name may also match as a code
        ordered = sorted(found.values(), key=lambda row: (row[5], row[1]))[:limit]
        self.audit_read(
            office,
            records=len(ordered),
            household_ids=[row[0] for row in ordered],
            detail="search",
        )
        return [
            HouseholdHit(key, code, label, district, tuple(languages))
            for key, code, label, district, languages, _key in ordered
        ]
