"""Record a consultation in one form: household (or anonymous), language,
topics, outcome, note, and for a referral the partner, best match first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, TextArea
from textual.worker import Worker, WorkerState

from lwcore.services.consultations import ReferralRequest
from lwcore.tui.forms.household_search import HouseholdForm
from lwcore.tui.i18n import _
from lwcore.tui.labels import language_label, outcome_label, partner_label, topic_label
from lwcore.tui.record_labels import partner_details

if TYPE_CHECKING:
    from lwcore.directory import Directory
    from lwcore.records import Partner
    from lwcore.services import Services
    from lwcore.services.consultations import RecordedConsultation
    from lwcore.services.households import HouseholdHit
    from lwcore.services.waiting import WalkInRecord

OUTCOMES = ("solved", "referred", "follow_up")


class ConsultationForm(HouseholdForm["RecordedConsultation"]):
    """``walk_in`` is the waiting-list entry being seen (it is marked seen on save);
    ``quick`` starts as an anonymous quick contact."""

    DEFAULT_CSS = """
    ConsultationForm SelectionList { height: auto; max-height: 8; }
    ConsultationForm TextArea { height: 4; }
    ConsultationForm #consent-note { height: auto; color: $text-muted; }
    """

    def __init__(
        self,
        office: str,
        directory: Directory,
        *,
        walk_in: WalkInRecord | None = None,
        quick: bool = False,
    ) -> None:
        super().__init__()
        self.office = office
        self.directory = directory
        self.walk_in = walk_in
        self.quick = quick
        self._consent_check: Worker[Any] | None = None
        #: The partners offered for the referral's topic, by key.
        self._offered: dict[str, Partner] = {}
        self.title_text = _("Quick contact") if quick else _("New consultation")

    # --- layout ---------------------------------------------------------------------

    def fields(self) -> ComposeResult:
        entry = self.directory.office(self.office)
        yield Checkbox(_("Anonymous quick contact (no household)"), self.quick, id="anonymous")
        yield from self.field(
            "household",
            _("Household: type a name or code"),
            *self.household_widgets(),
        )
        yield from self.field(
            "people", _("How many people came"), Input("1", type="integer", id="people")
        )
        languages = [(language_label(lang.code), lang.code) for lang in entry.languages]
        default_language = self.walk_in.language if self.walk_in else None
        yield from self.field(
            "language",
            _("Language used"),
            Select(
                languages,
                prompt=_("Choose a language"),
                value=default_language
                if default_language in {code for _l, code in languages}
                else Select.NULL,
                id="language",
            ),
        )
        preset = self.walk_in.topic if self.walk_in else None
        yield from self.field(
            "topics",
            _("Topics"),
            SelectionList[str](
                *(
                    (topic_label(self.directory, key), key, key == preset)
                    for key in self.directory.topics
                ),
                id="topics",
            ),
        )
        yield from self.field(
            "outcome",
            _("Outcome"),
            Select(
                [(outcome_label(o), o) for o in OUTCOMES],
                value="solved",
                allow_blank=False,
                id="outcome",
            ),
        )
        yield from self.field(
            "referral.topic",
            _("Refer which topic"),
            Select[str]([], prompt=_("Choose a topic"), id="referral-topic"),
        )
        yield from self.field(
            "referral.partner",
            _("Partner (best match first)"),
            Select[str]([], prompt=_("Choose a partner"), id="referral-partner"),
            # Where, when and what to bring: what staff tell the client right away.
            Label("", id="partner-detail"),
        )
        yield from self.field(
            "referral.anonymous",
            _("Personal data for the partner"),
            Checkbox(
                _("Refer anonymously (the partner gets no personal data)"),
                id="referral-anonymous",
            ),
            Label("", id="consent-note"),
        )
        yield from self.field("note", _("Note (optional)"), TextArea(id="note"))

    def on_mount(self) -> None:
        self._show_mode()
        if self.quick:
            self.query_one("#people", Input).focus()
            return
        field = self.query_one("#household", Input)
        if self.walk_in is not None:
            # Search for the walk-in by the name they gave; at a first visit the hits
            # end with "New household: <name>", one key away.
            field.value = self.walk_in.label
            field.cursor_position = len(field.value)
        field.focus()

    def _show_mode(self) -> None:
        anonymous = self.query_one("#anonymous", Checkbox).value
        self.show_field("household", not anonymous)
        self.show_field("people", anonymous)
        self.show_field("outcome", not anonymous)
        self._show_referral()

    def _show_referral(self) -> None:
        anonymous = self.query_one("#anonymous", Checkbox).value
        referred = not anonymous and self.query_one("#outcome", Select).value == "referred"
        self.show_field("referral.topic", referred)
        self.show_field("referral.partner", referred)
        self.show_field("referral.anonymous", referred)
        if referred:
            self._offer_topics()

    # --- reacting to input ----------------------------------------------------------

    @on(Checkbox.Changed, "#anonymous")
    def _anonymous_changed(self) -> None:
        self.household = None
        self._show_mode()

    @on(Select.Changed, "#outcome")
    def _outcome_changed(self) -> None:
        self._show_referral()

    @on(SelectionList.SelectedChanged, "#topics")
    def _topics_changed(self) -> None:
        self._offer_topics()

    @on(Select.Changed, "#language")
    @on(Select.Changed, "#referral-topic")
    def _ranking_inputs_changed(self) -> None:
        self._offer_partners()

    def _chosen_topics(self) -> list[str]:
        return list(self.query_one("#topics", SelectionList).selected)

    def _offer_topics(self) -> None:
        chosen = self._chosen_topics()
        select: Select[str] = self.query_one("#referral-topic", Select)
        current = select.value
        select.set_options((topic_label(self.directory, key), key) for key in chosen)
        if current in chosen:
            select.value = current
        elif len(chosen) == 1:
            select.value = chosen[0]
        self._offer_partners()

    def _offer_partners(self) -> None:
        topic = self.query_one("#referral-topic", Select).value
        partners: Select[str] = self.query_one("#referral-partner", Select)
        if not isinstance(topic, str):
            partners.set_options([])
            return
        language = self.query_one("#language", Select).value
        ranked = self.office_app.backend.services.consultations.ranked_partners(
            self.office,
            topic,
            language=language if isinstance(language, str) else None,
            district=self.household.district if self.household else None,
        )
        self._offered = {item.partner.key: item.partner for item in ranked}
        partners.set_options(
            (
                f"{'★ ' if item.speaks_language and item.serves_district else ''}"
                f"{item.partner.name} ({', '.join(item.partner.languages)})",
                item.partner.key,
            )
            for item in ranked
        )
        self._show_partner_detail()

    @on(Select.Changed, "#referral-partner")
    def _show_partner_detail(self) -> None:
        chosen = self._offered.get(str(self.query_one("#referral-partner", Select).value))
        self.query_one("#partner-detail", Label).update(
            partner_details(chosen) if chosen is not None else ""
        )

    def household_chosen(self, hit: HouseholdHit) -> None:
        self._offer_partners()
        self._check_consent()

    @on(Select.Changed, "#referral-partner")
    def _check_consent(self) -> None:
        """Say whether the household has agreed that its data goes to the chosen
        partner; without that consent the referral can only go anonymously."""
        note = self.query_one("#consent-note", Label)
        partner = self.query_one("#referral-partner", Select).value
        household = self.household
        if household is None or not isinstance(partner, str):
            note.update("")
            return
        backend = self.office_app.backend
        self._consent_check = self.run_worker(
            lambda: (
                partner,
                backend.services.consents.valid(
                    household.id, "referral", partner, backend.services.context.today()
                ),
            ),
            thread=True,
            exclusive=True,
            group="consent-check",
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # The household search's and the save's handlers run too.
        if event.worker is not self._consent_check or event.state != WorkerState.SUCCESS:
            return
        result = event.worker.result
        if result is None:
            return
        partner, valid = result
        name = partner_label(self.directory, partner)
        self.query_one("#consent-note", Label).update(
            _("The household has agreed that its data goes to {partner}.").format(partner=name)
            if valid
            else _(
                "No valid consent of this household to pass its data to {partner}: "
                "refer anonymously, or record the consent first."
            ).format(partner=name)
        )

    # --- saving ---------------------------------------------------------------------

    def values(self) -> dict[str, Any] | None:
        anonymous = self.query_one("#anonymous", Checkbox).value
        errors: dict[str, str] = {}
        if not anonymous and self.household is None:
            errors["household"] = _(
                "choose a household from the list, or mark the contact anonymous"
            )
        language = self.query_one("#language", Select).value
        if not isinstance(language, str):
            errors["language"] = _("choose the language of the conversation")
        people_text = self.query_one("#people", Input).value.strip() or "1"
        outcome = str(self.query_one("#outcome", Select).value)
        partner = self.query_one("#referral-partner", Select).value
        referral_topic = self.query_one("#referral-topic", Select).value
        if not anonymous and outcome == "referred":
            if not isinstance(referral_topic, str):
                errors["referral.topic"] = _("choose the topic that is referred")
            if not isinstance(partner, str):
                errors["referral.partner"] = _("choose the partner")
        if errors:
            self.show_errors(errors)
            return None
        return {
            "anonymous": anonymous,
            "household_id": self.household.id if self.household else None,
            "people": int(people_text),
            "language": language,
            "topics": self._chosen_topics(),
            "outcome": outcome,
            "partner": partner if isinstance(partner, str) else None,
            "referral_topic": referral_topic if isinstance(referral_topic, str) else None,
            "referral_anonymous": self.query_one("#referral-anonymous", Checkbox).value,
            "note": self.query_one("#note", TextArea).text,
        }

    def save(self, services: Services, values: dict[str, Any]) -> RecordedConsultation:
        if values["anonymous"]:
            return services.consultations.quick_contact(
                office=self.office,
                language=values["language"],
                topics=values["topics"],
                people=values["people"],
                note=values["note"],
            )
        referral = None
        if values["outcome"] == "referred" and values["partner"]:
            referral = ReferralRequest(
                values["partner"],
                values["referral_topic"],
                anonymous=values["referral_anonymous"],
            )
        walk_in = (self.walk_in.id, self.walk_in.version) if self.walk_in is not None else None
        return services.consultations.record(
            office=self.office,
            language=values["language"],
            topics=values["topics"],
            outcome=values["outcome"],
            household_id=values["household_id"],
            note=values["note"],
            referral=referral,
            walk_in=walk_in,
        )
