"""Erased means gone from the files: no erased text is left in the SQLite
database file, its WAL or its shared-memory index."""

from __future__ import annotations

from pathlib import Path

import pytest

from lwcore.db.engine import Database
from lwcore.services import Services

LABEL = "Zzyzx Quorra"
HOUSEHOLD_NOTE = "Qwertzuiop Notiz"
CONSULTATION_NOTE = "Plonkvardel Gespraech"
#: The distinctive words of the erased text, as stored and as the search terms fold them.
WORDS = [b"zzyzx", b"quorra", b"qwertzuiop", b"plonkvardel"]


def database_files(path: Path) -> dict[str, bytes]:
    """The raw bytes of the database file and any -wal / -shm beside it."""
    found = {path.name: path.read_bytes()}
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            found[companion.name] = companion.read_bytes()
    return found


def words_in(files: dict[str, bytes]) -> dict[str, list[bytes]]:
    return {
        name: [word for word in WORDS if word in content.lower()]
        for name, content in files.items()
        if any(word in content.lower() for word in WORDS)
    }


@pytest.mark.parametrize("lw_database", ["sqlite"], indirect=True)
def test_erased_text_is_in_no_database_file(lw_database: Database, services: Services) -> None:
    path = lw_database.sqlite_path
    assert path is not None
    household = services.households.create(
        office="brackel",
        label=LABEL,
        district="Brackel",
        languages=["fa"],
        note=HOUSEHOLD_NOTE,
    )
    services.consultations.record(
        office="brackel",
        language="fa",
        topics=["job_search"],
        outcome="solved",
        household_id=household.id,
        note=CONSULTATION_NOTE,
    )
    before = database_files(path)
    assert set(words_in(before)) >= {path.name + "-wal"}  # the text was written

    services.erasure.erase(household.code)

    assert words_in(database_files(path)) == {}


def test_secure_delete_is_on_and_forgetting_freed_pages_empties_the_wal(
    lw_database: Database,
) -> None:
    lw_database.forget_freed_pages()  # PostgreSQL: nothing to do, and no error
    path = lw_database.sqlite_path
    if path is None:
        return
    with lw_database.reading() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    with lw_database.writing() as connection:
        connection.exec_driver_sql("CREATE TABLE scratch (text TEXT)")
    assert path.with_name(path.name + "-wal").stat().st_size > 0
    lw_database.forget_freed_pages()
    assert path.with_name(path.name + "-wal").stat().st_size == 0


def test_a_purge_forgets_freed_pages_and_a_dry_run_does_not(
    lw_database: Database, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Database] = []

    def forget(database: Database) -> None:
        calls.append(database)

    monkeypatch.setattr(Database, "forget_freed_pages", forget)
    services.retention.purge("brackel", dry_run=True)
    assert calls == []
    services.retention.purge("brackel")
    assert calls == [lw_database]
