"""A report as tables: what every format writes, the same figures in the same order.

Built from the figures the statistics service released to leave the office
(:class:`~lwcore.services.disclosure.ReportFigures`: perturbed, for a whole
calendar month, quarter or year that is over); named as the screens name
them (lwcore.reports.labels), in the language chosen (German by default).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from attrs import frozen

from lwcore.i18n import _, language
from lwcore.reports.labels import (
    language_label,
    offer_kind_label,
    outcome_label,
    partner_label,
    status_label,
    topic_label,
)

if TYPE_CHECKING:
    from lwcore.directory import Directory
    from lwcore.services.disclosure import ReportFigures

Cell = str | int


@frozen
class Table:
    """One table: ``name`` is stable (file names), ``title`` and ``columns`` are for
    people. With ``chart``, the first column names the bars and the second holds
    their figures."""

    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    chart: bool = False


@frozen
class Report:
    """Everything a report shows: who, which period, the note on the figures, the tables."""

    title: str
    office: str
    period: str
    #: Stable part of the file names: ``brackel-2025-q3``, ``alle-2026``.
    stem: str
    created: str
    note: str
    tables: tuple[Table, ...]

    def table(self, name: str) -> Table:
        return next(table for table in self.tables if table.name == name)


def period_name(start: date, end: date) -> str:
    """``Jahr 2025``, ``3. Quartal 2025``, ``Oktober 2026`` or the two dates."""
    from babel.dates import format_date, format_skeleton

    kind = period_kind(start, end)
    if kind == "year":
        return _("Year {year}").format(year=start.year)
    if kind == "quarter":
        return _("Quarter {quarter} {year}").format(
            quarter=(start.month - 1) // 3 + 1, year=start.year
        )
    if kind == "month":
        return str(format_skeleton("yMMMM", start, locale=language()))
    first, last = (format_date(day, "medium", locale=language()) for day in (start, end))
    return f"{first} – {last}"


def period_kind(start: date, end: date) -> str:
    """``year``, ``quarter``, ``month`` or ``days``."""
    following = date(end.year + (end.month == 12), end.month % 12 + 1, 1)
    if start.day != 1 or (following - end).days != 1:
        return "days"
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months == 12 and start.month == 1:
        return "year"
    if months == 3 and start.month in (1, 4, 7, 10):
        return "quarter"
    return "month" if months == 1 else "days"


def period_stem(start: date, end: date) -> str:
    """``2025``, ``2025-q3``, ``2026-10`` or ``2026-10-01_2026-11-15``: for file names."""
    kind = period_kind(start, end)
    if kind == "year":
        return str(start.year)
    if kind == "quarter":
        return f"{start.year}-q{(start.month - 1) // 3 + 1}"
    if kind == "month":
        return f"{start:%Y-%m}"
    return f"{start.isoformat()}_{end.isoformat()}"


def build_report(report: ReportFigures, directory: Directory, created: datetime) -> Report:
    """The report of ``report``'s figures; offices, topics and partners named by ``directory``."""
    figures = report.figures
    if not figures.perturbed:
        raise ValueError("exact figures do not leave the office")
    office = (
        _("All offices") if figures.office is None else directory.office(figures.office).office.name
    )
    note = _(
        "Every figure is perturbed by the cell key method so that no person can be "
        "recognised: at most {n} away from the true count, 1 and 2 are never shown, "
        "totals are perturbed on their own and need not add up."
    ).format(n=figures.max_deviation)
    return Report(
        title=_("Statistics report"),
        office=office,
        period=period_name(figures.start, figures.end),
        stem=f"{figures.office or 'alle'}-{period_stem(figures.start, figures.end)}",
        created=created.strftime("%d.%m.%Y") if language() == "de" else f"{created:%Y-%m-%d}",
        note=note,
        tables=_tables(report, directory),
    )


def _tables(report: ReportFigures, directory: Directory) -> tuple[Table, ...]:
    figures = report.figures
    consultations = _("Consultations")
    city_wide = figures.office is None

    def office_name(slug: str) -> str:
        return directory.office(slug).office.name

    def series_name(office: str, key: str) -> str:
        series = {s.key: s.title for s in directory.office(office).round_tables}
        return series.get(key, key)

    return (
        Table(
            "kennzahlen",
            _("Key figures"),
            (_("Figure"), _("Number")),
            (
                (consultations, figures.consultations),
                (_("People advised"), figures.people),
                (_("Quick contacts"), figures.quick_contacts),
                (_("Households"), figures.households),
                (_("Referrals"), figures.referrals),
                (_("Home visits done"), figures.visits_done),
                (_("Active volunteers"), report.volunteers),
            ),
        ),
        Table(
            "monate",
            _("By month"),
            (_("Month"), consultations, _("Referrals"), _("Home visits done")),
            tuple(
                (_month_name(row.month), row.consultations, row.referrals, row.visits_done)
                for row in report.by_month
            ),
            chart=True,
        ),
        Table(
            "themen",
            _("By topic"),
            (_("Topic"), consultations),
            tuple((topic_label(directory, c.key), c.consultations) for c in figures.by_topic),
            chart=True,
        ),
        Table(
            "sprachen",
            _("By language"),
            (_("Language"), consultations),
            tuple((language_label(c.key), c.consultations) for c in figures.by_language),
            chart=True,
        ),
        Table(
            "bezirke",
            _("By district"),
            (_("District of the household"), consultations),
            tuple((c.key, c.consultations) for c in report.by_district),
            chart=True,
        ),
        Table(
            "ergebnisse",
            _("By outcome"),
            (_("Outcome"), consultations),
            tuple((outcome_label(c.key), c.consultations) for c in figures.by_outcome),
        ),
        Table(
            "themen-sprachen",
            _("Topic × language"),
            (_("Topic"), _("Language"), consultations),
            tuple(
                (topic_label(directory, r.topic), language_label(r.language), r.consultations)
                for r in figures.by_topic_and_language
            ),
        ),
        Table(
            "partner",
            _("Referrals by partner"),
            (_("Partner"), _("Referrals"), _("Done"), _("Not successful"), _("Open")),
            tuple(
                (partner_label(directory, p.partner), p.referrals, p.done, p.unsuccessful, p.open)
                for p in figures.by_partner
            ),
            chart=True,
        ),
        Table(
            "verweisungen",
            _("Referrals by outcome"),
            (_("State"), _("Referrals")),
            tuple((status_label(c.key), c.consultations) for c in report.referral_outcomes),
        ),
        Table(
            "runde-tische",
            _("Round tables"),
            (
                *((_("Office"),) if city_wide else ()),
                _("Round table"),
                _("Meetings"),
                _("Agreed actions"),
            ),
            tuple(
                (
                    *((office_name(r.office),) if city_wide else ()),
                    series_name(r.office, r.series),
                    r.meetings,
                    r.actions,
                )
                for r in report.round_tables
            ),
        ),
        Table(
            "gruppenangebote",
            _("Group offers"),
            (
                *((_("Office"),) if city_wide else ()),
                _("Group offer"),
                _("Kind"),
                _("Sessions"),
                _("Attendance"),
            ),
            tuple(
                (
                    *((office_name(r.office),) if city_wide else ()),
                    r.title,
                    offer_kind_label(r.kind),
                    r.sessions,
                    r.attendance,
                )
                for r in report.group_offers
            ),
        ),
        Table(
            "ehrenamtliche",
            _("Volunteers by language"),
            (_("Language"), _("Active volunteers")),
            tuple((language_label(c.key), c.consultations) for c in report.volunteers_by_language),
        ),
    )


def _month_name(first: date) -> str:
    from babel.dates import format_skeleton

    return str(format_skeleton("yMMM", first, locale=language()))
