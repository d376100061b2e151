"""What a service refuses, worded so a form can show it beside the right field."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of every refusal a service makes; the message is for staff."""


class InvalidInput(ServiceError):
    """One or more fields are invalid; nothing was saved.

    ``errors`` maps each field name to its message, so the TUI can show
    every problem of a form at once.
    """

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))


class NotFound(ServiceError):
    def __init__(self, kind: str, key: object) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"{kind} {key} does not exist")


class StaleRecord(ServiceError):
    """A save based on an older version: a colleague changed the record meanwhile."""

    def __init__(self, kind: str, key: object, expected: int, current: int) -> None:
        self.kind = kind
        self.key = key
        self.expected = expected
        self.current = current
        super().__init__(
            f"{kind} {key} was changed by someone else (you edited version {expected}, "
            f"it is now at version {current}); reload and try again"
        )


class Conflict(ServiceError):
    """The change clashes with what is stored (a slot already booked, a closed referral)."""


class AccessDenied(ServiceError):
    """The acting staff member may not do this (another office, or not their role).

    Nothing was read or changed; the attempt is in the audit trail.
    """

    #: (kind, office, record id, permission) until the refusal is audited.
    unrecorded: tuple[str, str | None, int | None, str] | None = None
