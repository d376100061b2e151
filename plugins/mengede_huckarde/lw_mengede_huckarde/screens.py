"""The office's own screen: round tables that need the parish hall booked."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from lw_mengede_huckarde.settings import MengedeHuckardeSettings
from lwcore import OfficeContext

WEEKS_AHEAD = 12


class HallBookingScreen(Screen[None]):
    """The next meetings in the hall, from the office's day on (the app's clock)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Zurück")]

    def __init__(self, settings: MengedeHuckardeSettings, office: OfficeContext) -> None:
        super().__init__()
        self.settings = settings
        self.office = office

    def compose(self) -> ComposeResult:
        yield Header()
        contact = self.settings.hall_booking_contact or "(kein Kontakt eingetragen)"
        yield Static(f"Saal buchen bei: {contact}", id="contact")
        yield DataTable(id="bookings", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        start = self.office.today()
        table = self.query_one(DataTable)
        table.add_columns("Datum", "Uhrzeit", "Runder Tisch")
        hall = self.settings.office.address.street
        for meeting in self.office.meetings(start, start + timedelta(weeks=WEEKS_AHEAD)):
            if hall in meeting.place:
                table.add_row(f"{meeting.start:%d.%m.%Y}", f"{meeting.start:%H:%M}", meeting.title)
