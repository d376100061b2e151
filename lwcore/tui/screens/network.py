"""Netzwerk: the office's partners, volunteers, group offers, and the barriers and
suggestions it hears about, one tab each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Select, Static, TabbedContent, TabPane

from lwcore.tui.i18n import N_, _
from lwcore.tui.labels import language_label, topic_label
from lwcore.tui.screens.base import OfficeScreen
from lwcore.tui.screens.round_tables import refill
from lwcore.vocabulary import WEEKDAYS

if TYPE_CHECKING:
    from lwcore.records import Partner
    from lwcore.services import Services
    from lwcore.services.concerns import BarrierRecord, SuggestionRecord
    from lwcore.services.network import OfferSummary, VolunteerRecord

from lwcore.tui.record_labels import partner_details, weekday_label
from lwcore.tui.screens.network_rows import (
    MAX_ROWS,
    TAB_OF_ACTION,
    OfferList,
    barrier_cells,
    chosen_value,
    load_offers,
    offer_cells,
    partner_cells,
    partner_rows,
    sorted_barriers,
    sorted_suggestions,
    suggestion_cells,
    volunteer_cells,
)


class NetworkScreen(OfficeScreen):
    DEFAULT_CSS = """
    NetworkScreen TabbedContent { height: 1fr; }
    NetworkScreen TabPane { padding: 0 1; }
    NetworkScreen .filters { height: auto; }
    NetworkScreen .filters Select { width: 1fr; margin-right: 1; }
    NetworkScreen DataTable { height: 1fr; }
    NetworkScreen #partner-details {
        height: auto; min-height: 2; max-height: 6; padding: 0 1; color: $text-muted;
    }
    """
    CHANGES = frozenset(
        {
            "add_volunteer",
            "new_offer",
            "record_attendance",
            "log_barrier",
            "log_suggestion",
            "change_status",
        }
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "add_volunteer", N_("Add volunteer")),
        Binding("g", "new_offer", N_("New offer")),
        Binding("t", "record_attendance", N_("Attendance")),
        Binding("h", "log_barrier", N_("Log barrier")),
        Binding("w", "log_suggestion", N_("Log suggestion")),
        Binding("u", "change_status", N_("Status")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.active_tab = "partners"
        self.partners: list[Partner] = []
        self.volunteers: list[VolunteerRecord] = []
        self.offers: list[OfferSummary] = []
        self.barriers: list[BarrierRecord] = []
        self.suggestions: list[SuggestionRecord] = []
        self.today: date | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial="partners"):
            with TabPane(_("Partners"), id="partners"):
                with Horizontal(classes="filters"):
                    yield Select[str]([], prompt=_("All topics"), id="partner-topic")
                    yield Select[str]([], prompt=_("All languages"), id="partner-language")
                    yield Select[str]([], prompt=_("All districts"), id="partner-district")
                yield DataTable(id="partner-table", cursor_type="row", zebra_stripes=True)
                yield Static("", id="partner-details", markup=False)
            with TabPane(_("Volunteers"), id="volunteers"):
                with Horizontal(classes="filters"):
                    yield Select[str]([], prompt=_("All languages"), id="volunteer-language")
                    yield Select[str]([], prompt=_("Any weekday"), id="volunteer-weekday")
                yield DataTable(id="volunteer-table", cursor_type="row", zebra_stripes=True)
            with TabPane(_("Group offers"), id="offers"):
                yield DataTable(id="offer-table", cursor_type="row", zebra_stripes=True)
            with TabPane(_("Barriers"), id="barriers"):
                yield DataTable(id="barrier-table", cursor_type="row", zebra_stripes=True)
            with TabPane(_("Suggestions"), id="suggestions"):
                yield DataTable(id="suggestion-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        columns = {
            "#partner-table": (_("Name"), _("Topics"), _("Languages"), _("Districts"), ""),
            "#volunteer-table": (_("Name"), _("Languages"), _("Topics"), _("Days")),
            "#offer-table": (_("Offer"), _("Kind"), _("Sessions"), _("Attendance")),
            "#barrier-table": (
                _("Logged"),
                _("Status"),
                _("Topic"),
                _("Barrier"),
                _("Found at"),
                _("Resolution"),
            ),
            "#suggestion-table": (_("Received"), _("Status"), _("Suggestion"), _("Response")),
        }
        for selector, labels in columns.items():
            self.query_one(selector, DataTable).add_columns(*labels)
        self.query_one("#volunteer-weekday", Select).set_options(
            (weekday_label(code), code) for code in WEEKDAYS
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        tabs = TAB_OF_ACTION.get(action)
        return tabs is None or self.active_tab in tabs

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        self.active_tab = event.pane.id or ""
        self.refresh_bindings()

    # --- loading --------------------------------------------------------------------

    def reload(self) -> None:
        office = self.office
        if office is None:
            return
        self._offer_filters(office)
        self.show_partners()
        self.load_volunteers()
        loads: list[tuple[str, Callable[[Services], Any], Callable[[Any], None]]] = [
            ("offer", lambda services: load_offers(services, office), self.show_offers),
            ("barrier", lambda services: services.barriers.list(office), self.show_barriers),
            (
                "suggestion",
                lambda services: services.suggestions.list(office),
                self.show_suggestions,
            ),
        ]
        for name, call, then in loads:
            self.fetch(self.query_one(f"#{name}-table"), call, then, group=name)

    def _offer_filters(self, office: str) -> None:
        """The filters' choices for this office; a choice still offered is kept."""
        directory = self.office_app.backend.directory
        entry = directory.office(office)
        topics = sorted(
            ((topic_label(directory, key), key) for key in directory.topics),
            key=lambda pair: pair[0].casefold(),
        )
        languages = [(language_label(code), code) for code in entry.language_codes]
        choices = {
            "#partner-topic": topics,
            "#partner-language": languages,
            "#partner-district": [(district, district) for district in entry.office.districts],
            "#volunteer-language": languages,
        }
        for selector, options in choices.items():
            select: Select[str] = self.query_one(selector, Select)
            kept = select.value
            with select.prevent(Select.Changed):
                select.set_options(options)
                if kept in {value for _label, value in options}:
                    select.value = kept

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        name = event.select.id or ""
        if name.startswith("partner-"):
            self.show_partners()
        elif name.startswith("volunteer-"):
            self.load_volunteers()

    def show_partners(self) -> None:
        """Partners come from the plugins' directory in memory: no worker needed."""
        office = self.office
        if office is None:
            return
        directory = self.office_app.backend.directory
        self.partners = partner_rows(
            directory,
            office,
            topic=chosen_value(self.query_one("#partner-topic", Select)),
            language=chosen_value(self.query_one("#partner-language", Select)),
            district=chosen_value(self.query_one("#partner-district", Select)),
        )
        refill(
            self.query_one("#partner-table", DataTable),
            [(partner.key, partner_cells(directory, partner)) for partner in self.partners],
        )
        self._show_partner_details()

    @on(DataTable.RowHighlighted, "#partner-table")
    def _show_partner_details(self) -> None:
        """Address, contact, opening hours and what to bring of the highlighted partner."""
        partner = self._highlighted("#partner-table", self.partners)
        details = self.query_one("#partner-details", Static)
        details.update(partner_details(partner) if partner is not None else "")

    def load_volunteers(self) -> None:
        office = self.office
        if office is None:
            return
        language_code = chosen_value(self.query_one("#volunteer-language", Select))
        weekday = chosen_value(self.query_one("#volunteer-weekday", Select))
        self.fetch(
            self.query_one("#volunteer-table"),
            lambda services: services.volunteers.find(
                office, language=language_code, weekday=weekday
            ),
            self.show_volunteers,
            group="volunteers",
        )

    def show_volunteers(self, volunteers: list[VolunteerRecord]) -> None:
        directory = self.office_app.backend.directory
        self.volunteers = volunteers[:MAX_ROWS]
        rows = [(str(v.id), volunteer_cells(directory, v)) for v in self.volunteers]
        refill(self.query_one("#volunteer-table", DataTable), rows)

    def show_offers(self, loaded: OfferList) -> None:
        self.today = loaded.today
        self.offers = loaded.offers[:MAX_ROWS]
        rows = [(str(offer.id), offer_cells(offer)) for offer in self.offers]
        refill(self.query_one("#offer-table", DataTable), rows)

    def show_barriers(self, barriers: list[BarrierRecord]) -> None:
        directory = self.office_app.backend.directory
        self.barriers = sorted_barriers(barriers)
        rows = [(str(b.id), barrier_cells(directory, b)) for b in self.barriers]
        refill(self.query_one("#barrier-table", DataTable), rows)

    def show_suggestions(self, suggestions: list[SuggestionRecord]) -> None:
        self.suggestions = sorted_suggestions(suggestions)
        rows = [(str(s.id), suggestion_cells(s)) for s in self.suggestions]
        refill(self.query_one("#suggestion-table", DataTable), rows)

    # --- acting ---------------------------------------------------------------------

    def _highlighted(self, selector: str, rows: list[Any]) -> Any | None:
        table = self.query_one(selector, DataTable)
        if not rows or not 0 <= table.cursor_row < len(rows):
            return None
        return rows[table.cursor_row]

    def _after_save(self, result: Any) -> None:
        if result is not None:
            self.notify(_("Saved."))
            self.reload()

    @on(DataTable.RowSelected, "#offer-table")
    def _offerchosen_value(self) -> None:
        self.action_record_attendance()

    @on(DataTable.RowSelected, "#barrier-table, #suggestion-table")
    def _concernchosen_value(self) -> None:
        self.action_change_status()

    def action_add_volunteer(self) -> None:
        from lwcore.tui.forms.network_forms import VolunteerForm

        if self.office:
            form = VolunteerForm(self.office, self.office_app.backend.directory)
            self.app.push_screen(form, self._after_save)

    def action_new_offer(self) -> None:
        from lwcore.tui.forms.network_forms import GroupOfferForm

        if self.office:
            self.app.push_screen(GroupOfferForm(self.office), self._after_save)

    def action_record_attendance(self) -> None:
        from lwcore.tui.forms.network_forms import AttendanceForm

        offer = self._highlighted("#offer-table", self.offers)
        if offer is None or self.today is None:
            self.notify(_("No group offer in the list; add one with g."))
            return
        self.app.push_screen(AttendanceForm(offer, self.today), self._after_save)

    def action_log_barrier(self) -> None:
        from lwcore.tui.forms.concern_forms import BarrierForm

        if self.office:
            form = BarrierForm(self.office, self.office_app.backend.directory)
            self.app.push_screen(form, self._after_save)

    def action_log_suggestion(self) -> None:
        from lwcore.tui.forms.concern_forms import SuggestionForm

        if self.office:
            self.app.push_screen(SuggestionForm(self.office), self._after_save)

    def action_change_status(self) -> None:
        from lwcore.tui.forms.concern_forms import BarrierStatusForm, SuggestionStatusForm

        if self.active_tab == "suggestions":
            suggestion = self._highlighted("#suggestion-table", self.suggestions)
            if suggestion is None:
                self.notify(_("No suggestion in the list."))
                return
            self.app.push_screen(SuggestionStatusForm(suggestion), self._after_save)
            return
        barrier = self._highlighted("#barrier-table", self.barriers)
        if barrier is None:
            self.notify(_("No barrier in the list."))
            return
        if barrier.status == "resolved":
            self.notify(
                _("A resolved barrier stays resolved; log it again if it comes back."),
                severity="warning",
            )
            return
        directory = self.office_app.backend.directory
        self.app.push_screen(BarrierStatusForm(barrier, directory), self._after_save)
