"""Fallakte: one household's history on one screen, and the corrections staff make to it.

Who the household is, its consents, everything recorded about it newest first
(page by page), and every correction with who made it and why. Corrections,
withdrawals, merging a duplicate and handing over to another office are
offered only to staff who may change the office's records; each asks first
(a form with a reason, a question before merging or handing over).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from lwcore.services.errors import AccessDenied, NotFound, ServiceError
from lwcore.tui.forms.consent import ConsentForm
from lwcore.tui.forms.corrections import (
    ConsultationCorrectionForm,
    HouseholdCorrectionForm,
    ReferralCorrectionForm,
    WithdrawForm,
)
from lwcore.tui.forms.household_moves import HandOverForm, MergeForm
from lwcore.tui.i18n import N_, _
from lwcore.tui.screens.base import OfficeScreen
from lwcore.tui.screens.case_file_rows import (
    CORRECTABLE,
    KINDS,
    consent_lines,
    entry_summary,
    office_name,
    revision_rows,
    timeline_row,
    who_lines,
)
from lwcore.tui.screens.referrals import fit_rows, table_width

if TYPE_CHECKING:
    from textual.app import App

    from lwcore.services import Services
    from lwcore.services.case_files import CaseFile, TimelineEntry
    from lwcore.services.household_records import HouseholdRecord
    from lwcore.services.referral_records import ReferralRecord

#: Entries on one page of the timeline.
PAGE_SIZE = 20


def load_case_file(services: Services, household: int | str, page: int) -> CaseFile | ServiceError:
    """The case file, or why it cannot be opened (unknown, or another office's) as a value
    the screen shows in place of the file."""
    try:
        return services.case_files.open(household, page=page, page_size=PAGE_SIZE)
    except (AccessDenied, NotFound) as refusal:
        return refusal


def open_case_file(app: App[Any], household: int | str | None) -> None:
    """Show the case file of ``household`` (id or code) over the current screen."""
    if household is None:
        app.notify(_("This row has no household."))
        return
    app.push_screen(CaseFileScreen(household))


class CaseFileScreen(OfficeScreen):
    DEFAULT_CSS = """
    CaseFileScreen #summary { height: auto; max-height: 40%; padding: 0 1; }
    CaseFileScreen #who { text-style: bold; }
    CaseFileScreen #consents { color: $text-muted; }
    CaseFileScreen .heading { height: 1; padding: 0 1; text-style: bold; margin-top: 1; }
    CaseFileScreen DataTable { margin: 0 1; }
    CaseFileScreen #timeline { height: 2fr; }
    CaseFileScreen #revisions { height: 1fr; }
    """
    CHANGES = frozenset(
        {"correct_household", "correct_entry", "withdraw_entry", "merge", "hand_over", "consent"}
    )
    #: Most used first: an 80-column footer shows the first few only.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("b", "page(-1)", N_("Page back")),
        Binding("n", "page(1)", N_("Next page")),
        Binding("e", "correct_entry", N_("Correct entry")),
        Binding("z", "withdraw_entry", N_("Withdraw entry")),
        Binding("k", "correct_household", N_("Correct household")),
        Binding("c", "consent", N_("Consent")),
        Binding("m", "merge", N_("Merge duplicate")),
        Binding("u", "hand_over", N_("Hand over")),
        Binding("p", "print_paper", N_("Print")),
    ]

    def __init__(self, household: int | str) -> None:
        super().__init__()
        #: The household shown: an id, or a code as staff typed it.
        self.household = household
        self.page = 0
        self.case: CaseFile | None = None
        #: The office the file was opened in: another office's staff may not see it.
        self.opened_in: str | None = None
        #: Set once the household went to another office: the file closes.
        self.left = False
        self.timeline_headers = (
            _("Date"),
            _("Kind"),
            _("Subject"),
            _("Lang."),
            _("Status"),
        )
        self.revision_headers = (_("Date"), _("Staff"), _("What"), _("Change"), _("Reason"))

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary", can_focus=False):
            yield Static(_("Loading the case file…"), id="who")
            yield Static("", id="consents")
        yield Static(_("History"), id="timeline-heading", classes="heading")
        yield DataTable(id="timeline", cursor_type="row", zebra_stripes=True)
        yield Static(_("Corrections"), id="revisions-heading", classes="heading")
        yield DataTable(id="revisions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Case file")
        self.opened_in = self.office
        self.query_one("#timeline", DataTable).add_columns(*self.timeline_headers)
        self.query_one("#revisions", DataTable).add_columns(*self.revision_headers)
        self.query_one("#timeline", DataTable).focus()

    # --- loading --------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        if not self.left:
            super().on_screen_resume()

    def reload(self) -> None:
        if self.left:
            return
        if self.opened_in is not None and self.office != self.opened_in:
            # Another office was chosen: its staff's view has no place for this file.
            self.dismiss()
            return
        household, page = self.household, self.page
        self.fetch(
            self.query_one("#timeline", DataTable),
            lambda services: load_case_file(services, household, page),
            self.show,
            group="case-file",
        )

    def show(self, case: CaseFile | ServiceError) -> None:
        if isinstance(case, ServiceError):
            self.case = None
            message = _("The case file cannot be opened: {reason}").format(
                reason=case.message.translated()
            )
            self.query_one("#who", Static).update(message)
            self.notify(message, severity="error")
            self.refresh_bindings()
            return
        self.case = case
        self.household = case.household.id
        self.page = case.page
        directory = self.office_app.backend.directory
        today = self.office_app.backend.services.context.today()
        self.query_one("#who", Static).update("\n".join(who_lines(case)))
        consents = consent_lines(directory, case.consents, today)
        self.query_one("#consents", Static).update(
            _("Consents:") + "\n" + "\n".join(consents)
            if consents
            else _("No consent on record yet.")
        )
        self.show_timeline(case)
        self.show_revisions(case)
        self.refresh_bindings()

    def show_timeline(self, case: CaseFile) -> None:
        directory = self.office_app.backend.directory
        zone = directory.deployment.zone
        self.query_one("#timeline-heading", Static).update(
            _("History, newest first · page {page} of {pages} · {total} entries").format(
                page=case.page + 1, pages=max(case.pages, 1), total=case.total
            )
        )
        table = self.query_one("#timeline", DataTable)
        rows = [timeline_row(directory, entry, zone) for entry in case.timeline]
        # One cell more than fit_rows keeps: a long history has a two-cell scrollbar.
        fit_rows(rows, table_width(table) - 1, self.timeline_headers, flexible=(2, 4))
        row = table.cursor_row
        table.clear()
        for entry, cells in zip(case.timeline, rows, strict=True):
            table.add_row(*cells, key=f"{entry.kind}-{entry.id}")
        if case.timeline:
            table.move_cursor(row=min(max(row, 0), len(case.timeline) - 1))

    def show_revisions(self, case: CaseFile) -> None:
        directory = self.office_app.backend.directory
        table = self.query_one("#revisions", DataTable)
        rows: list[list[Any]] = list(
            revision_rows(directory, case.revisions, directory.deployment.zone)
        )
        self.query_one("#revisions-heading", Static).update(
            _("Corrections: {count}").format(count=len(case.revisions))
            if case.revisions
            else _("No corrections yet.")
        )
        table.display = bool(rows)
        fit_rows(rows, table_width(table) - 1, self.revision_headers, flexible=(1, 2, 3, 4))
        table.clear()
        for cells in rows:
            table.add_row(*cells)

    def on_resize(self, _event: events.Resize) -> None:
        if self.case is not None:
            self.show_timeline(self.case)
            self.show_revisions(self.case)

    # --- keys -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page":
            if self.case is None or not isinstance(step := parameters[0], int):
                return None
            return True if 0 <= self.case.page + step < self.case.pages else None
        return super().check_action(action, parameters)

    def action_back(self) -> None:
        self.dismiss()

    def action_page(self, step: int) -> None:
        if self.case is not None and 0 <= self.case.page + step < self.case.pages:
            self.page = self.case.page + step
            self.reload()

    def _household(self) -> HouseholdRecord | None:
        if self.case is None:
            self.notify(_("The case file is still loading."))
            return None
        return self.case.household

    def _entry(self) -> TimelineEntry | None:
        """The highlighted consultation or referral, if it can still be corrected."""
        table = self.query_one("#timeline", DataTable)
        if self.case is None or not 0 <= table.cursor_row < len(self.case.timeline):
            self.notify(_("No entry is selected."))
            return None
        entry = self.case.timeline[table.cursor_row]
        if entry.kind not in CORRECTABLE:
            self.notify(
                _("{kind} entries are changed on their own screen.").format(
                    kind=_(KINDS.get(entry.kind, entry.kind))
                )
            )
            return None
        if entry.voided:
            self.notify(_("This entry is already withdrawn."))
            return None
        return entry

    def _saved(self, result: object) -> None:
        if result is not None:
            self.notify(_("Saved."))
            self.reload()

    def action_correct_household(self) -> None:
        household = self._household()
        if household is not None:
            form = HouseholdCorrectionForm(self.office_app.backend.directory, household)
            self.app.push_screen(form, self._saved)

    def action_correct_entry(self) -> None:
        entry = self._entry()
        if entry is None or self.office is None:
            return
        directory = self.office_app.backend.directory
        summary = entry_summary(directory, entry, directory.deployment.zone)
        office = self.office
        if entry.kind == "consultation":
            form = ConsultationCorrectionForm(directory, office, entry, summary)
            self.app.push_screen(form, self._saved)
            return

        def correct(referral: ReferralRecord) -> None:
            form = ReferralCorrectionForm(directory, office, referral, summary)
            self.app.push_screen(form, self._saved)

        key = entry.id
        self.fetch(None, lambda services: services.referrals.get(key), correct)

    def action_withdraw_entry(self) -> None:
        entry = self._entry()
        if entry is not None:
            directory = self.office_app.backend.directory
            summary = entry_summary(directory, entry, directory.deployment.zone)
            self.app.push_screen(WithdrawForm(entry, summary), self._withdrawn)

    def _withdrawn(self, result: object) -> None:
        if result is not None:
            self.notify(_("Withdrawn as a mistaken entry."))
            self.reload()

    def action_consent(self) -> None:
        household = self._household()
        if household is not None and self.office is not None:
            form = ConsentForm(
                self.office_app.backend.directory, self.office, household.id, household.code
            )
            self.app.push_screen(form, self._saved)

    def action_print_paper(self) -> None:
        """The consent form or the data copy, in German and the household's language."""
        from lwcore.tui.forms.print_paper import PrintForm, tell_printed

        household = self._household()
        if household is not None:
            kinds = ("consent", "data-copy")
            form = PrintForm(kinds, household.id, recorded=household.languages)
            self.app.push_screen(form, lambda result: tell_printed(self, result))

    def action_merge(self) -> None:
        household = self._household()
        if household is not None and self.office is not None:
            form = MergeForm(self.office_app.backend.directory, self.office, household)
            self.app.push_screen(form, self._merged)

    def _merged(self, kept: HouseholdRecord | None) -> None:
        if kept is None:
            return
        self.notify(_("Merged: the case file of {code} holds both now.").format(code=kept.code))
        self.household = kept.id
        self.page = 0
        self.reload()

    def action_hand_over(self) -> None:
        household = self._household()
        if household is not None and self.office is not None:
            form = HandOverForm(self.office_app.backend.directory, self.office, household)
            self.app.push_screen(form, self._handed_over)

    def _handed_over(self, household: HouseholdRecord | None) -> None:
        if household is None:
            return
        # The household is the other office's now: this office may no longer see it.
        self.left = True
        directory = self.office_app.backend.directory
        self.notify(
            _("{household} was handed over to {office}.").format(
                household=household.code, office=office_name(directory, household.office)
            )
        )
        self.dismiss()
