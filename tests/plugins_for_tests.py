"""Small plugins the tests register: good ones and each kind of broken one."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from lwcore import OfficeSettings, Partner, Topic, hookimpl


def office_plugin(api: str | None = ">=1.0,<2", **hooks: Any) -> SimpleNamespace:
    """An office plugin answering every office hook from its settings."""

    @hookimpl
    def lw_settings_class() -> type[OfficeSettings]:
        return OfficeSettings

    @hookimpl
    def lw_office(settings: OfficeSettings) -> Any:
        return settings.office

    @hookimpl
    def lw_partners(settings: OfficeSettings) -> Any:
        return settings.partners

    @hookimpl
    def lw_round_tables(settings: OfficeSettings) -> Any:
        return settings.round_tables

    @hookimpl
    def lw_languages(settings: OfficeSettings) -> Any:
        return settings.languages

    namespace = SimpleNamespace(
        lw_settings_class=lw_settings_class,
        lw_office=lw_office,
        lw_partners=lw_partners,
        lw_round_tables=lw_round_tables,
        lw_languages=lw_languages,
    )
    for name, function in hooks.items():
        setattr(namespace, name, function)
    if api is not None:
        namespace.LWCORE_PLUGIN_API = api
    return namespace


@hookimpl
def _raising_partners(settings: Any) -> Any:
    raise RuntimeError("partner list unavailable")


@hookimpl
def _half_generator(settings: Any) -> Iterator[Partner]:
    yield Partner(key="first_ok", name="Erster", topics=["birth"], languages=["de"])
    raise ValueError("broke halfway")


@hookimpl
def _wrong_type(settings: Any) -> Any:
    return ["not a partner"]


def city_plugin(**hooks: Any) -> SimpleNamespace:
    """A plugin that is not an office: city-wide partners and topics."""

    @hookimpl
    def lw_topics() -> list[Topic]:
        return [Topic("citizenship", "Einbürgerung", "Citizenship")]

    @hookimpl
    def lw_partners() -> list[Partner]:
        return [
            Partner(
                key="city_helpline",
                name="Servicetelefon",
                topics=["citizenship", "official_letters"],
                languages=["de", "en"],
            )
        ]

    namespace = SimpleNamespace(lw_topics=lw_topics, lw_partners=lw_partners)
    namespace.LWCORE_PLUGIN_API = ">=1.0"
    for name, function in hooks.items():
        setattr(namespace, name, function)
    return namespace


raising_partners = _raising_partners
half_generator = _half_generator
wrong_type = _wrong_type
