"""A database with the demo's work on the throwaway SCRAM cluster (tests/pg_cluster.py),
and a login for each person a test connects as.

The coordinator tests (tests/test_coordinator_figures_pg.py,
tests/test_coordinator_reports_pg.py) each make one in a module fixture with
:func:`demo_server`: a database of their own, owned by an administrator role
(no superuser, so row-level security applies), the demo households of every
office up to a moment, one of Brackel's households erased by its lead (its
consultations count on as a former household), and logins of each kind.
tests/test_pg_roles.py seeds its own database and reaches it through the same
:class:`Server`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from lwcore.db import migrate
from lwcore.db.engine import Database
from lwcore.db.roles import add_staff
from lwcore.demo import load_demo
from lwcore.directory import Directory
from lwcore.services import FrozenClock, Services
from lwcore.testing import make_actor
from tests.pg_cluster import Cluster

#: login -> (office, role, password); office "" for a coordinator or IT admin.
People = Mapping[str, tuple[str, str, str]]

OWNER_PASSWORD = "owner-Secret-0"


class Server:
    """One database on the cluster: its owner's URL and each person's login.

    A login's password is the one in ``people`` unless a test names another (a
    login it made itself, a changed or a wrong password). Plain connections
    commit each statement on its own, so a refused statement leaves the next one
    a transaction of its own; with ``autocommit=False`` the test commits or rolls
    back itself (and a connection used as a context manager commits at its end).
    """

    def __init__(
        self,
        cluster: Cluster,
        database: str,
        owner: str,
        people: People,
        *,
        autocommit: bool = True,
    ) -> None:
        self.cluster = cluster
        self.database = database
        self.people = people
        self.autocommit = autocommit
        self.owner_url = cluster.url(owner, OWNER_PASSWORD, database)

    def _password(self, login: str, password: str | None) -> str:
        return self.people[login][2] if password is None else password

    def url(self, login: str, password: str | None = None) -> str:
        return self.cluster.url(login, self._password(login, password), self.database)

    def connect(self, login: str, password: str | None = None) -> Any:
        """A plain psycopg connection as ``login``."""
        import psycopg

        return psycopg.connect(
            host="127.0.0.1",
            port=self.cluster.port,
            dbname=self.database,
            user=login,
            password=self._password(login, password),
            connect_timeout=10,
            autocommit=self.autocommit,
        )

    @contextmanager
    def owner(self) -> Iterator[Database]:
        database = Database(self.owner_url)
        try:
            yield database
        finally:
            database.dispose()

    def owner_rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self._rows(self.owner_url, sql)

    def owner_execute(self, sql: str) -> None:
        with self.owner() as database, database.engine.begin() as connection:
            connection.execute(sa.text(sql))

    def superuser_rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self._rows(self.cluster.superuser_url(self.database), sql)

    def _rows(self, url: str, sql: str) -> list[tuple[Any, ...]]:
        database = Database(url)
        try:
            with database.engine.connect() as connection:
                return [tuple(row) for row in connection.execute(sa.text(sql))]
        finally:
            database.dispose()


#: A Brackel household with a consultation in October 2026, erased by its lead.
_COUNTED_HOUSEHOLD = sa.text(
    "SELECT household_id FROM consultation WHERE office = 'brackel' "
    "AND household_id IS NOT NULL AND started_at >= '2026-10-01' "
    "AND started_at < '2026-11-01' LIMIT 1"
)


@contextmanager
def demo_server(
    cluster: Cluster,
    directory: Directory,
    *,
    database: str,
    owner: str,
    people: People,
    households: int,
    now: datetime,
) -> Iterator[Server]:
    """``database`` made and migrated by ``owner``, ``households`` demo households of
    every office up to ``now``, one of them erased, a login for each of ``people``;
    dropped afterwards."""
    superuser = sa.create_engine(cluster.superuser_url(), isolation_level="AUTOCOMMIT")
    with superuser.connect() as connection:
        connection.exec_driver_sql(
            f"DO $$ BEGIN CREATE ROLE {owner} LOGIN CREATEROLE PASSWORD '{OWNER_PASSWORD}'; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
        connection.exec_driver_sql(f"CREATE DATABASE {database} OWNER {owner}")
    made = Server(cluster, database, owner, people)
    administrator = Database(made.owner_url)
    try:
        migrate.upgrade(administrator)
        for login, (office, role, password) in people.items():
            add_staff(administrator, login, office, role, password)
        # The demo loads with COPY, which row security refuses even the owner.
        loader = Database(cluster.superuser_url(database))
        try:
            load_demo(loader, directory, households=households, now=now)
        finally:
            loader.dispose()
        lead = Services(administrator, directory, FrozenClock(now), actor=make_actor("brackel"))
        with administrator.engine.connect() as connection:
            counted = connection.execute(_COUNTED_HOUSEHOLD).scalar_one()
        lead.erasure.erase(counted)  # an audit entry of Brackel's lead, and a former household
        yield made
    finally:
        administrator.dispose()
        with superuser.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        superuser.dispose()
