"""Hook implementations of the Brackel office: everything comes from its settings file."""

from __future__ import annotations

from lw_brackel.settings import BrackelSettings
from lwcore import (
    ConsultationHours,
    Language,
    Office,
    Partner,
    RoundTableSeries,
    TodayPanel,
    Topic,
    hookimpl,
)

LWCORE_PLUGIN_API = ">=1.0,<2"


@hookimpl
def lw_settings_class() -> type[BrackelSettings]:
    return BrackelSettings


@hookimpl
def lw_office(settings: BrackelSettings) -> Office:
    return settings.office


@hookimpl
def lw_languages(settings: BrackelSettings) -> tuple[Language, ...]:
    return settings.languages


@hookimpl
def lw_consultation_hours(settings: BrackelSettings) -> tuple[ConsultationHours, ...]:
    return settings.consultation_hours


@hookimpl
def lw_partners(settings: BrackelSettings) -> tuple[Partner, ...]:
    return settings.partners


@hookimpl
def lw_round_tables(settings: BrackelSettings) -> tuple[RoundTableSeries, ...]:
    return settings.round_tables


@hookimpl
def lw_topics(settings: BrackelSettings) -> tuple[Topic, ...]:
    return settings.topics


@hookimpl
def lw_today_panels(settings: BrackelSettings) -> list[TodayPanel]:
    """The text in the shop window, so staff see what passers-by are told."""
    if not settings.shop_window_notice:
        return []
    return [TodayPanel("shop_window", "Schaufenster", (settings.shop_window_notice,))]
