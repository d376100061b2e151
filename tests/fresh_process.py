"""lw's code run in a fresh interpreter, as an office laptop starts it: what a
start imports, and how it behaves, cannot be seen inside the test process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Literal

from lwcore.db import migrate
from lwcore.db.engine import Database
from tests.conftest import REPO_CONFIG
from tests.tui.conftest import STAFF


def office_environment(folder: Path) -> dict[str, str]:
    """An office laptop's day: a current SQLite database, the repository's settings,
    Brackel's office lead, and log and cache folders in ``folder``."""
    url = f"sqlite:///{folder / 'office.sqlite3'}"
    migrate.upgrade(Database(url))  # a current schema: the every-day start
    return {
        **os.environ,
        "LW_DATABASE_URL": url,
        "LW_CONFIG_DIR": str(REPO_CONFIG),
        "LW_STAFF": STAFF,
        "LW_LOG_DIR": str(folder / "logs"),
        "LW_CACHE_DIR": str(folder / "cache"),
    }


def last_json_line(
    code: str,
    *arguments: str,
    environment: dict[str, str] | None = None,
    stream: Literal["stdout", "stderr"] = "stdout",
) -> Any:
    """Run ``code`` with ``python -c`` (and ``arguments``); the JSON of the last line it
    wrote to ``stream``."""
    result = subprocess.run(
        [sys.executable, "-c", code, *arguments],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
        timeout=120,
    )
    written = result.stdout if stream == "stdout" else result.stderr
    return json.loads(written.strip().splitlines()[-1])
