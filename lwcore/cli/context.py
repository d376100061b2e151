"""What every command shares: the config folder, the loaded directory, error reporting."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from lwcore.db.engine import Database
    from lwcore.db.opening import Opened
    from lwcore.directory import Directory, OfficeEntry
    from lwcore.services import Services
    from lwcore.services.errors import ServiceError
    from lwcore.settings.deployment import DeploymentSettings
    from lwcore.workplace import Offices, Workplace

#: Exit status for bad input or configuration (as click uses for usage errors).
EXIT_BAD_INPUT = 2


class BadInput(click.ClickException):
    """Bad input or configuration: a one-line message and exit status 2."""

    exit_code = EXIT_BAD_INPUT


class UpgradeFailed(click.ClickException):
    """The database could not be brought to this core's schema (it is left as it was)."""

    exit_code = 1


class UnexpectedError(click.ClickException):
    """A failure lw did not expect: one line for the person in their language (exit
    status 1); its traceback is in the log file, which the line names."""

    exit_code = 1

    def __init__(self, error: BaseException, log: Path) -> None:
        from lwcore.i18n import UNEXPECTED_ERROR, translation

        template = translation(shown_language()).gettext(UNEXPECTED_ERROR)
        super().__init__(template.format(kind=type(error).__name__, log=log))


class Context:
    """Loaded on first use, so ``lw --help`` never reads a file."""

    def __init__(
        self, config_option: Path | None, staff: str | None = None, language: str | None = None
    ) -> None:
        self.config_option = config_option
        self.staff = staff
        #: ``lw --lang``; None: ``$LW_LANG``, else German.
        self.language = language

    @cached_property
    def config_dir(self) -> Path:
        from lwcore.settings.paths import resolve_config_dir

        return resolve_config_dir(self.config_option)

    @cached_property
    def offices(self) -> Offices:
        """The settings and plugins (lwcore.workplace); plugin problems are warnings."""
        from lwcore.settings.errors import SettingsError
        from lwcore.workplace import load_offices

        try:
            offices = load_offices(self.config_dir)
        except SettingsError as error:
            raise BadInput(str(error)) from None
        for problem in offices.problems:
            if problem.stage != "settings":
                warn(str(problem))
        return offices

    @cached_property
    def directory(self) -> Directory:
        from lwcore.workplace import OfficeSettingsInvalid

        try:
            return self.offices.usable()
        except OfficeSettingsInvalid as error:
            raise BadInput(str(error)) from None

    @cached_property
    def deployment(self) -> DeploymentSettings:
        """Only ``lwcore.toml``: commands for IT must work while an office file is broken."""
        from lwcore.settings.deployment import load_deployment
        from lwcore.settings.errors import SettingsError

        try:
            return load_deployment(self.config_dir)
        except SettingsError as error:
            raise BadInput(str(error)) from None

    def configured_database(self) -> Database:
        """The configured database as it is: neither upgraded nor created here."""
        from lwcore.db.engine import Database, database_url

        return Database(database_url(self.deployment))

    @cached_property
    def workplace(self) -> Workplace:
        """The office opened for ``lw --as`` (or the configured default staff member),
        the database at the current schema (SQLite upgraded on first use)."""
        from lwcore.services.access import UnknownStaff
        from lwcore.workplace import open_workplace

        self.directory  # noqa: B018 - an office's bad settings file first, as its own error
        with _opening_the_database():
            try:
                workplace = open_workplace(self.offices, staff=self.staff, channel="cli")
            except UnknownStaff as error:
                raise BadInput(str(error)) from None
        _say_upgraded(workplace.opened)
        return workplace

    @cached_property
    def database(self) -> Database:
        """The configured database at the current schema, for commands that act as
        nobody (``lw demo``); the others use :attr:`services`."""
        from lwcore.db.opening import open_database

        with _opening_the_database():
            opened = open_database(self.directory.deployment)
        _say_upgraded(opened)
        return opened.database

    @property
    def services(self) -> Services:
        """The services, acting as ``lw --as`` (or the configured default staff member)."""
        return self.workplace.services

    def office(self, slug: str) -> OfficeEntry:
        from lwcore.directory import UnknownOfficeError

        try:
            return self.directory.office(slug)
        except UnknownOfficeError as error:
            raise BadInput(str(error)) from None


@contextmanager
def _opening_the_database() -> Iterator[None]:
    """What can keep the database from opening at the current schema, as one line."""
    from lwcore.db.failures import MigrationFailed, UnsoundCopy
    from lwcore.db.opening import SchemaOutOfDate

    try:
        yield
    except SchemaOutOfDate as error:
        raise BadInput(str(error)) from None
    except UnsoundCopy as error:
        raise BadInput(f"the database was not upgraded: its backup was refused: {error}") from None
    except MigrationFailed as error:
        raise UpgradeFailed(f"the automatic upgrade failed: {error}") from None


def _say_upgraded(opened: Opened) -> None:
    if opened.upgraded_from is not None and opened.backup is not None:
        click.echo(
            f"database upgraded from schema {opened.upgraded_from}; copy kept at {opened.backup}",
            err=True,
        )


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def fail(message: str) -> NoReturn:
    raise BadInput(message)


def emit_json(rows: list[dict[str, Any]]) -> None:
    json.dump(rows, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def emit_table(rows: list[list[str]], headers: list[str]) -> None:
    """Aligned columns for people; scripts use ``--json``."""
    if not rows:
        click.echo("(none)")
        return
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    for line in [headers, *rows]:
        click.echo(
            "  ".join(
                str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)
            ).rstrip()
        )


def shown_language() -> str:
    """The language the services' messages are printed in: ``lw --lang``, else
    ``$LW_LANG``, else German (the command's own texts are English)."""
    from lwcore.i18n import choose_language

    click_context = click.get_current_context(silent=True)
    context = click_context.find_object(Context) if click_context is not None else None
    return choose_language(context.language if context is not None else None)


def refusal_text(error: ServiceError) -> str:
    """A service's refusal in the language chosen for the command."""
    return error.message.translated(shown_language())


@contextmanager
def refused_as_bad_input(fields: Mapping[str, str] | None = None) -> Iterator[None]:
    """A service's refusal (no access, unknown household, legal hold...) as a
    one-line message and exit status 2, in the chosen language (:func:`shown_language`).

    Invalid input gives one line per field, named as staff typed it: the
    command's option or argument of that name (``moved_in`` as ``--moved-in``),
    or ``fields[name]`` (list positions left out: ``consents.text_version``
    stands for ``consents[1].text_version``).
    """
    from lwcore.services.errors import InvalidInput, ServiceError

    try:
        yield
    except InvalidInput as error:
        language = shown_language()
        lines = (
            f"{_named(field, fields or {})}: {message.translated(language)}"
            for field, message in error.messages.items()
        )
        raise BadInput("\n".join(dict.fromkeys(lines))) from None
    except ServiceError as error:
        raise BadInput(refusal_text(error)) from None


def _named(field: str, fields: Mapping[str, str]) -> str:
    """A service's field name as the running command's option or argument, if it has one."""
    for key in (field, re.sub(r"\[\d+\]", "", field)):
        if key in fields:
            return fields[key]
    click_context = click.get_current_context(silent=True)
    if click_context is not None:
        for param in click_context.command.params:
            if param.name == field:
                if isinstance(param, click.Option):
                    return max(param.opts, key=len)
                return param.human_readable_name
    return field


pass_context = click.make_pass_decorator(Context)
