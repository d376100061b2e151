"""The terminal UI's one door to offices and data.

Nothing here is imported before the first screen is painted: the plugin
host, the database stack and the services load inside :meth:`Backend.start`,
which the app runs in a worker thread. Screens call the services through
:meth:`Backend.services` from workers too, and get plain records back.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lwcore.directory import Directory
    from lwcore.services import Services
    from lwcore.services.clock import Clock

STAFF_VARIABLE = "LW_STAFF"


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


def default_staff_name() -> str:
    return os.environ.get(STAFF_VARIABLE) or getpass.getuser()


@dataclass
class Backend:
    config_option: Path | None = None
    database_url: str | None = None
    clock: Clock | None = None
    staff: str = field(default_factory=default_staff_name)
    _directory: Directory | None = None
    _services: Services | None = None

    def start(self) -> StartInfo:
        """Load plugins, settings and the database (runs in a worker thread)."""
        from lwcore.db.opening import open_database
        from lwcore.directory import build_directory
        from lwcore.services import Services
        from lwcore.settings.paths import resolve_config_dir

        directory = build_directory(resolve_config_dir(self.config_option))
        opened = open_database(directory.deployment, url=self.database_url)
        self._directory = directory
        self._services = Services(opened.database, directory, self.clock)
        problems = [str(p) for p in [*directory.problems, *directory.host.deprecations]]
        offices = tuple(
            OfficeChoice(entry.slug, entry.office.name) for entry in directory.offices.values()
        )
        configured = directory.deployment.default_office
        default = configured if configured in directory.offices else None
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
