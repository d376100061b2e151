"""Households: the people the offices help, kept pseudonymous."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field, SQLModel

from lwcore.db.models.base import KEY_LENGTH, Stamped, check, code_list, record_key

CONTROLLERS = ("city", "welfare")
#: A household's own note: what the office needs to remember, not a case history.
HOUSEHOLD_NOTE_LENGTH = 500
CODE_LENGTH = 20


class Household(Stamped, table=True):
    """A household the office works with.

    Only what the work needs: a pseudonymous code, a first name or initials to
    greet people by, district, languages, household size and the date they
    moved into their flat (optionally adults and children, and a short
    note). ``controller`` says which of the tandem's two
    employers is responsible for the record under data-protection law.
    ``legal_hold`` (a reason) keeps the record past its retention period
    while a legal matter needs it.
    """

    __tablename__ = "household"
    __table_args__ = (
        CheckConstraint(check("controller", CONTROLLERS), name="controller"),
        # Prefix search (LIKE 'abc%') uses these on both engines: SQLite with
        # case_sensitive_like on, PostgreSQL with text_pattern_ops.
        Index(
            "household_office_search",
            "office",
            "search_key",
            postgresql_ops={"search_key": "text_pattern_ops"},
        ),
        Index("household_code_search", "code", postgresql_ops={"code": "text_pattern_ops"}),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=CODE_LENGTH, unique=True)  # pseudonymous, e.g. "BR-7K4Q2M"
    office: str = Field(max_length=KEY_LENGTH, index=True)
    controller: str = Field(max_length=10)
    label: str = Field(max_length=40)
    search_key: str = Field(max_length=40, description="label.casefold(), for prefix search")
    district: str = Field(max_length=40)
    languages: list[str] = code_list()
    members: int = Field(default=1)
    moved_in: date | None = None
    adults: int | None = None
    children: int | None = None
    note: str = Field(default="", max_length=HOUSEHOLD_NOTE_LENGTH)
    legal_hold: str | None = Field(
        default=None, max_length=200, description="why the record must be kept; stops the purge"
    )
    #: Random, fixed: the household's key when the statistics count households
    #: (the cell key method, lwcore.services.perturbation).
    cell_key: int | None = record_key()


class HouseholdTerm(SQLModel, table=True):
    """The search index of a household's label: one row per word, spelled two ways.

    A word is stored folded to plain ASCII (``aydin`` for Aydın, ``muller`` for
    Müller) and as its sound (``#MHMT`` for Mohammed, Muhammad and Mohamad), so
    a prefix or an exact match on one indexed column finds the spelling
    variants of names transliterated from Arabic, Persian or Turkish, on
    SQLite and PostgreSQL alike (see lwcore.services.name_keys).
    """

    __tablename__ = "household_term"
    __table_args__ = (
        # Covering and in the order the search reads: prefix ranges and exact
        # sounds come straight out of the index, ties broken by household.
        Index(
            "household_term_search",
            "office",
            "term",
            "household_id",
            postgresql_ops={"term": "text_pattern_ops"},
        ),
    )

    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", primary_key=True)
    term: str = Field(max_length=KEY_LENGTH, primary_key=True)
    office: str = Field(max_length=KEY_LENGTH)


class HouseholdAlias(SQLModel, table=True):
    """The code of a household merged into another: papers and the audit trail
    still name it, so it keeps leading to the household it became."""

    __tablename__ = "household_alias"

    code: str = Field(max_length=CODE_LENGTH, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE", index=True)
