"""What a service refuses, worded so a form can show it beside the right field.

Each refusal carries a :class:`~lwcore.services.messages.Message`: the TUI and
the CLI show ``message.translated()`` in the reader's language; ``str(error)``
is the English text, for logs and tests.
"""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen

from lwcore.i18n import N_
from lwcore.services.messages import Listing, Message


@frozen
class Refusal:
    """A refusal the audit trail is still to hear of: written as a "denied" entry once
    the service call has ended, when no transaction of the call is open any more."""

    kind: str
    office: str | None
    record_id: int | None
    #: What was refused (``read``, ``change: consultation``...).
    detail: str
    household_codes: tuple[str, ...] = ()


class ServiceError(Exception):
    """Base of every refusal a service makes; the message is for staff.

    ``template`` is the English msgid (marked with ``N_``), ``params`` its values.
    """

    #: Set until the refusal is in the audit trail (see lwcore.services.base).
    unrecorded: Refusal | None = None

    def __init__(self, template: str | Message, /, **params: object) -> None:
        self.message = template if isinstance(template, Message) else Message(template, params)
        super().__init__(self.message.english())


class InvalidInput(ServiceError):
    """One or more fields are invalid; nothing was saved.

    ``messages`` maps each field name to its message, so the TUI can show
    every problem of a form at once in the staff member's language;
    ``errors`` holds the same in English. A form's own check may pass text
    it has already translated.
    """

    def __init__(self, errors: Mapping[str, str | Message]) -> None:
        self.messages = {
            name: problem if isinstance(problem, Message) else Message.text(problem)
            for name, problem in errors.items()
        }
        self.errors = {name: problem.english() for name, problem in self.messages.items()}
        lines = [
            Message.of("{field}: {problem}", field=name, problem=problem)
            for name, problem in self.messages.items()
        ]
        super().__init__(Message.of("{problems}", problems=Listing(lines, "; ")))


class NotFound(ServiceError):
    def __init__(self, kind: str, key: object) -> None:
        self.kind = kind
        self.key = key
        super().__init__(N_("{kind} {key} does not exist"), kind=Message(kind), key=key)


class StaleRecord(ServiceError):
    """A save based on an older version: a colleague changed the record meanwhile."""

    def __init__(self, kind: str, key: object, expected: int, current: int) -> None:
        self.kind = kind
        self.key = key
        self.expected = expected
        self.current = current
        super().__init__(
            N_(
                "{kind} {key} was changed by someone else (you edited version {expected}, "
                "it is now at version {current}); reload and try again"
            ),
            kind=Message(kind),
            key=key,
            expected=expected,
            current=current,
        )


class Conflict(ServiceError):
    """The change clashes with what is stored (a slot already booked, a closed referral)."""


class AccessDenied(ServiceError):
    """The acting staff member may not do this (another office, or not their role).

    Nothing was read or changed; the attempt is in the audit trail.
    """
