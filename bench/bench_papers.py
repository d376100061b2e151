"""How long a client's paper takes: each paper laid out in-process, and ``lw print``.

On a fresh SQLite demo database (as ``lw demo`` fills one: the repository's
offices, fictional households), as Brackel's office lead:

* each paper (appointment slip, referral slip, consent form, data copy) of one
  Brackel household, German beside Arabic and beside Persian, made into PDF
  bytes in this process (``lwcore.papers.layout.render``); the first paper of
  the process (it loads the font) is printed on its own, then every paper once
  as a warm-up, and the medians are of the runs after it;
* ``lw print referral ID --lang fa`` as a fresh process, from start to exit
  (one warm-up run first), the runs alternating with the in-process ones.

    uv run python bench/bench_papers.py --runs 15

Python may write its bytecode cache (PYTHONDONTWRITEBYTECODE is dropped for the
command), as installed software runs from it.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lwcore.db import migrate  # noqa: E402
from lwcore.db.engine import Database  # noqa: E402
from lwcore.demo import load_demo  # noqa: E402
from lwcore.directory import build_directory  # noqa: E402
from lwcore.papers.catalogue import Words  # noqa: E402
from lwcore.papers.document import Paper  # noqa: E402
from lwcore.papers.layout import render  # noqa: E402
from lwcore.papers.printing import gather  # noqa: E402
from lwcore.services import Actor, Services  # noqa: E402

OFFICE = "brackel"
#: Brackel's office lead in config/lwcore.toml, as the command runs.
STAFF = "brackel_stadt"
LEAD = Actor(
    key=STAFF,
    name="Anna Becker",
    role="office_lead",
    employer="city",
    office=OFFICE,
    channel="cli",
)
LANGUAGES = ("ar", "fa")
KINDS = ("appointment", "referral", "consent", "data-copy")
#: The demo's history ends here, so every run loads the same rows.
DEMO_NOW = datetime(2026, 11, 27, 10, 30, tzinfo=ZoneInfo("Europe/Berlin"))
PRINTED_ON = date(2026, 11, 27)


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def demo_database(path: Path, config: Path, households: int, seed: int) -> Database:
    database = Database(f"sqlite:///{path}")
    migrate.upgrade(database)
    load_demo(database, build_directory(config), households=households, seed=seed, now=DEMO_NOW)
    return database


def chosen_keys(database: Database) -> dict[str, int]:
    """The first Brackel referral of a household, that household, and its first appointment."""
    with database.engine.connect() as connection:
        referral, household = connection.exec_driver_sql(
            "SELECT id, household_id FROM referral WHERE office = ? AND household_id IS NOT NULL"
            " ORDER BY id LIMIT 1",
            (OFFICE,),
        ).one()
        appointment = connection.exec_driver_sql(
            "SELECT id FROM appointment WHERE office = ? AND household_id IS NOT NULL"
            " ORDER BY household_id = ? DESC, id LIMIT 1",
            (OFFICE, household),
        ).scalar_one()
    return {
        "appointment": appointment,
        "referral": referral,
        "consent": household,
        "data-copy": household,
    }


def one_command(key: int, folder: Path, environment: dict[str, str]) -> float:
    """Seconds from start to exit of ``lw print referral KEY --lang fa``."""
    command = [sys.executable, "-m", "lwcore", "print", "referral", str(key), "--lang", "fa"]
    return timed(
        lambda: subprocess.run(
            [*command, "--folder", str(folder)],
            env=environment,
            cwd=REPO,
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=120,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--households", type=int, default=20, help="demo households")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--config", type=Path, default=REPO / "config")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-papers-") as scratch:
        folder = Path(scratch)
        database = demo_database(folder / "demo.sqlite3", args.config, args.households, args.seed)
        keys = chosen_keys(database)
        services = Services(database, build_directory(args.config), actor=LEAD)
        papers: dict[str, Paper] = {
            kind: gather(services, kind, keys[kind]).paper for kind in KINDS
        }
        environment = {
            key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"
        }
        environment.update(
            LW_DATABASE_URL=database.url,
            LW_CONFIG_DIR=str(args.config),
            LW_STAFF=STAFF,
        )
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, "
            f"{platform.python_implementation()} {platform.python_version()}; "
            f"{args.runs} runs, medians"
        )
        chosen = ", ".join(f"{kind} {keys[kind]}" for kind in KINDS)
        print(f"papers of household {keys['consent']}: {chosen}")
        first = timed(lambda: render(papers["referral"], Words("fa"), PRINTED_ON))
        cases = [(kind, language) for kind in KINDS for language in LANGUAGES]
        sizes = {case: len(render(papers[case[0]], Words(case[1]), PRINTED_ON)) for case in cases}
        one_command(keys["referral"], folder, environment)
        seconds: dict[tuple[str, str], list[float]] = {case: [] for case in cases}
        command: list[float] = []
        for _ in range(args.runs):
            for kind, language in cases:
                seconds[kind, language].append(
                    timed(lambda k=kind, c=language: render(papers[k], Words(c), PRINTED_ON))  # type: ignore[misc]
                )
            command.append(one_command(keys["referral"], folder, environment))
        print(f"  first paper of the process (referral de+fa):  {first * 1000:7.1f} ms")
        for kind, language in cases:
            median = statistics.median(seconds[kind, language]) * 1000
            label = f"{kind} de+{language}"
            print(f"  {label:<20} {median:7.1f} ms   ({sizes[kind, language]:,} bytes)")
        print(
            f"  lw print referral {keys['referral']} --lang fa (process): "
            f"{statistics.median(command) * 1000:7.0f} ms"
        )
        print(f"  load average while measured: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
        database.dispose()


if __name__ == "__main__":
    main()
