"""Who may do what, checked in the services, not only in the screens.

Every service call acts as one staff member (an :class:`Actor`). The rules:

=============  ==========================================================
office_staff   their own office: read and change its households and work,
               its exact figures on their own screen
office_lead    as office staff, plus the office's audit trail, export,
               erasure, legal holds and retention purge
coordinator    every office's released figures only (perturbed, whole
               calendar periods that are over): no records, case files,
               audit trail, exports or exact counts; changes nothing
it_admin       no personal data at all; may run the retention purge
               (settings, upgrades and health are CLI commands outside
               the services)
=============  ==========================================================

A city-wide coordinator reads anonymous figures only, and on PostgreSQL
their login gets nothing else either (migration 0009: the released figures
come from functions that perturb inside the database). The services and the
database must agree: a right given here that the login lacks is a refusal
from the database, and one the login has that is not given here is a hole.
"""

from __future__ import annotations

import getpass
import os
from enum import Enum
from typing import TYPE_CHECKING

from attrs import frozen

from lwcore.i18n import N_
from lwcore.services.errors import AccessDenied
from lwcore.services.messages import Message, Term
from lwcore.settings.privacy import OFFICE_ROLES, StaffSettings
from lwcore.staff_choice import STAFF_VARIABLE, empty_staff_choice

if TYPE_CHECKING:
    from lwcore.directory import Directory

#: Where a call comes from, as the audit trail records it.
CHANNELS = ("tui", "cli", "test")


class Permission(Enum):
    READ = "read"  # personal data and office work
    CHANGE = "change"
    STATISTICS = "statistics"  # released figures: perturbed, whole periods that are over
    EXACT = "exact"  # the office's exact counts, on its own staff's screen
    AUDIT = "audit"
    EXPORT = "export"
    ERASE = "erase"
    HOLD = "hold"
    PURGE = "purge"

    @property
    def wording(self) -> str:
        """The English template of the refusal: ``{who} may not read the records of {where}``."""
        return _WORDING[self]


_WORDING = {
    Permission.READ: N_("{who} may not read the records of {where}"),
    Permission.CHANGE: N_("{who} may not change the records of {where}"),
    Permission.STATISTICS: N_("{who} may not see the statistics of {where}"),
    Permission.EXACT: N_("{who} may not see the exact figures of {where}"),
    Permission.AUDIT: N_("{who} may not read the audit trail of {where}"),
    Permission.EXPORT: N_("{who} may not export the data of {where}"),
    Permission.ERASE: N_("{who} may not erase the data of {where}"),
    Permission.HOLD: N_("{who} may not set a legal hold in {where}"),
    Permission.PURGE: N_("{who} may not purge data past retention in {where}"),
}

#: Roles as staff read them (``office_lead`` reads "office lead" in English).
ROLES = {
    "office_staff": N_("office staff"),
    "office_lead": N_("office lead"),
    "coordinator": N_("coordinator"),
    "it_admin": N_("it admin"),
}

_OWN_OFFICE = {
    "office_staff": {Permission.READ, Permission.CHANGE, Permission.STATISTICS, Permission.EXACT},
    "office_lead": {
        Permission.READ,
        Permission.CHANGE,
        Permission.STATISTICS,
        Permission.EXACT,
        Permission.AUDIT,
        Permission.EXPORT,
        Permission.ERASE,
        Permission.HOLD,
        Permission.PURGE,
    },
}
_EVERY_OFFICE = {
    # Anonymous figures only: released (perturbed) statistics of every office.
    "coordinator": {Permission.STATISTICS},
    "it_admin": {Permission.PURGE},
}


@frozen
class Actor:
    """The staff member a call acts for, and where the call comes from."""

    key: str
    name: str
    role: str
    employer: str
    office: str = ""
    channel: str = "cli"

    @classmethod
    def from_settings(cls, key: str, staff: StaffSettings, channel: str) -> Actor:
        return cls(key, staff.name, staff.role, staff.employer, staff.office, channel)

    def may(self, permission: Permission, office: str | None) -> bool:
        """Whether this actor may ``permission`` in ``office`` (None: every office)."""
        if self.role in OFFICE_ROLES:
            return office == self.office and permission in _OWN_OFFICE[self.role]
        return permission in _EVERY_OFFICE.get(self.role, set())

    def require(self, permission: Permission, office: str | None) -> None:
        if not self.may(permission, office):
            where = Message.of(N_("every office")) if office is None else office
            raise AccessDenied(permission.wording, who=self.described(), where=where)

    def offices(self, every: list[str], permission: Permission = Permission.READ) -> list[str]:
        """Of ``every`` office, those whose records this actor may read (or where
        they may ``permission``)."""
        return [office for office in every if self.may(permission, office)]

    @property
    def figures_only(self) -> bool:
        """Whether this actor sees released figures and no records at all (a
        city-wide coordinator): screens start on the statistics."""
        return self.may(Permission.STATISTICS, None) and not self.may(Permission.READ, None)

    def describe(self) -> str:
        """``Anna Becker (office lead, brackel)``, in English."""
        return self.described().english()

    def described(self) -> Message:
        """Name, role and office, the role in the reader's language."""
        role = Term(self.role.replace("_", " "), ROLES.get(self.role, self.role))
        if self.office:
            return Message.of(
                "{name} ({role}, {office})", name=self.name, role=role, office=self.office
            )
        return Message.of("{name} ({role})", name=self.name, role=role)


#: Who works, when ``lw --as`` says nobody.
class UnknownStaff(ValueError):
    """The staff member asked for is not configured (or their office is not installed)."""


def resolve_actor(
    directory: Directory, requested: str | None = None, *, channel: str = "cli"
) -> Actor:
    """The acting staff member: ``requested`` (``lw --as``), else ``$LW_STAFF``, else the
    deployment's ``default_staff``, else the login name if it is a staff key. An
    empty ``--as`` or ``$LW_STAFF`` is refused, not read as "not given"."""
    empty = empty_staff_choice(requested)
    if empty is not None:
        raise UnknownStaff(empty)
    deployment = directory.deployment
    candidates = [requested, os.environ.get(STAFF_VARIABLE), deployment.default_staff]
    key = next((candidate for candidate in candidates if candidate), None)
    if key is None:
        login = getpass.getuser()
        key = login if login in deployment.staff else None
    known = ", ".join(sorted(deployment.staff)) or "none configured"
    if key is None:
        raise UnknownStaff(
            f"who is working? set default_staff in lwcore.toml, ${STAFF_VARIABLE} or "
            f"lw --as KEY (staff: {known})"
        )
    staff = deployment.staff.get(key)
    if staff is None:
        raise UnknownStaff(f"no staff member {key!r} in lwcore.toml [staff] (staff: {known})")
    if staff.office and staff.office not in directory.offices:
        raise UnknownStaff(
            f"staff member {key!r} belongs to office {staff.office!r}, which is not installed"
        )
    return Actor.from_settings(key, staff, channel)


def actor_of_login(
    directory: Directory,
    login: tuple[str, str, str],
    requested: str | None = None,
    *,
    channel: str = "cli",
) -> Actor:
    """The acting staff member when the database login says who works (PostgreSQL:
    ``current_user`` in ``staff_role``): ``login`` is its (key, office, role). Naming
    someone else with ``lw --as`` is refused; the name comes from lwcore.toml when
    it knows the key."""
    key, office, role = login
    if requested is not None:
        raise UnknownStaff(
            f"lw --as is not used here: the database login {key!r} says who is working"
        )
    if office and office not in directory.offices:
        raise UnknownStaff(
            f"database login {key!r} belongs to office {office!r}, which is not installed"
        )
    staff = directory.deployment.staff.get(key)
    name, employer = (staff.name, staff.employer) if staff else (key, "")
    return Actor(key, name, role, employer, office, channel)
