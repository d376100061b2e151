"""Add an office plugin to the workspace's root ``pyproject.toml``, keeping the file as it is.

The root ``pyproject.toml`` is not a settings file: its comments, order and
layout belong to the people who edit it, so it is never rewritten by a TOML
writer. The new lines go in by text, in alphabetical place, and the result is
parsed again and compared with the old file: it must say exactly what the old
one said plus the new plugin, or nothing is written.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

_HEADER = re.compile(r"^\s*\[")
_ITEM = re.compile(r'^(?P<indent>\s*)"(?P<name>[^"]*)"\s*,?\s*(#.*)?$')
_KEY = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)\s*=")


class PyprojectError(ValueError):
    """The root pyproject.toml has not the shape this module can edit safely."""


def mentions(text: str, distribution: str) -> bool:
    """True when the dev group or ``[tool.uv.sources]`` already names ``distribution``."""
    data = tomllib.loads(text)
    dev = data.get("dependency-groups", {}).get("dev", [])
    sources = data.get("tool", {}).get("uv", {}).get("sources", {})
    return distribution in sources or any(
        isinstance(item, str) and re.split(r"[\s<>=!~;\[]", item, maxsplit=1)[0] == distribution
        for item in dev
    )


def add_member(text: str, distribution: str) -> str:
    """``text`` with ``distribution`` in the dev group and in ``[tool.uv.sources]``."""
    lines = text.splitlines(keepends=True)
    lines = _add_dev_dependency(lines, distribution)
    lines = _add_source(lines, distribution)
    changed = "".join(lines)
    _check(text, changed, distribution)
    return changed


def _table(lines: list[str], header: str) -> tuple[int, int]:
    """The line range of a table's body: after its header, up to the next header."""
    for index, line in enumerate(lines):
        if line.strip() == header:
            end = next(
                (i for i in range(index + 1, len(lines)) if _HEADER.match(lines[i])), len(lines)
            )
            return index + 1, end
    raise PyprojectError(f"no {header} table")


def _add_dev_dependency(lines: list[str], distribution: str) -> list[str]:
    start, end = _table(lines, "[dependency-groups]")
    opening = next(
        (i for i in range(start, end) if re.match(r"^dev\s*=\s*\[\s*(#.*)?$", lines[i])), None
    )
    if opening is None:
        raise PyprojectError("no multi-line dev = [ ... ] in [dependency-groups]")
    closing = next((i for i in range(opening + 1, end) if lines[i].strip() == "]"), None)
    if closing is None:
        raise PyprojectError("the dev group's closing ] is not on a line of its own")
    items = [(i, _ITEM.match(lines[i])) for i in range(opening + 1, closing)]
    matched = [(i, match) for i, match in items if match is not None]
    indent = matched[0][1]["indent"] if matched else "    "
    position = next(
        (i for i, match in matched if match["name"].lower() > distribution.lower()), closing
    )
    if position == closing and matched and not lines[matched[-1][0]].rstrip().endswith(","):
        raise PyprojectError("the dev group's last entry has no trailing comma")
    return [*lines[:position], f'{indent}"{distribution}",\n', *lines[position:]]


def _add_source(lines: list[str], distribution: str) -> list[str]:
    entry = f"{distribution} = {{ workspace = true }}\n"
    try:
        start, end = _table(lines, "[tool.uv.sources]")
    except PyprojectError:
        ending = "" if not lines or lines[-1].endswith("\n") else "\n"
        return [*lines, f"{ending}\n[tool.uv.sources]\n", entry]
    keys = [(i, match) for i in range(start, end) if (match := _KEY.match(lines[i]))]
    position = next((i for i, match in keys if match["name"] > distribution), None)
    if position is None:
        position = keys[-1][0] + 1 if keys else start
    return [*lines[:position], entry, *lines[position:]]


def _check(old: str, new: str, distribution: str) -> None:
    """The new file must parse and differ from the old only by the new plugin."""
    try:
        parsed = tomllib.loads(new)
    except tomllib.TOMLDecodeError as error:
        raise PyprojectError(f"the edit would not parse ({error})") from None
    expected: dict[str, Any] = tomllib.loads(old)
    expected.setdefault("dependency-groups", {}).setdefault("dev", []).append(distribution)
    sources = expected.setdefault("tool", {}).setdefault("uv", {}).setdefault("sources", {})
    sources[distribution] = {"workspace": True}
    dev = parsed.get("dependency-groups", {}).get("dev", [])
    if sorted(dev, key=str) != sorted(expected["dependency-groups"]["dev"], key=str):
        raise PyprojectError("the edit would change the dev group otherwise")
    parsed["dependency-groups"]["dev"] = expected["dependency-groups"]["dev"]
    if parsed != expected:
        raise PyprojectError("the edit would change more than the new plugin")
