"""The two fixtures a test module overrides to run its tests through staff logins on
PostgreSQL (tests/conftest.py, StaffLogins): each office's staff connect as
themselves, so the row policies of the database and the services' own checks
must agree.

A module ``tests/test_x_as_staff.py`` star-imports ``tests/test_x.py`` (the
same tests) and imports these two by name, so they stand in for the usual
``lw_database`` and ``services`` in that module only; :func:`kept_apart` checks
the database itself, past the services, for a test of that module alone."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from lwcore.db.engine import Database
from lwcore.services import Services


@pytest.fixture
def lw_database(staff_login_database: Database) -> Database:
    """The owner's connection to the emptied staff-login database (what a test seeds
    or checks directly, it sees whole)."""
    return staff_login_database


@pytest.fixture
def services(staff_login_services: Services) -> Services:
    """The services through Brackel's office lead's own login; acting as someone
    else connects as theirs."""
    return staff_login_services


def kept_apart(owner: Database, login: Services, model: type, own: int, theirs: int) -> None:
    """Past the services, with plain SQL through ``login``'s own connection: the row
    ``own`` of its office is read and can be changed; another office's row ``theirs`` is
    not read, changed or deleted, no copy of it can be added, and ``own`` cannot be moved
    to that office (the row policies of migration 0006). ``owner`` sees every row."""
    table = model.__table__  # type: ignore[attr-defined]
    with owner.engine.connect() as connection:
        before = connection.execute(sa.select(table).where(table.c.id == theirs)).one()
    copy = {name: value for name, value in before._mapping.items() if name != "id"}
    engine = login.context.database.engine
    with engine.connect() as connection:  # rolled back on leaving
        seen = set(connection.execute(sa.select(table.c.id)).scalars())
        assert own in seen
        assert theirs not in seen
        both = table.c.id.in_([own, theirs])
        assert connection.execute(sa.update(table).where(both).values(id=table.c.id)).rowcount == 1
        assert connection.execute(sa.delete(table).where(table.c.id == theirs)).rowcount == 0
    with engine.connect() as connection, _refused():
        connection.execute(sa.insert(table).values(copy))
    if "office" in table.c:
        with engine.connect() as connection, _refused():
            moved = sa.update(table).where(table.c.id == own).values(office=before.office)
            connection.execute(moved)
    with owner.engine.connect() as connection:
        assert connection.execute(sa.select(table).where(table.c.id == theirs)).one() == before


def _refused() -> pytest.RaisesExc[sa.exc.ProgrammingError]:
    return pytest.raises(sa.exc.ProgrammingError, match="row-level security policy")
