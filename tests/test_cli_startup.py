"""``lw --help`` and ``lw --version`` answer without importing the commands, the
database layer or the terminal UI; the help listing says what each command says."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from lwcore.cli import COMMANDS, cli

HEAVY = ("sqlalchemy", "alembic", "sqlmodel", "textual", "psycopg", "copier", "lwcore.db")

#: What ``lw --help`` itself is made of.
LW_HELP_NEEDS = {"lwcore.cli.context", "lwcore.cli.lazy"}

_PROBE = """
import json, sys
from lwcore.cli import main
sys.argv = ["lw", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def imported_by(*args: str) -> set[str]:
    """The modules loaded by ``lw ARGS`` in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [("--help",), ("--version",)])
def test_asking_for_help_imports_nothing_heavy(args: tuple[str, ...]) -> None:
    loaded = imported_by(*args)
    assert sorted(name for name in loaded if name.startswith(HEAVY)) == []
    assert not any(name.startswith("lwcore.cli.") for name in loaded - LW_HELP_NEEDS)


def test_the_listing_says_what_each_command_says() -> None:
    context = click.Context(cli)
    for name, lazy in COMMANDS.items():
        command = cli.get_command(context, name)
        assert command is not None, name
        assert lazy.short_help == command.get_short_help_str(limit=10_000), name
