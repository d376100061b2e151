"""``lw round-tables``: dated meetings of every round-table series, and .ics export."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import click

from lwcore.cli.context import (
    Context,
    emit_json,
    emit_table,
    fail,
    pass_context,
    shown_language,
)
from lwcore.cli.dates import DAY as DATE
from lwcore.files import write_private
from lwcore.schedule import calendar_bytes


@click.command("round-tables")
@click.option("--office", metavar="SLUG", help="Only this office's round tables.")
@click.option("--from", "start", type=DATE, help="First day (YYYY-MM-DD); default today.")
@click.option("--until", type=DATE, help="Last day (YYYY-MM-DD); default 90 days on.")
@click.option(
    "--ics",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Also write the meetings to this iCalendar file.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array for scripts.")
@pass_context
def round_tables_command(
    context: Context,
    office: str | None,
    start: datetime | None,
    until: datetime | None,
    ics: Path | None,
    as_json: bool,
) -> None:
    """List round-table meetings; public holidays are dropped or moved as each series says."""
    directory = context.directory
    if office:
        context.office(office)
    today = datetime.now(directory.deployment.zone).date()
    first: date = start.date() if start else today
    last: date = until.date() if until else first + timedelta(days=90)
    if last < first:
        fail(f"--until {last} is before --from {first}")
    meetings = directory.meetings(first, last, office=office)
    if ics is not None:
        try:
            write_private(ics, calendar_bytes(meetings))
        except OSError as error:
            fail(f"--ics: cannot write {ics}: {error.strerror}")
        click.echo(f"wrote {len(meetings)} meetings to {ics}", err=True)
    if as_json:
        emit_json(
            [
                {
                    "office": meeting.office,
                    "series": meeting.series,
                    "title": meeting.title,
                    "place": meeting.place,
                    "start": meeting.start.isoformat(),
                    "end": meeting.end.isoformat(),
                    "moved_from": meeting.moved_from.isoformat() if meeting.moved_from else None,
                    "holiday": meeting.holiday,
                    "example": meeting.example,
                }
                for meeting in meetings
            ]
        )
        return
    from babel.dates import format_date, format_datetime

    language = shown_language()  # weekdays as the UI names them (--lang, LW_LANG)
    moved = (
        "verschoben vom {day} ({holiday})" if language == "de" else "moved from {day} ({holiday})"
    )
    emit_table(
        [
            [
                format_datetime(meeting.start, "EEE dd.MM.yyyy HH:mm", locale=language),
                meeting.office,
                meeting.title,
                moved.format(
                    day=format_date(meeting.moved_from, "dd.MM.", locale=language),
                    holiday=meeting.holiday,
                )
                if meeting.moved_from
                else "",
            ]
            for meeting in meetings
        ],
        ["WHEN", "OFFICE", "ROUND TABLE", "NOTE"],
    )
