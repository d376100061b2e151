"""Willkommens-Hausbesuche: the office's visits week by week, planned, done or called off."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static

from lwcore.tui.i18n import N_, _, clock, short_date
from lwcore.tui.labels import status_label
from lwcore.tui.screens.base import OfficeScreen
from lwcore.tui.screens.referrals import fit_rows, table_width

if TYPE_CHECKING:
    from lwcore.services import Services
    from lwcore.services.visits import VisitRecord, VisitWeek

WEEK = timedelta(days=7)


def load_week(services: Services, office: str, day: date | None) -> VisitWeek:
    """The week of ``day``, or of today by the services' clock: the visits with their
    households' codes, in one service call (one audit entry)."""
    return services.visits.week(office, day or services.context.today())


class VisitsScreen(OfficeScreen):
    DEFAULT_CSS = """
    VisitsScreen #heading { height: 1; padding: 0 1; text-style: bold; }
    VisitsScreen DataTable { height: 1fr; margin: 0 1; }
    """
    CHANGES = frozenset({"done", "cancel_visit", "plan"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", N_("Done"), priority=True),
        Binding("d", "done", N_("Done"), show=False),
        Binding("c", "cancel_visit", N_("Cancel visit")),
        Binding("p", "plan", N_("Plan")),
        Binding("b", "week(-1)", N_("Week back")),
        Binding("n", "week(1)", N_("Next week")),
        Binding("t", "week(0)", N_("This week")),
        Binding("h", "case_file", N_("Household")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.monday: date | None = None
        self.shown: VisitWeek | None = None
        self.headers = (_("Day"), _("Time"), _("Household"), _("Staff"), _("Lang."), _("Status"))

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="heading")
        yield DataTable(id="visits", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#heading", Static).update(_("Loading the home visits…"))
        self.query_one(DataTable).add_columns(*self.headers)

    def reload(self) -> None:
        office = self.office
        if office is None:
            return
        monday = self.monday
        self.fetch(
            self.query_one(DataTable),
            lambda services: load_week(services, office, monday),
            self.show_week,
            group="visits",
        )

    def show_week(self, week: VisitWeek) -> None:
        zone = self.office_app.backend.directory.deployment.zone
        self.monday = week.monday
        self.shown = week
        sunday = week.monday + timedelta(days=6)
        self.query_one("#heading", Static).update(
            _("Week {number}: {monday} – {sunday} {year} · visits: {count}").format(
                number=week.monday.isocalendar().week,
                monday=short_date(week.monday),
                sunday=short_date(sunday),
                year=sunday.year,
                count=len(week.visits),
            )
        )
        table = self.query_one(DataTable)
        rows: list[list[str | Text]] = []
        for visit in week.visits:
            when = visit.planned_for.astimezone(zone)
            staff = visit.staff + (f" + {visit.second_staff}" if visit.second_staff else "")
            rows.append(
                [
                    short_date(when.date()),
                    clock(when),
                    week.codes.get(visit.household_id or 0, "–"),
                    staff,
                    visit.language,
                    status_label(visit.status),
                ]
            )
        fit_rows(rows, table_width(table), self.headers, flexible=(3,))
        row = table.cursor_row
        table.clear()
        for visit, cells in zip(week.visits, rows, strict=True):
            table.add_row(*cells, key=str(visit.id))
        if week.visits:
            table.move_cursor(row=min(max(row, 0), len(week.visits) - 1))

    def on_resize(self, _event: events.Resize) -> None:
        if self.shown is not None:
            self.show_week(self.shown)

    def _after_save(self, result: Any) -> None:
        if result is not None:
            self.notify(_("Saved."))
            self.reload()

    def _planned(self) -> VisitRecord | None:
        """The visit under the cursor, if it is still planned (else say why not)."""
        table = self.query_one(DataTable)
        if self.shown is None or not 0 <= table.cursor_row < len(self.shown.visits):
            self.notify(_("No home visit is selected."))
            return None
        visit = self.shown.visits[table.cursor_row]
        if visit.status != "planned":
            self.notify(
                _("This visit is already {status}.").format(status=status_label(visit.status))
            )
            return None
        return visit

    def _code(self, visit: VisitRecord) -> str | None:
        return self.shown.codes.get(visit.household_id or 0) if self.shown else None

    def action_done(self) -> None:
        from lwcore.tui.forms.visit import VisitDoneForm

        visit = self._planned()
        if visit is not None:
            zone = self.office_app.backend.directory.deployment.zone
            self.app.push_screen(VisitDoneForm(visit, self._code(visit), zone), self._after_save)

    @on(DataTable.RowSelected)
    def _row_clicked(self) -> None:
        self.action_done()

    def action_cancel_visit(self) -> None:
        from lwcore.tui.forms.visit import CancelVisitForm

        visit = self._planned()
        if visit is not None:
            zone = self.office_app.backend.directory.deployment.zone
            self.app.push_screen(CancelVisitForm(visit, self._code(visit), zone), self._after_save)

    def action_plan(self) -> None:
        from lwcore.tui.forms.visit import PlanVisitForm

        if self.office:
            backend = self.office_app.backend
            form = PlanVisitForm(self.office, backend.directory, backend.staff_name)
            self.app.push_screen(form, self._after_save)

    def action_week(self, step: int) -> None:
        """Move ``step`` weeks from the week shown; 0 goes back to the current week."""
        if step == 0:
            self.monday = None
        elif self.monday is not None:
            self.monday += step * WEEK
        self.reload()

    def action_case_file(self) -> None:
        """The case file of the highlighted visit's household, whatever the visit's state."""
        table = self.query_one(DataTable)
        if self.shown is None or not 0 <= table.cursor_row < len(self.shown.visits):
            self.notify(_("No home visit is selected."))
            return
        self.office_app.open_case_file(self.shown.visits[table.cursor_row].household_id)
