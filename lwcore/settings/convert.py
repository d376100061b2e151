"""TOML data into attrs classes, strictly.

cattrs does the structuring; this module makes it strict (a string where a
number belongs is an error, not ``int("5")``), forbids unknown keys, and turns
cattrs' nested exceptions into one message per problem with the key's path
(``partners[0].languages``).
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import mapping_structure_factory
from cattrs.errors import ForbiddenExtraKeysError

from lwcore.records import InvalidValue
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


def _is_list(kind: object) -> bool:
    """``tuple[X, ...]``: a TOML array of any length."""
    arguments = get_args(kind)
    return get_origin(kind) is tuple and len(arguments) == 2 and arguments[1] is Ellipsis


def _is_table(kind: object) -> bool:
    """``dict[K, V]``, or a settings class (a TOML table)."""
    return get_origin(kind) is dict or (isinstance(kind, type) and attrs.has(kind))


def _is_literal(kind: object) -> bool:
    return get_origin(kind) is Literal


def _shape_checked(converter: cattrs.Converter) -> None:
    """A list or table must be one: cattrs would split ``"brackel"`` into letters
    and call ``.items()`` on a number; a Literal names its allowed values."""

    def structure_list(value: object, kind: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise TypeError(f"expected a list, got {_shown(value)}")
        return converter._structure_tuple(value, kind)

    tables: dict[Any, Any] = {}

    def structure_table(value: object, kind: Any) -> Any:
        if not isinstance(value, dict):
            raise TypeError(f"expected a table, got {_shown(value)}")
        if kind not in tables:  # made here, not registered: this hook stays the one used
            tables[kind] = (
                converter.gen_structure_attrs_fromdict(kind)
                if attrs.has(kind)
                else mapping_structure_factory(
                    kind, converter, dict, detailed_validation=converter.detailed_validation
                )
            )
        return tables[kind](value, kind)

    def structure_literal(value: object, kind: Any) -> object:
        allowed = get_args(kind)
        if isinstance(value, str) and value in allowed:
            return value
        raise TypeError(f"expected one of {', '.join(map(str, allowed))}, got {_shown(value)}")

    converter.register_structure_hook_func(_is_list, structure_list)
    converter.register_structure_hook_func(_is_table, structure_table)
    converter.register_structure_hook_func(_is_literal, structure_literal)


def _shown(value: object) -> str:
    kind = {str: "text", int: "a number", float: "a number", bool: "true or false"}.get(
        type(value), type(value).__name__
    )
    return f"{kind} {value!r}" if isinstance(value, str | int | float) else kind


def make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    _shape_checked(converter)
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


def _describe(exc: BaseException) -> tuple[str | None, str]:
    """(field the error names, if any; message) of one leaf error.

    Validators of the records raise InvalidValue; attrs' own validators pass
    the Attribute as their second argument. Either way the field is known.
    """
    if isinstance(exc, KeyError):
        return None, "required key is missing"
    if isinstance(exc, InvalidValue):
        return exc.field, exc.message
    if isinstance(exc, ValueError | TypeError):
        if len(exc.args) >= 2 and isinstance(exc.args[1], attrs.Attribute):
            return exc.args[1].name, str(exc.args[0])
        return None, str(exc)
    return None, f"{type(exc).__name__}: {exc}"


def _walk(exc: BaseException, path: str, out: list[tuple[str, str]]) -> None:
    """Flatten cattrs' exception groups into (key path, message) pairs."""
    if isinstance(exc, ForbiddenExtraKeysError):
        for extra in sorted(exc.extra_fields):
            out.append((f"{path}.{extra}".lstrip("."), "unknown key"))
        return
    if isinstance(exc, cattrs.ClassValidationError):
        with_notes, others = exc.group_exceptions()
        for inner, attribute in with_notes:
            _walk(inner, f"{path}.{attribute.name}", out)
        for inner in others:  # raised by the class itself: its attrs validators
            _walk(inner, path, out)
        return
    if isinstance(exc, cattrs.IterableValidationError):
        with_index, others = exc.group_exceptions()
        for inner, item in with_index:
            # A table of tables (``[staff.anna]``) is keyed by name: staff.anna.role.
            key = f".{item.index}" if isinstance(item.index, str) else f"[{item.index}]"
            _walk(inner, f"{path}{key}", out)
        for inner in others:
            _walk(inner, path, out)
        return
    if isinstance(exc, ExceptionGroup):
        for inner in exc.exceptions:
            _walk(inner, path, out)
        return
    field, message = _describe(exc)
    if field:
        path = f"{path}.{field}"
    out.append((path.lstrip("."), message))


def structure(data: dict[str, Any], cls: type[T], *, path: Path | str, key_prefix: str = "") -> T:
    """Build ``cls`` from ``data``, or raise SettingsError naming every bad key."""
    try:
        return CONVERTER.structure(data, cls)
    except RecursionError:
        raise SettingsError(path, "nested too deeply") from None
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
