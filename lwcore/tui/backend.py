"""The terminal UI's one door to offices and data.

Nothing here is imported before the first screen is painted: the plugin
host, the database stack and the services load inside :meth:`Backend.start`,
which the app runs in a worker thread. Screens call the services through
:meth:`Backend.services` from workers too, and get plain records back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lwcore.tui.i18n import _, set_today

if TYPE_CHECKING:
    from lwcore.directory import Directory
    from lwcore.services import Services
    from lwcore.services.access import Actor
    from lwcore.services.clock import Clock
    from lwcore.services.dashboard import Today


@dataclass(frozen=True)
class OfficeChoice:
    slug: str
    name: str


@dataclass(frozen=True)
class StartInfo:
    """What the app needs to know once the data side is up."""

    offices: tuple[OfficeChoice, ...]
    default_office: str | None
    problems: tuple[str, ...] = ()
    empty_database: bool = False
    upgraded_from: str | None = None
    #: Working on the demo office's own database (``lw --demo``), not on real data.
    demo: bool = False
    #: The staff member sees released figures and no records (a city-wide coordinator).
    figures_only: bool = False


class CannotStart(Exception):
    """The office cannot be opened (settings, database): the app says why and what
    to do, then stops with exit status 2."""


class NoStaffMember(CannotStart):
    """Nobody to work as: the app says why and what to configure, then stops."""


DEMO_DATABASE = "lokal-willkommen-demo.sqlite3"


def fresh_demo_database(url: str | None = None) -> str:
    """An empty SQLite file for the demo office (``url``, else beside the real database
    in the user data folder): the demo never writes into real data, and starts anew
    each time so its days are this week's."""
    from lwcore.db.engine import default_sqlite_path

    target = url or f"sqlite:///{default_sqlite_path().with_name(DEMO_DATABASE)}"
    path = Path(target.removeprefix("sqlite:///"))
    if not target.startswith("sqlite:///"):
        raise ValueError(f"the demo runs on an SQLite file of its own, not on {target}")
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    return target


#: The terminal UI's events in the log file (lwcore.logs): never a person's data.
_LOG = logging.getLogger("lwcore.tui")


def settings_advice(problems: str) -> str:
    return _(
        "A settings file cannot be used:\n{problems}\nCorrect it (lw config check names "
        "every problem), or tell IT."
    ).format(problems=problems)


@dataclass
class Backend:
    """``staff`` is the key of a ``[staff.*]`` member (``lw --as``); None: the
    configured default (see lwcore.services.access.resolve_actor)."""

    config_option: Path | None = None
    database_url: str | None = None
    clock: Clock | None = None
    staff: str | None = None
    #: Open a fresh demo office on its own database (``lw --demo``): ``database_url``
    #: names that database; None: the demo file in the user data folder.
    demo: bool = False
    _directory: Directory | None = None
    #: The database address tried last, for the message when it cannot be opened.
    _url: str = ""
    _services: Services | None = None
    #: The default office's day, read by the start's worker right after opening,
    #: so the first screen needs no second trip (taken once, by the Today screen).
    _first_day: Today | None = None

    def start(self) -> StartInfo:
        """Load plugins, settings and the database, and read the default office's
        day for the first screen (runs in a worker thread).

        Whatever keeps the office from opening (settings, who is working, the
        database) is raised as :class:`CannotStart` with what to do about it.
        """
        from lwcore.db.engine import URL_FORMS, BadDatabaseUrl, shown_url
        from lwcore.db.failures import (
            DATABASE_FAILURES,
            MigrationFailed,
            UnsoundCopy,
            driver_reason,
        )
        from lwcore.db.opening import SchemaOutOfDate
        from lwcore.logs import configure_logging

        configure_logging()
        try:
            info = self._start()
            _LOG.info(
                "terminal UI started: %d offices open to the staff member, office %s%s",
                len(info.offices),
                info.default_office,
                " (demo)" if info.demo else "",
            )
            return info
        except SchemaOutOfDate as error:
            raise CannotStart(
                _("The database must be upgraded by IT first: {error}").format(error=error)
            ) from None
        except (MigrationFailed, UnsoundCopy) as error:  # the copy before it was refused
            raise CannotStart(
                _(
                    "The database could not be brought up to date (nothing was changed): "
                    "{error}. Tell IT."
                ).format(error=error)
            ) from None
        except BadDatabaseUrl as error:
            raise CannotStart(
                _(
                    "The database address {url} (database_url in lwcore.toml, or "
                    "LW_DATABASE_URL) is not one lokal willkommen can open. It is written "
                    "{forms}. Correct it, or tell IT."
                ).format(url=error.url, forms=URL_FORMS)
            ) from None
        except DATABASE_FAILURES as error:
            raise CannotStart(
                _(
                    "The database at {url} cannot be opened: {reason}. Check that the "
                    "database server runs and that database_url in lwcore.toml is right, "
                    "or tell IT."
                ).format(url=shown_url(self._url), reason=driver_reason(error))
            ) from None

    def record_unexpected(self, error: BaseException) -> Path | None:
        """Log ``error``'s traceback (never its message, which may name a person) when
        lw did not expect it; the log file. None for a service's refusal, a settings
        problem or a reason not to start, which the person reads as they are."""
        from lwcore.logs import configure_logging
        from lwcore.services.errors import ServiceError
        from lwcore.settings.errors import SettingsError

        if isinstance(error, ServiceError | SettingsError | CannotStart):
            return None
        log = configure_logging()
        _LOG.error("unexpected error in the terminal UI", exc_info=error)
        return log

    def _start(self) -> StartInfo:
        from lwcore.services.access import Permission, UnknownStaff
        from lwcore.settings.errors import SettingsError
        from lwcore.settings.paths import resolve_config_dir
        from lwcore.workplace import OfficeSettingsInvalid, load_offices, open_workplace

        try:
            offices = load_offices(resolve_config_dir(self.config_option))
            offices.usable()
        except (SettingsError, OfficeSettingsInvalid) as error:
            raise CannotStart(settings_advice(str(error))) from None
        directory = offices.directory
        self._url = self._database_url(directory)
        try:
            workplace = open_workplace(
                offices, staff=self.staff, channel="tui", url=self._url, clock=self.clock
            )
        except UnknownStaff as error:
            raise NoStaffMember(
                _("Who is working? {error}. Start with lw --as KEY, or ask IT to add you.").format(
                    error=error
                )
            ) from None
        self._directory = directory
        self._services = workplace.services
        actor = workplace.services.actor
        problems = [str(problem) for problem in offices.problems]
        # A coordinator reads no office's records but every office's released figures.
        shown = Permission.STATISTICS if actor.figures_only else Permission.READ
        readable = set(actor.offices(list(directory.offices), shown))
        choices = tuple(
            OfficeChoice(entry.slug, entry.office.name)
            for entry in directory.offices.values()
            if entry.slug in readable
        )
        configured = actor.office or directory.deployment.default_office
        default = configured if configured in readable else None
        if default is None and choices:
            default = choices[0].slug
        if self.demo:
            self.load_demo()
        set_today(self.services.context.today())
        empty = not self.services.dashboard.holds_households()
        if default is not None and not actor.figures_only:
            self._first_day = self.services.dashboard.today(default)
        return StartInfo(
            offices=choices,
            default_office=default,
            problems=tuple(problems),
            empty_database=empty,
            upgraded_from=None if self.demo else workplace.upgraded_from,
            demo=self.demo,
            figures_only=actor.figures_only,
        )

    def _database_url(self, directory: Directory) -> str:
        """The database to open: a fresh demo file for ``lw --demo``, else as configured."""
        from lwcore.db.engine import database_url

        if self.demo:
            return fresh_demo_database(self.database_url)
        return self.database_url or database_url(directory.deployment)

    def take_first_day(self, office: str) -> Today | None:
        """The day read at the start, if it is ``office``'s and not taken yet."""
        day, self._first_day = self._first_day, None
        return day if day is not None and day.office == office else None

    @property
    def directory(self) -> Directory:
        if self._directory is None:
            raise RuntimeError("the data side is still starting")
        return self._directory

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("the data side is still starting")
        return self._services

    @property
    def actor(self) -> Actor:
        return self.services.actor

    @property
    def staff_name(self) -> str:
        """The acting staff member's name, as forms fill it in."""
        return self.actor.name

    @property
    def ready(self) -> bool:
        return self._services is not None

    def load_demo(self, households: int | None = None) -> Any:
        from lwcore.demo import load_demo

        services = self.services
        options = {} if households is None else {"households": households}
        return load_demo(
            services.context.database,
            services.context.directory,
            now=services.context.now(),
            **options,
        )
