"""Pieces every table shares."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Field, SQLModel

from lwcore.db.types import TextList, UTCDateTime

#: Longest free text in a record (a note, a description). Long enough for a
#: real note, short enough that nobody stores a document in a note field.
NOTE_LENGTH = 2000
#: Minutes of a round table may be longer.
MINUTES_LENGTH = 20000
KEY_LENGTH = 40

# Named constraints, so migrations can alter them on SQLite and PostgreSQL alike.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
NAME_LENGTH = 120


def timestamp(*, nullable: bool = False, index: bool = False) -> Any:
    """An aware, UTC-stored datetime column."""
    return Field(
        default=None if nullable else ..., sa_type=UTCDateTime, index=index, nullable=nullable
    )


def code_list() -> Any:
    """A short JSON list of codes (languages, topics, weekdays)."""
    return Field(default_factory=list, sa_type=TextList)


def check(column: str, values: tuple[str, ...]) -> str:
    """A CHECK constraint text: the column holds one of ``values``."""
    allowed = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({allowed})"


class RandomRecordKey(FunctionElement[int]):
    """A fresh record key, uniform in [0, 2**31), drawn by the database on insert.

    A server default, so every way a row is written gets one: the ORM, Core
    inserts, the demo's COPY, a migration's INSERT ... SELECT.
    """

    type = Integer()
    name = "random_record_key"
    inherit_cache = True


@compiles(RandomRecordKey, "sqlite")
def _sqlite_record_key(element: RandomRecordKey, compiler: SQLCompiler, **kw: Any) -> str:
    return "(random() & 2147483647)"  # the low 31 bits of a random 64-bit integer


@compiles(RandomRecordKey, "postgresql")
def _postgresql_record_key(element: RandomRecordKey, compiler: SQLCompiler, **kw: Any) -> str:
    return "(floor(random() * 2147483648))::integer"


def record_key() -> Any:
    """The ``cell_key`` column of a counted record: its fixed random key for the
    cell key method of the statistics (lwcore.services.perturbation)."""
    return Field(
        default=None, nullable=False, sa_column_kwargs={"server_default": RandomRecordKey()}
    )


class Versioned(SQLModel):
    """A mutable record: ``version`` grows with every save, so a save based on
    an older version (a colleague saved in between) is detected, not lost."""

    version: int = Field(default=1)


class Stamped(Versioned):
    created_at: datetime = timestamp()
    updated_at: datetime = timestamp()
