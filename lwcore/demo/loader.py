"""Write generated rows fast and all at once: one transaction, so an error leaves nothing.

SQLite takes each table's Core ``insert()``, compiled once and run as
executemany over batches; PostgreSQL takes ``COPY ... FROM STDIN`` through
psycopg on the same connection. The generator assigns primary keys, so
PostgreSQL's sequences are moved past them afterwards and later inserts get
fresh ids.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Connection, Table, literal, select
from sqlalchemy.engine import Dialect

from lwcore.db.engine import Database
from lwcore.db.models import metadata
from lwcore.db.types import TextList, UTCDateTime
from lwcore.demo.rows import TABLE_ORDER, Row

BATCH_ROWS = 5000
#: Page cache for the load (negative: KiB), so index pages stay in memory.
LOAD_CACHE_KIB = 256 * 1024

Writer = Callable[[Table, list[Row]], None]
Convert = Callable[[Any], Any]


class DatabaseNotEmpty(Exception):
    """Demo data goes only into an empty database (no households, no consultations,
    nothing else the demo would write either)."""


def load(database: Database, batches: Iterable[tuple[str, list[Row]]]) -> Counter[str]:
    """Write every batch in one transaction; returns the rows written per table."""
    counts: Counter[str] = Counter()
    with database.write() as session:
        connection = session.connection()
        _refuse_if_not_empty(connection)
        postgres = database.dialect == "postgresql"
        write = _copier(connection) if postgres else _inserter(connection)
        with _load_pragmas(connection, database.dialect):
            for table, rows in batches:
                if rows:
                    write(metadata.tables[table], rows)
                    counts[table] += len(rows)
        if postgres:
            _reset_sequences(connection)
        # Fresh planner statistics: the first queries after a bulk load are the demo's.
        connection.exec_driver_sql("ANALYZE")
    return counts


def _refuse_if_not_empty(connection: Connection) -> None:
    """Demo rows bring their own primary keys, so they go only where no rows are yet."""
    for name in TABLE_ORDER:
        table = metadata.tables[name]
        if connection.execute(select(literal(1)).select_from(table).limit(1)).first():
            raise DatabaseNotEmpty(
                f"the database already holds data ({name} has rows); "
                "demo data goes only into an empty database"
            )


def _chunks(rows: list[Row]) -> Iterator[list[Row]]:
    for start in range(0, len(rows), BATCH_ROWS):
        yield rows[start : start + BATCH_ROWS]


def _columns(table: Table, row: Row) -> list[str]:
    """The row's columns in the table's order; a key the table lacks is a generator bug."""
    unknown = set(row) - set(table.columns.keys())
    if unknown:
        raise ValueError(f"{table.name} has no column {', '.join(sorted(unknown))}")
    return [column.name for column in table.columns if column.name in row]


def _utc_text(value: datetime) -> str:
    """SQLite's stored form of a UTCDateTime, without the per-value detour through
    two type processors (a third of the load's time at a million rows)."""
    return value.astimezone(UTC).isoformat(" ", "microseconds")[:26]


def _storage_form(column: Column[Any], dialect: Dialect) -> Convert | None:
    """How a value of ``column`` is stored: SQLAlchemy's own bind processor, or the
    fast UTC text when it gives exactly what that processor gives."""
    processor = column.type.bind_processor(dialect)
    if processor is None or not isinstance(column.type, UTCDateTime):
        return processor
    probes = (datetime(2026, 3, 29, 1, 30, tzinfo=UTC), datetime.now(UTC))
    if all(_utc_text(probe) == processor(probe) for probe in probes):
        return _utc_text
    return processor


def _stored(values: Sequence[Any], converters: list[tuple[int, Convert]]) -> tuple[Any, ...]:
    stored = list(values)
    for index, convert in converters:
        if stored[index] is not None:
            stored[index] = convert(stored[index])
    return tuple(stored)


def _inserter(connection: Connection) -> Writer:
    dialect = connection.dialect

    def write(table: Table, rows: list[Row]) -> None:
        compiled = table.insert().compile(dialect=dialect, column_keys=_columns(table, rows[0]))
        order = list(compiled.positiontup or ())
        converters = [
            (index, convert)
            for index, name in enumerate(order)
            if (convert := _storage_form(table.columns[name], dialect)) is not None
        ]
        for chunk in _chunks(rows):
            connection.exec_driver_sql(
                str(compiled),
                [_stored([row[name] for name in order], converters) for row in chunk],
            )

    return write


def _copier(connection: Connection) -> Writer:
    raw: Any = connection.connection.driver_connection

    def write(table: Table, rows: list[Row]) -> None:
        columns = _columns(table, rows[0])
        converters: list[tuple[int, Convert]] = [
            (index, json.dumps)
            for index, name in enumerate(columns)
            if isinstance(table.columns[name].type, TextList)
        ]
        names = ", ".join(f'"{name}"' for name in columns)
        with (
            raw.cursor() as cursor,
            cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row(_stored([row[name] for name in columns], converters))

    return write


@contextmanager
def _load_pragmas(connection: Connection, dialect: str) -> Iterator[None]:
    """A large page cache on SQLite while loading, put back afterwards."""
    if dialect != "sqlite":
        yield
        return
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{LOAD_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


def _reset_sequences(connection: Connection) -> None:
    for table in metadata.sorted_tables:
        if "id" not in table.columns:
            continue
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
        )
