"""The Core clauses of lwcore.db.tables describe the same tables as the models."""

from __future__ import annotations

import pytest
from sqlalchemy import String, TableClause
from sqlmodel import SQLModel

import lwcore.db.models  # noqa: F401  (registers every table)
from lwcore.db import tables


def _type_name(column_type: object) -> str:
    # SQLModel's AutoString is a String that picks its length itself.
    name = type(column_type).__name__
    return "String" if name == "AutoString" or isinstance(column_type, String) else name


@pytest.mark.parametrize("clause", tables.ALL, ids=lambda clause: clause.name)
def test_a_clause_has_every_column_of_its_table_with_its_type(clause: TableClause) -> None:
    model = SQLModel.metadata.tables[clause.name]
    assert [(c.name, _type_name(c.type)) for c in clause.columns] == [
        (c.name, _type_name(c.type)) for c in model.columns
    ]
