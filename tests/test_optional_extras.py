"""copier (``lw office new``) and psycopg (PostgreSQL) are optional extras: an
installation without them says which extra to install, in one line, and
writes nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lwcore.cli import cli
from lwcore.db.engine import BadDatabaseUrl, Database
from tests.test_scaffold import new_office, tree, workspace  # noqa: F401 (fixture)


def test_a_new_office_without_copier_names_the_extra_and_writes_nothing(
    workspace: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "copier", None)  # as if not installed
    before = tree(workspace)
    result = new_office(workspace, "Eving", "--districts", "Eving", "--yes")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "lwcore[scaffold]" in result.stderr
    assert tree(workspace) == before


def test_postgresql_without_psycopg_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    url = "postgresql://staff:secret@db.example:5432/lw"
    with pytest.raises(BadDatabaseUrl, match=r"lwcore\[postgresql\]") as refused:
        Database(url)
    assert "secret" not in str(refused.value)
    monkeypatch.setenv("LW_DATABASE_URL", url)
    result = CliRunner().invoke(cli, ["db", "status"])
    assert result.exit_code == 2
    assert "lwcore[postgresql]" in result.output
    assert "Traceback" not in result.output


def test_sqlite_needs_neither(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.setitem(sys.modules, "copier", None)
    database = Database(f"sqlite:///{tmp_path / 'lw.sqlite3'}")
    try:
        with database.reading() as connection:
            assert connection.exec_driver_sql("SELECT 1").scalar() == 1
    finally:
        database.dispose()
