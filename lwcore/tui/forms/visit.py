"""Home visits: plan one for a household, mark it done with a note, or cancel it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select, TextArea

from lwcore.tui.forms.base import Form
from lwcore.tui.forms.confirm import ON_HOLIDAY, ConfirmingForm
from lwcore.tui.forms.date_entry import date_text
from lwcore.tui.forms.household_search import HouseholdForm
from lwcore.tui.i18n import _, clock, short_date
from lwcore.tui.labels import language_label

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from lwcore.directory import Directory
    from lwcore.services import Services
    from lwcore.services.visits import VisitRecord

T = TypeVar("T")


def iso_time(text: str) -> str:
    """``14.30`` as ``14:30``; the service parses the rest."""
    return text.strip().replace(".", ":")


def visit_summary(visit: VisitRecord, household_code: str | None, zone: ZoneInfo) -> str:
    """One line naming the visit a form is about."""
    when = visit.planned_for.astimezone(zone)
    return _("{day} {time} · household {household} · {staff}").format(
        day=short_date(when.date()),
        time=clock(when),
        household=household_code or "–",
        staff=visit.staff,
    )


class PlanVisitForm(ConfirmingForm["VisitRecord"], HouseholdForm["VisitRecord"]):
    """Plan a welcome visit: the household is found by name or code as staff type;
    a public holiday is confirmed first."""

    CONFIRMATIONS: ClassVar[dict[str, str]] = {"on_holiday": ON_HOLIDAY}

    DEFAULT_CSS = """
    PlanVisitForm #planned-for { height: auto; }
    PlanVisitForm #planned-for Input { width: 1fr; }
    """

    def __init__(self, office: str, directory: Directory, staff: str) -> None:
        super().__init__()
        self.office = office
        self.directory = directory
        self.staff = staff
        self.title_text = _("Plan a home visit")

    def fields(self) -> ComposeResult:
        entry = self.directory.office(self.office)
        yield from self.field(
            "household",
            _("Household: type a name or code"),
            *self.household_widgets(),
        )
        yield from self.field(
            "planned_for",
            _("Date (DD.MM.YYYY) and time (HH:MM)"),
            Horizontal(
                Input(placeholder=_("DD.MM.YYYY"), id="visit-date"),
                Input(placeholder=_("HH:MM"), id="visit-time"),
                id="planned-for",
            ),
        )
        yield from self.field("staff", _("Staff"), Input(self.staff, id="staff"))
        yield from self.field(
            "second_staff", _("Second staff member (optional)"), Input(id="second-staff")
        )
        yield from self.field(
            "language",
            _("Language of the visit"),
            Select(
                [(language_label(lang.code), lang.code) for lang in entry.languages],
                prompt=_("Choose a language"),
                id="language",
            ),
        )

    def on_mount(self) -> None:
        self.query_one("#household", Input).focus()

    def values(self) -> dict[str, Any] | None:
        errors: dict[str, str] = {}
        if self.household is None:
            errors["household"] = _("choose a household from the list")
        day = self.query_one("#visit-date", Input).value.strip()
        time = self.query_one("#visit-time", Input).value.strip()
        if not day or not time:
            errors["planned_for"] = _("enter the date and the time of the visit")
        language = self.query_one("#language", Select).value
        if not isinstance(language, str):
            errors["language"] = _("choose the language of the visit")
        if errors or self.household is None:
            self.show_errors(errors)
            return None
        return {
            "household_id": self.household.id,
            "planned_for": f"{date_text(day)}T{iso_time(time)}",
            "staff": self.query_one("#staff", Input).value,
            "second_staff": self.query_one("#second-staff", Input).value,
            "language": language,
            **self.confirmation_values(),
        }

    def save(self, services: Services, values: dict[str, Any]) -> VisitRecord:
        return services.visits.plan(office=self.office, **values)


class VisitDoneForm(Form["VisitRecord"]):
    """Mark a planned visit done, with what the team wants to remember of it."""

    DEFAULT_CSS = """
    VisitDoneForm TextArea { height: 6; }
    """

    def __init__(self, visit: VisitRecord, household_code: str | None, zone: ZoneInfo) -> None:
        super().__init__()
        self.visit = visit
        self.summary = visit_summary(visit, household_code, zone)
        self.title_text = _("Home visit done")

    def fields(self) -> ComposeResult:
        yield Label(self.summary)
        yield from self.field("note", _("Short note"), TextArea(id="note"))

    def on_mount(self) -> None:
        self.query_one("#note", TextArea).focus()

    def values(self) -> dict[str, Any] | None:
        return {"note": self.query_one("#note", TextArea).text}

    def save(self, services: Services, values: dict[str, Any]) -> VisitRecord:
        return services.visits.record_done(self.visit.id, self.visit.version, **values)


class CancelVisitForm(Form["VisitRecord"]):
    """Call off a planned visit; the reason helps whoever plans the next attempt."""

    def __init__(self, visit: VisitRecord, household_code: str | None, zone: ZoneInfo) -> None:
        super().__init__()
        self.visit = visit
        self.summary = visit_summary(visit, household_code, zone)
        self.title_text = _("Cancel the home visit")

    def fields(self) -> ComposeResult:
        yield Label(self.summary)
        yield from self.field("reason", _("Reason"), Input(id="reason"))

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def values(self) -> dict[str, Any] | None:
        return {"reason": self.query_one("#reason", Input).value}

    def save(self, services: Services, values: dict[str, Any]) -> VisitRecord:
        return services.visits.cancel(self.visit.id, self.visit.version, **values)
