"""Is a database's schema what the migrations make today, whatever its revision says?

A database made by a migration that was later edited says it is at head and
yet differs: it keeps a foreign key, lacks an index or a guard. So the live
schema is read as a flat map of named items (tables, columns with type,
nullability and default, keys, indexes, checks, triggers; on PostgreSQL also
functions, row-level security, policies and grants) and compared with a
fresh database migrated to head: on SQLite a temporary file, on PostgreSQL a
schema of the same database made inside a transaction that is rolled back,
so nothing of it stays. The same map serves the convergence test, which
compares databases made at every shipped state and upgraded with new ones.
"""

from __future__ import annotations

import re
import secrets
import tempfile
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Connection, inspect, text

from lwcore.db import migrate
from lwcore.db.engine import Database

#: Item name ("column household.search_key") -> its description; equal maps, equal schemas.
Snapshot = dict[str, str]

#: How many differences a finding names before "…".
SHOWN = 5


def _normal(sql: object) -> str:
    """Whitespace, case and redundant outer parentheses do not make a difference."""
    said = re.sub(r"\s+", " ", str(sql or "")).strip()
    while said.startswith("(") and said.endswith(")") and _balanced(said[1:-1]):
        said = said[1:-1].strip()
    return said


#: A string in a list a ``varchar`` column is checked against: PostgreSQL prints
#: ``kind IN ('a', 'b')`` as ``ARRAY['a'::character varying, …]::text[]`` when a
#: migration made it, and as ``ARRAY['a'::character varying::text, …]`` once
#: ``pg_dump`` and ``pg_restore`` have written it back. Both read as the former.
_LISTED_TEXT = re.compile(r"('(?:[^']|'')*'::character varying)::text(?!\[)")


def _check(sql: object) -> str:
    """A check constraint, the same before and after a dump and restore."""
    said = _LISTED_TEXT.sub(r"\1", str(sql or ""))
    return _normal(re.sub(r"\]::text\[\]", "]", said))


def _balanced(sql: str) -> bool:
    depth = 0
    for character in sql:
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0


def snapshot(connection: Connection, schema: str | None = None) -> Snapshot:
    """The schema of ``connection`` (PostgreSQL: ``schema``, else the current one)."""
    postgres = connection.dialect.name == "postgresql"
    if postgres and schema is None:
        schema = str(connection.execute(text("SELECT current_schema()")).scalar())
    inspector = inspect(connection)
    items: Snapshot = {}
    for table in inspector.get_table_names(schema=schema):
        items[f"table {table}"] = ""
        for column in inspector.get_columns(table, schema=schema):
            kind = column["type"].compile(dialect=connection.dialect)
            null = "NULL" if column["nullable"] else "NOT NULL"
            default = _normal(column.get("default"))
            items[f"column {table}.{column['name']}"] = f"{kind} {null} default {default or '-'}"
        key = inspector.get_pk_constraint(table, schema=schema)
        items[f"primary key {table}"] = ", ".join(key["constrained_columns"])
        for foreign in inspector.get_foreign_keys(table, schema=schema):
            columns = ", ".join(foreign["constrained_columns"])
            target = f"{foreign['referred_table']}({', '.join(foreign['referred_columns'])})"
            on_delete = (foreign.get("options") or {}).get("ondelete") or "NO ACTION"
            items[f"foreign key {table}({columns})"] = f"-> {target} ON DELETE {on_delete.upper()}"
        for unique in inspector.get_unique_constraints(table, schema=schema):
            items[f"unique {table}({', '.join(unique['column_names'])})"] = str(unique["name"])
        for check in inspector.get_check_constraints(table, schema=schema):
            items[f"check {check['name']} on {table}"] = _check(check["sqltext"])
    if not postgres:
        items.update(_sqlite_objects(connection))
        return items
    assert schema is not None
    items.update(_postgres_objects(connection, schema))
    # A name is written with its schema where reflection or the catalog qualify it.
    return {
        item: said.replace(f'"{schema}".', "").replace(f"{schema}.", "")
        for item, said in items.items()
    }


def _sqlite_objects(connection: Connection) -> Snapshot:
    items: Snapshot = {}
    for kind, name, table, sql in connection.execute(
        text("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    ):
        if kind == "table":
            autoincrement = re.search(r"\bAUTOINCREMENT\b", str(sql), re.IGNORECASE)
            items[f"autoincrement {name}"] = "yes" if autoincrement else "no"
        elif kind in ("index", "trigger", "view") and sql is not None:
            items[f"{kind} {name} on {table}"] = _normal(sql)
    return items


def _postgres_objects(connection: Connection, schema: str) -> Snapshot:
    """Indexes (with operator classes), triggers, functions, row security, policies, grants.

    The owner (who ran the migrations) is written ``owner``: a reference built
    by another login must not differ by that alone."""
    items: Snapshot = {}

    def query(sql: str) -> list[Any]:
        return list(connection.execute(text(sql), {"schema": schema}))

    for table, name, definition in query(
        "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = :schema"
    ):
        items[f"index {name} on {table}"] = _normal(definition)
    for table, name, definition in query(
        "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = :schema AND NOT t.tgisinternal"
    ):
        items[f"trigger {name} on {table}"] = _normal(definition)
    for name, arguments, result, volatility, config, source in query(
        "SELECT p.proname, pg_get_function_identity_arguments(p.oid), "
        "pg_get_function_result(p.oid), p.provolatile, p.proconfig, p.prosrc FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = :schema"
    ):
        settings = ",".join(sorted(config or [])).replace(schema, "<schema>")
        items[f"function {name}({arguments})"] = (
            f"returns {result} volatility {volatility} set {settings or '-'}: {_normal(source)}"
        )
    for table, owner, enabled, forced in query(
        "SELECT c.relname, pg_get_userbyid(c.relowner), c.relrowsecurity, c.relforcerowsecurity "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = :schema AND c.relkind = 'r'"
    ):
        items[f"row security {table}"] = f"enabled {enabled} forced {forced}"
        items.update(_policies_and_grants(connection, schema, table, owner))
    return items


def _policies_and_grants(connection: Connection, schema: str, table: str, owner: str) -> Snapshot:
    items: Snapshot = {}
    for name, command_, roles, using, check in connection.execute(
        text(
            "SELECT policyname, cmd, roles, qual, with_check FROM pg_policies "
            "WHERE schemaname = :schema AND tablename = :table"
        ),
        {"schema": schema, "table": table},
    ):
        named = sorted("owner" if role == owner else str(role) for role in roles)
        items[f"policy {name} on {table}"] = (
            f"{command_} to {', '.join(named)} using {_normal(using) or '-'} "
            f"check {_normal(check) or '-'}"
        )
    grants: dict[str, list[str]] = {}
    for grantee, privilege in connection.execute(
        text(
            "SELECT grantee, privilege_type FROM information_schema.role_table_grants "
            "WHERE table_schema = :schema AND table_name = :table AND grantee <> :owner"
        ),
        {"schema": schema, "table": table, "owner": owner},
    ):
        grants.setdefault(str(grantee), []).append(str(privilege))
    for grantee, privileges in grants.items():
        items[f"grant to {grantee} on {table}"] = ", ".join(sorted(privileges))
    return items


def differences(found: Snapshot, expected: Snapshot) -> list[str]:
    """What ``found`` lacks, adds or has otherwise than ``expected``, in words."""

    def shown(item: str, said: str) -> str:
        return f"{item} ({said})" if said else item

    said = [
        f"{shown(item, expected[item])} missing" for item in sorted(expected.keys() - found.keys())
    ]
    said.extend(
        f"extra {shown(item, found[item])}" for item in sorted(found.keys() - expected.keys())
    )
    said.extend(
        f"{item} is '{found[item]}', not '{expected[item]}'"
        for item in sorted(found.keys() & expected.keys())
        if found[item] != expected[item]
    )
    return said


_SQLITE_REFERENCES: dict[tuple[str, str], Snapshot] = {}


def reference(
    database: Database, revision: str = "head", *, script_location: Path | None = None
) -> Snapshot:
    """What a new database of ``database``'s engine gets from the migrations up to ``revision``."""
    if database.engine.dialect.name == "postgresql":
        return _postgres_reference(database, revision, script_location)
    location = str(script_location or migrate.MIGRATIONS)
    key = (location, revision)
    if key not in _SQLITE_REFERENCES:
        with tempfile.TemporaryDirectory(prefix="lw-schema-") as folder:
            fresh = Database(f"sqlite:///{Path(folder) / 'reference.sqlite3'}")
            try:
                migrate.upgrade(fresh, revision, script_location=Path(location))
                with fresh.engine.connect() as connection:
                    _SQLITE_REFERENCES[key] = snapshot(connection)
            finally:
                fresh.dispose()
    return _SQLITE_REFERENCES[key]


def _postgres_reference(
    database: Database, revision: str, script_location: Path | None
) -> Snapshot:
    """The migrations run into a new schema of the same database, rolled back when read."""
    schema = f"lw_reference_{secrets.token_hex(6)}"
    config = migrate.alembic_config(database, script_location=script_location)
    with database.engine.connect() as connection:
        transaction = connection.begin()
        try:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            connection.execute(text(f'SET LOCAL search_path TO "{schema}"'))
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            return snapshot(connection, schema)
        finally:
            transaction.rollback()


def drift(
    database: Database, revision: str = "head", *, script_location: Path | None = None
) -> list[str]:
    """How ``database``'s schema differs from a new one at ``revision`` (its own
    revision, as ``alembic_version`` says); empty when it does not."""
    expected = reference(database, revision, script_location=script_location)
    with database.engine.connect() as connection:
        found = snapshot(connection)
    return differences(found, expected)
