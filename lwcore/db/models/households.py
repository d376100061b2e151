"""Households: the people the offices help, kept pseudonymous."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Index
from sqlmodel import Field

from lwcore.db.models.base import KEY_LENGTH, Stamped, check, code_list

CONTROLLERS = ("city", "welfare")


class Household(Stamped, table=True):
    """A household the office works with.

    Only what the work needs: a pseudonymous code, a first name or initials to
    greet people by, district, languages, household size and the date they
    moved into their flat. ``controller`` says which of the tandem's two
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
    code: str = Field(max_length=20, unique=True)  # pseudonymous, e.g. "BR-7K4Q2M"
    office: str = Field(max_length=KEY_LENGTH, index=True)
    controller: str = Field(max_length=10)
    label: str = Field(max_length=40)
    search_key: str = Field(max_length=40, description="label.casefold(), for prefix search")
    district: str = Field(max_length=40)
    languages: list[str] = code_list()
    members: int = Field(default=1)
    moved_in: date | None = None
    legal_hold: str | None = Field(
        default=None, max_length=200, description="why the record must be kept; stops the purge"
    )
