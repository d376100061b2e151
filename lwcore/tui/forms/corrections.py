"""Correct what was recorded wrongly, or withdraw it as a mistaken entry.

Each form starts with the values on record and hands the service only what
staff changed, with the reason: the service keeps the earlier values as a
revision, which the case file shows. A withdrawn entry stays in the file,
marked, and is no longer counted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, TextArea

from lwcore.tui.forms.base import Form
from lwcore.tui.forms.date_entry import date_text
from lwcore.tui.i18n import _
from lwcore.tui.labels import language_label, outcome_label, partner_label, topic_label

if TYPE_CHECKING:
    from datetime import date

    from lwcore.directory import Directory
    from lwcore.services import Services
    from lwcore.services.case_files import TimelineEntry
    from lwcore.services.household_records import HouseholdRecord
    from lwcore.services.referral_records import ReferralRecord

OUTCOMES = ("solved", "referred", "follow_up")


def day_field(day: date | None) -> str:
    return f"{day:%d.%m.%Y}" if day is not None else ""


def number_or_none(text: str) -> int | None:
    """A typed count, or None for an empty field (the Input accepts digits only)."""
    text = text.strip()
    return int(text) if text.lstrip("-").isdigit() else None


def typed_codes(text: str) -> list[str]:
    """``ti, uk`` -> ``["ti", "uk"]``: language codes typed beside the list."""
    return [code.strip().lower() for code in text.replace(";", ",").split(",") if code.strip()]


def changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Only what differs from the record: the service changes exactly these fields."""
    return {name: value for name, value in after.items() if before.get(name) != value}


class CorrectionForm(Form[Any]):
    """What every correction shares: a summary line, a reason, and nothing sent when
    nothing changed."""

    DEFAULT_CSS = """
    CorrectionForm #summary { width: 100%; height: auto; color: $text-muted; }
    CorrectionForm SelectionList { height: auto; max-height: 8; }
    CorrectionForm TextArea { height: 4; }
    """

    def reason_field(self) -> ComposeResult:
        yield from self.field(
            "reason",
            _("Reason for the correction"),
            Input(placeholder=_("e.g. typing error, wrong household chosen"), id="reason"),
        )

    def corrected(self, before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any] | None:
        changes = changed(before, after)
        if not changes:
            self.notify(_("Nothing was changed."))
            return None
        return {"changes": changes, "reason": self.query_one("#reason", Input).value}


class HouseholdCorrectionForm(CorrectionForm):
    """Name, district, moved-in date, languages, adults and children, note."""

    def __init__(self, directory: Directory, household: HouseholdRecord) -> None:
        super().__init__()
        self.directory = directory
        self.household = household
        self.title_text = _("Correct household {code}").format(code=household.code)

    def fields(self) -> ComposeResult:
        household = self.household
        entry = self.directory.offices[household.office]
        districts = list(entry.office.districts)
        if household.district not in districts:
            districts.append(household.district)
        offered = [lang.code for lang in entry.languages]
        codes = offered + [code for code in household.languages if code not in offered]
        yield from self.field(
            "label", _("Name (as the family is greeted)"), Input(household.label, id="label")
        )
        yield from self.field(
            "district",
            _("District"),
            Select(
                [(d, d) for d in districts],
                value=household.district,
                allow_blank=False,
                id="district",
            ),
        )
        yield from self.field(
            "moved_in",
            _("Moved in on (DD.MM.YYYY, optional)"),
            Input(day_field(household.moved_in), placeholder=_("DD.MM.YYYY"), id="moved-in"),
        )
        yield from self.field(
            "languages",
            _("Languages"),
            SelectionList[str](
                *((language_label(code), code, code in household.languages) for code in codes),
                id="languages",
            ),
            Input(placeholder=_("further languages: codes, e.g. ti, uk"), id="more-languages"),
        )
        yield from self.field(
            "adults",
            _("Adults (optional)"),
            Input(_text(household.adults), type="integer", id="adults"),
        )
        yield from self.field(
            "children",
            _("Children (optional)"),
            Input(_text(household.children), type="integer", id="children"),
        )
        yield from self.field("note", _("Note (optional)"), TextArea(household.note, id="note"))
        yield from self.reason_field()

    def on_mount(self) -> None:
        self.query_one("#label", Input).focus()

    def values(self) -> dict[str, Any] | None:
        household = self.household
        chosen = list(self.query_one("#languages", SelectionList).selected)
        more = typed_codes(self.query_one("#more-languages", Input).value)
        moved = self.query_one("#moved-in", Input).value.strip()
        before = {
            "label": household.label,
            "district": household.district,
            "moved_in": household.moved_in.isoformat() if household.moved_in else None,
            "languages": list(household.languages),
            "adults": household.adults,
            "children": household.children,
            "note": household.note,
        }
        after = {
            "label": self.query_one("#label", Input).value.strip(),
            "district": str(self.query_one("#district", Select).value),
            "moved_in": date_text(moved) if moved else None,
            "languages": chosen + [code for code in more if code not in chosen],
            "adults": number_or_none(self.query_one("#adults", Input).value),
            "children": number_or_none(self.query_one("#children", Input).value),
            "note": self.query_one("#note", TextArea).text.strip(),
        }
        return self.corrected(before, after)

    def save(self, services: Services, values: dict[str, Any]) -> HouseholdRecord:
        household = self.household
        return services.households.correct(
            household.id, household.version, reason=values["reason"], **values["changes"]
        )


class ConsultationCorrectionForm(CorrectionForm):
    """Topics, language, outcome and note of a consultation."""

    def __init__(
        self, directory: Directory, office: str, entry: TimelineEntry, summary: str
    ) -> None:
        super().__init__()
        self.directory = directory
        self.office = office
        self.entry = entry
        self.summary = summary
        self.title_text = _("Correct the consultation")

    def fields(self) -> ComposeResult:
        entry = self.entry
        topics = list(self.directory.topics) + [
            k for k in entry.topics if k not in self.directory.topics
        ]
        languages = [lang.code for lang in self.directory.office(self.office).languages]
        if entry.language and entry.language not in languages:
            languages.append(entry.language)
        yield Label(self.summary, id="summary")
        yield from self.field(
            "topics",
            _("Topics"),
            SelectionList[str](
                *((topic_label(self.directory, key), key, key in entry.topics) for key in topics),
                id="topics",
            ),
        )
        yield from self.field(
            "language",
            _("Language used"),
            Select(
                [(language_label(code), code) for code in languages],
                value=entry.language if entry.language else Select.NULL,
                prompt=_("Choose a language"),
                id="language",
            ),
        )
        outcomes = OUTCOMES if entry.status in OUTCOMES else (*OUTCOMES, entry.status)
        yield from self.field(
            "outcome",
            _("Outcome"),
            Select(
                [(outcome_label(o), o) for o in outcomes],
                value=entry.status,
                allow_blank=False,
                id="outcome",
            ),
        )
        yield from self.field("note", _("Note (optional)"), TextArea(entry.note, id="note"))
        yield from self.reason_field()

    def on_mount(self) -> None:
        self.query_one("#topics", SelectionList).focus()

    def values(self) -> dict[str, Any] | None:
        entry = self.entry
        language = self.query_one("#language", Select).value
        before = {
            "topics": sorted(entry.topics),
            "language": entry.language,
            "outcome": entry.status,
            "note": entry.note,
        }
        after = {
            "topics": sorted(self.query_one("#topics", SelectionList).selected),
            "language": language if isinstance(language, str) else entry.language,
            "outcome": str(self.query_one("#outcome", Select).value),
            "note": self.query_one("#note", TextArea).text.strip(),
        }
        return self.corrected(before, after)

    def save(self, services: Services, values: dict[str, Any]) -> object:
        entry = self.entry
        return services.consultations.correct(
            entry.id, entry.version, reason=values["reason"], **values["changes"]
        )


class ReferralCorrectionForm(CorrectionForm):
    """Partner, topic, follow-up date and whether it went anonymously."""

    def __init__(
        self, directory: Directory, office: str, referral: ReferralRecord, summary: str
    ) -> None:
        super().__init__()
        self.directory = directory
        self.office = office
        self.referral = referral
        self.summary = summary
        self.title_text = _("Correct the referral")

    def fields(self) -> ComposeResult:
        referral = self.referral
        partners = [listing.partner.key for listing in self.directory.partners(office=self.office)]
        if referral.partner_key not in partners:
            partners.append(referral.partner_key)
        topics = list(self.directory.topics)
        if referral.topic not in topics:
            topics.append(referral.topic)
        yield Label(self.summary, id="summary")
        yield from self.field(
            "partner_key",
            _("Partner"),
            Select(
                [(partner_label(self.directory, key), key) for key in partners],
                value=referral.partner_key,
                allow_blank=False,
                id="partner-key",
            ),
        )
        yield from self.field(
            "topic",
            _("Topic"),
            Select(
                [(topic_label(self.directory, key), key) for key in topics],
                value=referral.topic,
                allow_blank=False,
                id="topic",
            ),
        )
        yield from self.field(
            "follow_up_on",
            _("Follow-up on (DD.MM.YYYY)"),
            Input(day_field(referral.follow_up_on), id="follow-up-on"),
        )
        yield from self.field(
            "anonymous",
            _("Personal data for the partner"),
            Checkbox(
                _("Refer anonymously (the partner gets no personal data)"),
                referral.anonymous,
                id="anonymous",
            ),
        )
        yield from self.reason_field()

    def on_mount(self) -> None:
        self.query_one("#partner-key", Select).focus()

    def values(self) -> dict[str, Any] | None:
        referral = self.referral
        before = {
            "partner_key": referral.partner_key,
            "topic": referral.topic,
            "follow_up_on": referral.follow_up_on.isoformat(),
            "anonymous": referral.anonymous,
        }
        after = {
            "partner_key": str(self.query_one("#partner-key", Select).value),
            "topic": str(self.query_one("#topic", Select).value),
            "follow_up_on": date_text(self.query_one("#follow-up-on", Input).value),
            "anonymous": self.query_one("#anonymous", Checkbox).value,
        }
        return self.corrected(before, after)

    def save(self, services: Services, values: dict[str, Any]) -> object:
        referral = self.referral
        return services.referrals.correct(
            referral.id, referral.version, reason=values["reason"], **values["changes"]
        )


class WithdrawForm(Form[Any]):
    """Withdraw a consultation or referral recorded by mistake: it stays in the case file,
    marked with the reason, and no longer counts in the statistics."""

    DEFAULT_CSS = """
    WithdrawForm #summary, WithdrawForm #consequence { width: 100%; height: auto; }
    WithdrawForm #consequence { color: $text-muted; }
    """

    def __init__(self, entry: TimelineEntry, summary: str) -> None:
        super().__init__()
        self.entry = entry
        self.summary = summary
        self.title_text = _("Withdraw as a mistaken entry")

    def fields(self) -> ComposeResult:
        yield Label(self.summary, id="summary")
        consequence = _(
            "The entry stays in the case file, marked as withdrawn with the reason, "
            "and no longer counts in the statistics."
        )
        if self.entry.kind == "consultation":
            consequence += " " + _("Referrals made in this consultation are withdrawn too.")
        yield Label(consequence, id="consequence")
        yield from self.field(
            "reason",
            _("Why was it recorded by mistake?"),
            Input(placeholder=_("e.g. recorded for the wrong household"), id="reason"),
        )

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    def values(self) -> dict[str, Any] | None:
        return {"reason": self.query_one("#reason", Input).value}

    def save(self, services: Services, values: dict[str, Any]) -> object:
        entry = self.entry
        if entry.kind == "consultation":
            return services.consultations.void(entry.id, entry.version, reason=values["reason"])
        return services.referrals.void(entry.id, entry.version, reason=values["reason"])


def _text(number: int | None) -> str:
    return "" if number is None else str(number)
