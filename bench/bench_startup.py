"""Start-up time of the office app against a bare Textual app, in the same run.

For each run, a fresh process: the bare app (one label) and ``lw`` on the given
database, alternating. Prints the median time from process start to the first
painted screen, and (for ``lw``) to the Today screen filled with data, and the
ratio of first paint to the bare app's.

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
    one_start("bare", environment)  # warm the file cache for both
    one_start("lw", environment)
    bare, paint, data = [], [], []
    for _ in range(args.runs):
        bare.append(one_start("bare", environment)["paint"])
        times = one_start("lw", environment)
        paint.append(times["paint"])
        data.append(times["data"])
    bare_ms = statistics.median(bare) * 1000
    paint_ms = statistics.median(paint) * 1000
    data_ms = statistics.median(data) * 1000
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"database: {url} ({args.runs} runs each, medians)")
    print(f"bare Textual app, first paint:  {bare_ms:7.0f} ms")
    print(f"lw, first paint of Today:       {paint_ms:7.0f} ms   ratio {paint_ms / bare_ms:.2f}x")
    print(f"lw, Today filled with data:     {data_ms:7.0f} ms")


if __name__ == "__main__":
    main()
