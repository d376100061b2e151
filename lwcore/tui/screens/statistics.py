"""Statistik: the figures of one office (or the whole city) for a period.

What the offices report to the council and the fund: totals, consultations
by topic, language and outcome, referrals by partner, with a bar chart of
topics and of languages. A month at a time by default, any period on demand,
and a report of the period (Excel, PDF, CSV; lwcore.reports). On a small
terminal one table at a time, chosen with the tabs; on a large one all of
them at once.

Staff see their own office's exact figures: they do not leave the office.
Any other view (all offices, or another office for a coordinator) shows
the figures as they may leave an office, perturbed by the cell key method
and only for a month, quarter or year that is over (the service decides,
see lwcore.services.disclosure); a report is always perturbed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Static, Tab, Tabs

from lwcore.services.disclosure import last_releasable_month
from lwcore.tui.i18n import N_, _, language
from lwcore.tui.labels import language_label, outcome_label, partner_label, topic_label
from lwcore.tui.screens.base import OfficeScreen
from lwcore.tui.screens.statistics_chart import BarChart

if TYPE_CHECKING:
    from pathlib import Path

    from lwcore.services import Services
    from lwcore.services.disclosure import Count, PeriodStatistics

#: From this size on, every table is shown at once instead of behind tabs.
ROOMY_WIDTH = 140
ROOMY_HEIGHT = 40


def month_bounds(day: date) -> tuple[date, date]:
    """The first and last day of ``day``'s month."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def is_whole_month(start: date, end: date) -> bool:
    return (start, end) == month_bounds(start)


def period_text(start: date, end: date) -> str:
    """``November 2026 (01.11.2026 – 30.11.2026)``, or just the two dates."""
    from babel.dates import format_date, format_skeleton

    locale = language()
    first, last = (format_date(day, "medium", locale=locale) for day in (start, end))
    days = f"{first} – {last}"
    if is_whole_month(start, end):
        return f"{format_skeleton('yMMMM', start, locale=locale)} ({days})"
    return days


def totals_text(figures: PeriodStatistics) -> str:
    text = "   ".join(
        (
            _("Consultations: {n}").format(n=figures.consultations),
            _("People advised: {n}").format(n=figures.people),
            _("Quick contacts: {n}").format(n=figures.quick_contacts),
            _("Households: {n}").format(n=figures.households),
            _("Referrals: {n}").format(n=figures.referrals),
            _("Home visits done: {n}").format(n=figures.visits_done),
        )
    )
    if figures.perturbed:
        text += "\n" + _(
            "Perturbed: each figure at most {n} off, 1 and 2 never shown; totals need not add up."
        ).format(n=figures.max_deviation)
    return text


def share(part: int, whole: int) -> str:
    """The percentage of ``whole``; nothing when it is 0."""
    if not whole:
        return ""
    return f"{100 * part / whole:.0f} %"


def number(value: int | str) -> Text:
    return Text(str(value), justify="right")


class StatisticsScreen(OfficeScreen):
    DEFAULT_CSS = """
    StatisticsScreen #heading { height: 1; padding: 0 1; text-style: bold; }
    StatisticsScreen #totals { height: auto; padding: 0 1; color: $text-muted; }
    StatisticsScreen #panes { height: 1fr; }
    StatisticsScreen .pane { display: none; height: 1fr; }
    StatisticsScreen .pane.-current { display: block; }
    StatisticsScreen DataTable { height: 1fr; width: auto; max-width: 60%; }
    StatisticsScreen #outcomes-partners DataTable { max-width: 100%; }
    StatisticsScreen #by-outcome { height: auto; margin-bottom: 1; }
    StatisticsScreen #by-topic-and-language { max-width: 100%; }
    StatisticsScreen BarChart { height: 1fr; width: 1fr; }
    StatisticsScreen.-roomy Tabs { display: none; }
    StatisticsScreen.-roomy #panes { layout: grid; grid-size: 2 2; grid-rows: 3fr 2fr; }
    StatisticsScreen.-roomy .pane { display: block; border: round $primary 50%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # Short descriptions: the footer must hold them all at 80 columns.
        Binding(
            "left_square_bracket",
            "previous_month",
            N_("Previous"),
            key_display="[",
            tooltip=N_("The month before"),
        ),
        Binding(
            "right_square_bracket",
            "next_month",
            N_("Next"),
            key_display="]",
            tooltip=N_("The month after"),
        ),
        Binding("m", "this_month", N_("This month")),
        Binding("p", "choose_period", N_("Period"), tooltip=N_("Any period, from a day to a day")),
        Binding("a", "toggle_city_wide", N_("All offices"), tooltip=N_("All offices or this one")),
        Binding(
            "x",
            "report",
            N_("Report"),
            tooltip=N_("The figures as a report for the council: Excel, PDF, CSV"),
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        #: The shown period; None until the first figures arrive (then the clock's month).
        self.period: tuple[date, date] | None = None
        self.city_wide = False
        self.figures: PeriodStatistics | None = None

    def compose(self) -> ComposeResult:
        titles = {
            "topics": _("Topics"),
            "languages": _("Languages"),
            "outcomes-partners": _("Outcomes and partners"),
            "topic-language": _("Topic × language"),
        }
        yield Header()
        yield Static(_("Loading the figures…"), id="heading")
        yield Static("", id="totals")
        yield Tabs(*(Tab(title, id=f"tab-{key}") for key, title in titles.items()))
        # In grid order for the large layout: topics and their breakdown on top.
        with Container(id="panes"):
            with Horizontal(id="topics", classes="pane -current"):
                yield DataTable(id="by-topic", cursor_type="row", zebra_stripes=True)
                yield BarChart(_("Consultations by topic"), id="topic-chart")
            with Vertical(id="topic-language", classes="pane"):
                yield DataTable(id="by-topic-and-language", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="languages", classes="pane"):
                yield DataTable(id="by-language", cursor_type="row", zebra_stripes=True)
                yield BarChart(_("Consultations by language"), id="language-chart")
            with Vertical(id="outcomes-partners", classes="pane"):
                yield DataTable(id="by-outcome", cursor_type="row", zebra_stripes=True)
                yield DataTable(id="by-partner", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        for pane in self.query(".pane"):
            tab = self.query_one(f"#tab-{pane.id}", Tab)
            pane.border_title = str(tab.label)

    def on_resize(self, event: events.Resize) -> None:
        roomy = event.size.width >= ROOMY_WIDTH and event.size.height >= ROOMY_HEIGHT
        self.set_class(roomy, "-roomy")

    @on(Tabs.TabActivated)
    def _show_pane(self, event: Tabs.TabActivated) -> None:
        chosen = (event.tab.id or "").removeprefix("tab-")
        for pane in self.query(".pane"):
            pane.set_class(pane.id == chosen, "-current")

    def table(self, name: str) -> DataTable[Any]:
        return self.query_one(f"#{name}", DataTable)

    # --- loading --------------------------------------------------------------------

    @property
    def scope(self) -> str | None:
        """The office the figures are for; None for all offices."""
        return None if self.city_wide else self.office

    def reload(self) -> None:
        office = self.office
        if office is None:
            return
        scope = self.scope
        period = self.period

        def figures(services: Services) -> PeriodStatistics:
            if period is None:
                today = services.context.today()
                exact = services.statistics.exact_for(scope)
                start, end = month_bounds(today) if exact else last_releasable_month(today)
            else:
                start, end = period
            return services.statistics.period(scope, start, end)

        self.fetch(self.query_one("#panes"), figures, self.show_figures, group="statistics")

    def show_figures(self, figures: PeriodStatistics) -> None:
        """Show the figures as the service released them (exact or perturbed)."""
        directory = self.office_app.backend.directory
        self.figures = figures
        self.period = (figures.start, figures.end)
        office = (
            _("all offices")
            if figures.office is None
            else directory.office(figures.office).office.name
        )
        self.query_one("#heading", Static).update(
            f"{office} · {period_text(figures.start, figures.end)}"
        )
        self.query_one("#totals", Static).update(totals_text(figures))
        total = figures.consultations
        topics = [(topic_label(directory, c.key), c) for c in figures.by_topic]
        self.fill_counts("by-topic", _("Topic"), topics, total)
        languages = [(language_label(c.key), c) for c in figures.by_language]
        self.fill_counts("by-language", _("Language"), languages, total)
        outcomes = [(outcome_label(c.key), c) for c in figures.by_outcome]
        self.fill_counts("by-outcome", _("Outcome"), outcomes, total)
        partners = self.fresh_table(
            "by-partner", _("Partner"), _("Referrals"), _("Done"), _("Not successful"), _("Open")
        )
        for partner in figures.by_partner:
            partners.add_row(
                partner_label(directory, partner.partner),
                number(partner.referrals),
                number(partner.done),
                number(partner.unsuccessful),
                number(partner.open),
                key=partner.partner,
            )
        pairs = self.fresh_table(
            "by-topic-and-language", _("Topic"), _("Language"), _("Consultations")
        )
        for row in figures.by_topic_and_language:
            pairs.add_row(
                topic_label(directory, row.topic),
                language_label(row.language),
                number(row.consultations),
                key=f"{row.topic}/{row.language}",
            )
        self.query_one("#topic-chart", BarChart).show_bars(
            [(label, c.consultations) for label, c in topics]
        )
        self.query_one("#language-chart", BarChart).show_bars(
            [(c.key, c.consultations) for _label, c in languages]
        )

    def fresh_table(self, name: str, *columns: str) -> DataTable[Any]:
        """The table emptied, columns too: their widths follow the figures shown now,
        not the widest label of an earlier period."""
        table = self.table(name)
        table.clear(columns=True)
        table.add_columns(*columns)
        return table

    def fill_counts(
        self, name: str, heading: str, rows: list[tuple[str, Count]], total: int
    ) -> None:
        table = self.fresh_table(name, heading, _("Number"), "%")
        for label, count in rows:
            table.add_row(
                label,
                number(count.consultations),
                number(share(count.consultations, total)),
                key=count.key,
            )

    # --- keys -----------------------------------------------------------------------

    def _show_month_of(self, day: date) -> None:
        self.period = month_bounds(day)
        self.reload()

    def action_previous_month(self) -> None:
        if self.period is not None:
            self._show_month_of(self.period[0].replace(day=1) - timedelta(days=1))

    def action_next_month(self) -> None:
        if self.period is not None:
            self._show_month_of(month_bounds(self.period[0])[1] + timedelta(days=1))

    def action_this_month(self) -> None:
        self.period = None
        self.reload()

    def action_toggle_city_wide(self) -> None:
        from lwcore.services.access import Permission

        if not self.city_wide and not self.office_app.backend.actor.may(
            Permission.STATISTICS, None
        ):
            self.notify(_("Only a coordinator may see the figures of every office."))
            return
        self.city_wide = not self.city_wide
        self.period = None  # each view starts on its own default month
        self.reload()

    def action_choose_period(self) -> None:
        from lwcore.tui.forms.period import PeriodForm

        if self.period is None:
            return

        def chosen(period: tuple[date, date] | None) -> None:
            if period is not None:
                self.period = period
                self.reload()

        self.app.push_screen(PeriodForm(*self.period), chosen)

    def action_report(self) -> None:
        from lwcore.settings.paths import documents_dir
        from lwcore.tui.forms.report import ReportForm

        shown = self.figures
        if shown is None:
            self.notify(_("The figures are still loading."))
            return
        what = self.query_one("#heading", Static).render()

        def written(files: list[Path] | None) -> None:
            if files:
                self.notify(_("The report was written to {folder}").format(folder=files[0].parent))

        def ask(figures: PeriodStatistics) -> None:
            form = ReportForm(
                figures.office, figures.start, figures.end, str(what), documents_dir()
            )
            self.app.push_screen(form, written)

        if shown.perturbed:
            ask(shown)
            return
        # The report leaves the office: the service refuses a period that may not leave.
        self.fetch(
            None,
            lambda services: services.statistics.period(
                shown.office, shown.start, shown.end, leaving=True
            ),
            ask,
        )
