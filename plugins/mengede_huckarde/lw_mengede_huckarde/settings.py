"""Settings of the Mengede/Huckarde office (``config/offices/mengede_huckarde.toml``)."""

from __future__ import annotations

from attrs import field, frozen

from lwcore import OfficeSettings


@frozen
class MengedeHuckardeSettings(OfficeSettings):
    """The common office settings, plus who books the parish hall.

    The office sits in a parish hall (Noah-Gemeindehaus); the larger round
    tables need the hall booked through the parish, and the round-table
    series name that contact among their participants.
    """

    hall_booking_contact: str = field(default="")
