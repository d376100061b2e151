"""A year's public holidays are computed once and then read from the cache folder,
without importing the ``holidays`` package; a damaged or foreign file is computed
again; a folder lw cannot write to only costs the time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import holidays
import platformdirs
import pytest

from lwcore.schedule import PublicHolidays
from lwcore.schedule.public_holidays import cache_file, year_holidays
from lwcore.settings.paths import user_cache_dir


def library_year(year: int, subdivision: str = "NW") -> dict[date, str]:
    found = holidays.country_holidays("DE", subdiv=subdivision, years=year, language="de")
    return {day: str(name) for day, name in found.items()}


def test_a_year_is_what_the_library_computes_and_is_kept(tmp_path: Path) -> None:
    calendar = PublicHolidays(cache_folder=tmp_path)
    assert calendar.name(date(2027, 5, 27)) == "Fronleichnam"
    assert calendar.name(date(2027, 5, 28)) is None
    kept = cache_file(tmp_path, "DE", "NW", 2027)
    assert kept.is_file()
    assert year_holidays("DE", "NW", 2027, tmp_path) == library_year(2027)
    assert year_holidays("DE", "NW", 2027, None) == library_year(2027)


def test_the_file_names_the_library_release_state_and_year(tmp_path: Path) -> None:
    path = cache_file(tmp_path, "DE", "BY", 2026)
    assert path.name == f"holidays-{holidays.__version__}-DE-BY-de-2026.json"
    PublicHolidays(subdivision="BY", cache_folder=tmp_path).name(date(2026, 8, 15))
    document = json.loads(path.read_text(encoding="utf-8"))
    assert (document["country"], document["subdivision"], document["year"]) == ("DE", "BY", 2026)
    assert document["days"]["2026-01-06"] == "Heilige Drei Könige"  # Bavaria, not NRW


_KEPT_PROBE = """
import sys
from datetime import date
from pathlib import Path
from lwcore.schedule import PublicHolidays

calendar = PublicHolidays(cache_folder=Path(sys.argv[1]))
print(calendar.name(date(2026, 12, 25)), calendar.is_working_day(date(2026, 12, 28)))
print("holidays" in sys.modules)
"""


def test_a_kept_year_is_read_without_importing_the_library(tmp_path: Path) -> None:
    def probe() -> list[str]:
        result = subprocess.run(
            [sys.executable, "-c", _KEPT_PROBE, str(tmp_path)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        return result.stdout.splitlines()

    assert probe() == ["Erster Weihnachtstag True", "True"]  # computed: the library loaded
    assert probe() == ["Erster Weihnachtstag True", "False"]  # kept: it did not


@pytest.mark.parametrize(
    "damage",
    [
        "not json at all",
        "[]",
        json.dumps({"country": "DE", "subdivision": "NW", "year": 2026}),
        json.dumps({"country": "DE", "subdivision": "BE", "year": 2027, "days": {}}),
        json.dumps(
            {"country": "DE", "subdivision": "NW", "year": 2027, "days": {"2026-05-27": "x"}}
        ),
        json.dumps({"country": "DE", "subdivision": "NW", "year": 2027, "days": {"May": "x"}}),
    ],
)
def test_a_damaged_or_foreign_file_is_computed_again(tmp_path: Path, damage: str) -> None:
    path = cache_file(tmp_path, "DE", "NW", 2027)
    path.write_text(damage, encoding="utf-8")
    assert year_holidays("DE", "NW", 2027, tmp_path) == library_year(2027)
    rewritten = json.loads(path.read_text(encoding="utf-8"))
    assert rewritten["days"]["2027-05-27"] == "Fronleichnam"


def test_a_folder_lw_cannot_write_to_only_costs_the_time(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    assert year_holidays("DE", "NW", 2027, not_a_folder) == library_year(2027)
    assert list(tmp_path.iterdir()) == [not_a_folder]


def test_the_cache_folder_is_lw_cache_dir_or_the_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LW_CACHE_DIR", str(tmp_path))
    assert user_cache_dir() == tmp_path
    monkeypatch.delenv("LW_CACHE_DIR")
    assert user_cache_dir() == Path(
        platformdirs.user_cache_dir("lokal-willkommen", appauthor=False)
    )
