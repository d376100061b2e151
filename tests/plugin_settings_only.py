"""An office plugin written for plugin API 1.2: its settings file says everything."""

from __future__ import annotations

from lwcore import OfficeSettings, hookimpl

LWCORE_PLUGIN_API = ">=1.2,<2"


@hookimpl
def lw_settings_class() -> type[OfficeSettings]:
    return OfficeSettings
