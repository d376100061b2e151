"""Opening the workplace: settings, offices, who is working, the database, the services.

The command line, the terminal UI and ``lw doctor`` open an office the same
way, so they are assembled here once: :func:`load_offices` reads the settings
and asks the plugins (their problems come back as values), and
:func:`open_workplace` adds the acting staff member, the database at the
current schema and the services over them. Each front end only decides how
to show what went wrong; the exceptions say what it was.
"""

from __future__ import annotations

from pathlib import Path

from attrs import frozen
from sqlalchemy.engine import make_url

from lwcore.db.engine import BadDatabaseUrl, database_url, normalise_url
from lwcore.db.opening import Opened, open_database
from lwcore.db.roles import signed_in_staff
from lwcore.directory import Directory, build_directory
from lwcore.plugins.problems import PluginProblem
from lwcore.services import Services
from lwcore.services.access import actor_of_login, resolve_actor
from lwcore.services.clock import Clock
from lwcore.settings.errors import SettingsError


class OfficeSettingsInvalid(Exception):
    """An office's settings file cannot be used: every error, with file, key and line."""

    def __init__(self, errors: tuple[SettingsError, ...]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


@frozen
class Offices:
    """The installed offices as the plugins and settings describe them.

    ``problems`` are the plugins' problems met while loading (a plugin left out,
    a hook that failed, a deprecated hook still used), for the front end to
    show; ``settings_errors`` are the office settings files that cannot be used.
    """

    config_dir: Path
    directory: Directory
    problems: tuple[PluginProblem, ...]
    settings_errors: tuple[SettingsError, ...]

    def usable(self) -> Directory:
        """The directory, when every office's settings can be used."""
        if self.settings_errors:
            raise OfficeSettingsInvalid(self.settings_errors)
        return self.directory


def load_offices(config_dir: Path) -> Offices:
    """Read ``lwcore.toml``, load the plugins, read each office's settings.

    Raises SettingsError when ``lwcore.toml`` itself cannot be used; an office's
    bad settings file is kept in ``settings_errors`` so the others still load.
    """
    directory = build_directory(config_dir)
    return Offices(
        config_dir=config_dir,
        directory=directory,
        problems=(*directory.problems, *directory.host.deprecations),
        settings_errors=tuple(directory.settings_errors),
    )


@frozen
class Workplace:
    """An office opened for one staff member: what every screen and command works with."""

    offices: Offices
    services: Services
    opened: Opened

    @property
    def directory(self) -> Directory:
        return self.offices.directory

    @property
    def upgraded_from(self) -> str | None:
        """The schema the database had before this start upgraded it (None: it was current)."""
        return self.opened.upgraded_from


def open_workplace(
    offices: Offices,
    *,
    staff: str | None,
    channel: str,
    url: str | None = None,
    clock: Clock | None = None,
) -> Workplace:
    """The services acting as ``staff`` (None: ``$LW_STAFF`` or the configured
    default) on the configured database, or ``url``; an embedded database is
    brought to the current schema first (after a backup copy). On PostgreSQL a
    login that ``lw staff add`` made is the acting staff member, and ``staff``
    naming anyone is refused (UnknownStaff).

    Raises, for the front end to word: OfficeSettingsInvalid, UnknownStaff,
    BadDatabaseUrl, SchemaOutOfDate (PostgreSQL behind: IT upgrades), MigrationFailed,
    UnsoundCopy (the copy before the upgrade was refused), and the driver's
    errors when the database cannot be reached.
    """
    directory = offices.usable()
    if _is_postgresql(url, directory):
        # The login decides who works: the database is asked before the settings.
        opened = open_database(directory.deployment, url=url)
        try:
            login = signed_in_staff(opened.database)
            if login is None:
                actor = resolve_actor(directory, staff, channel=channel)
            else:
                actor = actor_of_login(
                    directory, (login.key, login.office, login.role), staff, channel=channel
                )
        except Exception:
            opened.database.dispose()
            raise
    else:
        actor = resolve_actor(directory, staff, channel=channel)
        opened = open_database(directory.deployment, url=url)
    services = Services(opened.database, directory, clock, actor=actor)
    directory.clock = services.context.clock.now  # plugin screens see the app's day
    return Workplace(offices=offices, services=services, opened=opened)


def _is_postgresql(url: str | None, directory: Directory) -> bool:
    """Whether the database to open is PostgreSQL (a bad URL is refused later, as before)."""
    try:
        target = normalise_url(url) if url else database_url(directory.deployment)
    except BadDatabaseUrl:
        return False
    return make_url(target).get_backend_name() == "postgresql"
