"""lokal willkommen: the shared core of Dortmund's district integration offices.

What an office plugin needs is importable from here; everything else in the
package is internal and may change between releases.
"""

from importlib.metadata import PackageNotFoundError, version

import pluggy

from lwcore.hookspecs import PROJECT_NAME
from lwcore.records import (
    Address,
    ConsultationHours,
    Language,
    Office,
    Outpost,
    Partner,
    RoundTableSeries,
    Topic,
)
from lwcore.settings.office import OfficeSettings

#: The plugin-API version of this core; plugins state the range they support.
PLUGIN_API_VERSION = "1.0"

#: Marks a function in a plugin module as the implementation of a hook.
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

try:
    __version__ = version("lwcore")
except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0+unknown"

__all__ = [
    "PLUGIN_API_VERSION",
    "Address",
    "ConsultationHours",
    "Language",
    "Office",
    "OfficeSettings",
    "Outpost",
    "Partner",
    "RoundTableSeries",
    "Topic",
    "__version__",
    "hookimpl",
]
