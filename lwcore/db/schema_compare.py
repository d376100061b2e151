"""Does a copy's schema equal what the migrations make at its revision?

A file that says ``alembic_version = 0002`` but lacks a table, a column, an
index or a trigger would be restored and then fail in every command. So the
copy's tables, columns (name, type affinity, nullability, primary key),
foreign keys, indexes and triggers are compared with a fresh database migrated to that
revision in a temporary folder; the reference is built once per revision
and migration history in a process.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from pathlib import Path

from attrs import frozen

from lwcore.db import migrate
from lwcore.db.copy_checks import open_read_only
from lwcore.db.engine import Database
from lwcore.db.failures import UnsoundCopy

#: How many differences a refusal names before "…".
SHOWN = 5


@frozen
class Column:
    name: str
    affinity: str
    not_null: bool
    primary_key: int


@frozen
class Index:
    table: str
    unique: bool
    columns: tuple[str, ...]
    partial: bool = False


@frozen
class ForeignKey:
    columns: tuple[str, ...]
    parent: str
    parent_columns: tuple[str | None, ...]
    on_delete: str


@frozen
class Schema:
    tables: dict[str, tuple[Column, ...]]
    foreign_keys: dict[str, frozenset[ForeignKey]]
    #: Named indexes by name; SQLite's automatic ones (for UNIQUE, PRIMARY KEY) by shape.
    indexes: dict[str, Index]
    triggers: dict[str, tuple[str, str]]
    views: frozenset[str]


def affinity(declared: str) -> str:
    """SQLite's type affinity of a declared column type (its rules, in their order)."""
    kind = declared.upper()
    if "INT" in kind:
        return "INTEGER"
    if any(word in kind for word in ("CHAR", "CLOB", "TEXT")):
        return "TEXT"
    if not kind or "BLOB" in kind:
        return "BLOB"
    if any(word in kind for word in ("REAL", "FLOA", "DOUB")):
        return "REAL"
    return "NUMERIC"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _normal(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip().lower()


def read_schema(connection: sqlite3.Connection) -> Schema:
    objects = connection.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ).fetchall()
    tables: dict[str, tuple[Column, ...]] = {}
    foreign_keys: dict[str, frozenset[ForeignKey]] = {}
    indexes: dict[str, Index] = {}
    triggers: dict[str, tuple[str, str]] = {}
    views = frozenset(name for kind, name, _table, _sql in objects if kind == "view")
    for kind, name, table, sql in objects:
        if kind == "table":
            info = connection.execute(f"PRAGMA table_info({_quoted(name)})").fetchall()
            tables[name] = tuple(
                Column(str(c[1]), affinity(str(c[2] or "")), bool(c[3]), int(c[5])) for c in info
            )
            foreign_keys[name] = _foreign_keys(connection, name)
        elif kind == "trigger":
            triggers[name] = (table, _normal(sql))
    for table in tables:
        for _seq, name, unique, _origin, partial in connection.execute(
            f"PRAGMA index_list({_quoted(table)})"
        ).fetchall():
            columns = tuple(
                str(row[2])
                for row in connection.execute(f"PRAGMA index_info({_quoted(name)})").fetchall()
            )
            index = Index(table, bool(unique), columns, bool(partial))
            key = f"{table}({', '.join(columns)})" if name.startswith("sqlite_") else name
            indexes[key] = index
    return Schema(tables, foreign_keys, indexes, triggers, views)


def _foreign_keys(connection: sqlite3.Connection, table: str) -> frozenset[ForeignKey]:
    """``PRAGMA foreign_key_list``: one row per column, grouped by constraint id."""
    grouped: dict[int, list[tuple[object, ...]]] = {}
    for row in connection.execute(f"PRAGMA foreign_key_list({_quoted(table)})").fetchall():
        grouped.setdefault(int(row[0]), []).append(tuple(row))
    keys = set()
    for parts in grouped.values():
        parts.sort(key=lambda part: int(str(part[1])))
        keys.add(
            ForeignKey(
                tuple(str(part[3]) for part in parts),
                str(parts[0][2]),
                tuple(None if part[4] is None else str(part[4]) for part in parts),
                str(parts[0][6]),
            )
        )
    return frozenset(keys)


def differences(found: Schema, expected: Schema) -> list[str]:
    """What ``found`` lacks, adds or has otherwise than ``expected``, in words."""
    said: list[str] = []
    for table in sorted(expected.tables.keys() - found.tables.keys()):
        said.append(f"table {table} missing")
    for table in sorted(found.tables.keys() - expected.tables.keys()):
        said.append(f"extra table {table}")
    for table in sorted(expected.tables.keys() & found.tables.keys()):
        said.extend(_column_differences(table, found.tables[table], expected.tables[table]))
        said.extend(
            _key_differences(
                table,
                found.foreign_keys.get(table, frozenset()),
                expected.foreign_keys.get(table, frozenset()),
            )
        )
    for name in sorted(expected.indexes.keys() - found.indexes.keys()):
        said.append(f"index {name} on {expected.indexes[name].table} missing")
    for name in sorted(found.indexes.keys() - expected.indexes.keys()):
        said.append(f"extra index {name} on {found.indexes[name].table}")
    for name in sorted(expected.indexes.keys() & found.indexes.keys()):
        if found.indexes[name] != expected.indexes[name]:
            said.append(f"index {name} differs")
    for name in sorted(expected.triggers.keys() - found.triggers.keys()):
        said.append(f"trigger {name} on {expected.triggers[name][0]} missing")
    for name in sorted(found.triggers.keys() - expected.triggers.keys()):
        said.append(f"extra trigger {name} on {found.triggers[name][0]}")
    for name in sorted(expected.triggers.keys() & found.triggers.keys()):
        if found.triggers[name] != expected.triggers[name]:
            said.append(f"trigger {name} differs")
    said.extend(f"extra view {name}" for name in sorted(found.views - expected.views))
    said.extend(f"view {name} missing" for name in sorted(expected.views - found.views))
    return said


def _column_differences(
    table: str, found: tuple[Column, ...], expected: tuple[Column, ...]
) -> list[str]:
    have = {column.name: column for column in found}
    want = {column.name: column for column in expected}
    said = [f"column {table}.{name} missing" for name in want if name not in have]
    said.extend(f"extra column {table}.{name}" for name in have if name not in want)
    for name in want.keys() & have.keys():
        mine, theirs = have[name], want[name]
        if mine.affinity != theirs.affinity:
            said.append(f"column {table}.{name} is {mine.affinity}, not {theirs.affinity}")
        if mine.not_null != theirs.not_null:
            said.append(
                f"column {table}.{name} is {'NOT NULL' if mine.not_null else 'nullable'}, "
                f"not {'NOT NULL' if theirs.not_null else 'nullable'}"
            )
        if mine.primary_key != theirs.primary_key:
            said.append(f"column {table}.{name}: primary key differs")
    return sorted(said)


def _key_differences(
    table: str, found: frozenset[ForeignKey], expected: frozenset[ForeignKey]
) -> list[str]:
    def shown(key: ForeignKey) -> str:
        return f"{table}({', '.join(key.columns)}) -> {key.parent} ON DELETE {key.on_delete}"

    said = [f"foreign key {shown(key)} missing" for key in expected - found]
    said.extend(f"extra foreign key {shown(key)}" for key in found - expected)
    return sorted(said)


_REFERENCES: dict[tuple[str, str], Schema] = {}


def reference_schema(revision: str, *, script_location: Path | None = None) -> Schema:
    """The schema the migrations make at ``revision`` (built once per process)."""
    location = str(script_location or migrate.MIGRATIONS)
    key = (location, revision)
    if key not in _REFERENCES:
        with tempfile.TemporaryDirectory(prefix="lw-schema-") as folder:
            path = Path(folder) / "reference.sqlite3"
            database = Database(f"sqlite:///{path}")
            try:
                migrate.upgrade(database, revision, script_location=Path(location))
            finally:
                database.dispose()
            connection = sqlite3.connect(path)
            try:
                _REFERENCES[key] = read_schema(connection)
            finally:
                connection.close()
    return _REFERENCES[key]


#: What a database made by 0001 or 0002 as first shipped still has before
#: 0007 (and its backups taken before it): the migration repairs each, so a
#: copy older than 0007 is restorable with them and upgraded on the next start.
REPAIRED_BY_0007 = frozenset(
    {
        "extra foreign key audit_subject(entry_id) -> audit_entry ON DELETE CASCADE",
        "column household.search_key missing",
        "extra index ix_household_label on household",
        "index household_code_search on household missing",
        "index household_office_search on household missing",
        "column home_visit.cancel_reason missing",
        "index referral_office_created on referral missing",
    }
)


def check_schema(path: Path, revision: str, *, script_location: Path | None = None) -> None:
    """:class:`UnsoundCopy` naming what ``path``'s schema lacks or adds."""
    connection = open_read_only(path)
    try:
        found = read_schema(connection)
    except sqlite3.DatabaseError as error:
        raise UnsoundCopy(f"{path}: unreadable SQLite file ({error})") from None
    finally:
        connection.close()
    said = differences(found, reference_schema(revision, script_location=script_location))
    if revision < "0007":
        said = [difference for difference in said if difference not in REPAIRED_BY_0007]
    if said:
        more = f" (and {len(said) - SHOWN} more)" if len(said) > SHOWN else ""
        raise UnsoundCopy(
            f"{path}: schema is not what revision {revision} makes: {'; '.join(said[:SHOWN])}{more}"
        )
