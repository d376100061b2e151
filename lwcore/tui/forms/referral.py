"""The partner's feedback on a referral: accepted, done, not successful or withdrawn."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, TextArea

from lwcore.tui.forms.base import Form
from lwcore.tui.forms.date_entry import date_text
from lwcore.tui.i18n import _, short_date
from lwcore.tui.labels import partner_label, status_label, topic_label

if TYPE_CHECKING:
    from lwcore.directory import Directory
    from lwcore.services import Services
    from lwcore.services.referral_records import ReferralRecord
    from lwcore.services.referrals_due import OpenReferral

#: Where a referral can go from each state that is still open (as the service allows).
NEXT_STATES = {
    "open": ("open", "accepted", "done", "unsuccessful", "withdrawn"),
    "accepted": ("accepted", "done", "unsuccessful", "withdrawn"),
}
CLOSING = ("done", "unsuccessful", "withdrawn")


class ReferralForm(Form["ReferralRecord"]):
    """``referral`` is the record as the screen loaded it: its version guards the save.
    ``preset`` preselects the new status (``done`` for the quick close)."""

    DEFAULT_CSS = """
    ReferralForm #summary { height: auto; color: $text-muted; }
    ReferralForm TextArea { height: 4; }
    """

    def __init__(
        self,
        directory: Directory,
        referral: OpenReferral,
        household_code: str | None,
        *,
        preset: str | None = None,
    ) -> None:
        super().__init__()
        self.directory = directory
        self.referral = referral
        self.household_code = household_code
        self.states = NEXT_STATES.get(referral.status, CLOSING)
        self.preset = preset if preset in self.states else self.states[0]
        self.title_text = _("Referral to {partner}: {topic}").format(
            partner=partner_label(directory, referral.partner_key),
            topic=topic_label(directory, referral.topic),
        )

    def fields(self) -> ComposeResult:
        referral = self.referral
        summary = _("Household {household} · status {status} · follow-up {due}").format(
            household=self.household_code or _("anonymous"),
            status=status_label(referral.status),
            due=short_date(referral.follow_up_on),
        )
        if referral.anonymous and referral.household_id is not None:
            summary += "\n" + _("Passed on anonymously: the partner has no personal data.")
        yield Label(summary, id="summary")
        yield from self.field(
            "status",
            _("New status"),
            Select(
                [(status_label(state), state) for state in self.states],
                value=self.preset,
                allow_blank=False,
                id="status",
            ),
        )
        yield from self.field(
            "partner_feedback",
            _("What the partner reported"),
            TextArea(referral.partner_feedback, id="partner-feedback"),
        )
        yield from self.field(
            "reason",
            _("Why it did not succeed"),
            Input(referral.reason or "", id="reason"),
        )
        yield from self.field(
            "follow_up_on",
            _("Next follow-up (DD.MM.YYYY; empty keeps {due})").format(
                due=short_date(referral.follow_up_on)
            ),
            Input(placeholder=f"{referral.follow_up_on:%d.%m.%Y}", id="follow-up-on"),
        )

    def on_mount(self) -> None:
        self._show_for_status()
        if self.preset in CLOSING:
            self.query_one("#partner-feedback", TextArea).focus()

    def _status(self) -> str:
        return str(self.query_one("#status", Select).value)

    @on(Select.Changed, "#status")
    def _show_for_status(self) -> None:
        status = self._status()
        self.show_field("reason", status == "unsuccessful")
        self.show_field("follow_up_on", status not in CLOSING)
        if status == "unsuccessful":
            reason = self.query_one("#field-reason")
            self.call_after_refresh(reason.scroll_visible)

    def values(self) -> dict[str, Any] | None:
        status = self._status()
        values: dict[str, Any] = {
            "status": status,
            "partner_feedback": self.query_one("#partner-feedback", TextArea).text,
        }
        if status == "unsuccessful":
            values["reason"] = self.query_one("#reason", Input).value
        due = self.query_one("#follow-up-on", Input).value.strip()
        if status not in CLOSING and due:
            values["follow_up_on"] = date_text(due)
        return values

    def save(self, services: Services, values: dict[str, Any]) -> ReferralRecord:
        referral = self.referral
        status = values["status"]
        if status in CLOSING:
            return services.referrals.close(
                referral.id,
                referral.version,
                outcome=status,
                partner_feedback=values["partner_feedback"],
                reason=values.get("reason"),
            )
        feedback = values["partner_feedback"]
        return services.referrals.update(
            referral.id,
            referral.version,
            status=None if status == referral.status else status,
            partner_feedback=None if feedback == referral.partner_feedback else feedback,
            follow_up_on=values.get("follow_up_on"),
        )
