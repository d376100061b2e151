"""``lw report``: the figures of a period as a report for the council or the fund.

An Excel workbook, a PDF with charts and CSV files for German Excel, written
into the user's documents folder unless ``--folder`` names another (never the
folder ``lw`` was started in). What is written leaves the office, so it holds
the released figures only, as ``lw statistics`` prints them: perturbed by the
cell key method, for a whole calendar month, quarter or year that is over.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from lwcore.cli.context import Context, fail, pass_context, refusal_text, shown_language
from lwcore.cli.statistics import chosen_period, period_options

#: ``--office all``: every office together (coordinators).
ALL_OFFICES = "all"


def formats_option(value: str) -> list[str]:
    """``xlsx,pdf`` -> ``["xlsx", "pdf"]``; an unknown format is refused by name."""
    from lwcore.reports.writing import FORMATS, unknown_formats

    chosen = [name.strip().lower() for name in value.split(",") if name.strip()]
    unknown = unknown_formats(chosen)
    if unknown or not chosen:
        fail(f"--format: {', '.join(unknown) or 'none given'}; choose from {','.join(FORMATS)}")
    return chosen


@click.command("report")
@click.option(
    "--office",
    metavar="SLUG",
    help="This office, or 'all' for every office together (default: your own office; "
    "coordinators: every office).",
)
@period_options
@click.option(
    "--format",
    "formats",
    default="xlsx,pdf,csv",
    show_default=True,
    metavar="LIST",
    help="Comma-separated: xlsx (Excel), pdf, csv (one file per table, for German Excel).",
)
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the files go (created if missing; default: your documents folder).",
)
@pass_context
def report_command(
    context: Context,
    office: str | None,
    month: datetime | None,
    quarter: tuple[date, date] | None,
    year: int | None,
    start: datetime | None,
    end: datetime | None,
    formats: str,
    folder: Path | None,
) -> None:
    """Write a month's, quarter's or year's figures as a report (Excel, PDF, CSV) for the
    council or the fund, perturbed as every figure that leaves an office. Prints the
    files written."""
    from lwcore.i18n import set_language
    from lwcore.reports.writing import ReportNotWritten, report_for, write_report
    from lwcore.services.errors import AccessDenied, InvalidInput
    from lwcore.settings.paths import documents_dir

    chosen_formats = formats_option(formats)
    services = context.services
    own = services.actor.office
    if office == ALL_OFFICES:
        scope = None
    elif office:
        context.office(office)
        scope = office
    else:
        scope = own
    first, last = chosen_period(services.context.today(), month, start, end, quarter, year)
    set_language(shown_language())
    try:
        report = report_for(services, scope, first, last)
    except AccessDenied as refusal:
        hint = f" (try --office {own})" if scope is None and own else ""
        fail(f"{refusal_text(refusal)}{hint}")
    except InvalidInput as problems:
        fail(refusal_text(problems))
    target = (folder or documents_dir()).expanduser().absolute()
    try:
        written = write_report(report, target, chosen_formats)
    except ReportNotWritten as error:
        fail(str(error))
    for path in written:
        click.echo(str(path))
