"""``lw staff add``, ``lw staff password`` and ``lw staff remove``: PostgreSQL logins, for IT.

Run with an administrator's connection (``LW_DATABASE_URL`` of the role that
owns the tables). Each person logs in as their own role; the database then
shows them only their office's rows (migration 0006). What the commands say
is German unless ``lw --lang`` or ``LW_LANG`` chooses English, as the other
commands' messages (the templates live in lwcore.db.roles, with the catalogue).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import click
from sqlalchemy.exc import DBAPIError

from lwcore.cli.context import Context, fail, pass_context, shown_language
from lwcore.db import roles
from lwcore.db.roles import RoleProblem, add_staff, remove_staff, set_password
from lwcore.i18n import translation
from lwcore.services.access import ROLES

#: ``--role`` as typed, and the role as the services name it.
ROLE_CHOICES = {
    "staff": "office_staff",
    "office_lead": "office_lead",
    "coordinator": "coordinator",
    "it_admin": "it_admin",
}


def _say(template: str, **params: object) -> str:
    """A message of ``lw staff`` in the language chosen for the command (German by default)."""
    return translation(shown_language()).gettext(template).format(**params)


@click.group("staff")
def staff_group() -> None:
    """PostgreSQL logins of staff: add, new password, remove."""


def _password(from_stdin: bool) -> str:
    """Asked twice without echo, or the first line of standard input."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    while True:
        first = str(click.prompt(_say(roles.PASSWORD), hide_input=True))
        again = str(click.prompt(_say(roles.PASSWORD_AGAIN), hide_input=True))
        if first == again:
            return first
        click.echo(_say(roles.PASSWORDS_DIFFER), err=True)


def _run(action: str, work: Callable[..., None], *arguments: object) -> None:
    try:
        work(*arguments)
    except RoleProblem as problem:
        fail(problem.translated(shown_language()))
    except DBAPIError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        fail(_say(roles.REFUSED, action=_say(action), reason=reason))


@staff_group.command("add")
@click.argument("key")
@click.option("--office", default="", metavar="SLUG", help="The office (staff, office leads).")
@click.option("--role", type=click.Choice(list(ROLE_CHOICES)), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@pass_context
def add_command(context: Context, key: str, office: str, role: str, password_stdin: bool) -> None:
    """Give KEY a login of their own in their office's role."""
    chosen = ROLE_CHOICES[role]
    if office and office not in context.directory.offices:
        known = ", ".join(sorted(context.directory.offices))
        fail(_say(roles.NO_SUCH_OFFICE, office=office, offices=known))
    password = _password(password_stdin)
    _run(roles.ADDING, add_staff, context.configured_database(), key, office, chosen, password)
    role_name = _say(ROLES[chosen])
    if office:
        click.echo(_say(roles.ADDED_IN_OFFICE, key=key, role=role_name, office=office))
    else:
        click.echo(_say(roles.ADDED, key=key, role=role_name))


@staff_group.command("password")
@click.argument("key")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@pass_context
def password_command(context: Context, key: str, password_stdin: bool) -> None:
    """Set a new password for KEY (forgotten or shared by mistake)."""
    password = _password(password_stdin)
    _run(roles.CHANGING_PASSWORD, set_password, context.configured_database(), key, password)
    click.echo(_say(roles.NEW_PASSWORD, key=key))


@staff_group.command("remove")
@click.argument("key")
@pass_context
def remove_command(context: Context, key: str) -> None:
    """KEY leaves: no more logins and no rows; the audit trail keeps their entries."""
    _run(roles.REMOVING, remove_staff, context.configured_database(), key)
    click.echo(_say(roles.REMOVED, key=key))
