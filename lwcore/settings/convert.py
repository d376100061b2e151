"""TOML data into attrs classes, strictly.

cattrs does the structuring; this module makes it strict (a string where a
number belongs is an error, not ``int("5")``), forbids unknown keys, and turns
cattrs' nested exceptions into one message per problem with the key's path
(``partners[0].languages``).
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

import cattrs
from cattrs.errors import ForbiddenExtraKeysError

from lwcore.settings.errors import SettingsError, SettingsErrors

T = TypeVar("T")


def _strict(kind: type, name: str) -> Any:
    def structure(value: object, _type: type) -> object:
        # bool is a subclass of int: ``count = true`` must not pass as 1.
        if isinstance(value, kind) and not (kind is not bool and isinstance(value, bool)):
            return value
        raise TypeError(f"expected {name}, got {type(value).__name__} {value!r}")

    return structure


def _structure_date(value: object, _type: type) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise TypeError(f"expected a date like 2016-10-10, got {value!r}")


def _structure_time(value: object, _type: type) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        try:
            return time.fromisoformat(value)
        except ValueError:
            pass
    raise TypeError(f"expected a time like 09:30:00, got {value!r}")


def _unstructure_time(value: time) -> time:
    return value


def make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(str, _strict(str, "text"))
    converter.register_structure_hook(int, _strict(int, "a whole number"))
    converter.register_structure_hook(float, _strict((int, float), "a number"))  # type: ignore[arg-type]
    converter.register_structure_hook(bool, _strict(bool, "true or false"))
    converter.register_structure_hook(date, _structure_date)
    converter.register_structure_hook(time, _structure_time)
    # TOML has native dates and times: leave them for tomli-w to write as such.
    converter.register_unstructure_hook(date, lambda value: value)
    converter.register_unstructure_hook(time, _unstructure_time)
    return converter


CONVERTER = make_converter()


def _describe(exc: BaseException) -> str:
    if isinstance(exc, KeyError):
        return "required key is missing"
    if isinstance(exc, ValueError | TypeError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _walk(exc: BaseException, path: str, out: list[tuple[str, str]]) -> None:
    """Flatten cattrs' exception groups into (key path, message) pairs."""
    if isinstance(exc, ForbiddenExtraKeysError):
        for extra in sorted(exc.extra_fields):
            out.append((f"{path}.{extra}".lstrip("."), "unknown key"))
        return
    if isinstance(exc, cattrs.ClassValidationError):
        for inner, note in exc.group_exceptions():
            _walk(inner, f"{path}.{note.name}", out)
        return
    if isinstance(exc, cattrs.IterableValidationError):
        for inner, note in exc.group_exceptions():
            _walk(inner, f"{path}[{note.index}]", out)
        return
    if isinstance(exc, ExceptionGroup):
        for inner in exc.exceptions:
            _walk(inner, path, out)
        return
    out.append((path.lstrip("."), _describe(exc)))


def structure(data: dict[str, Any], cls: type[T], *, path: Path | str, key_prefix: str = "") -> T:
    """Build ``cls`` from ``data``, or raise SettingsError naming every bad key."""
    try:
        return CONVERTER.structure(data, cls)
    except Exception as exc:  # cattrs wraps whatever the classes raise
        found: list[tuple[str, str]] = []
        _walk(exc, key_prefix, found)
        errors = [SettingsError(path, message, key=key or None) for key, message in found]
        if not errors:
            raise SettingsError(path, str(exc)) from None
        raise (errors[0] if len(errors) == 1 else SettingsErrors(errors)) from None


def unstructure(value: object) -> dict[str, Any]:
    """The TOML-ready dict of an attrs settings object (inverse of ``structure``)."""
    result = CONVERTER.unstructure(value)
    assert isinstance(result, dict)
    return result
