"""The terminal UI's one door to offices and data.

Nothing here is imported before the first screen is painted: the plugin
host, the database stack and the services load inside :meth:`Backend.start`,
which the app runs in a worker thread. Screens call the services through
:meth:`Backend.services` from workers too, and get plain records back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lwcore.directory import Directory
    from lwcore.services import Services
    from lwcore.services.access import Actor
    from lwcore.services.clock import Clock


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


class NoStaffMember(Exception):
    """Nobody to work as: the app says why and what to configure, then stops."""


@dataclass
class Backend:
    """``staff`` is the key of a ``[staff.*]`` member (``lw --as``); None: the
    configured default (see lwcore.services.access.resolve_actor)."""

    config_option: Path | None = None
    database_url: str | None = None
    clock: Clock | None = None
    staff: str | None = None
    _directory: Directory | None = None
    _services: Services | None = None

    def start(self) -> StartInfo:
        """Load plugins, settings and the database (runs in a worker thread)."""
        from lwcore.db.opening import open_database
        from lwcore.directory import build_directory
        from lwcore.services import Services
        from lwcore.services.access import UnknownStaff, resolve_actor
        from lwcore.settings.paths import resolve_config_dir

        directory = build_directory(resolve_config_dir(self.config_option))
        try:
            actor = resolve_actor(directory, self.staff, channel="tui")
        except UnknownStaff as error:
            raise NoStaffMember(str(error)) from None
        opened = open_database(directory.deployment, url=self.database_url)
        self._directory = directory
        self._services = Services(opened.database, directory, self.clock, actor=actor)
        problems = [str(p) for p in [*directory.problems, *directory.host.deprecations]]
        readable = set(actor.offices(list(directory.offices)))
        offices = tuple(
            OfficeChoice(entry.slug, entry.office.name)
            for entry in directory.offices.values()
            if entry.slug in readable
        )
        configured = actor.office or directory.deployment.default_office
        default = configured if configured in readable else None
        if default is None and offices:
            default = offices[0].slug
        return StartInfo(
            offices=offices,
            default_office=default,
            problems=tuple(problems),
            empty_database=self.services.households.count() == 0,
            upgraded_from=opened.upgraded_from,
        )

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
