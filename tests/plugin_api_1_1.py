"""An office plugin written for plugin API 1.1: every hook implemented, the old way.

Kept as it was written then, so the tests show such a plugin working
unchanged on later cores.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from lwcore import OfficeSettings, ScreenContribution, TodayPanel, hookimpl

LWCORE_PLUGIN_API = ">=1.0,<2"


@hookimpl
def lw_settings_class() -> type[OfficeSettings]:
    return OfficeSettings


@hookimpl
def lw_office(settings: OfficeSettings) -> Any:
    return settings.office


@hookimpl
def lw_languages(settings: OfficeSettings) -> Any:
    return settings.languages


@hookimpl
def lw_consultation_hours(settings: OfficeSettings) -> Any:
    return settings.consultation_hours


@hookimpl
def lw_partners(settings: OfficeSettings) -> Any:
    return settings.partners


@hookimpl
def lw_round_tables(settings: OfficeSettings) -> Any:
    return settings.round_tables


@hookimpl
def lw_topics(settings: OfficeSettings) -> Any:
    return settings.topics


@hookimpl
def lw_today_panels(settings: OfficeSettings, day: date) -> list[TodayPanel]:
    return [TodayPanel("day", "Tag", (day.isoformat(),))]


@hookimpl
def lw_screens(settings: OfficeSettings) -> list[ScreenContribution]:
    return [ScreenContribution("office_name", "Büro", lambda: settings.office.name)]
