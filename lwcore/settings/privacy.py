"""Who works with the data, and how long it is kept (``[staff.*]``, ``[retention]``).

Both live in ``config/lwcore.toml``: staff and retention are decided by the
city's IT and the data-protection officers for the whole installation, not
by one office's plugin.
"""

from __future__ import annotations

from collections.abc import Callable

import attrs
from attrs import field, frozen

from lwcore.records import InvalidValue

#: What a staff member may do; see lwcore.services.access for the rules.
ROLES = ("office_staff", "office_lead", "coordinator", "it_admin")
#: Roles bound to one office; the others work across offices.
OFFICE_ROLES = ("office_staff", "office_lead")
#: The two employers of an office's tandem, each a data controller of its own.
EMPLOYERS = ("city", "welfare")


def _one_of(choices: tuple[str, ...]) -> Callable[[object, attrs.Attribute[str], str], None]:
    def check(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in choices:
            raise InvalidValue(attribute, f"{value!r} is not one of {', '.join(choices)}")

    return check


@frozen
class StaffSettings:
    """One staff member: ``[staff.<key>]`` with name, office, employer and role.

    Office staff and office leads belong to one office (``office``); a
    city-wide coordinator or an IT admin has none.
    """

    name: str
    role: str = field(validator=_one_of(ROLES))
    employer: str = field(validator=_one_of(EMPLOYERS))
    office: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.name.strip():
            raise InvalidValue("name", "must not be empty")
        if self.role in OFFICE_ROLES and not self.office:
            raise InvalidValue("office", f"a member of staff with role {self.role} needs an office")
        if self.role not in OFFICE_ROLES and self.office:
            raise InvalidValue("office", f"role {self.role} works across offices: leave it out")


def _months(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not 1 <= value <= 240:
        raise InvalidValue(attribute, f"{value} months: give 1 to 240")


@frozen
class ControllerRetention:
    """How many months one controller keeps each category of data.

    ``households``: after the household's last contact, its record (and its
    consents) are deleted and its consultations, referrals and visits kept
    only anonymised. ``notes``: free text of consultations, visits and
    referrals is cleared this long after it was written. ``waiting_list``:
    names on the walk-in list and on appointments are cleared after this.
    The defaults are placeholders for the controller's data-protection
    officer to confirm.
    """

    households: int = field(default=36, validator=_months)
    notes: int = field(default=24, validator=_months)
    waiting_list: int = field(default=3, validator=_months)


@frozen
class RetentionSettings:
    """``[retention]``: per controller (``[retention.city]``, ``[retention.welfare]``),
    and for the audit trail, which belongs to the installation."""

    city: ControllerRetention = field(factory=ControllerRetention)
    welfare: ControllerRetention = field(factory=ControllerRetention)
    audit: int = field(default=24, validator=_months)

    def for_controller(self, controller: str) -> ControllerRetention:
        return self.city if controller == "city" else self.welfare

    def shortest(self) -> ControllerRetention:
        """For data the tandem holds together (a walk-in without a household):
        the shorter of the two periods, category by category."""
        return ControllerRetention(
            households=min(self.city.households, self.welfare.households),
            notes=min(self.city.notes, self.welfare.notes),
            waiting_list=min(self.city.waiting_list, self.welfare.waiting_list),
        )
