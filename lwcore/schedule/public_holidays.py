"""Public holidays of one German state, computed by the ``holidays`` package and
kept on disk once computed.

Asking ``holidays`` for a year imports the package and, with its first
country, the modules of all of its countries: measured on a two-core machine,
about a fifth of the time the Today screen took to show its data.
A year's holidays do not change while the same release of the package is
installed, so each year is kept as a small JSON file in lw's cache folder,
named by that release, the country, the state, the language and the year.
A missing, unreadable or foreign file is computed again and rewritten; the
folder may be deleted at any time. The files hold public dates, no one's data.
"""

from __future__ import annotations

import contextlib
import json
from datetime import date
from importlib.metadata import version
from pathlib import Path

from attrs import field, frozen

from lwcore.files import replace_text

#: The holidays' names as staff read them on screen.
LANGUAGE = "de"


def computed_year(country: str, subdivision: str, year: int) -> dict[date, str]:
    """The year's holidays as the ``holidays`` package computes them."""
    # Start-up edge: the package (and all its countries) loads only when a year
    # is not in the cache folder yet.
    import holidays

    found = holidays.country_holidays(country, subdiv=subdivision, years=year, language=LANGUAGE)
    return {day: str(name) for day, name in sorted(found.items())}


#: The files this module keeps in a cache folder.
CACHE_FILES = "holidays-*.json"


def cache_file(folder: Path, country: str, subdivision: str, year: int) -> Path:
    release = version("holidays")
    return folder / f"holidays-{release}-{country}-{subdivision}-{LANGUAGE}-{year}.json"


def _read(path: Path, country: str, subdivision: str, year: int) -> dict[date, str] | None:
    """The year kept in ``path``, or None when it is missing or not what was asked for."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        if (kept["country"], kept["subdivision"], kept["year"]) != (country, subdivision, year):
            return None
        days = {date.fromisoformat(day): str(name) for day, name in kept["days"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if any(day.year != year for day in days):
        return None
    return days


def _write(path: Path, country: str, subdivision: str, year: int, days: dict[date, str]) -> None:
    """Keep the year in ``path`` (whole or not at all); a folder lw may not write to
    only means computing again next time."""
    document = {
        "country": country,
        "subdivision": subdivision,
        "year": year,
        "days": {day.isoformat(): name for day, name in days.items()},
    }
    with contextlib.suppress(OSError):
        replace_text(path, json.dumps(document, ensure_ascii=False, indent=1))


def year_holidays(
    country: str, subdivision: str, year: int, cache_folder: Path | None
) -> dict[date, str]:
    """The year's holidays by day: from the cache folder when kept there, else
    computed (and kept, when there is a folder)."""
    if cache_folder is None:
        return computed_year(country, subdivision, year)
    path = cache_file(cache_folder, country, subdivision, year)
    kept = _read(path, country, subdivision, year)
    if kept is not None:
        return kept
    days = computed_year(country, subdivision, year)
    _write(path, country, subdivision, year, days)
    return days


@frozen
class PublicHolidays:
    """Public holidays of one German state (NRW unless the deployment says otherwise).

    ``cache_folder``: where computed years are kept between runs (None: computed
    in each process).
    """

    subdivision: str = "NW"
    country: str = "DE"
    cache_folder: Path | None = None
    _years: dict[int, dict[date, str]] = field(factory=dict, eq=False, repr=False)

    def name(self, day: date) -> str | None:
        """The holiday's name on ``day``, or None on an ordinary day."""
        if day.year not in self._years:
            self._years[day.year] = year_holidays(
                self.country, self.subdivision, day.year, self.cache_folder
            )
        return self._years[day.year].get(day)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and self.name(day) is None
