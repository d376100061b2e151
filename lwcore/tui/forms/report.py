"""Write the shown period's figures as a report: which formats, which folder.

The report leaves the office, so the service releases its figures perturbed
(and only for a whole calendar month, quarter or year that is over); it is
built and written in a worker, with openpyxl and fpdf2 loaded there when the
first report is written. The folder is the user's documents folder unless
staff type another, never the folder ``lw`` was started in.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Button, Input, Label, SelectionList

from lwcore.reports.writing import FORMATS, ReportNotWritten, report_for, write_report
from lwcore.tui.forms.base import Form
from lwcore.tui.i18n import N_, _

if TYPE_CHECKING:
    from lwcore.services import Services

#: How each format is offered.
FORMAT_LABELS = {
    "xlsx": N_("Excel workbook (XLSX): one sheet per table, charts"),
    "pdf": N_("PDF to print or attach, with charts"),
    "csv": N_("CSV files for Excel, one per table"),
}


class ReportForm(Form[list[Path]]):
    """Returns the files written."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Outside the folder field, ? opens the help of this form (typed there, it stays).
        Binding("question_mark", "app.help", N_("Help"), show=False),
    ]
    DEFAULT_CSS = """
    ReportForm > Vertical { width: 90%; max-width: 90; height: auto; max-height: 90%; }
    ReportForm VerticalScroll { height: auto; }
    ReportForm SelectionList { height: auto; }
    ReportForm #report-of { color: $text-muted; height: auto; }
    """

    def __init__(self, office: str | None, start: date, end: date, what: str, folder: Path) -> None:
        super().__init__()
        self.office = office
        self.start = start
        self.end = end
        self.what = what
        self.suggested = folder
        self.title_text = _("Write a report")

    def fields(self) -> ComposeResult:
        yield Label(self.what, id="report-of")
        yield from self.field(
            "formats",
            _("Formats"),
            SelectionList[str](
                *((_(FORMAT_LABELS[name]), name, True) for name in FORMATS), id="formats"
            ),
        )
        yield from self.field(
            "folder",
            _("Folder (created if missing; files of the same name are replaced)"),
            Input(str(self.suggested), id="folder"),
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#save", Button).label = _("Write")
        self.query_one("#formats", SelectionList).focus()

    @on(Input.Submitted)
    def _typed(self) -> None:
        self.action_submit()

    def values(self) -> dict[str, Any] | None:
        errors: dict[str, str] = {}
        formats = [name for name in FORMATS if name in self.query_one(SelectionList).selected]
        if not formats:
            errors["formats"] = _("Choose at least one format.")
        folder = self.query_one("#folder", Input).value.strip()
        if not folder:
            errors["folder"] = _("Enter a folder.")
        if errors:
            self.show_errors(errors)
            return None
        return {"formats": formats, "folder": Path(folder).expanduser().absolute()}

    def save(self, services: Services, values: dict[str, Any]) -> list[Path]:
        # Start-up edge: the services load with the back end, after the first paint.
        from lwcore.services.errors import InvalidInput

        report = report_for(services, self.office, self.start, self.end)
        try:
            return write_report(report, values["folder"], values["formats"])
        except ReportNotWritten as error:
            raise InvalidInput({"folder": str(error)}) from error
