"""``lw statistics``: the figures of one office, or of every office, for a period.

What is printed leaves the office (into reports, mails, spreadsheets), so it
is always perturbed by the cell key method (every figure at most 2 off, 1
and 2 never shown, see lwcore.services.disclosure), and only for a whole
calendar month, quarter or year that is over; without options, the last
month. Every office at once is for coordinators.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import click

from lwcore.cli.context import Context, emit_table, fail, pass_context, refusal_text
from lwcore.cli.dates import DAY, MONTH
from lwcore.dates import EARLIEST, LATEST
from lwcore.services.disclosure import last_releasable_month

if TYPE_CHECKING:
    from lwcore.services.disclosure import PeriodStatistics


def month_bounds(first: date) -> tuple[date, date]:
    """The first and last day of ``first``'s month."""
    start = first.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following - timedelta(days=1)


class QuarterType(click.ParamType[tuple[date, date], Any]):
    """``2026-Q3`` (or ``2026-3``): the first and last day of that quarter."""

    name = "YYYY-Qn"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, tuple):
            return value
        match = re.fullmatch(r"(\d{4})-[Qq]?([1-4])", str(value).strip())
        if match is None or not EARLIEST.year <= int(match[1]) <= LATEST.year:
            self.fail(f"{value!r} is no quarter like 2026-Q3", param, ctx)
        year, quarter = int(match[1]), int(match[2])
        first = date(year, 3 * quarter - 2, 1)
        return first, month_bounds(date(year, 3 * quarter, 1))[1]


QUARTER = QuarterType()
YEAR = click.IntRange(EARLIEST.year, LATEST.year)


def chosen_period(
    today: date,
    month: datetime | None,
    start: datetime | None,
    end: datetime | None,
    quarter: tuple[date, date] | None = None,
    year: int | None = None,
) -> tuple[date, date]:
    """The period the options name; the last month that is over when they name none."""
    named = [
        option
        for option, value in (
            ("--month", month),
            ("--quarter", quarter),
            ("--year", year),
            ("--from/--to", start or end),
        )
        if value is not None
    ]
    if len(named) > 1:
        fail(
            "give either --month or --from and --to (or --quarter, or --year), "
            f"not {' and '.join(named)}"
        )
    if (start is None) != (end is None):
        fail("--from and --to go together (both YYYY-MM-DD)")
    if start is not None and end is not None:
        if end < start:
            fail(f"--to {end:%Y-%m-%d} is before --from {start:%Y-%m-%d}")
        return start.date(), end.date()
    if month is not None:
        return month_bounds(month.date())
    if quarter is not None:
        return quarter
    if year is not None:
        return date(year, 1, 1), date(year, 12, 31)
    return last_releasable_month(today)


def period_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--month``, ``--quarter``, ``--year``, ``--from`` and ``--to``: one period."""
    for option in reversed(
        (
            click.option(
                "--month", type=MONTH, help="A calendar month (YYYY-MM); default the last one."
            ),
            click.option("--quarter", type=QUARTER, help="A quarter (YYYY-Qn, e.g. 2026-Q3)."),
            click.option("--year", type=YEAR, help="A calendar year (YYYY)."),
            click.option("--from", "start", type=DAY, help="First day of the period (YYYY-MM-DD)."),
            click.option("--to", "end", type=DAY, help="Last day of the period (YYYY-MM-DD)."),
        )
    ):
        command = option(command)
    return command


@click.command("statistics")
@click.option("--office", metavar="SLUG", help="Only this office (default: every office).")
@period_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object for scripts.")
@pass_context
def statistics_command(
    context: Context,
    office: str | None,
    month: datetime | None,
    quarter: tuple[date, date] | None,
    year: int | None,
    start: datetime | None,
    end: datetime | None,
    as_json: bool,
) -> None:
    """Consultations, households, referrals and home visits of a month, quarter or year
    that is over, perturbed (at most 2 off). Without --office, every office together
    (coordinators only)."""
    from lwcore.services.errors import AccessDenied, InvalidInput

    if office:
        context.office(office)
    services = context.services
    first, last = chosen_period(services.context.today(), month, start, end, quarter, year)
    try:
        figures = services.statistics.period(office or None, first, last, leaving=True)
    except AccessDenied as refusal:
        own = services.actor.office
        hint = f" (try --office {own})" if office is None and own else ""
        fail(f"{refusal_text(refusal)}{hint}")
    except InvalidInput as problems:
        fail(refusal_text(problems))
    if as_json:
        click.echo(json.dumps(as_document(figures), ensure_ascii=False, indent=2))
        return
    print_tables(context, figures)


def as_document(figures: PeriodStatistics) -> dict[str, Any]:
    """The figures as JSON, with how far each may be from the true count."""
    return {
        "office": figures.office,
        "start": figures.start.isoformat(),
        "end": figures.end.isoformat(),
        "perturbed": figures.perturbed,
        "max_deviation": figures.max_deviation,
        "totals": {
            "consultations": figures.consultations,
            "people": figures.people,
            "quick_contacts": figures.quick_contacts,
            "households": figures.households,
            "referrals": figures.referrals,
            "visits_done": figures.visits_done,
        },
        "by_topic": [
            {"topic": row.key, "consultations": row.consultations} for row in figures.by_topic
        ],
        "by_language": [
            {"language": row.key, "consultations": row.consultations} for row in figures.by_language
        ],
        "by_outcome": [
            {"outcome": row.key, "consultations": row.consultations} for row in figures.by_outcome
        ],
        "by_partner": [
            {
                "partner": row.partner,
                "referrals": row.referrals,
                "done": row.done,
                "unsuccessful": row.unsuccessful,
                "open": row.open,
            }
            for row in figures.by_partner
        ],
        "by_topic_and_language": [
            {"topic": row.topic, "language": row.language, "consultations": row.consultations}
            for row in figures.by_topic_and_language
        ],
    }


def print_tables(context: Context, figures: PeriodStatistics) -> None:
    """A heading, then one aligned table per breakdown, a blank line between them."""
    where = (
        "every office"
        if figures.office is None
        else context.directory.office(figures.office).office.name
    )
    click.echo(f"{where}, {figures.start:%Y-%m-%d} to {figures.end:%Y-%m-%d}")
    if figures.perturbed:
        click.echo(
            f"(every figure perturbed, at most {figures.max_deviation} off, 1 and 2 never shown;"
            " totals are perturbed on their own and need not add up)"
        )
    totals = [
        ("consultations", figures.consultations),
        ("people", figures.people),
        ("quick_contacts", figures.quick_contacts),
        ("households", figures.households),
        ("referrals", figures.referrals),
        ("visits_done", figures.visits_done),
    ]
    sections: list[tuple[list[str], list[list[str]]]] = [
        (["total", "number"], [[name, str(value)] for name, value in totals]),
        (
            ["topic", "consultations"],
            [[row.key, str(row.consultations)] for row in figures.by_topic],
        ),
        (
            ["language", "consultations"],
            [[row.key, str(row.consultations)] for row in figures.by_language],
        ),
        (
            ["outcome", "consultations"],
            [[row.key, str(row.consultations)] for row in figures.by_outcome],
        ),
        (
            ["partner", "referrals", "done", "unsuccessful", "open"],
            [
                [
                    row.partner,
                    *map(str, (row.referrals, row.done, row.unsuccessful, row.open)),
                ]
                for row in figures.by_partner
            ],
        ),
        (
            ["topic", "language", "consultations"],
            [
                [row.topic, row.language, str(row.consultations)]
                for row in figures.by_topic_and_language
            ],
        ),
    ]
    for headers, rows in sections:
        click.echo()
        if rows:
            emit_table(rows, headers)
        else:
            click.echo(f"{headers[0]}: none in this period")
