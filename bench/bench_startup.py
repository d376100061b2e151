"""Start-up time of the office app against a bare Textual app, in the same run.

For each run, fresh processes, alternating: the bare app (one label) and ``lw``
on the given database; then a bare click app's ``--help`` and ``lw --help``.
Prints the median time from process start to the first painted screen, and
(for ``lw``) to the Today screen filled with data, the help's whole run, and
for each the median of the ratios run by run (each ``lw`` run divided by the
bare run just before it), so the machine's drift between runs cancels out.

    uv run python bench/bench_startup.py --database /tmp/lw-bench.sqlite3 --runs 15

The benchmark database comes from ``bench/bench_data.py --keep`` (12 offices,
100,000 households, 1,000,000 consultations).
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def one_start(mode: str, environment: dict[str, str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "times"
        started = time.time()
        subprocess.run(
            [sys.executable, str(HERE / "startup_probe.py"), mode, str(out)],
            env=environment,
            cwd=REPO,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=120,
        )
        events = dict(line.split() for line in out.read_text().splitlines())
        return {event: float(moment) - started for event, moment in events.items()}


#: A click app with one option, as small as a command-line tool gets.
BARE_CLICK = """
import click

@click.command()
@click.option("--name", help="Who to greet.")
def hello(name):
    \"\"\"Greet someone.\"\"\"

hello()
"""


def one_help(command: list[str], environment: dict[str, str]) -> float:
    """Seconds from start to exit of ``command`` (a ``--help``)."""
    started = time.perf_counter()
    subprocess.run(
        command,
        env=environment,
        cwd=REPO,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=60,
    )
    return time.perf_counter() - started


def paired(ours: list[float], bare: list[float]) -> float:
    return statistics.median(a / b for a, b in zip(ours, bare, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="SQLite file or database URL")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--office", default="brackel")
    args = parser.parse_args()
    url = args.database if "://" in args.database else f"sqlite:///{Path(args.database).resolve()}"
    # Installed software runs from compiled bytecode; a shell that forbids writing
    # it (PYTHONDONTWRITEBYTECODE) would recompile every import on every start.
    environment = {
        key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"
    }
    environment = {
        **environment,
        "LW_DATABASE_URL": url,
        "LW_CONFIG_DIR": str(REPO / "config"),
        "LW_STAFF": "brackel_stadt",  # Brackel's office lead in config/lwcore.toml
        "TEXTUAL": "",
    }
    bare_help = [sys.executable, "-c", BARE_CLICK, "--help"]
    lw_help = [sys.executable, "-m", "lwcore", "--help"]
    bare, paint, data, click_help, help_ = [], [], [], [], []
    with tempfile.TemporaryDirectory() as cache:
        # A cache folder of the run: the warm-up start keeps this year's public
        # holidays there, as the first start of a year does on a laptop.
        environment["LW_CACHE_DIR"] = cache
        one_start("bare", environment)  # warm the file cache for both
        one_start("lw", environment)
        one_help(bare_help, environment)
        one_help(lw_help, environment)
        for _ in range(args.runs):
            bare.append(one_start("bare", environment)["paint"])
            times = one_start("lw", environment)
            paint.append(times["paint"])
            data.append(times["data"])
            click_help.append(one_help(bare_help, environment))
            help_.append(one_help(lw_help, environment))

    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"database: {url} ({args.runs} runs each, alternating; medians, paired ratios)")
    print(f"bare Textual app, first paint:  {ms(bare):7.0f} ms")
    print(f"lw, first paint of Today:       {ms(paint):7.0f} ms   {paired(paint, bare):.2f}x")
    print(f"lw, Today filled with data:     {ms(data):7.0f} ms   {paired(data, bare):.2f}x")
    print(f"bare click app, --help:         {ms(click_help):7.0f} ms")
    print(f"lw --help:                      {ms(help_):7.0f} ms   {paired(help_, click_help):.2f}x")


if __name__ == "__main__":
    main()
