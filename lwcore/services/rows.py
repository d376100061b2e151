"""Stored rows turned into the frozen records the services hand out, so the
TUI and the CLI never hold (or lazily load through) a database object."""

from __future__ import annotations

from typing import Any, TypeVar

import attrs
from attrs import AttrsInstance

R = TypeVar("R", bound=AttrsInstance)


def record_of(record_type: type[R], row: object, **given: Any) -> R:
    """``record_type`` with each field read off ``row`` by name; a list becomes a
    tuple, so the record cannot be changed through it. ``given`` supplies fields
    the row does not have (or overrides them)."""
    values: dict[str, Any] = {}
    for field in attrs.fields(record_type):
        if field.name in given:
            continue
        value = getattr(row, field.name)
        values[field.name] = tuple(value) if isinstance(value, list) else value
    return record_type(**values, **given)
