"""Households: register at the first visit, find without duplicates, correct, merge,
hand over to another office."""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func, select

from lwcore.db.models import Household
from lwcore.db.models.households import CONTROLLERS, HOUSEHOLD_NOTE_LENGTH
from lwcore.i18n import N_
from lwcore.services import household_moves
from lwcore.services.access import Permission
from lwcore.services.base import Service, load_versioned, save_versioned
from lwcore.services.checks import Checks
from lwcore.services.consents import ConsentRequest, add_consent, check_consent_request
from lwcore.services.household_lookup import visible_household
from lwcore.services.household_records import HouseholdRecord, household_record
from lwcore.services.household_search import (
    MIN_SEARCH_LENGTH,
    SEARCH_LIMIT,
    SIMILAR_LIMIT,
    HouseholdHit,
    find_households,
    similar_households,
    write_terms,
)
from lwcore.services.revisions import KEEP, Keep, add_revision, differences

__all__ = [
    "CODE_ALPHABET",
    "HouseholdHit",
    "HouseholdRecord",
    "HouseholdService",
    "household_code",
    "search_key",
]

_H = Household.__table__.c  # type: ignore[attr-defined]

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
LABEL_LENGTH = 40
#: A family may be registered shortly before the move; further ahead is a typing error.
MOVED_IN_AHEAD_DAYS = 366


def household_code(office: str, rng: random.Random | None = None) -> str:
    """A pseudonymous code like ``BR-7K4Q2M``: says nothing about the person."""
    choose = rng.choice if rng else secrets.choice
    return f"{office[:2].upper()}-" + "".join(choose(CODE_ALPHABET) for _ in range(6))


def search_key(label: str) -> str:
    return label.strip().casefold()


class HouseholdFields:
    """Checks of a household's own fields, shared by registering and correcting."""

    def __init__(self, checks: Checks, office: str, today: date) -> None:
        self.checks = checks
        self.entry = checks.office("office", office)
        self.office = office
        self.today = today

    def label(self, value: str) -> str:
        return self.checks.text("label", value, LABEL_LENGTH, required=True)

    def district(self, value: str) -> str:
        if self.entry is not None and value not in self.entry.office.districts:
            self.checks.fail(
                "district",
                N_("{district!r} is not a district of {office} ({known})"),
                district=value,
                office=self.office,
                known=", ".join(self.entry.office.districts),
            )
        return value

    def languages(self, values: Sequence[str]) -> list[str]:
        if isinstance(values, str):
            self.checks.fail("languages", N_("give a list of language codes"))
            return []
        codes = list(dict.fromkeys(self.checks.languages("languages", values)))
        if not codes:
            self.checks.fail("languages", N_("name at least one language"))
        return codes

    def moved_in(self, value: date | str | None) -> date | None:
        if value is None or value == "":
            return None
        moved = self.checks.date("moved_in", value)
        if moved is not None and (moved - self.today).days > MOVED_IN_AHEAD_DAYS:
            self.checks.fail("moved_in", N_("lies more than a year in the future"))
        return moved

    def count(self, field: str, value: int | None, *, low: int = 0) -> int | None:
        if value is None:
            return None
        return self.checks.number(field, value, low=low, high=30)

    def note(self, value: str) -> str:
        return self.checks.text("note", value, HOUSEHOLD_NOTE_LENGTH)


def _members(adults: int | None, children: int | None, members: int | None) -> int:
    if adults is not None or children is not None:
        return max(1, (adults or 0) + (children or 0))
    return members or 1


class HouseholdService(Service):
    kind = N_("household")

    def create(
        self,
        *,
        office: str,
        label: str,
        district: str,
        languages: list[str],
        members: int | None = None,
        moved_in: date | str | None = None,
        controller: str = "city",
        adults: int | None = None,
        children: int | None = None,
        note: str = "",
        consents: Sequence[ConsentRequest] = (),
    ) -> HouseholdRecord:
        """Register a household, and the consents it gives right there, in one transaction.

        Fields are named as the parameters; a consent's as ``consents[0].text_version``.
        ``members`` is adults plus children when either is given.
        """
        checks = self.context.checks()
        today = self.context.today()
        fields = HouseholdFields(checks, office, today)
        label = fields.label(label)
        fields.district(district)
        codes = fields.languages(languages)
        grown = fields.count("adults", adults)
        young = fields.count("children", children)
        if members is not None:
            fields.count("members", members, low=1)
        checks.choice("controller", controller, CONTROLLERS)
        moved = fields.moved_in(moved_in)
        note = fields.note(note)
        known = office if fields.entry is not None else None
        checked = [
            check_consent_request(checks, known, request, today, f"consents[{index}].")
            for index, request in enumerate(consents)
        ]
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
            members=_members(grown, young, members),
            adults=grown,
            children=young,
            moved_in=moved,
            note=note,
            created_at=now,
            updated_at=now,
        )
        with self.database.write() as session:
            session.add(household)
            session.flush()
            assert household.id is not None
            write_terms(session, household.id, office, label)
            for consent in checked:
                assert consent is not None
                add_consent(
                    session,
                    consent,
                    office=office,
                    household_id=household.id,
                    recorded_by=self.actor.key,
                    now=now,
                )
            self.audit_change(
                session,
                office,
                action="create",
                record_id=household.id,
                household_ids=[household.id],
                detail=f"{len(checked)} consents" if checked else "",
            )
            return household_record(household)

    def correct(
        self,
        household_id: int,
        expected_version: int,
        *,
        reason: str = "",
        label: str | Keep = KEEP,
        district: str | Keep = KEEP,
        languages: list[str] | Keep = KEEP,
        moved_in: date | str | Keep | None = KEEP,
        adults: int | Keep | None = KEEP,
        children: int | Keep | None = KEEP,
        note: str | Keep = KEEP,
    ) -> HouseholdRecord:
        """Correct the household's own data; the earlier values are kept as a revision.

        Only the fields given change; nothing to change is no revision.
        """
        checks = self.context.checks()
        why = checks.text("reason", reason, 2000)
        with self.database.write() as session:
            row = visible_household(self, session, household_id, Permission.CHANGE)
            load_versioned(session, Household, household_id, expected_version, self.kind)
            fields = HouseholdFields(checks, row.office, self.context.today())
            wanted: dict[str, Any] = {}
            if not isinstance(label, Keep):
                wanted["label"] = fields.label(label)
            if not isinstance(district, Keep):
                wanted["district"] = fields.district(district)
            if not isinstance(languages, Keep):
                wanted["languages"] = fields.languages(languages)
            if not isinstance(moved_in, Keep):
                wanted["moved_in"] = fields.moved_in(moved_in)
            if not isinstance(adults, Keep):
                wanted["adults"] = fields.count("adults", adults)
            if not isinstance(children, Keep):
                wanted["children"] = fields.count("children", children)
            if not isinstance(note, Keep):
                wanted["note"] = fields.note(note)
            checks.done()
            current = {name: getattr(row, name) for name in wanted}
            changes = differences(current, wanted)
            if not changes:
                return household_record(row)
            values = {name: wanted[name] for name in changes}
            if "label" in values:
                values["search_key"] = search_key(values["label"])
                write_terms(session, household_id, row.office, values["label"])
            if "adults" in values or "children" in values:
                grown = values.get("adults", row.adults)
                young = values.get("children", row.children)
                values["members"] = _members(grown, young, row.members)
            add_revision(
                self.context,
                session,
                office=row.office,
                kind=self.kind,
                record_id=household_id,
                household_id=household_id,
                action="correct",
                changes=changes,
                reason=why,
            )
            save_versioned(session, row, expected_version, self.kind, self.context.now(), **values)
            self.audit_change(
                session,
                row.office,
                record_id=household_id,
                household_ids=[household_id],
                detail="corrected " + ", ".join(sorted(changes)),
            )
            return household_record(row)

    def merge(
        self,
        keep_id: int,
        keep_version: int,
        duplicate_id: int,
        duplicate_version: int,
        *,
        reason: str,
    ) -> HouseholdRecord:
        """Two registrations of the same family become one (see lwcore.services.household_moves)."""
        kept = household_moves.merge(
            self, keep_id, keep_version, duplicate_id, duplicate_version, reason=reason
        )
        return household_record(kept)

    def hand_over(
        self,
        household_id: int,
        expected_version: int,
        *,
        to_office: str,
        district: str,
        consent: ConsentRequest,
    ) -> HouseholdRecord:
        """The family moved to another office's district (see lwcore.services.household_moves)."""
        moved = household_moves.hand_over(
            self,
            household_id,
            expected_version,
            to_office=to_office,
            district=district,
            consent=consent,
        )
        return household_record(moved)

    def set_legal_hold(
        self, household_id: int, expected_version: int, reason: str | None
    ) -> HouseholdRecord:
        """Keep a household past its retention period (``reason``), or release it (None).

        Office leads only: a hold is a decision about the record, not daily work.
        """
        checks = self.context.checks()
        text = None if reason is None else checks.text("reason", reason, 200, required=True)
        checks.done()
        with self.database.write() as session:
            visible_household(self, session, household_id, Permission.HOLD)
            row = load_versioned(session, Household, household_id, expected_version, self.kind)
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
            return household_record(row)

    def count(self, office: str | None = None) -> int:
        """How many households are stored (in one office, or in all): a number, no
        personal data, so anyone may ask (the TUI offers demo data when it is 0)."""
        query = select(func.count()).select_from(Household.__table__)  # type: ignore[attr-defined]
        if office is not None:
            query = query.where(_H.office == office)
        with self.database.reading() as connection:
            return int(connection.execute(query).scalar_one())

    def get(self, household_id: int) -> HouseholdRecord:
        with self.database.read() as session:
            row = visible_household(self, session, household_id, Permission.READ)
        self.audit_read(row.office, record_id=household_id, household_ids=[household_id])
        return household_record(row)

    def find(self, code: str) -> HouseholdRecord:
        """The household with this code, or with a household merged into it that had it."""
        with self.database.read() as session:
            row = visible_household(self, session, code, Permission.READ)
        self.audit_read(row.office, record_id=row.id, household_ids=[row.id], detail="by code")
        return household_record(row)

    def search(self, office: str, text: str, *, limit: int = SEARCH_LIMIT) -> list[HouseholdHit]:
        """Households of ``office`` by code prefix, by the start of a word of their
        label, or by a name that sounds alike (lwcore.services.name_keys); best first."""
        self.require(Permission.READ, office)
        with self.database.reading() as connection:
            hits = find_households(connection, office, text, limit)
        if len(text.strip()) >= MIN_SEARCH_LENGTH:  # shorter text is no search
            self.audit_read(
                office, records=len(hits), household_ids=[hit.id for hit in hits], detail="search"
            )
        return hits

    def similar(self, office: str, label: str, *, limit: int = SIMILAR_LIMIT) -> list[HouseholdHit]:
        """Households of ``office`` that may be the family about to be registered as
        ``label``: spelled alike or sounding alike, most alike first."""
        self.require(Permission.READ, office)
        with self.database.reading() as connection:
            hits = similar_households(connection, office, label, limit)
        self.audit_read(
            office, records=len(hits), household_ids=[hit.id for hit in hits], detail="similar"
        )
        return hits
