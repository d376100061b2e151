"""Hook implementations of the Brackel office.

Everything else (office, languages, hours, partners, round tables, topics)
comes from ``config/offices/brackel.toml`` as it is: the core answers those
hooks from the settings sections.
"""

from __future__ import annotations

from lw_brackel.settings import BrackelSettings
from lwcore import TodayPanel, hookimpl

LWCORE_PLUGIN_API = ">=1.2,<2"


@hookimpl
def lw_settings_class() -> type[BrackelSettings]:
    return BrackelSettings


@hookimpl
def lw_today_panels(settings: BrackelSettings) -> list[TodayPanel]:
    """The text in the shop window, so staff see what passers-by are told."""
    if not settings.shop_window_notice:
        return []
    return [
        TodayPanel(
            "shop_window",
            "Schaufenster",
            (settings.shop_window_notice,),
            titles={"en": "Shop window"},
        )
    ]
