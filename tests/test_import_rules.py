"""Imports sit at the top of a module, except at a start-up edge.

An import inside a function hides a dependency from the reader and from the
import rules (.importlinter), and can hide an import circle. It is allowed
only where loading on first use keeps something fast or optional, and each
such edge is listed here with its reason; lwcore/__init__.py says the rule.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "lwcore"

#: (importer, imported, reason): patterns (fnmatch, ``*`` also spans dots) of
#: the imports allowed inside functions.
ALLOWED_EDGES: tuple[tuple[str, str, str], ...] = (
    ("lwcore.start", "lwcore.cli", "`lw CMD` loads the command parser, `lw` alone does not"),
    ("lwcore.start", "lwcore.tui", "`lw` alone loads the terminal UI, `lw CMD` does not"),
    ("lwcore.cli", "*", "the command group: `lw --help` loads no command and no data layer"),
    ("lwcore.cli.*", "*", "command modules load what a command needs when it runs"),
    ("lwcore.tui", "lwcore.tui.*", "the UI's language is set before screens are imported"),
    ("lwcore.tui.app", "lwcore.tui.commands", "the palette's commands load with the palette"),
    ("lwcore.tui.app", "lwcore.tui.palette", "the palette loads when first opened"),
    ("lwcore.tui.app", "lwcore.tui.screens.help", "the help screen loads at the first `?`"),
    ("lwcore.tui.app", "lwcore.tui.screens.office_switcher", "loads when first asked for"),
    ("lwcore.tui.app", "lwcore.tui.screens.case_file", "loads when a case file is first opened"),
    (
        "lwcore.tui.app",
        "lwcore.tui.screens.handbook",
        "the handbook (a Markdown viewer), when first opened from the help or the palette",
    ),
    ("lwcore.reports.labels", "lwcore.vocabulary", "Babel's locale data, after the first paint"),
    (
        "lwcore.reports.writing",
        "lwcore.reports*",
        "a report format's writer and its library (openpyxl, fpdf2) load only when asked for",
    ),
    ("lwcore.tui.app", "lwcore.tui.forms.household", "the registration form, when first opened"),
    ("lwcore.tui.backend", "lwcore.*", "the data side loads in a worker after the first paint"),
    ("lwcore.tui.*", "lwcore.services*", "services load in the back end's worker thread"),
    ("lwcore.tui.*", "lwcore.settings*", "settings load in the back end's worker thread"),
    ("lwcore.tui.screens.*", "lwcore.tui.forms.*", "a section's forms load when first opened"),
    ("lwcore", "importlib.metadata", "the version is read only when asked for"),
    (
        "lwcore.services",
        "lwcore.services.*",
        "a service loads at its first use: the Today screen needs the dashboard only",
    ),
    (
        "lwcore.db.engine",
        "sqlmodel",
        "ORM sessions (pydantic, the ORM) load with the first record read as an object",
    ),
    ("lwcore.schedule", "lwcore.schedule", "icalendar loads only for a calendar export"),
    (
        "lwcore.schedule.public_holidays",
        "holidays",
        "the holidays package (all its countries) only for a year not in the cache folder",
    ),
    ("*", "babel*", "Babel's locale data loads when a date is first formatted"),
    ("*", "alembic*", "Alembic loads only when a schema is checked or changed"),
    ("lwcore.db.opening", "lwcore.db*", "migrating (Alembic) and its backup only when needed"),
    (
        "lwcore.health.database",
        "lwcore.db",
        "`lw doctor` loads the migrations only to check them",
    ),
    ("lwcore.scaffold.render", "copier*", "copier is the optional `scaffold` extra"),
    ("lwcore.testing", "*", "a pytest plugin: the data stack loads only for the fixtures used"),
    ("lwcore.db.migrations.*", "*", "Alembic runs these scripts; landed ones are never edited"),
)

#: Imports inside functions still to move to the top, or to get a documented
#: start-up reason: (importer, imported, why it is listed). Edges of a circle
#: go when the circle is broken.
TEMPORARY: tuple[tuple[str, str, str], ...] = ()


def module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_name(node: ast.Import | ast.ImportFrom, importer: str, package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        parent = importer.split(".") if package else importer.split(".")[:-1]
        parent = parent[: len(parent) - node.level + 1]
        base = ".".join([*parent, base] if base else parent)
    return [base]


def imports_in_functions(path: Path, root: Path = PACKAGE) -> Iterator[tuple[str, str, int]]:
    """(importer, imported, line) of every import inside a function of ``path``,
    a module of the package in folder ``root``."""
    importer = module_name(path, root)
    package = path.name == "__init__.py"

    def walk(node: ast.AST, in_function: bool) -> Iterator[tuple[str, str, int]]:
        for child in ast.iter_child_nodes(node):
            if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                for name in imported_name(child, importer, package):
                    yield importer, name, child.lineno
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            yield from walk(child, inside)

    yield from walk(ast.parse(path.read_text(encoding="utf-8")), False)


def allowed(importer: str, imported: str) -> bool:
    return any(
        fnmatchcase(importer, source) and fnmatchcase(imported, target)
        for source, target, _reason in (*ALLOWED_EDGES, *TEMPORARY)
    )


def test_imports_inside_functions_are_start_up_edges() -> None:
    found = [
        f"{importer} -> {imported} (line {line})"
        for path in sorted(PACKAGE.rglob("*.py"))
        for importer, imported, line in imports_in_functions(path)
        if not allowed(importer, imported)
    ]
    assert found == [], "imports inside functions outside the allowed edges:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import os\n\ndef f():\n    import json\n", [("lwcore.sample", "json", 4)]),
        (
            "class C:\n    def m(self):\n        from .sibling import x\n",
            [("lwcore.sample", "lwcore.sibling", 3)],
        ),
        (
            "def outer():\n    def inner():\n        from lwcore import db\n",
            [("lwcore.sample", "lwcore", 3)],
        ),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import json\n", []),
    ],
)
def test_the_scan_finds_imports_in_methods_and_nested_functions(
    tmp_path: Path, source: str, expected: list[object]
) -> None:
    package = tmp_path / "lwcore"
    package.mkdir()
    (package / "sample.py").write_text(source, encoding="utf-8")
    assert list(imports_in_functions(package / "sample.py", package)) == expected


def test_an_edge_outside_the_list_is_refused() -> None:
    assert allowed("lwcore.tui.screens.hours", "lwcore.tui.forms.visitor")
    assert not allowed("lwcore.services.households", "lwcore.db.models")
    assert not allowed("lwcore.tui.screens.base", "lwcore.tui.app")
