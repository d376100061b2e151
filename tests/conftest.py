"""Shared fixtures: a valid office settings document to vary in each test; the
services connected through staff logins, with PostgreSQL's row policies on."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
import sqlalchemy as sa

from lwcore.db import migrate
from lwcore.db.engine import Database
from lwcore.db.models import metadata
from lwcore.db.roles import OFFICE_ROLES, add_staff
from lwcore.directory import Directory, build_directory
from lwcore.services import Actor, Clock, FrozenClock, Services
from lwcore.services.context import ServiceContext
from lwcore.testing import ConfigFolder, PluginRegistrar, make_actor
from tests.pg_cluster import Cluster, scram_cluster
from tests.release_laptop import releases

#: Session fixtures for every module: the throwaway SCRAM cluster; the release
#: folders of the first release and this tree (built once for both release tests).
__all__ = ["releases", "scram_cluster"]

REPO = Path(__file__).resolve().parents[1]
REPO_CONFIG = REPO / "config"

_OFFICE: dict[str, Any] = {
    "office": {
        "slug": "testoffice",
        "name": "lokal willkommen Test",
        "districts": ["Eving"],
        "welfare_association": "Test e.V.",
        "welfare_law": "DSGVO",
        "opened": date(2020, 1, 6),
        "address": {"street": "Teststraße 1", "postcode": "44339"},
    },
    "languages": [{"code": "de"}, {"code": "ar", "speakers": ["Team"]}],
    "consultation_hours": [{"weekday": "MO", "start": time(10), "end": time(12)}],
    "partners": [
        {
            "key": "test_partner",
            "name": "Testpartner",
            "topics": ["birth"],
            "languages": ["de", "ar"],
        }
    ],
    "round_tables": [
        {
            "key": "rt_test",
            "title": "Runder Tisch Test",
            "place": "Büro",
            "rrule": "FREQ=WEEKLY;BYDAY=MO",
            "first": date(2026, 1, 5),
            "start_time": time(17),
            "duration_minutes": 60,
        }
    ],
}


@pytest.fixture(autouse=True)
def _english_unless_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    """``lw`` prints what the services say in ``$LW_LANG`` (German when unset): tests read
    the English wording unless they choose German, whatever the shell has set."""
    monkeypatch.setenv("LW_LANG", "en")


@pytest.fixture
def office_document() -> dict[str, Any]:
    """A valid settings document for an office with slug ``testoffice``."""
    return copy.deepcopy(_OFFICE)


@pytest.fixture(scope="session")
def repo_directory() -> Directory:
    """The two offices as shipped: the installed plugins with the repository's settings."""
    directory = build_directory(REPO_CONFIG)
    assert not directory.problems, directory.problems
    return directory


#: Friday 27 Nov 2026, 10:30 in Dortmund: a working day (Mengede/Huckarde has appointment hours).
NOW = datetime(2026, 11, 27, 10, 30, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture
def services(lw_database: Database, repo_directory: Directory) -> Services:
    """The services, acting as Brackel's office lead (``services_as`` for others)."""
    return Services(lw_database, repo_directory, FrozenClock(NOW), actor=make_actor("brackel"))


@pytest.fixture
def services_as(services: Services) -> Callable[..., Services]:
    """``services_as("mengede_huckarde")``: the same services acting as another
    staff member (office lead unless ``role=`` says otherwise; office None for
    a coordinator or IT admin)."""

    def acting(office: str | None, role: str | None = None, **more: Any) -> Services:
        return services.acting_as(make_actor(office, role, **more))

    return acting


@pytest.fixture
def live(
    tmp_path: Path,
    lw_sqlite_template: Path,
    lw_config: ConfigFolder,
    lw_plugins: PluginRegistrar,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """An office's SQLite database at the current schema, used by `lw` (backups and restores)."""
    lw_plugins.only()
    path = tmp_path / "office" / "lw.sqlite3"
    path.parent.mkdir(mode=0o700)
    path.write_bytes(lw_sqlite_template.read_bytes())
    path.chmod(0o600)
    monkeypatch.setenv("LW_DATABASE_URL", f"sqlite:///{path}")
    return path


class StaffLogins:
    """A database on the throwaway SCRAM cluster, made and migrated by a role that
    owns it (no superuser, so row-level security applies to it too, through its
    own all-rows policy), and one login per staff member a test acts as.

    A login is named as the actor's key (``brackel_office_lead``), as the audit
    trail's policy demands (entries only in one's own name), and provisioned
    with ``lwcore.db.roles.add_staff`` the first time a test acts as it.

    A test module runs as staff by overriding ``lw_database`` and ``services``
    with the two fixtures below (tests/test_*_as_staff.py). Handing a household
    over to another office and the retention purge need the owner's connection
    by design (a login cannot move a row out of its office, nor seal the trail),
    so their tests (test_household_merge_handover.py, test_retention.py) run on
    the owner only.
    """

    OWNER = "tests_owner"
    DATABASE = "lw_as_staff"
    PASSWORD = "staff-Secret-0"

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.owner = Database(cluster.url(self.OWNER, self.PASSWORD, self.DATABASE))
        self.superuser = sa.create_engine(cluster.superuser_url(self.DATABASE))
        self._logins: dict[str, Database] = {}
        self._provisioned: set[str] = set()

    def empty(self) -> None:
        """Every table emptied (staff_role too), as the superuser: the audit trail
        refuses TRUNCATE to anyone else."""
        tables = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
        with self.superuser.begin() as connection:
            connection.execute(sa.text("SET LOCAL session_replication_role = replica"))
            connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        self._provisioned.clear()

    def database_of(self, actor: Actor) -> Database:
        """The connection ``actor`` works through: their own login for office staff
        and leads; the owner's for coordinators and IT (their logins have no grant
        on personal data: they work on a copy)."""
        if actor.role not in OFFICE_ROLES:
            return self.owner
        if actor.key not in self._provisioned:
            add_staff(self.owner, actor.key, actor.office, actor.role, self.PASSWORD)
            self._provisioned.add(actor.key)
        if actor.key not in self._logins:
            url = self.cluster.url(actor.key, self.PASSWORD, self.DATABASE)
            self._logins[actor.key] = Database(url)
        return self._logins[actor.key]

    def serves(self, database: Database) -> bool:
        """Whether ``database`` is a connection of this database (the owner's or a login's)."""
        return database is self.owner or any(database is d for d in self._logins.values())

    def dispose(self) -> None:
        for database in self._logins.values():
            database.dispose()
        self.owner.dispose()
        self.superuser.dispose()


#: The staff-login database of the run, while its session fixture is up.
_STAFF_LOGINS: list[StaffLogins] = []


def acting(context: ServiceContext, actor: Actor) -> ServiceContext:
    """``context`` for another staff member, as ``Services.acting_as`` makes it: on the
    staff-login database through that person's own login (as ``ThroughLogins``), so a
    test that turns one service to another office's lead works there too."""
    database = context.database
    for logins in _STAFF_LOGINS:
        if logins.serves(database):
            database = logins.database_of(actor)
    return attrs.evolve(context, actor=actor, database=database)


class ThroughLogins(Services):
    """The services, connected as the acting staff member's login; acting as
    someone else connects as theirs."""

    def __init__(
        self, logins: StaffLogins, directory: Directory, clock: Clock, *, actor: Actor
    ) -> None:
        super().__init__(logins.database_of(actor), directory, clock, actor=actor)
        self.logins = logins

    def acting_as(self, actor: Actor) -> Services:
        context = self.context
        return ThroughLogins(self.logins, context.directory, context.clock, actor=actor)


@pytest.fixture(scope="session")
def staff_logins(scram_cluster: Cluster) -> Iterator[StaffLogins]:
    superuser = sa.create_engine(scram_cluster.superuser_url(), isolation_level="AUTOCOMMIT")
    with superuser.connect() as connection:
        connection.exec_driver_sql(
            f"CREATE ROLE {StaffLogins.OWNER} LOGIN CREATEROLE PASSWORD '{StaffLogins.PASSWORD}'"
        )
        connection.exec_driver_sql(
            f"CREATE DATABASE {StaffLogins.DATABASE} OWNER {StaffLogins.OWNER}"
        )
    logins = StaffLogins(scram_cluster)
    try:
        migrate.upgrade(logins.owner)
        _STAFF_LOGINS.append(logins)
        yield logins
    finally:
        if logins in _STAFF_LOGINS:
            _STAFF_LOGINS.remove(logins)
        logins.dispose()
        with superuser.connect() as connection:
            connection.exec_driver_sql(
                f"DROP DATABASE IF EXISTS {StaffLogins.DATABASE} WITH (FORCE)"
            )
        superuser.dispose()


@pytest.fixture
def staff_login_database(staff_logins: StaffLogins) -> Database:
    """The owner's connection to an emptied database (for a test module run as staff,
    in place of ``lw_database``: what a test checks or seeds directly, it sees whole)."""
    staff_logins.empty()
    return staff_logins.owner


@pytest.fixture
def staff_login_services(
    staff_logins: StaffLogins, staff_login_database: Database, repo_directory: Directory
) -> Services:
    """``services`` through Brackel's office lead's own login; ``services_as`` (which
    calls ``acting_as``) connects as the login of whoever it acts as."""
    return ThroughLogins(
        staff_logins, repo_directory, FrozenClock(NOW), actor=make_actor("brackel")
    )
