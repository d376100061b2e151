"""Households: the people the offices help, kept pseudonymous."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint
from sqlmodel import Field

from lwcore.db.models.base import KEY_LENGTH, Stamped, check, code_list

CONTROLLERS = ("city", "welfare")


class Household(Stamped, table=True):
    """A household the office works with.

    Only what the work needs: a pseudonymous code, a first name or initials to
    greet people by, district, languages, household size and the date they
    moved into their flat. ``controller`` says which of the tandem's two
    employers is responsible for the record under data-protection law.
    """

    __tablename__ = "household"
    __table_args__ = (CheckConstraint(check("controller", CONTROLLERS), name="controller"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, unique=True)
    office: str = Field(max_length=KEY_LENGTH, index=True)
    controller: str = Field(max_length=10)
    label: str = Field(max_length=40, index=True)
    district: str = Field(max_length=40)
    languages: list[str] = code_list()
    members: int = Field(default=1)
    moved_in: date | None = None
