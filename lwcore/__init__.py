"""lokal willkommen: the shared core of Dortmund's district integration offices.

What an office plugin needs is importable from here; everything else in the
package is internal and may change between releases. The names load on first
use, so starting the terminal UI does not pay for what it does not show yet.

Import rules (checked by ``uv run lint-imports``, see .importlinter): the
layers depend downwards only (records and hook specifications, plugin host,
directory, database, services, then the CLI and the terminal UI), and the CLI
and the terminal UI reach the database through the services. Imports sit at
the top of a module. One inside a function is allowed only at a start-up edge,
where loading on first use keeps ``lw --help`` or the terminal UI's first
paint fast, or keeps an optional extra optional: the console script and the
command modules; the terminal UI's palette, help, office switcher and section
forms, and its data side (services, settings, database), which loads in a
worker after the first paint; Babel's and Alembic's heavy parts; icalendar; the
holidays package for a year not yet in the cache folder; the package version;
copier; the pytest fixtures. tests/test_import_rules.py holds
the exact list of these edges and fails on any other.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

#: The plugin-API version of this core; plugins state the range they support.
PLUGIN_API_VERSION = "1.3"

if TYPE_CHECKING:
    from pluggy import HookimplMarker

    from lwcore.office_context import OfficeContext
    from lwcore.records import (
        Address,
        ConsultationHours,
        Language,
        Office,
        Outpost,
        Partner,
        RoundTableSeries,
        ScreenContribution,
        TodayPanel,
        Topic,
    )
    from lwcore.settings.office import OfficeSettings

    hookimpl: HookimplMarker
    __version__: str

_LAZY = {
    "Address": "lwcore.records",
    "ConsultationHours": "lwcore.records",
    "Language": "lwcore.records",
    "Office": "lwcore.records",
    "Outpost": "lwcore.records",
    "Partner": "lwcore.records",
    "RoundTableSeries": "lwcore.records",
    "Topic": "lwcore.records",
    "TodayPanel": "lwcore.records",
    "ScreenContribution": "lwcore.records",
    "OfficeContext": "lwcore.office_context",
    "OfficeSettings": "lwcore.settings.office",
    "hookimpl": "lwcore.hookspecs",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("lwcore")
        except PackageNotFoundError:  # pragma: no cover - a bare source tree
            return "0+unknown"
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'lwcore' has no attribute {name!r}")


__all__ = [
    "PLUGIN_API_VERSION",
    "Address",
    "ConsultationHours",
    "Language",
    "Office",
    "OfficeContext",
    "OfficeSettings",
    "Outpost",
    "Partner",
    "RoundTableSeries",
    "ScreenContribution",
    "TodayPanel",
    "Topic",
    "__version__",
    "hookimpl",
]
