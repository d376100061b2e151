"""``lw --help`` and ``lw --version`` answer without importing the commands, the
database layer or the terminal UI; the help listing says what each command says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from lwcore.cli import COMMANDS, cli
from tests.fresh_process import last_json_line, office_environment

HEAVY = ("sqlalchemy", "alembic", "sqlmodel", "textual", "psycopg", "copier", "lwcore.db")

#: What ``lw --help`` itself is made of.
LW_HELP_NEEDS = {"lwcore.cli.context", "lwcore.cli.lazy"}

_PROBE = """
import json, sys
from lwcore.start import main
sys.argv = ["lw", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def imported_by(*args: str) -> set[str]:
    """The modules loaded by ``lw ARGS`` in a fresh interpreter."""
    return set(last_json_line(_PROBE, json.dumps(list(args)), stream="stderr"))


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


#: What of lwcore outside the UI may be loaded when the terminal UI paints its
#: first screen. The command-line parser is not (``lw`` alone needs none), and
#: the data side (plugins, settings, SQLAlchemy, the services) loads in a
#: worker after the paint.
BEFORE_FIRST_PAINT = {
    "lwcore",
    "lwcore.dates",
    "lwcore.i18n",
    # How topics, languages, partners and outcomes are named (the screens' labels).
    "lwcore.reports",
    "lwcore.reports.labels",
    "lwcore.start",
    "lwcore.staff_choice",
    # The cycle collector's pause while the app starts.
    "lwcore.startup_gc",
}
HEAVY_FOR_THE_PAINT = tuple(
    name
    for name in (*HEAVY, "pluggy", "cattrs", "holidays", "icalendar", "dateutil")
    if name != "textual"
)

_UI_PROBE = """
import json, sys
import lwcore.tui.app as app_module
import lwcore.tui.screens.today  # the first screen

def run(self, *args, **kwargs):  # where the app would paint
    print(json.dumps(sorted(sys.modules)), file=sys.stderr)

app_module.OfficeApp.run = run
from lwcore.start import main  # the console script
sys.argv = ["lw"]
main()
"""


def test_the_first_screen_paints_before_the_data_side_is_imported() -> None:
    loaded = set(last_json_line(_UI_PROBE, stream="stderr"))
    ours = {
        name
        for name in loaded
        if (name == "lwcore" or name.startswith("lwcore.")) and not name.startswith("lwcore.tui")
    }
    assert sorted(ours - BEFORE_FIRST_PAINT) == []
    assert sorted(name for name in loaded if name.startswith(HEAVY_FOR_THE_PAINT)) == []


def test_lw_alone_refuses_an_empty_staff_variable_like_the_commands_do() -> None:
    environment = {**os.environ, "LW_STAFF": " "}
    alone = subprocess.run(
        [sys.executable, "-m", "lwcore"],
        check=False,
        capture_output=True,
        text=True,
        env=environment,
    )
    command = subprocess.run(
        [sys.executable, "-m", "lwcore", "offices"],
        check=False,
        capture_output=True,
        text=True,
        env=environment,
    )
    assert (alone.returncode, command.returncode) == (2, 2)
    assert alone.stderr == command.stderr
    assert alone.stderr.startswith("Error: $LW_STAFF is empty")


#: What the Today screen's data may not need: the ORM and the model classes (with
#: pydantic) load with the first record read or written as an object, Alembic only
#: when the schema is behind, the holidays package when this year's public holidays
#: are not in the cache folder yet (the first start of a year).
NOT_FOR_THE_FIRST_DATA = (
    "sqlalchemy.orm",
    "sqlmodel",
    "pydantic",
    "alembic",
    "lwcore.db.models",
    "holidays",
)

_DATA_PROBE = """
import json, sys
from lwcore.tui.backend import Backend

backend = Backend()
info = backend.start()
today = backend.services.dashboard.today(info.default_office)
assert today.office == info.default_office
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def test_the_today_screen_reads_its_data_without_the_orm(tmp_path: Path) -> None:
    environment = office_environment(tmp_path)

    def loaded_by_a_start() -> set[str]:
        return set(last_json_line(_DATA_PROBE, environment=environment, stream="stderr"))

    first = loaded_by_a_start()  # computes the year's public holidays and keeps them
    assert "holidays" in first
    loaded = loaded_by_a_start()
    assert "lwcore.services.dashboard" in loaded
    assert sorted(name for name in loaded if name.startswith(NOT_FOR_THE_FIRST_DATA)) == []
