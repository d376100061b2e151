"""Record a household's consent: to which purpose (for a referral: to which partner),
when and how it was given, and which consent text it was."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select
from textual.worker import Worker, WorkerState

from lwcore.tui.forms.base import Form
from lwcore.tui.forms.date_entry import date_text
from lwcore.tui.i18n import N_, _, short_date
from lwcore.tui.labels import language_label, partner_label

if TYPE_CHECKING:
    from datetime import date

    from lwcore.directory import Directory
    from lwcore.services import Services
    from lwcore.services.household_records import ConsentRecord

PURPOSES = {
    "referral": N_("Passing data to a partner (referral)"),
    "volunteer_matching": N_("Matching with a volunteer"),
    "photos": N_("Photos"),
}
GIVEN_HOW = {"written": N_("in writing"), "oral": N_("orally"), "digital": N_("digitally")}
#: The purpose whose consent names one partner.
REFERRAL = "referral"
#: Given when the family moves to another office's district; names that office.
HANDOVER = "handover"


def consent_line(directory: Directory, consent: ConsentRecord, today: date) -> str:
    """One consent as the form lists it: purpose, partner, since when, still valid?"""
    what = _(PURPOSES.get(consent.purpose, consent.purpose))
    if consent.purpose == HANDOVER and consent.partner_key:
        office = directory.offices.get(consent.partner_key)
        what = _("Handover to {office}").format(
            office=office.office.name if office else consent.partner_key
        )
    elif consent.partner_key:
        what = partner_label(directory, consent.partner_key)
    given = _("given {day} ({how})").format(
        day=short_date(consent.given_on), how=_(GIVEN_HOW.get(consent.given_how, ""))
    )
    if consent.withdrawn_on is not None:
        state = _("withdrawn {day}").format(day=short_date(consent.withdrawn_on))
    elif consent.expires_on is not None and consent.expires_on <= today:
        state = _("expired {day}").format(day=short_date(consent.expires_on))
    elif consent.expires_on is not None:
        state = _("valid until {day}").format(day=short_date(consent.expires_on))
    else:
        state = _("valid")
    return f"{what} · {given} · {state}"


class ConsentForm(Form["ConsentRecord"]):
    """``partner_key`` preselects the partner (the referral's, when opened from one)."""

    DEFAULT_CSS = """
    ConsentForm #summary, ConsentForm #on-record { height: auto; color: $text-muted; }
    """

    def __init__(
        self,
        directory: Directory,
        office: str,
        household_id: int,
        household_code: str | None,
        *,
        partner_key: str | None = None,
    ) -> None:
        super().__init__()
        self.directory = directory
        self.office = office
        self.household_id = household_id
        self.household_code = household_code
        self.partner_key = partner_key
        self._on_record: Worker[Any] | None = None
        self.title_text = _("Consent of household {household}").format(
            household=household_code or household_id
        )

    def fields(self) -> ComposeResult:
        entry = self.directory.office(self.office)
        partners = [
            (partner_label(self.directory, listing.partner.key), listing.partner.key)
            for listing in self.directory.partners(office=self.office)
        ]
        keys = {key for _label, key in partners}
        languages = [(language_label(lang.code), lang.code) for lang in entry.languages]
        today = self.office_app.backend.services.context.today()
        yield Label(_("Loading the consents on record…"), id="on-record")
        yield from self.field(
            "purpose",
            _("Purpose"),
            Select(
                [(_(label), key) for key, label in PURPOSES.items()],
                value=REFERRAL,
                allow_blank=False,
                id="purpose",
            ),
        )
        yield from self.field(
            "partner_key",
            _("Partner the data may go to"),
            Select(
                partners,
                prompt=_("Choose a partner"),
                value=self.partner_key if self.partner_key in keys else Select.NULL,
                id="partner-key",
            ),
        )
        yield from self.field(
            "given_on",
            _("Given on (DD.MM.YYYY)"),
            Input(f"{today:%d.%m.%Y}", id="given-on"),
        )
        yield from self.field(
            "given_how",
            _("Given"),
            Select(
                [(_(label), key) for key, label in GIVEN_HOW.items()],
                value="written",
                allow_blank=False,
                id="given-how",
            ),
        )
        yield from self.field(
            "text_language",
            _("Language of the consent text"),
            Select(
                languages,
                prompt=_("Choose a language"),
                value="de" if "de" in {code for _l, code in languages} else Select.NULL,
                id="text-language",
            ),
        )
        yield from self.field(
            "text_version",
            _("Version of the consent text"),
            Input(placeholder=_("e.g. 2024-1"), id="text-version"),
        )
        yield from self.field(
            "expires_on",
            _("Expires on (DD.MM.YYYY, optional)"),
            Input(id="expires-on"),
        )

    def on_mount(self) -> None:
        self._show_for_purpose()
        household_id = self.household_id
        backend = self.office_app.backend
        self._on_record = self.run_worker(
            lambda: backend.services.consents.for_household(household_id),
            thread=True,
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Form's own handler (the save's verdict) runs too.
        if event.worker is not self._on_record:
            return
        label = self.query_one("#on-record", Label)
        if event.state == WorkerState.ERROR:
            label.update(_("The consents on record could not be loaded."))
        if event.state != WorkerState.SUCCESS:
            return
        found: list[ConsentRecord] = event.worker.result or []
        today = self.office_app.backend.services.context.today()
        if not found:
            label.update(_("No consent on record yet."))
            return
        lines = [consent_line(self.directory, consent, today) for consent in found]
        label.update(_("On record:") + "\n" + "\n".join(lines))

    @on(Select.Changed, "#purpose")
    def _show_for_purpose(self) -> None:
        self.show_field("partner_key", self._purpose() == REFERRAL)

    def _purpose(self) -> str:
        return str(self.query_one("#purpose", Select).value)

    def values(self) -> dict[str, Any] | None:
        purpose = self._purpose()
        partner = self.query_one("#partner-key", Select).value
        language = self.query_one("#text-language", Select).value
        errors: dict[str, str] = {}
        if purpose == REFERRAL and not isinstance(partner, str):
            errors["partner_key"] = _("choose the partner the household agrees to")
        if not isinstance(language, str):
            errors["text_language"] = _("choose the language of the text that was signed")
        if errors:
            self.show_errors(errors)
            return None
        expires = self.query_one("#expires-on", Input).value.strip()
        return {
            "purpose": purpose,
            "partner_key": partner if purpose == REFERRAL else None,
            "given_on": date_text(self.query_one("#given-on", Input).value),
            "given_how": str(self.query_one("#given-how", Select).value),
            "text_language": language,
            "text_version": self.query_one("#text-version", Input).value,
            "expires_on": date_text(expires) if expires else None,
        }

    def save(self, services: Services, values: dict[str, Any]) -> ConsentRecord:
        return services.consents.record(
            self.household_id,
            values["purpose"],
            values["partner_key"],
            values["given_on"],
            values["given_how"],
            values["text_language"],
            values["text_version"],
            values["expires_on"],
        )
