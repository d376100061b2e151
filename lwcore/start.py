"""The ``lw`` console script.

``lw`` alone — how staff start their day — opens the terminal UI straight
away, without loading the command-line parser first; anything after ``lw``
goes to the commands (:mod:`lwcore.cli`). Both paths behave the same: the
language, the config folder and who is working come from ``$LW_LANG``,
``$LW_CONFIG_DIR`` and ``$LW_STAFF`` (or the settings) either way.
"""

from __future__ import annotations

import sys

from lwcore.staff_choice import empty_staff_choice
from lwcore.startup_gc import pause_during_start, resume_after_start

#: The exit status of ``lw`` for bad input or configuration (as the commands use).
EXIT_BAD_INPUT = 2


def main() -> None:
    pause_during_start()
    if len(sys.argv) > 1:
        from lwcore.cli import main as commands  # the parser, for a command or an option

        # A command's own work may create cycles (the ORM's records): collect them.
        # `lw` with options only (`lw --demo`) pauses again for the terminal UI.
        resume_after_start()
        commands()
        return
    empty = empty_staff_choice(None)
    if empty is not None:
        print(f"Error: {empty}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)
    from lwcore.tui import run

    run()
