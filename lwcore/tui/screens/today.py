"""Heute: the first screen, what the office has on today and this week."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Footer, Header, Static

from lwcore.tui.i18n import _, clock, language, long_date, short_date
from lwcore.tui.labels import partner_label, topic_label
from lwcore.tui.screens.base import OfficeScreen

if TYPE_CHECKING:
    from lwcore.directory import Directory, PluginPanels
    from lwcore.services import Services
    from lwcore.services.dashboard import Today

MAX_LINES = 6


class Panel(Static):
    """A titled box of short lines."""

    DEFAULT_CSS = """
    Panel { border: round $primary 50%; padding: 0 1; height: 1fr; }
    """

    def __init__(self, title: str, *, id: str) -> None:
        super().__init__("", id=id)
        self.border_title = title

    def show_lines(self, lines: list[str], empty: str) -> None:
        shown = lines[:MAX_LINES]
        if len(lines) > MAX_LINES:
            shown[-1] = _("… and {count} more").format(count=len(lines) - MAX_LINES + 1)
        self.update("\n".join(shown) if shown else f"[dim]{empty}[/]")


class TodayScreen(OfficeScreen):
    DEFAULT_CSS = """
    TodayScreen Grid { grid-size: 2; grid-rows: 1fr; grid-gutter: 0 1; padding: 0 1; }
    TodayScreen #heading { height: 1; padding: 0 2; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="heading")
        with Grid():
            yield Panel(_("Waiting list"), id="waiting")
            yield Panel(_("Appointments today"), id="appointments")
            yield Panel(_("Home visits this week"), id="visits")
            yield Panel(_("Referrals due"), id="referrals")
            yield Panel(_("Next round tables"), id="meetings")
            yield Panel(_("This month"), id="month")
        yield Footer()

    #: The day whose data the screen shows; None while it is still loading.
    shown_day: date | None = None

    def on_mount(self) -> None:
        self.query_one("#heading", Static).update(_("Loading the office…"))
        self.query_one(Grid).loading = not self.office_app.backend.ready

    def reload(self) -> None:
        office = self.office
        if office is None:
            return
        grid = self.query_one(Grid)
        if self.office_app.backend.actor.figures_only:
            # A coordinator reads no office's day (it names people), nor its exact counts.
            grid.loading = False
            self.query_one("#heading", Static).update(
                _("The day's lists stay with the office. Your figures: Statistics (F7).")
            )
            return
        first = self.office_app.backend.take_first_day(office)
        if first is not None:  # read by the start itself, a moment ago
            grid.loading = False
            self.show_today(first)
        else:
            self.fetch(
                grid,
                lambda services: services.dashboard.today(office),
                self.show_today,
                group="today",
            )
        directory = self.office_app.backend.directory

        def plugin_panels(services: Services) -> PluginPanels:
            return directory.today_panels(office, services.context.today())

        self.fetch(None, plugin_panels, self.show_plugin_panels, group="plugin-panels")

    def show_plugin_panels(self, answer: PluginPanels) -> None:
        """Boxes from the office plugin, after the core's own; a failing plugin is a notice."""
        panels, problems = answer.panels, answer.problems
        for problem in problems:
            self.notify(str(problem), title=_("Plugin problem"), severity="warning")
        grid = self.query_one(Grid)
        shown = {f"plugin-{contributed.key}" for contributed in panels}
        for old in grid.query(".plugin-panel"):
            if old.id not in shown:
                old.remove()
        for contributed in panels:
            existing = grid.query(f"#plugin-{contributed.key}")
            if existing:
                panel = existing.first(Panel)
            else:
                panel = Panel(contributed.title_in(language()), id=f"plugin-{contributed.key}")
                panel.add_class("plugin-panel")
                grid.mount(panel)
            panel.show_lines(list(contributed.lines), "")

    def show_today(self, today: Today) -> None:
        directory = self.office_app.backend.directory
        name = directory.office(today.office).office.name
        self.query_one("#heading", Static).update(f"{name} · {long_date(today.day)}")
        self.shown_day = today.day
        panels = {panel.id: panel for panel in self.query(Panel)}
        for key, (lines, empty) in today_lines(today, directory).items():
            panels[key].show_lines(lines, empty)
        self.office_app.warm_up()


def today_lines(today: Today, directory: Directory) -> dict[str, tuple[list[str], str]]:
    """The text of each panel, from the plain Today record."""
    local = directory.deployment.zone
    month = today.month
    lines: dict[str, tuple[list[str], str]] = {
        "waiting": (
            [
                f"{clock(w.arrived_at.astimezone(local))}  {w.label} ({w.language}) "
                f"{topic_label(directory, w.topic)}".rstrip()
                for w in today.waiting
            ],
            _("Nobody is waiting."),
        ),
        "appointments": (
            [
                f"{clock(a.starts_at.astimezone(local))}  {a.label} ({a.language}) "
                f"{topic_label(directory, a.topic)}".rstrip()
                for a in today.appointments
            ],
            _("No appointments today."),
        ),
        "visits": (
            [
                f"{short_date(v.planned_for.astimezone(local).date())} "
                f"{clock(v.planned_for.astimezone(local))}  {v.staff} ({v.language})"
                for v in today.visits_this_week
            ],
            _("No home visits planned this week."),
        ),
        "referrals": (
            [
                f"{short_date(r.follow_up_on)}  {partner_label(directory, r.partner_key)}: "
                f"{topic_label(directory, r.topic)}"
                for r in today.referrals_due
            ],
            _("No follow-ups due."),
        ),
        "meetings": (
            [
                f"{short_date(m.start.date())} {clock(m.start)}  {m.title}"
                for m in today.next_meetings
            ],
            _("No round tables in the next weeks."),
        ),
        "month": (
            # Two figures a line: the box keeps all six at 80x24.
            [
                _("Consultations {consultations} · people {people}").format(
                    consultations=month.consultations, people=month.people
                ),
                _("Quick contacts {quick} · households {households}").format(
                    quick=month.quick_contacts, households=month.households
                ),
                _("Referrals {referrals} · visits done {visits}").format(
                    referrals=month.referrals, visits=month.visits_done
                ),
            ],
            "",
        ),
    }
    return lines
