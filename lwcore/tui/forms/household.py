"""Register a household at its first visit: who it is (pseudonymously), where it
lives, which languages it speaks, and the consents it gives right there.

While staff type the name, the office's households that may be the same family
are listed ("Aydin" finds "Familie Aydın"): choosing one takes that household
instead of registering the family twice.

The command palette imports this module before the first screen paints, when
the data side is not loaded yet: the services are imported inside the functions
that save or show a household.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, OptionList, Select, SelectionList, TextArea
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState, get_current_worker

from lwcore.tui.forms.base import Form
from lwcore.tui.forms.consent import GIVEN_HOW, PURPOSES, REFERRAL
from lwcore.tui.forms.date_entry import date_text
from lwcore.tui.forms.household_search import MIN_SEARCH_LENGTH, HitList, SearchInput
from lwcore.tui.i18n import _
from lwcore.tui.labels import language_label, partner_label

if TYPE_CHECKING:
    from lwcore.directory import Directory
    from lwcore.services import Services
    from lwcore.services.households import HouseholdHit, HouseholdRecord
    from lwcore.tui.shell import OfficeShell

#: Seconds of quiet typing before the office is searched for look-alikes.
SIMILAR_DELAY = 0.2
#: The purposes asked with a checkbox each (a referral is asked per partner).
CHECKED_PURPOSES = ("volunteer_matching", "photos")
#: The fields of the consent section, each named as its error in the form.
CONSENT_FIELDS = {
    "partner_key": "consents.partners",
    "given_how": "consents.given_how",
    "text_language": "consents.text_language",
    "text_version": "consents.text_version",
}
_CONSENT_ERROR = re.compile(r"consents\[\d+\]\.(\w+)")


def household_hit(household: HouseholdRecord) -> HouseholdHit:
    """A saved household as the value household fields choose."""
    from lwcore.services.households import HouseholdHit

    return HouseholdHit(
        household.id,
        household.code,
        household.label,
        household.district,
        tuple(household.languages),
        members=household.members,
        moved_in=household.moved_in,
    )


class RegisterHouseholdForm(Form["HouseholdHit"]):
    """``label`` is what staff typed so far, ``language`` the one spoken at the desk
    (preselected as a language of the household). Dismisses with the new household,
    or with an existing one chosen from the look-alikes; ``created`` tells which."""

    DEFAULT_CSS = """
    RegisterHouseholdForm SelectionList { height: auto; max-height: 8; }
    RegisterHouseholdForm TextArea { height: 3; }
    RegisterHouseholdForm #similar-block { height: auto; display: none; }
    RegisterHouseholdForm #similar-title { color: $warning; margin-top: 1; }
    RegisterHouseholdForm #similar { height: auto; max-height: 6; }
    RegisterHouseholdForm #size { height: auto; }
    RegisterHouseholdForm #size .field { width: 1fr; margin-right: 2; }
    RegisterHouseholdForm #consent-title { margin-top: 1; text-style: bold; }
    """

    def __init__(
        self, office: str, directory: Directory, *, label: str = "", language: str | None = None
    ) -> None:
        super().__init__()
        self.office = office
        self.directory = directory
        self.label = label
        self.language = language
        self.created = False
        self._similar: Worker[Any] | None = None
        self._look_alikes: dict[str, HouseholdHit] = {}
        self.title_text = _("New household")

    # --- layout ---------------------------------------------------------------------

    def fields(self) -> ComposeResult:
        entry = self.directory.office(self.office)
        districts = entry.office.districts
        yield from self.field(
            "label",
            _("Name or initials (e.g. Familie Haddad)"),
            SearchInput(self.label, id="label", list_id="similar", max_length=40),
        )
        with Vertical(id="similar-block"):
            yield Label(_("Similar households in this office"), id="similar-title")
            yield HitList(id="similar", input_id="label")
        yield from self.field(
            "district",
            _("District"),
            Select(
                [(district, district) for district in districts],
                prompt=_("Choose a district"),
                value=districts[0] if len(districts) == 1 else Select.NULL,
                id="district",
            ),
        )
        yield from self.field(
            "moved_in",
            _("Moved into the flat on (DD.MM.YYYY, optional)"),
            Input(placeholder=_("DD.MM.YYYY"), id="moved-in"),
        )
        codes = list(entry.language_codes)
        if self.language and self.language not in codes:
            codes.append(self.language)  # spoken at the desk, though not by the office's staff
        yield from self.field(
            "languages",
            _("Languages the household speaks"),
            SelectionList[str](
                *((language_label(code), code, code == self.language) for code in codes),
                id="languages",
            ),
        )
        with Horizontal(id="size"):
            yield from self.field(
                "adults", _("Adults (optional)"), Input(type="integer", id="adults")
            )
            yield from self.field(
                "children", _("Children (optional)"), Input(type="integer", id="children")
            )
        yield from self.field("note", _("Note (optional)"), TextArea(id="note"))
        yield from self.consent_fields(codes)

    def consent_fields(self, languages: list[str]) -> ComposeResult:
        """Consent per purpose, asked at the first visit: each partner the data may go
        to, volunteer matching, photos; then how it was given and which text."""
        yield Label(_("Consent given today"), id="consent-title")
        yield from self.field(
            "consents.partners",
            _("The household agrees that its data may go to"),
            SelectionList[str](
                *(
                    (partner_label(self.directory, listing.partner.key), listing.partner.key)
                    for listing in self.directory.partners(office=self.office)
                ),
                id="consent-partners",
            ),
        )
        yield from self.field(
            "consents",
            _("Further purposes"),
            *(
                Checkbox(_(PURPOSES[purpose]), id=f"consent-{purpose.replace('_', '-')}")
                for purpose in CHECKED_PURPOSES
            ),
        )
        yield from self.field(
            "consents.given_how",
            _("Given"),
            Select(
                [(_(label), key) for key, label in GIVEN_HOW.items()],
                value="written",
                allow_blank=False,
                id="consent-given-how",
            ),
        )
        office_languages = set(self.directory.office(self.office).language_codes)
        text_language = self.language if self.language in office_languages else "de"
        yield from self.field(
            "consents.text_language",
            _("Language of the consent text"),
            Select(
                [(language_label(code), code) for code in languages],
                prompt=_("Choose a language"),
                value=text_language if text_language in languages else Select.NULL,
                id="consent-text-language",
            ),
        )
        yield from self.field(
            "consents.text_version",
            _("Version of the consent text"),
            Input(placeholder=_("e.g. 2024-1"), id="consent-text-version", max_length=20),
        )

    def on_mount(self) -> None:
        self._show_consent_details()
        label = self.query_one("#label", Input)
        label.focus()
        label.cursor_position = len(label.value)
        self._look_for_similar(label.value)

    # --- reacting to input ----------------------------------------------------------

    @on(SelectionList.SelectedChanged, "#consent-partners")
    @on(Checkbox.Changed, "#consent-volunteer-matching")
    @on(Checkbox.Changed, "#consent-photos")
    def _show_consent_details(self) -> None:
        """How and on which text: asked once some consent is given."""
        given = bool(self._consents_given())
        for name in ("consents.given_how", "consents.text_language", "consents.text_version"):
            self.show_field(name, given)

    def _consents_given(self) -> list[tuple[str, str | None]]:
        """(purpose, partner) of each consent ticked, one per partner for a referral."""
        partners = self.query_one("#consent-partners", SelectionList).selected
        given: list[tuple[str, str | None]] = [(REFERRAL, key) for key in partners]
        for purpose in CHECKED_PURPOSES:
            if self.query_one(f"#consent-{purpose.replace('_', '-')}", Checkbox).value:
                given.append((purpose, None))
        return given

    @on(Input.Changed, "#label")
    def _label_changed(self, event: Input.Changed) -> None:
        self._look_for_similar(event.value)

    def _look_for_similar(self, typed: str) -> None:
        """Search the office for look-alikes once typing pauses; the newest search wins."""
        text = typed.strip()
        if len(text) < MIN_SEARCH_LENGTH:
            self._similar = None  # a search still running is ignored
            self._show_similar([])
            return
        office = self.office
        backend = self.office_app.backend

        def look() -> list[HouseholdHit] | None:
            time.sleep(SIMILAR_DELAY)
            if get_current_worker().is_cancelled:  # staff typed on meanwhile
                return None
            return backend.services.households.similar(office, text)

        self._similar = self.run_worker(
            look, thread=True, exclusive=True, group="similar", exit_on_error=False
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Form's own handler (the save's verdict) runs too.
        if event.worker is not self._similar or event.state != WorkerState.SUCCESS:
            return
        found = event.worker.result
        if found is not None:
            self._show_similar(found)

    def _show_similar(self, found: list[HouseholdHit]) -> None:
        similar = self.query_one("#similar", OptionList)
        similar.clear_options()
        similar.add_options(Option(hit.describe(), id=str(hit.id)) for hit in found)
        self._look_alikes = {str(hit.id): hit for hit in found}
        self.query_one("#similar-block").display = bool(found)

    @on(OptionList.OptionSelected, "#similar")
    def _existing_chosen(self, event: OptionList.OptionSelected) -> None:
        """The family is registered already: take that household, register nothing."""
        hit = self._look_alikes.get(event.option.id or "")
        if hit is not None:
            self.dismiss(hit)

    # --- saving ---------------------------------------------------------------------

    def values(self) -> dict[str, Any] | None:
        errors: dict[str, str] = {}
        label = self.query_one("#label", Input).value.strip()
        if not label:
            errors["label"] = _("enter a name or initials to greet the family by")
        district = self.query_one("#district", Select).value
        if not isinstance(district, str):
            errors["district"] = _("choose the district the household lives in")
        languages = list(self.query_one("#languages", SelectionList).selected)
        if not languages:
            errors["languages"] = _("choose at least one language the household speaks")
        sizes: dict[str, int | None] = {}
        for name in ("adults", "children"):
            typed = self.query_one(f"#{name}", Input).value.strip()
            sizes[name] = int(typed) if typed.isdigit() else None
            if typed and not typed.isdigit():
                errors[name] = _("enter a number, or leave it empty")
        given = self._consents_given()
        text_language = self.query_one("#consent-text-language", Select).value
        text_version = self.query_one("#consent-text-version", Input).value.strip()
        if given and not isinstance(text_language, str):
            errors["consents.text_language"] = _("choose the language of the text that was signed")
        if given and not text_version:
            errors["consents.text_version"] = _(
                "enter the version printed on the consent form (e.g. 2024-1)"
            )
        if errors:
            self.show_errors(errors)
            return None
        moved_in = self.query_one("#moved-in", Input).value.strip()
        return {
            "household": {
                "label": label,
                "district": district,
                "languages": languages,
                "moved_in": date_text(moved_in) if moved_in else None,
                **sizes,
                "note": self.query_one("#note", TextArea).text,
            },
            "consents": [
                {
                    "purpose": purpose,
                    "partner_key": partner,
                    "given_how": str(self.query_one("#consent-given-how", Select).value),
                    "text_language": text_language,
                    "text_version": text_version,
                }
                for purpose, partner in given
            ],
        }

    def save(self, services: Services, values: dict[str, Any]) -> HouseholdHit:
        from lwcore.services.consents import ConsentRequest

        employer = self.office_app.backend.actor.employer
        household = services.households.create(
            office=self.office,
            # The registering staff member's employer is responsible for the record.
            controller=employer if employer in ("city", "welfare") else "city",
            consents=[ConsentRequest(**consent) for consent in values["consents"]],
            **values["household"],
        )
        self.created = True
        return household_hit(household)

    def show_errors(self, errors: dict[str, str]) -> None:
        """A consent's errors (``consents[1].text_version``) appear in the consent
        section, once even when every consent has the same fault."""
        placed: dict[str, str] = {}
        for name, message in errors.items():
            found = _CONSENT_ERROR.fullmatch(name)
            where = CONSENT_FIELDS.get(found.group(1), "consents") if found else name
            placed.setdefault(where, message)
        super().show_errors(placed)


def register_household(app: OfficeShell) -> None:
    """Open the registration in the office shown; say the new household's code."""
    office = app.office
    if office is None:
        return
    form = RegisterHouseholdForm(office, app.backend.directory)

    def registered(hit: HouseholdHit | None) -> None:
        if hit is None:
            return
        if form.created:
            message = _("Household {label} registered: {code}")
        else:
            message = _("{label} is registered already: {code}")
        app.notify(message.format(label=hit.label, code=hit.code))

    app.push_screen(form, registered)
