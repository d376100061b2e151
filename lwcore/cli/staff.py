"""``lw staff add``, ``lw staff password`` and ``lw staff remove``: PostgreSQL logins, for IT.

Run with an administrator's connection (``LW_DATABASE_URL`` of the role that
owns the tables). Each person logs in as their own role; the database then
shows them only their office's rows (migration 0006).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import click
from sqlalchemy.exc import DBAPIError

from lwcore.cli.context import Context, fail, pass_context
from lwcore.db.roles import RoleProblem, add_staff, remove_staff, set_password

#: ``--role`` as typed, and the role as the services name it.
ROLE_CHOICES = {
    "staff": "office_staff",
    "office_lead": "office_lead",
    "coordinator": "coordinator",
    "it_admin": "it_admin",
}


@click.group("staff")
def staff_group() -> None:
    """PostgreSQL logins of staff: add, new password, remove."""


def _password(from_stdin: bool) -> str:
    """Asked twice without echo, or the first line of standard input."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


def _run(action: str, work: Callable[..., None], *arguments: object) -> None:
    try:
        work(*arguments)
    except RoleProblem as problem:
        fail(str(problem))
    except DBAPIError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        fail(f"{action} refused by the database: {reason}")


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
        fail(f"no office {office!r} installed (offices: {known})")
    password = _password(password_stdin)
    _run(
        "adding the login", add_staff, context.configured_database(), key, office, chosen, password
    )
    where = f" in {office}" if office else ""
    click.echo(f"{key} can log in as {chosen.replace('_', ' ')}{where}")


@staff_group.command("password")
@click.argument("key")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@pass_context
def password_command(context: Context, key: str, password_stdin: bool) -> None:
    """Set a new password for KEY (forgotten or shared by mistake)."""
    password = _password(password_stdin)
    _run("changing the password", set_password, context.configured_database(), key, password)
    click.echo(f"{key} has a new password")


@staff_group.command("remove")
@click.argument("key")
@pass_context
def remove_command(context: Context, key: str) -> None:
    """KEY leaves: no more logins and no rows; the audit trail keeps their entries."""
    _run("removing the login", remove_staff, context.configured_database(), key)
    click.echo(f"{key} can no longer log in; the audit trail keeps their entries")
