"""Forms whose service asks staff to confirm an unusual choice (a walk-in after hours,
a home visit on a public holiday): the form asks, and saves again once confirmed."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from lwcore.tui.forms.base import Form, Question
from lwcore.tui.i18n import N_, _

T = TypeVar("T")


class ConfirmingForm(Form[T]):
    """``CONFIRMATIONS`` maps a service's confirmation field (``outside_hours``) to the
    question's wording (marked ``N_``, ``{reason}`` the service's message); ``confirmed``
    holds what staff confirmed, for :meth:`save` to pass on."""

    CONFIRMATIONS: ClassVar[dict[str, str]] = {}

    def __init__(self) -> None:
        super().__init__()
        self.confirmed: dict[str, bool] = {}

    def show_errors(self, errors: dict[str, str]) -> None:
        asked = [field for field in errors if field in self.CONFIRMATIONS]
        if not asked or len(asked) < len(errors):
            super().show_errors({k: v for k, v in errors.items() if k not in asked})
            return
        field = asked[0]

        def decided(go_on: bool | None) -> None:
            if go_on:
                self.confirmed[field] = True
                self.action_submit()

        question = _(self.CONFIRMATIONS[field]).format(reason=errors[field])
        self.app.push_screen(Question(question, _("Yes, go on"), _("Back")), decided)

    def confirmation_values(self) -> dict[str, Any]:
        return {field: self.confirmed.get(field, False) for field in self.CONFIRMATIONS}


#: The questions, for the catalogue.
OUTSIDE_HOURS = N_("The office is closed now: {reason}")
ON_HOLIDAY = N_("Plan the visit on a public holiday? {reason}")
