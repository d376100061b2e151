"""Merge a household registered twice, or hand a household over to another office.

Both change where a family's records live, so both show what will happen and
ask once more before saving.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select
from textual.worker import Worker, WorkerState

from lwcore.services.consents import ConsentRequest
from lwcore.tui.forms.base import Form, Question
from lwcore.tui.forms.consent import GIVEN_HOW
from lwcore.tui.forms.date_entry import date_text
from lwcore.tui.forms.household_finder import HouseholdPicker
from lwcore.tui.i18n import _
from lwcore.tui.labels import language_label

if TYPE_CHECKING:
    from lwcore.directory import Directory
    from lwcore.services import Services
    from lwcore.services.case_files import CaseFile
    from lwcore.services.household_records import HouseholdRecord

#: Which of the two households stays.
THIS, OTHER = "this", "other"


def household_text(household: HouseholdRecord, entries: int | None = None) -> str:
    """``Familie Aydın · BR-7K4Q2M · Brackel · tr, de`` (and how many entries it has)."""
    text = (
        f"{household.label} · {household.code} · {household.district} · "
        f"{', '.join(household.languages)}"
    )
    if entries is not None:
        text += " · " + _("{count} entries").format(count=entries)
    return text


class AskFirst(Form[Any]):
    """A form whose save is confirmed in a question naming what will happen."""

    def question(self, values: dict[str, Any]) -> Question:
        raise NotImplementedError

    def action_submit(self) -> None:
        values = self.values()
        if values is None:
            return

        def decided(go: bool | None) -> None:
            if go:
                super(AskFirst, self).action_submit()

        self.app.push_screen(self.question(values), decided)


class MergeForm(AskFirst):
    """Choose the duplicate with a household search; one of the two stays and receives
    every record of the other, whose code stays findable as a former code."""

    DEFAULT_CSS = """
    MergeForm #this, MergeForm #other { width: 100%; height: auto; }
    MergeForm #other { color: $text-muted; }
    """

    def __init__(self, directory: Directory, office: str, household: HouseholdRecord) -> None:
        super().__init__()
        self.directory = directory
        self.office = office
        self.household = household
        self.duplicate: HouseholdRecord | None = None
        self._loading: Worker[Any] | None = None
        self.title_text = _("Merge a household registered twice")

    def fields(self) -> ComposeResult:
        yield Label(
            _("This case file: {household}").format(household=household_text(self.household)),
            id="this",
        )
        yield from self.field(
            "duplicate",
            _("The same family registered again: type its name or code"),
            HouseholdPicker(self.office, exclude=frozenset({self.household.id}), id="duplicate"),
            Label("", id="other"),
        )
        yield from self.field(
            "keep",
            _("Which one stays"),
            Select(
                [
                    (_("This case file stays; the other household is merged into it"), THIS),
                    (_("The other household stays; this case file is merged into it"), OTHER),
                ],
                value=THIS,
                allow_blank=False,
                id="keep",
            ),
        )
        yield from self.field(
            "reason",
            _("Reason"),
            Input(placeholder=_("e.g. registered twice at the first visit"), id="reason"),
        )

    def on_mount(self) -> None:
        self.query_one(HouseholdPicker).focus_text()

    @on(HouseholdPicker.Chosen)
    def _duplicate_found(self, event: HouseholdPicker.Chosen) -> None:
        hit_id = event.hit.id
        self.duplicate = None
        self.query_one("#other", Label).update(_("Loading {code}…").format(code=event.hit.code))
        backend = self.office_app.backend
        self._loading = self.run_worker(
            lambda: backend.services.case_files.open(hit_id, page=0, page_size=1),
            thread=True,
            exclusive=True,
            group="duplicate",
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Form's own handler (the save's verdict) runs too.
        if event.worker is not self._loading:
            return
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.office_app.report_error(event.worker.error)
        elif event.state == WorkerState.SUCCESS and event.worker.result is not None:
            case: CaseFile = event.worker.result
            self.duplicate = case.household
            self.query_one("#other", Label).update(
                _("Chosen: {household}").format(
                    household=household_text(case.household, case.total)
                )
            )
            self.query_one("#keep", Select).focus()

    def _pair(self) -> tuple[HouseholdRecord, HouseholdRecord]:
        """(kept, merged away)."""
        assert self.duplicate is not None
        if self.query_one("#keep", Select).value == OTHER:
            return self.duplicate, self.household
        return self.household, self.duplicate

    def values(self) -> dict[str, Any] | None:
        if self.duplicate is None:
            self.show_errors({"duplicate": _("choose the other household from the list")})
            return None
        kept, gone = self._pair()
        return {"kept": kept, "gone": gone, "reason": self.query_one("#reason", Input).value}

    def question(self, values: dict[str, Any]) -> Question:
        kept, gone = values["kept"], values["gone"]
        return Question(
            _(
                "Merge {gone} into {kept}?\n\nStays: {kept_text}\nMerged into it: {gone_text}\n\n"
                "Every consultation, referral, visit and consent of {gone} moves over; "
                "its code stays findable as a former code. This cannot be undone here."
            ).format(
                gone=gone.code,
                kept=kept.code,
                kept_text=household_text(kept),
                gone_text=household_text(gone),
            ),
            _("Merge"),
            _("Back to the form"),
        )

    def save(self, services: Services, values: dict[str, Any]) -> HouseholdRecord:
        kept, gone = values["kept"], values["gone"]
        return services.households.merge(
            kept.id, kept.version, gone.id, gone.version, reason=values["reason"]
        )


class HandOverForm(AskFirst):
    """The family moved into another office's area: that office takes the household
    over, with the family's consent; this office keeps anonymous counts only."""

    DEFAULT_CSS = """
    HandOverForm #summary { width: 100%; height: auto; color: $text-muted; }
    """

    def __init__(self, directory: Directory, office: str, household: HouseholdRecord) -> None:
        super().__init__()
        self.directory = directory
        self.office = office
        self.household = household
        self.title_text = _("Hand {code} over to another office").format(code=household.code)

    def fields(self) -> ComposeResult:
        offices = [
            (entry.office.name, slug)
            for slug, entry in self.directory.offices.items()
            if slug != self.office
        ]
        today = self.office_app.backend.services.context.today()
        spoken = [lang.code for lang in self.directory.office(self.office).languages]
        languages = spoken + [code for code in self.household.languages if code not in spoken]
        yield Label(
            household_text(self.household)
            + "\n"
            + _(
                "After the handover only the other office sees this household; this office "
                "keeps anonymous counts of its work."
            ),
            id="summary",
        )
        yield from self.field(
            "to_office",
            _("To which office"),
            Select(offices, prompt=_("Choose an office"), id="to-office"),
        )
        yield from self.field(
            "district",
            _("District of the new flat"),
            Select[str]([], prompt=_("Choose the office first"), id="district"),
        )
        yield from self.field(
            "consent.given_how",
            _("Consent to the handover given"),
            Select(
                [(_(label), key) for key, label in GIVEN_HOW.items()],
                value="written",
                allow_blank=False,
                id="consent-given-how",
            ),
        )
        yield from self.field(
            "consent.given_on",
            _("Given on (DD.MM.YYYY)"),
            Input(f"{today:%d.%m.%Y}", id="consent-given-on"),
        )
        yield from self.field(
            "consent.text_language",
            _("Language of the consent text"),
            Select(
                [(language_label(code), code) for code in languages],
                prompt=_("Choose a language"),
                value="de" if "de" in languages else Select.NULL,
                id="consent-text-language",
            ),
        )
        yield from self.field(
            "consent.text_version",
            _("Version of the consent text"),
            Input(placeholder=_("e.g. 2024-1"), id="consent-text-version"),
        )

    def on_mount(self) -> None:
        self.query_one("#to-office", Select).focus()

    @on(Select.Changed, "#to-office")
    def _office_chosen(self, event: Select.Changed) -> None:
        districts = self.query_one("#district", Select)
        slug = event.value
        if isinstance(slug, str):
            districts.set_options((d, d) for d in self.directory.office(slug).office.districts)
        else:
            districts.set_options([])

    def show_errors(self, errors: dict[str, str]) -> None:
        # The consent's own field names may come without their "consent." prefix.
        consent_fields = {"given_how", "given_on", "text_language", "text_version"}
        super().show_errors(
            {
                f"consent.{name}" if name in consent_fields else name: text
                for name, text in errors.items()
            }
        )

    def values(self) -> dict[str, Any] | None:
        errors: dict[str, str] = {}
        office = self.query_one("#to-office", Select).value
        district = self.query_one("#district", Select).value
        language = self.query_one("#consent-text-language", Select).value
        if not isinstance(office, str):
            errors["to_office"] = _("choose the office the family now belongs to")
        if not isinstance(district, str):
            errors["district"] = _("choose the district of the new flat")
        if not isinstance(language, str):
            errors["consent.text_language"] = _("choose the language of the text that was signed")
        if errors:
            self.show_errors(errors)
            return None
        return {
            "to_office": office,
            "district": district,
            "given_how": str(self.query_one("#consent-given-how", Select).value),
            "given_on": date_text(self.query_one("#consent-given-on", Input).value),
            "text_language": language,
            "text_version": self.query_one("#consent-text-version", Input).value,
        }

    def question(self, values: dict[str, Any]) -> Question:
        office = self.directory.office(values["to_office"]).office.name
        return Question(
            _(
                "Hand {household} over to {office} ({district})?\n\n"
                "Afterwards this office can no longer open the case file."
            ).format(
                household=household_text(self.household), office=office, district=values["district"]
            ),
            _("Hand over"),
            _("Back to the form"),
        )

    def save(self, services: Services, values: dict[str, Any]) -> HouseholdRecord:
        household = self.household
        consent = ConsentRequest(
            purpose="handover",
            given_how=values["given_how"],
            text_language=values["text_language"],
            text_version=values["text_version"],
            partner_key=values["to_office"],
            given_on=values["given_on"],
        )
        return services.households.hand_over(
            household.id,
            household.version,
            to_office=values["to_office"],
            district=values["district"],
            consent=consent,
        )
