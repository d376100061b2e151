"""Ask where the statistics' CSV files go, then write them there in a worker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input

from lwcore.tui.forms.base import Form
from lwcore.tui.i18n import _
from lwcore.tui.screens.statistics_export import (
    CsvTable,
    default_folder,
    statistics_tables,
    write_tables,
)

if TYPE_CHECKING:
    from lwcore.directory import Directory
    from lwcore.services import Services
    from lwcore.services.disclosure import PeriodStatistics


class ExportFolderForm(Form[Path]):
    """Returns the folder the files were written to.

    The tables are built from the figures given when the form opens: figures
    released to leave the office (perturbed).
    """

    DEFAULT_CSS = """
    ExportFolderForm > Vertical { width: 90%; max-width: 90; height: auto; max-height: 90%; }
    ExportFolderForm VerticalScroll { height: auto; }
    """

    def __init__(self, figures: PeriodStatistics, directory: Directory) -> None:
        super().__init__()
        self.tables: tuple[CsvTable, ...] = statistics_tables(figures, directory)
        self.suggested = default_folder(figures)
        self.title_text = _("Export the tables as CSV files")

    def fields(self) -> ComposeResult:
        yield from self.field(
            "folder",
            _("Folder (created if missing; files of the same name are replaced)"),
            Input(self.suggested, id="folder"),
        )

    def on_mount(self) -> None:
        self.query_one("#save", Button).label = _("Export")
        self.query_one("#folder", Input).focus()

    @on(Input.Submitted)
    def _typed(self) -> None:
        self.action_submit()

    def values(self) -> dict[str, Any] | None:
        folder = self.query_one("#folder", Input).value.strip()
        if not folder:
            self.show_errors({"folder": _("Enter a folder.")})
            return None
        return {"folder": Path(folder).expanduser()}

    def save(self, services: Services, values: dict[str, Any]) -> Path:
        from lwcore.services.errors import InvalidInput

        folder: Path = values["folder"].resolve()
        try:
            write_tables(folder, self.tables)
        except OSError as error:
            raise InvalidInput(
                {"folder": _("Cannot write there: {reason}").format(reason=error.strerror or error)}
            ) from error
        return folder
