"""The office's own screen: round tables that need the parish hall booked."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from lw_mengede_huckarde.settings import MengedeHuckardeSettings
from lwcore.schedule import PublicHolidays, expand_series

WEEKS_AHEAD = 12
ZONE = ZoneInfo("Europe/Berlin")


class HallBookingScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Zurück")]

    def __init__(self, settings: MengedeHuckardeSettings, today: date | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.today = today

    def compose(self) -> ComposeResult:
        yield Header()
        contact = self.settings.hall_booking_contact or "(kein Kontakt eingetragen)"
        yield Static(f"Saal buchen bei: {contact}", id="contact")
        yield DataTable(id="bookings", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        start = self.today or datetime.now(ZONE).date()
        table = self.query_one(DataTable)
        table.add_columns("Datum", "Uhrzeit", "Runder Tisch")
        hall = self.settings.office.address.street
        calendar = PublicHolidays()
        for series in self.settings.round_tables:
            if hall not in series.place:
                continue
            for meeting in expand_series(
                self.settings.office.slug,
                series,
                start,
                start + timedelta(weeks=WEEKS_AHEAD),
                timezone=ZONE,
                calendar=calendar,
            ):
                table.add_row(f"{meeting.start:%d.%m.%Y}", f"{meeting.start:%H:%M}", meeting.title)
