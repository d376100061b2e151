"""Hook implementations of the Mengede/Huckarde office.

Only what is the office's own: its settings class, the hall-booking contact
joining round tables in the parish hall, and the hall-booking screen. The
rest comes from ``config/offices/mengede_huckarde.toml`` as it is.
"""

from __future__ import annotations

from attrs import evolve

from lw_mengede_huckarde.settings import MengedeHuckardeSettings
from lwcore import OfficeContext, RoundTableSeries, ScreenContribution, hookimpl

LWCORE_PLUGIN_API = ">=1.2,<2"


@hookimpl
def lw_settings_class() -> type[MengedeHuckardeSettings]:
    return MengedeHuckardeSettings


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
def lw_screens(
    settings: MengedeHuckardeSettings, office: OfficeContext
) -> list[ScreenContribution]:
    """The parish hall's bookings: which round tables need the hall, and whom to call."""

    def open_hall_bookings() -> object:
        from lw_mengede_huckarde.screens import HallBookingScreen

        return HallBookingScreen(settings, office)

    return [
        ScreenContribution(
            "hall_bookings",
            "Saalbuchung Noah-Gemeindehaus",
            open_hall_bookings,
            titles={"en": "Hall booking, Noah parish hall"},
        )
    ]
