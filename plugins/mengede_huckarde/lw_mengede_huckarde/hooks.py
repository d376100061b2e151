"""Hook implementations of the Mengede/Huckarde office."""

from __future__ import annotations

from attrs import evolve

from lw_mengede_huckarde.settings import MengedeHuckardeSettings
from lwcore import (
    ConsultationHours,
    Language,
    Office,
    Partner,
    RoundTableSeries,
    ScreenContribution,
    Topic,
    hookimpl,
)

LWCORE_PLUGIN_API = ">=1.0,<2"


@hookimpl
def lw_settings_class() -> type[MengedeHuckardeSettings]:
    return MengedeHuckardeSettings


@hookimpl
def lw_office(settings: MengedeHuckardeSettings) -> Office:
    return settings.office


@hookimpl
def lw_languages(settings: MengedeHuckardeSettings) -> tuple[Language, ...]:
    return settings.languages


@hookimpl
def lw_consultation_hours(settings: MengedeHuckardeSettings) -> tuple[ConsultationHours, ...]:
    return settings.consultation_hours


@hookimpl
def lw_partners(settings: MengedeHuckardeSettings) -> tuple[Partner, ...]:
    return settings.partners


@hookimpl
def lw_round_tables(settings: MengedeHuckardeSettings) -> list[RoundTableSeries]:
    """Round tables held in the parish hall list its booking contact as a participant."""
    contact = settings.hall_booking_contact
    hall = settings.office.address.street
    return [
        evolve(series, participants=(*series.participants, contact))
        if contact and hall in series.place and contact not in series.participants
        else series
        for series in settings.round_tables
    ]


@hookimpl
def lw_topics(settings: MengedeHuckardeSettings) -> tuple[Topic, ...]:
    return settings.topics


@hookimpl
def lw_screens(settings: MengedeHuckardeSettings) -> list[ScreenContribution]:
    """The parish hall's bookings: which round tables need the hall, and whom to call."""

    def open_hall_bookings() -> object:
        from lw_mengede_huckarde.screens import HallBookingScreen

        return HallBookingScreen(settings)

    return [
        ScreenContribution("hall_bookings", "Saalbuchung Noah-Gemeindehaus", open_hall_bookings)
    ]
