"""PostgreSQL login roles for staff: provisioning, leaving, and who is signed in.

Each person is a LOGIN role in one of the group roles migration 0006 made
(``lw_staff``, ``lw_coordinator``, ``lw_it_admin``), with a ``staff_role``
row saying their office and role; the row policies read that row for
``current_user``. Provisioning needs a connection of an administrator (a
role with CREATEROLE that owns the tables).

The password is turned into a SCRAM-SHA-256 verifier by libpq before it is
sent (``PQencryptPasswordConn``), so the plain password never reaches the
server, its logs or ``pg_stat_activity``.
"""

from __future__ import annotations

import re
from typing import Any

from attrs import frozen
from sqlalchemy import Connection, text

from lwcore.db.engine import Database
from lwcore.i18n import N_, translation

#: The role as the services name it, and the group role that carries its grants.
GROUP_OF = {
    "office_staff": "lw_staff",
    "office_lead": "lw_staff",
    "coordinator": "lw_coordinator",
    "it_admin": "lw_it_admin",
}
OFFICE_ROLES = ("office_staff", "office_lead")
#: A login name: lower case, digits and _, not a name PostgreSQL or the groups use.
LOGIN_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_RESERVED = ("pg_", "lw_")


class RoleProblem(ValueError):
    """Provisioning cannot do what was asked; the message says why, in one line:
    ``str()`` in English (logs, tests), :meth:`translated` for the person at ``lw``."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params))

    def translated(self, language: str) -> str:
        return translation(language).gettext(self.template).format(**self.params)


#: What ``lw staff`` says, as catalogue templates (lwcore/locale; the CLI is not extracted).
NOT_A_LOGIN_NAME = N_(
    "'{key}' cannot be a login name: lower-case letters, digits and _, "
    "starting with a letter, at most 40, not starting with pg_ or lw_"
)
UNKNOWN_ROLE = N_("unknown role '{role}' (roles: {roles})")
NEEDS_AN_OFFICE = N_("{role} needs an office")
HAS_NO_OFFICE = N_("{role} has no office")
EMPTY_PASSWORD = N_("an empty password is not allowed")
ADMINISTRATORS_ROLE = N_("'{key}' is an administrator's role, not a staff login")
ONLY_POSTGRESQL = N_(
    "staff logins exist only on PostgreSQL; the embedded database takes "
    "who is working from lwcore.toml"
)
NO_STAFF_LOGIN = N_("'{key}' is no staff login of this database")
NO_VERIFIER = N_("libpq did not return a SCRAM-SHA-256 verifier")
NO_SUCH_OFFICE = N_("no office '{office}' installed (offices: {offices})")
#: A refusal of PostgreSQL itself (its reason as the server words it).
REFUSED = N_("the database refuses {action}: {reason}")
ADDING = N_("adding the login")
CHANGING_PASSWORD = N_("changing the password")
REMOVING = N_("removing the login")
PASSWORD = N_("Password")
PASSWORD_AGAIN = N_("Password again")
PASSWORDS_DIFFER = N_("the two passwords differ; once more")
ADDED = N_("{key} can log in as {role}")
ADDED_IN_OFFICE = N_("{key} can log in as {role} in {office}")
NEW_PASSWORD = N_("{key} has a new password")
REMOVED = N_("{key} can no longer log in; the audit trail keeps their entries")


@frozen
class StaffLogin:
    """A login role's entry in ``staff_role``."""

    key: str
    office: str
    role: str


def check_login_name(key: str) -> None:
    if not LOGIN_NAME.fullmatch(key) or key.startswith(_RESERVED):
        raise RoleProblem(NOT_A_LOGIN_NAME, key=key)


def signed_in_staff(database: Database) -> StaffLogin | None:
    """The ``staff_role`` entry of the role this database connection logs in as;
    None on SQLite and for a role without one (an administrator, the owner)."""
    if database.dialect != "postgresql":
        return None
    with database.engine.connect() as connection:
        row = connection.execute(
            text("SELECT role_name, office, role FROM staff_role WHERE role_name = current_user")
        ).first()
    return None if row is None else StaffLogin(row.role_name, row.office, row.role)


def add_staff(database: Database, key: str, office: str, role: str, password: str) -> None:
    """Create (or renew) ``key``'s login role in its group, with ``password``."""
    check_login_name(key)
    group = GROUP_OF.get(role)
    if group is None:
        raise RoleProblem(UNKNOWN_ROLE, role=role, roles=", ".join(GROUP_OF))
    if (role in OFFICE_ROLES) != bool(office):
        raise RoleProblem(NEEDS_AN_OFFICE if role in OFFICE_ROLES else HAS_NO_OFFICE, role=role)
    if not password:
        raise RoleProblem(EMPTY_PASSWORD)
    with database.engine.begin() as connection:
        _require_postgresql(connection)
        name = _quoted(connection, key)
        verifier = _scram_verifier(connection, key, password)
        existing = connection.execute(
            text(
                "SELECT rolsuper OR rolcreaterole OR rolbypassrls AS powerful "
                "FROM pg_roles WHERE rolname = :key"
            ),
            {"key": key},
        ).first()
        if existing is not None and existing.powerful:
            raise RoleProblem(ADMINISTRATORS_ROLE, key=key)
        statement = "ALTER ROLE" if existing is not None else "CREATE ROLE"
        connection.exec_driver_sql(f"{statement} {name} LOGIN INHERIT PASSWORD '{verifier}'")
        for other in sorted(set(GROUP_OF.values()) - {group}):
            connection.exec_driver_sql(f"REVOKE {other} FROM {name}")
        connection.exec_driver_sql(f"GRANT {group} TO {name}")
        connection.execute(
            text(
                "INSERT INTO staff_role (role_name, office, role) VALUES (:key, :office, :role) "
                "ON CONFLICT (role_name) DO UPDATE SET office = :office, role = :role"
            ),
            {"key": key, "office": office, "role": role},
        )


def set_password(database: Database, key: str, password: str) -> None:
    """A new password for ``key`` (forgotten or compromised), who must be staff."""
    check_login_name(key)
    if not password:
        raise RoleProblem(EMPTY_PASSWORD)
    with database.engine.begin() as connection:
        _require_postgresql(connection)
        _require_staff(connection, key)
        verifier = _scram_verifier(connection, key, password)
        connection.exec_driver_sql(f"ALTER ROLE {_quoted(connection, key)} PASSWORD '{verifier}'")


def remove_staff(database: Database, key: str) -> None:
    """``key`` can no longer log in nor see any row; the role stays, so the audit
    trail's entries still name an existing role, and nothing of the trail is removed."""
    check_login_name(key)
    with database.engine.begin() as connection:
        _require_postgresql(connection)
        _require_staff(connection, key)
        name = _quoted(connection, key)
        connection.exec_driver_sql(f"ALTER ROLE {name} NOLOGIN PASSWORD NULL")
        for group in sorted(set(GROUP_OF.values())):
            connection.exec_driver_sql(f"REVOKE {group} FROM {name}")
        # An open session of theirs sees nothing more: the policies find no office.
        connection.execute(text("DELETE FROM staff_role WHERE role_name = :key"), {"key": key})


def _require_postgresql(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        raise RoleProblem(ONLY_POSTGRESQL)


def _require_staff(connection: Connection, key: str) -> None:
    known = connection.execute(
        text("SELECT 1 FROM staff_role WHERE role_name = :key"), {"key": key}
    ).first()
    if known is None:
        raise RoleProblem(NO_STAFF_LOGIN, key=key)


def _quoted(connection: Connection, name: str) -> str:
    quoted: str = connection.dialect.identifier_preparer.quote_identifier(name)
    return quoted


def _scram_verifier(connection: Connection, key: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier libpq computes for ``key`` and ``password``."""
    driver: Any = connection.connection.driver_connection
    verifier: str = driver.pgconn.encrypt_password(
        password.encode(), key.encode(), b"scram-sha-256"
    ).decode("ascii")
    if "'" in verifier or not verifier.startswith("SCRAM-SHA-256$"):  # never, but it is SQL
        raise RoleProblem(NO_VERIFIER)
    return verifier
