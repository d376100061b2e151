"""Copy the handbook's screenshots from the snapshot tests.

The pictures in the staff handbook (lwcore/handbook/handbuch.md) are the SVG
snapshots the terminal UI's tests take of the real screens (tests/tui/test_snapshots.py
and tests/tui/test_statistics_screen.py: frozen clock, seeded demo office,
German UI). After a change of a screen:

    uv run pytest tests/tui/test_snapshots.py --snapshot-update -k NAME   # accept the new snapshot
    uv run python docs/handbuch/update_screenshots.py                     # copy it here

``--check`` copies nothing and exits 1 naming every picture that differs from
its snapshot or is missing (tests/test_handbook.py checks the same).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SNAPSHOTS = REPO / "tests" / "tui" / "__snapshots__"

#: Picture in docs/handbuch/ -> the snapshot it is a copy of (under SNAPSHOTS).
SCREENSHOTS: dict[str, str] = {
    "heute.svg": "test_snapshots/test_section[today-80x24].svg",
    "sprechstunde.svg": "test_snapshots/test_section[hours-80x24].svg",
    "weitervermittlungen.svg": "test_snapshots/test_section[referrals-80x24].svg",
    "hausbesuche.svg": "test_snapshots/test_section[visits-80x24].svg",
    "runde-tische.svg": "test_snapshots/test_section[round_tables-80x24].svg",
    "netzwerk.svg": "test_snapshots/test_section[network-80x24].svg",
    "statistik.svg": "test_snapshots/test_section[statistics-160x48].svg",
    "fallakte.svg": "test_snapshots/test_case_file[80x24].svg",
    "neuer-haushalt.svg": "test_snapshots/test_register_household_form.svg",
    "bericht.svg": "test_statistics_screen/test_snapshot_of_the_report_form.svg",
    "hilfe.svg": "test_snapshots/test_help_screen.svg",
}


def stale() -> list[str]:
    """The pictures that are missing or differ from their snapshot, with why."""
    found = []
    for picture, snapshot in SCREENSHOTS.items():
        source, copy = SNAPSHOTS / snapshot, HERE / picture
        if not source.is_file():
            found.append(f"{picture}: its snapshot {snapshot} is missing")
        elif not copy.is_file():
            found.append(f"{picture}: missing (a copy of {snapshot})")
        elif copy.read_bytes() != source.read_bytes():
            found.append(f"{picture}: differs from its snapshot {snapshot}")
    return found


def main(argv: list[str]) -> int:
    if argv[1:] == ["--check"]:
        problems = stale()
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    if argv[1:]:
        print(f"usage: {argv[0]} [--check]", file=sys.stderr)
        return 2
    for picture, snapshot in SCREENSHOTS.items():
        shutil.copyfile(SNAPSHOTS / snapshot, HERE / picture)
        print(f"{picture} <- {snapshot}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
