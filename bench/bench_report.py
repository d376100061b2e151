"""How long a year's report for every office takes: the figures, each format, the files.

On bench/bench_data.py's city (12 offices, 100,000 households, 1,000,000
consultations over two years), as the city's coordinator: the released
figures of the last calendar year for all twelve offices together
(StatisticsService.report, the statistics and the report's own tables), then
the workbook (openpyxl), the PDF (fpdf2) and the CSV files rendered, then all
of them written into a fresh folder. The target: the whole report in at most
10 s.

    uv run python bench/bench_data.py --engines sqlite --runs 1 --warmup 0 \\
        --keep-sqlite /tmp/lw-bench.sqlite3
    uv run python bench/bench_report.py --database /tmp/lw-bench.sqlite3 --runs 5

The database is brought to the current schema first (as ``lw db upgrade``
would). The first run also loads openpyxl, fpdf2 and the font; it is printed
on its own, and the medians are of the runs after it.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench_data import city_directory  # noqa: E402

from lwcore.db import migrate  # noqa: E402
from lwcore.db.engine import Database  # noqa: E402
from lwcore.directory import build_directory  # noqa: E402
from lwcore.i18n import set_language  # noqa: E402
from lwcore.reports.tables import Report, build_report  # noqa: E402
from lwcore.reports.writing import FORMATS, renderer, save_files  # noqa: E402
from lwcore.services import Actor, Services  # noqa: E402

T = TypeVar("T")

TARGET_SECONDS = 10.0

COORDINATOR = Actor(
    key="bench_coordinator",
    name="Benchmark coordinator",
    role="coordinator",
    employer="city",
    office="",
    channel="cli",
)


def timed(call: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def one_report(services: Services, year: int, folder: Path) -> dict[str, float]:
    """Seconds of each step of one year's report for every office."""
    seconds: dict[str, float] = {}
    processor = time.process_time()
    figures, seconds["figures"] = timed(
        lambda: services.statistics.report(None, date(year, 1, 1), date(year, 12, 31))
    )
    report: Report
    report, seconds["tables"] = timed(
        lambda: build_report(figures, services.context.directory, services.context.now())
    )
    files: dict[str, bytes] = {}
    for name in FORMATS:
        rendered, seconds[name] = timed(lambda name=name: renderer(name)(report))  # type: ignore[misc]
        files.update(rendered)
    _written, seconds["write"] = timed(lambda: save_files(folder, files))
    seconds["total"] = sum(seconds.values())
    seconds["cpu"] = time.process_time() - processor
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", type=Path, default=Path("/tmp/lw-bench.sqlite3"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, help="default: the last calendar year")
    parser.add_argument("--config", type=Path, default=REPO / "config")
    args = parser.parse_args()
    if not args.database.exists():
        parser.error(f"{args.database} is missing: make it with bench/bench_data.py --keep-sqlite")
    set_language("de")
    database = Database(f"sqlite:///{args.database}")
    migrate.upgrade(database)
    directory = city_directory(build_directory(args.config))
    services = Services(database, directory, actor=COORDINATOR)
    year = args.year or services.context.today().year - 1
    consultations = (
        database.engine.connect()
        .exec_driver_sql(
            "SELECT count(*) FROM consultation WHERE started_at >= ? AND started_at < ?",
            (f"{year}-01-01", f"{year + 1}-01-01"),
        )
        .scalar_one()
    )
    print(
        f"Year report {year}, all {len(directory.offices)} offices, {consultations:,} "
        f"consultations that year; {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} cores, "
        f"SQLite {'.'.join(map(str, database.engine.dialect.server_version_info or ()))}"
    )
    steps = ("figures", "tables", *FORMATS, "write", "total", "cpu")
    print("  run    " + "".join(f"{step:>9}" for step in steps))
    runs: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as scratch:
        for number in range(args.runs + 1):
            seconds = one_report(services, year, Path(scratch) / f"run{number}")
            label = "first" if number == 0 else f"{number:>5}"
            print(f"  {label:<7}" + "".join(f"{seconds[step]:>8.2f}s" for step in steps))
            if number:
                runs.append(seconds)
    medians = {step: statistics.median(run[step] for run in runs) for step in steps}
    print("  median " + "".join(f"{medians[step]:>8.2f}s" for step in steps))
    verdict = "met" if medians["total"] <= TARGET_SECONDS else "MISSED"
    print(f"  target: at most {TARGET_SECONDS:.0f} s for the whole report: {verdict}")
    # The processor time of this process (SQLite runs in it): what the report costs
    # when the machine is shared; the load shows how shared it was.
    print(f"  load average while measured: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    database.dispose()


if __name__ == "__main__":
    main()
