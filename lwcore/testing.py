"""Pytest fixtures for the core and for office plugins (installed as a pytest plugin).

An office plugin tests itself the way the core does::

    def test_partners(lw_config, lw_plugins):
        lw_config.copy_office(Path("config/offices/eving.toml"))
        lw_plugins.only()                      # ignore other installed plugins
        lw_plugins.register(my_hooks, "eving")
        directory = lw_config.directory()
        assert directory.office("eving").partners

Data tests take ``lw_database``: a migrated, empty database, once on SQLite
and once on PostgreSQL when ``$LW_TEST_DATABASE_URL`` names a server (each
test run gets a database of its own there, dropped at the end).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from lwcore.directory import Directory, build_directory
from lwcore.i18n import _Current
from lwcore.plugins.host import OVERRIDES
from lwcore.settings.files import write_toml
from lwcore.settings.paths import DEPLOYMENT_FILE, OFFICES_FOLDER


class ConfigFolder:
    """A temporary config folder, used by every ``lw`` call in the test."""

    def __init__(self, path: Path) -> None:
        self.path = path
        (path / OFFICES_FOLDER).mkdir(parents=True, exist_ok=True)

    def write_deployment(self, **values: Any) -> Path:
        target = self.path / DEPLOYMENT_FILE
        write_toml(target, values)
        return target

    def write_office(self, slug: str, content: dict[str, Any] | str) -> Path:
        """Write ``offices/<slug>.toml`` from a dict (via tomli-w) or raw TOML text."""
        target = self.path / OFFICES_FOLDER / f"{slug}.toml"
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            write_toml(target, content)
        return target

    def copy_office(self, source: Path, slug: str | None = None) -> Path:
        target = self.path / OFFICES_FOLDER / f"{slug or source.stem}.toml"
        shutil.copyfile(source, target)
        return target

    def directory(self) -> Directory:
        return build_directory(self.path)


class PluginRegistrar:
    """Register plugins for one test; everything is undone when the test ends."""

    def __init__(self) -> None:
        self._saved = (list(OVERRIDES.extra), OVERRIDES.discover, list(OVERRIDES.specs))

    def register(self, plugin: object, name: str) -> None:
        OVERRIDES.extra.append((name, plugin))

    def add_specs(self, specs: ModuleType | type) -> None:
        """Further hook specifications (e.g. a deprecated hook) for this test."""
        OVERRIDES.specs.append(specs)

    def only(self) -> None:
        """Load no installed plugin: the test sees the core and what it registers."""
        OVERRIDES.discover = False

    def restore(self) -> None:
        OVERRIDES.extra[:] = self._saved[0]
        OVERRIDES.discover = self._saved[1]
        OVERRIDES.specs[:] = self._saved[2]


@pytest.fixture(autouse=True)
def _ui_language_as_found() -> Iterator[None]:
    """The UI's language is one per process (lwcore.i18n): each test starts with the
    language the run started with, whatever the test before it chose."""
    saved = (_Current.language, _Current.translation)
    yield
    _Current.language, _Current.translation = saved


@pytest.fixture(autouse=True)
def _log_in_the_test_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``lw`` logs to ``$LW_LOG_DIR`` (lwcore.logs): the test's own ``logs`` folder,
    never the user log folder of whoever runs the tests (an office plugin's tests
    included, since they load this plugin too)."""
    monkeypatch.setenv("LW_LOG_DIR", str(tmp_path / "logs"))


@pytest.fixture(scope="session", autouse=True)
def _cache_in_a_folder_of_the_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """``lw`` keeps computed public holidays in ``$LW_CACHE_DIR`` (lwcore.settings.paths):
    a folder of the test run, never the cache folder of whoever runs the tests."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LW_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture
def lw_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ConfigFolder:
    """An empty config folder, set as ``$LW_CONFIG_DIR`` for the test."""
    folder = ConfigFolder(tmp_path / "config")
    monkeypatch.setenv("LW_CONFIG_DIR", str(folder.path))
    monkeypatch.delenv("LW_DISABLE_PLUGINS", raising=False)
    return folder


@pytest.fixture
def lw_plugins() -> Iterator[PluginRegistrar]:
    """Register plugins for this test only (see :class:`PluginRegistrar`)."""
    registrar = PluginRegistrar()
    try:
        yield registrar
    finally:
        registrar.restore()


def make_actor(
    office: str | None = "brackel",
    role: str | None = None,
    *,
    employer: str = "city",
    key: str | None = None,
) -> Any:
    """A staff member to act as in a test (no config needed).

    With an office the role defaults to office lead; without one, to coordinator.
    """
    from lwcore.services.access import Actor

    chosen = role or ("office_lead" if office else "coordinator")
    return Actor(
        key=key or f"{office or 'city'}_{chosen}",
        name=f"Test {chosen.replace('_', ' ')}",
        role=chosen,
        employer=employer,
        office=office or "",
        channel="test",
    )


TEST_DATABASE_VARIABLE = "LW_TEST_DATABASE_URL"


@pytest.fixture(scope="session")
def lw_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated to head once; each test copies it."""
    from lwcore.db import migrate
    from lwcore.db.engine import Database

    path = tmp_path_factory.mktemp("lw-template") / "template.sqlite3"
    database = Database(f"sqlite:///{path}")
    migrate.upgrade(database)
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture(scope="session")
def lw_postgres_url() -> Iterator[str | None]:
    """A fresh PostgreSQL database for this test run, migrated to head; None without a server."""
    server = os.environ.get(TEST_DATABASE_VARIABLE)
    if not server:
        yield None
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from lwcore.db import migrate
    from lwcore.db.engine import Database, normalise_url

    name = f"lw_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = make_url(normalise_url(server)).set(database=name).render_as_string(hide_password=False)
    database = Database(url)
    migrate.upgrade(database)
    database.dispose()
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _empty_postgres(url: str) -> Any:
    from sqlalchemy import text

    from lwcore.db.engine import Database
    from lwcore.db.models import metadata

    database = Database(url)
    tables = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    with database.engine.begin() as connection:
        # The audit trail refuses TRUNCATE; a test database is emptied as its
        # superuser with the guards off for this transaction only.
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    return database


@pytest.fixture(params=["sqlite", "postgresql"])
def lw_database(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    lw_sqlite_template: Path,
    lw_postgres_url: str | None,
) -> Iterator[Any]:
    """An empty database at the current schema, on each engine in turn."""
    from lwcore.db.engine import Database

    if request.param == "sqlite":
        path = tmp_path / "lw.sqlite3"
        shutil.copyfile(lw_sqlite_template, path)
        database = Database(f"sqlite:///{path}")
    else:
        if lw_postgres_url is None:
            pytest.skip(f"PostgreSQL: set {TEST_DATABASE_VARIABLE} to run")
        database = _empty_postgres(lw_postgres_url)
    try:
        yield database
    finally:
        database.dispose()
