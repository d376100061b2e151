"""The release upgrade and its rollback on PostgreSQL, as the city's IT does them.

As tests/test_release_upgrade.py, with the city-wide database: the first release
installed offline, ``lw db upgrade`` makes its schema, an office registers a
household; IT dumps the database with the ``pg_dump`` command lw names
(lwcore.db.backup), installs this tree's release, upgrades, runs ``lw doctor``;
then goes back with the commands lw names for a restore (the database dropped and
made anew, ``pg_restore`` as its owner) and the first release, ``lw doctor``
again; and forward once more, so the restored schema is exactly what the
migrations make (no object of the newer schema left behind, nothing the dump
and restore changed that ``lw doctor`` would take for drift).

The database is one of its own on the server ``$LW_TEST_DATABASE_URL`` names,
owned by a login of its own that may create roles and is no superuser, as the
administrator role the admin guide sets up; both are dropped at the end. The
migrations' group roles are shared by the whole server: those this test made
are dropped too, unless another database uses them by then. Passwords, where
the server asks for them, come from a password file, as the guide says.
"""

from __future__ import annotations

import os
import secrets
import shlex
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from lwcore.db.backup import postgres_backup_hint, postgres_restore_hint
from lwcore.db.engine import Database, normalise_url
from lwcore.db.roles import GROUP_OF
from lwcore.testing import TEST_DATABASE_VARIABLE
from tests.release_laptop import Laptop, Releases, offline_env, run

CLIENT_PROGRAMS = ("pg_dump", "pg_restore", "dropdb", "createdb")
DEPENDENT_OBJECTS_STILL_EXIST = "2BP01"


def _pgpass_field(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


class PostgresDatabase:
    """A database and its owner on the test server, made for one test."""

    def __init__(self, server_url: str, folder: Path) -> None:
        server = make_url(normalise_url(server_url))
        token = uuid.uuid4().hex[:10]
        self.name = f"lw_release_{token}"
        self.owner = f"lw_release_owner_{token}"
        self.administrator = server.username or "postgres"
        host, port = server.host or "localhost", server.port or 5432
        self.url = URL.create(
            "postgresql", username=self.owner, host=host, port=port, database=self.name
        ).render_as_string()
        self.admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self.reader = sa.create_engine(server.set(database=self.name), poolclass=NullPool)
        password = secrets.token_hex(16)
        logins = [(self.owner, password)]
        if server.password:
            logins.append((self.administrator, str(server.password)))
        password_file = folder / "pgpass"
        password_file.write_text(
            "".join(
                f"{host}:{port}:*:{_pgpass_field(user)}:{_pgpass_field(said)}\n"
                for user, said in logins
            )
        )
        password_file.chmod(0o600)  # libpq ignores a password file others may read
        self.env = {"PGPASSFILE": str(password_file)}
        self._password = password
        self.groups_made: set[str] = set()

    def create(self) -> None:
        """The owner and its database; which of the migrations' group roles the
        server lacks (the migrations will make them)."""
        groups = set(GROUP_OF.values())
        with self.admin.connect() as connection:
            present = connection.execute(
                sa.text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:groups)"),
                {"groups": sorted(groups)},
            )
            self.groups_made = groups - {str(row[0]) for row in present}
            connection.exec_driver_sql(
                f"CREATE ROLE {self.owner} LOGIN CREATEROLE PASSWORD '{self._password}'"
            )
            connection.exec_driver_sql(f"CREATE DATABASE {self.name} OWNER {self.owner}")

    def schema(self) -> str:
        with self.reader.connect() as connection:
            return str(connection.scalar(sa.text("SELECT version_num FROM alembic_version")))

    def run_commands(self, commands: str) -> None:
        """Each command line, as IT types it (the password file in place of typing)."""
        env = {**offline_env(), **self.env}
        env.pop("PGPASSWORD", None)
        for line in commands.splitlines():
            run(shlex.split(line), env)

    def drop(self) -> None:
        """The database, the groups this test made if no other database uses them
        (DROP ROLE refuses then), and the owner."""
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
            for group in sorted(self.groups_made):
                try:
                    connection.exec_driver_sql(f"DROP ROLE IF EXISTS {group}")
                except sa.exc.DBAPIError as error:
                    # Another database was granted something on it meanwhile: it stays.
                    if getattr(error.orig, "sqlstate", None) != DEPENDENT_OBJECTS_STILL_EXIST:
                        raise
            connection.exec_driver_sql(f"DROP ROLE IF EXISTS {self.owner}")
        self.reader.dispose()
        self.admin.dispose()


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[PostgresDatabase]:
    server = os.environ.get(TEST_DATABASE_VARIABLE)
    if not server:
        pytest.skip(f"PostgreSQL: set {TEST_DATABASE_VARIABLE} to run")
    missing = [program for program in CLIENT_PROGRAMS if shutil.which(program) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} not on PATH: install PostgreSQL's client programs")
    database = PostgresDatabase(server, tmp_path)
    try:
        database.create()
        yield database
    finally:
        database.drop()


def test_upgrade_on_postgresql_and_back_with_pg_dump_and_pg_restore(
    postgres: PostgresDatabase, releases: Releases, tmp_path: Path
) -> None:
    laptop = Laptop(tmp_path / "laptop", releases.first_tree / "config", postgres)
    laptop.install(releases.first)
    made = laptop.lw("db", "upgrade").strip().splitlines()[-1]
    first_schema = laptop.schema()
    assert made == f"upgraded empty -> {first_schema}"
    found = laptop.register_household()
    hints = Database(postgres.url)
    dump = tmp_path / "before-the-upgrade.dump"
    postgres.run_commands(postgres_backup_hint(hints, dump))
    assert dump.is_file()

    # Upgrade: the new release, its migrations, the doctor.
    laptop.install(releases.this)
    printed = laptop.upgrade(releases, first_schema)
    assert f"back up first if you have not: {postgres_backup_hint(hints)}" in printed
    laptop.lw("doctor")
    assert laptop.households("Haddad", found) == [found]

    # Rollback: the dump put back into the database made anew, the first release again.
    postgres.run_commands(postgres_restore_hint(hints, dump, administrator=postgres.administrator))
    assert laptop.schema() == first_schema
    laptop.install(releases.first)
    laptop.lw("doctor")
    assert laptop.households("Haddad", found) == [found]

    # Forward again: the restored schema upgrades, and the doctor finds it as migrated.
    laptop.install(releases.this)
    laptop.upgrade(releases, first_schema)
    laptop.lw("doctor")
    assert laptop.households("Haddad", found) == [found]
    hints.dispose()
