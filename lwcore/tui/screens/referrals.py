"""Weitervermittlungen: open referrals by follow-up date, and the partner's feedback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static

from lwcore.tui.i18n import N_, _, short_date
from lwcore.tui.labels import partner_label, status_label, topic_label
from lwcore.tui.screens.base import OfficeScreen

if TYPE_CHECKING:
    from lwcore.services import Services
    from lwcore.services.referrals_due import OpenReferral

#: How far ahead the list looks: follow-ups due later are not today's work.
WINDOW = timedelta(days=60)
#: The most referrals one list shows (the service's limit).
LIMIT = 200
#: The narrowest a shortened column gets.
MIN_FLEXIBLE = 8


@dataclass(frozen=True)
class DueReferrals:
    """What the screen shows, loaded in one worker call (one service call: each
    referral carries its household's code)."""

    today: date
    until: date
    referrals: list[OpenReferral]


def load_due(services: Services, office: str) -> DueReferrals:
    today = services.context.today()
    until = today + WINDOW
    return DueReferrals(today, until, services.referrals.open_due(office, until, limit=LIMIT))


class ReferralsScreen(OfficeScreen):
    DEFAULT_CSS = """
    ReferralsScreen #heading { height: 1; padding: 0 1; text-style: bold; }
    ReferralsScreen DataTable { height: 1fr; margin: 0 1; }
    """
    CHANGES = frozenset({"feedback", "accept", "done", "consent"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "feedback", N_("Feedback"), priority=True),
        Binding("a", "accept", N_("Accepted")),
        Binding("d", "done", N_("Done")),
        Binding("c", "consent", N_("Consent")),
        Binding("r", "refresh", N_("Refresh")),
        Binding("h", "case_file", N_("Household")),
        Binding("p", "print_paper", N_("Print")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.due: DueReferrals | None = None
        self.headers = (_("Follow-up"), _("Partner"), _("Topic"), _("Status"), _("Household"))

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="heading")
        yield DataTable(id="referrals", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#heading", Static).update(_("Loading the referrals…"))
        self.query_one(DataTable).add_columns(*self.headers)

    def reload(self) -> None:
        office = self.office
        if office is None:
            return
        self.fetch(
            self.query_one(DataTable),
            lambda services: load_due(services, office),
            self.show_due,
            group="referrals",
        )

    def show_due(self, due: DueReferrals) -> None:
        directory = self.office_app.backend.directory
        self.due = due
        overdue = sum(1 for referral in due.referrals if referral.follow_up_on < due.today)
        heading = _("Open referrals with a follow-up by {until}: {count}, overdue: {overdue}")
        if len(due.referrals) >= LIMIT:
            heading += " " + _("(only the first {limit} are shown)").format(limit=LIMIT)
        self.query_one("#heading", Static).update(
            heading.format(until=short_date(due.until), count=len(due.referrals), overdue=overdue)
        )
        table = self.query_one(DataTable)
        rows: list[list[str | Text]] = [
            [
                follow_up_text(referral.follow_up_on, due.today),
                partner_label(directory, referral.partner_key),
                topic_label(directory, referral.topic),
                status_label(referral.status),
                referral.household_code or _("anonymous"),
            ]
            for referral in due.referrals
        ]
        fit_rows(rows, table_width(table), self.headers, flexible=(1, 2))
        row = table.cursor_row
        table.clear()
        for referral, cells in zip(due.referrals, rows, strict=True):
            table.add_row(*cells, key=str(referral.id))
        if due.referrals:
            table.move_cursor(row=min(max(row, 0), len(due.referrals) - 1))

    def on_resize(self, _event: events.Resize) -> None:
        if self.due is not None:
            self.show_due(self.due)

    def _selected(self) -> OpenReferral | None:
        table = self.query_one(DataTable)
        if self.due is None or not 0 <= table.cursor_row < len(self.due.referrals):
            self.notify(_("No referral is selected."))
            return None
        return self.due.referrals[table.cursor_row]

    def _after_save(self, result: Any) -> None:
        if result is not None:
            self.notify(_("Saved."))
            self.reload()

    def _open_form(self, preset: str | None) -> None:
        from lwcore.tui.forms.referral import ReferralForm

        referral = self._selected()
        if referral is None or self.due is None:
            return
        form = ReferralForm(
            self.office_app.backend.directory, referral, referral.household_code, preset=preset
        )
        self.app.push_screen(form, self._after_save)

    def action_feedback(self) -> None:
        self._open_form(None)

    @on(DataTable.RowSelected)
    def _row_clicked(self) -> None:
        self._open_form(None)

    def action_done(self) -> None:
        self._open_form("done")

    def action_consent(self) -> None:
        """Record the household's consent to the selected referral's partner, so the
        next referral there may carry its data."""
        from lwcore.tui.forms.consent import ConsentForm

        referral = self._selected()
        if referral is None or self.office is None:
            return
        if referral.household_id is None:
            self.notify(_("This referral has no household to record a consent for."))
            return
        form = ConsentForm(
            self.office_app.backend.directory,
            self.office,
            referral.household_id,
            referral.household_code,
            partner_key=referral.partner_key,
        )
        self.app.push_screen(form, self._after_consent)

    def _after_consent(self, result: Any) -> None:
        if result is not None:
            self.notify(_("Consent recorded."))

    def action_accept(self) -> None:
        referral = self._selected()
        if referral is None or referral.id is None:
            return
        if referral.status != "open":
            self.notify(_("This referral is already accepted."))
            return
        key, version = referral.id, referral.version
        self.fetch(
            None,
            lambda services: services.referrals.update(key, version, status="accepted"),
            self._after_save,
        )

    def action_print_paper(self) -> None:
        """The referral slip for the client: the partner, its address and contact."""
        from lwcore.tui.forms.print_paper import PrintForm, tell_printed

        referral = self._selected()
        if referral is not None and referral.id is not None:
            form = PrintForm(("referral",), referral.id)
            self.app.push_screen(form, lambda result: tell_printed(self, result))

    def action_refresh(self) -> None:
        self.reload()

    def action_case_file(self) -> None:
        """The case file of the highlighted referral's household."""
        referral = self._selected()
        if referral is not None:
            self.office_app.open_case_file(referral.household_id)


def follow_up_text(follow_up_on: date, today: date) -> Text:
    """The follow-up date; overdue ones marked so they stand out without colour too."""
    if follow_up_on < today:
        return Text(f"! {short_date(follow_up_on)}", style="bold red")
    if follow_up_on == today:
        return Text(f"· {short_date(follow_up_on)}", style="bold")
    return Text(f"  {short_date(follow_up_on)}")


def fit_rows(
    rows: list[list[str | Text]],
    width: int,
    headers: tuple[str, ...],
    *,
    flexible: tuple[int, ...],
) -> None:
    """Shorten the ``flexible`` columns' texts (long partner names, two staff names)
    so that every column fits into ``width`` cells, as on an 80-column terminal."""
    if not rows or width <= 0:
        return
    columns = len(headers)
    wanted = [
        max(cell_len(headers[index]), *(cell_len(str(row[index])) for row in rows))
        for index in range(columns)
    ]
    # Each column is padded by one cell on either side; keep one cell for the scrollbar.
    room = width - 2 * columns - 1 - sum(wanted[i] for i in range(columns) if i not in flexible)
    limits = {index: wanted[index] for index in flexible}
    while sum(limits.values()) > room and max(limits.values()) > MIN_FLEXIBLE:
        widest = max(limits, key=lambda index: (limits[index], -index))
        limits[widest] -= 1
    for row in rows:
        for index, limit in limits.items():
            row[index] = shorten(str(row[index]), limit)


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, with an ellipsis when something was cut."""
    if cell_len(text) <= width:
        return text
    while text and cell_len(text) > width - 1:
        text = text[:-1]
    return text.rstrip() + "…"


def table_width(table: DataTable[Any]) -> int:
    """The table's width, or the app's before the table is laid out (margins 1 + 1)."""
    return table.size.width or table.app.size.width - 2
