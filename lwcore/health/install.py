"""What the checks learn once and share, and how they name and reach a database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from lwcore.db.engine import DATABASE_URL_VARIABLE, Database, database_url
from lwcore.i18n import choose_language
from lwcore.plugins.host import PluginHost
from lwcore.settings.deployment import DeploymentSettings, load_deployment
from lwcore.settings.errors import SettingsError
from lwcore.workplace import load_offices

#: Seconds to wait for a PostgreSQL server before calling it unreachable.
CONNECT_TIMEOUT_SECONDS = 10


class Install:
    """What the checks learn once and share: the settings, the plugins, the database URL."""

    def __init__(self, config_dir: Path, language: str | None = None) -> None:
        self.config_dir = config_dir
        #: The language of the rows written for the person reading them (the backup
        #: row's warnings); the others are IT's English.
        self.language = choose_language(language)

    @cached_property
    def deployment(self) -> DeploymentSettings | SettingsError:
        try:
            return load_deployment(self.config_dir)
        except SettingsError as error:
            return error

    @property
    def settings(self) -> DeploymentSettings | None:
        deployment = self.deployment
        return deployment if isinstance(deployment, DeploymentSettings) else None

    @cached_property
    def host(self) -> PluginHost:
        """The plugins, with their hooks called once so hook failures are known too
        (loaded as the CLI and the UI load them, lwcore.workplace)."""
        if self.settings is None:
            return PluginHost.load()
        return load_offices(self.config_dir).directory.host

    @cached_property
    def database_url(self) -> str | None:
        """None when the URL may be in a deployment file that cannot be read."""
        if self.settings is None and not os.environ.get(DATABASE_URL_VARIABLE):
            return None
        return database_url(self.settings)


def shown(url: URL) -> str:
    """The URL as a row names it: never with its password."""
    return url.render_as_string(hide_password=True)


def sqlite_file(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(str(url.database))


def with_connect_timeout(url: URL) -> str:
    """A server that does not answer is reported after a few seconds, not minutes."""
    if url.get_backend_name() == "postgresql" and "connect_timeout" not in url.query:
        url = url.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT_SECONDS)})
    return url.render_as_string(hide_password=False)


def existing_database(install: Install) -> URL | None:
    """The URL of the database to check; None when it is not known (an invalid
    deployment file) or is a SQLite file not made yet: the database row says which."""
    if install.database_url is None:
        return None
    url = make_url(install.database_url)
    database_file = sqlite_file(url)
    if database_file is not None and not database_file.exists():
        return None
    return url


@contextmanager
def opened(url: URL) -> Iterator[Database]:
    """The database at ``url`` with a short connect timeout, disposed of afterwards:
    a check leaves no connection open behind it."""
    database = Database(with_connect_timeout(url))
    try:
        yield database
    finally:
        database.dispose()
