"""Reading and writing settings files: tomllib in, tomli-w out, atomically."""

from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path
from typing import Any, TypeVar

import tomli_w

from lwcore.files import replace_text
from lwcore.settings.convert import structure, unstructure
from lwcore.settings.errors import SettingsError

T = TypeVar("T")

_POSITION = re.compile(r"^(?P<what>.*?)\s*\(at line (?P<line>\d+), column (?P<column>\d+)\)$")


def read_toml(path: Path) -> dict[str, Any]:
    """The file's TOML as a dict; a syntax error names the line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SettingsError(path, "file not found") from None
    except UnicodeDecodeError as error:
        raise SettingsError(path, f"not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise SettingsError(path, f"cannot be read: {error.strerror}") from None
    try:
        return tomllib.loads(text)
    except RecursionError:
        line, key = _deepest_start(text)
        raise SettingsError(path, "nested too deeply", key=key, line=line) from None
    except tomllib.TOMLDecodeError as error:
        match = _POSITION.match(str(error))
        if match is None:
            raise SettingsError(path, f"invalid TOML: {error}") from None
        line = int(match["line"])
        column = match["column"]
        raise SettingsError(
            path, f"invalid TOML: {match['what'].lower()} (column {column})", line=line
        ) from None


#: Brackets a settings value may open on one line before it counts as the one
#: nested too deeply (no real setting comes near).
_DEEP = 50


def _deepest_start(text: str) -> tuple[int | None, str | None]:
    """(line, key) of the first line that opens too many brackets, to name in the error."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.count("[") + line.count("{") > _DEEP:
            key, equals, _ = line.partition("=")
            return number, key.strip() if equals else None
    return None, None


def load(path: Path, cls: type[T]) -> T:
    """Read ``path`` and structure it into ``cls``."""
    return structure(read_toml(path), cls, path=path)


def write_toml(path: Path, data: dict[str, Any], *, header: str = "") -> None:
    """Write ``data`` with tomli-w, replacing the file only once it is fully written."""
    replace_text(path, header + tomli_w.dumps(data, multiline_strings=True))


def parse_value(text: str) -> Any:
    """A value typed on the command line, read as TOML (``5``, ``true``, ``["de", "ar"]``,
    ``2026-12-01``) and otherwise taken as plain text."""
    try:
        return tomllib.loads(f"value = {text}")["value"]
    except tomllib.TOMLDecodeError:
        return text


def _step(key: str) -> tuple[str, int | None]:
    match = re.fullmatch(r"(?P<name>[A-Za-z0-9_-]+)(?:\[(?P<index>\d+)\])?", key)
    if match is None:
        raise ValueError(f"{key!r} is not a settings key")
    index = match["index"]
    return match["name"], int(index) if index is not None else None


def set_key(data: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    """A copy of ``data`` with ``dotted`` (``address.street``, ``partners[2].contact``)
    set to ``value``. Tables on the way must exist; a list index must exist."""
    result = copy.deepcopy(data)
    node: Any = result
    parts = dotted.split(".")
    for position, part in enumerate(parts):
        name, index = _step(part)
        last = position == len(parts) - 1
        if not isinstance(node, dict):
            raise KeyError(".".join(parts[:position]))
        if last and index is None:
            node[name] = value
            break
        if name not in node:
            raise KeyError(".".join(parts[: position + 1]))
        node = node[name]
        if index is not None:
            if not isinstance(node, list) or index >= len(node):
                raise KeyError(".".join(parts[: position + 1]))
            if last:
                node[index] = value
                break
            node = node[index]
    return result


def update_file(path: Path, cls: type[T], dotted: str, value: Any, *, header: str = "") -> T:
    """Set one key in a settings file, check the result against ``cls``, then write it.

    Nothing is written when the new value does not validate.
    """
    data = read_toml(path)
    try:
        changed = set_key(data, dotted, value)
    except KeyError as missing:
        raise SettingsError(path, "no such key", key=str(missing.args[0])) from None
    except ValueError as error:
        raise SettingsError(path, str(error), key=dotted) from None
    settings = structure(changed, cls, path=path)
    write_toml(path, unstructure_for_file(settings, changed), header=header)
    return settings


def unstructure_for_file(settings: object, original: dict[str, Any]) -> dict[str, Any]:
    """What to write back: the validated values, in the file's own key order.

    Keys the file left to their defaults stay absent, so a rewrite does not
    fill the file with every default.
    """
    pruned: dict[str, Any] = _prune(unstructure(settings), original)
    return pruned


def _prune(full: Any, original: Any) -> Any:
    if isinstance(full, dict) and isinstance(original, dict):
        return {
            key: _prune(full[key], original[key])
            for key in original
            if key in full and full[key] is not None
        }
    if isinstance(full, list | tuple) and isinstance(original, list):
        return [_prune(new, old) for new, old in zip(full, original, strict=False)]
    if isinstance(full, tuple):
        return list(full)
    return full
