"""Export of everything stored about one household (Art. 15/20 GDPR)."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from lwcore.cli import cli
from lwcore.db.engine import Database
from lwcore.db.models import AuditEntry, metadata
from lwcore.services import AccessDenied, NotFound, Services
from lwcore.services.export import household_references
from lwcore.testing import ConfigFolder
from tests.access.cases_privacy import seed_household, use_repo_config


def rows_of(services: Services, table: str, column: str, keys: list[Any]) -> list[dict[str, Any]]:
    """Stored rows, as the export writes them (JSON round trip for dates)."""
    target = metadata.tables[table]
    with services.context.database.reading() as connection:
        found = connection.execute(select(target).where(target.c[column].in_(keys))).all()
    return json.loads(json.dumps([dict(row._mapping) for row in found], default=_iso))


def _iso(value: Any) -> Any:
    return value.isoformat()


def _sorted(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))


def test_export_holds_every_row_of_the_household_and_nothing_of_another(
    services: Services,
) -> None:
    mine = seed_household(services, "brackel", label="Rahimi")
    other = seed_household(services, "brackel", label="Nowak")
    services.households.get(mine.id)  # an audit entry naming the household
    services.households.get(other.id)
    document = services.exports.household(mine.id)
    assert document["code"] == mine.code
    assert document["household"]["label"] == "Rahimi"
    records = document["records"]
    for table, column in household_references():
        exported = records[table.name]
        stored = rows_of(services, table.name, column.name, [mine.id])
        assert _sorted(exported) == _sorted(stored), table.name
    topics = rows_of(services, "consultation_topic", "consultation_id", list(mine.consultation_ids))
    assert _sorted(records["consultation_topic"]) == _sorted(topics)
    text = json.dumps(document, ensure_ascii=False)
    assert "Nowak" not in text
    assert other.code not in text
    assert all(
        row["household_id"] == mine.id for t, _ in household_references() for row in records[t.name]
    )
    assert [entry["action"] for entry in document["audit_trail"]] == ["read"]
    assert json.loads(json.dumps(document)) == document  # plain JSON, nothing to convert


def test_every_table_with_a_household_column_is_in_the_export(services: Services) -> None:
    """Fails when a table with a household_id column is left out of the export
    (or when the seeded household in tests/access/cases_privacy.py has no row in it)."""
    seeded = seed_household(services, "brackel")
    records = services.exports.household(seeded.code)["records"]
    with_household = [name for name, table in metadata.tables.items() if "household_id" in table.c]
    assert with_household
    for name in with_household:
        assert records.get(name), f"table {name} is missing from the export"
    assert records["consultation_topic"]


def test_export_is_one_audit_entry_and_needs_export_permission(
    services: Services, services_as: Callable[..., Services]
) -> None:
    seeded = seed_household(services, "brackel")
    before = _audit_count(services)
    services.exports.household(seeded.code.lower())
    assert _audit_count(services) == before + 1
    last = services.audit.entries(office="brackel", limit=1)[0]
    assert (last.action, last.households) == ("export", (seeded.code,))
    with pytest.raises(AccessDenied):
        services_as("brackel", "office_staff").exports.household(seeded.code)
    # A coordinator reads figures only: to them it is no household at all.
    with pytest.raises(NotFound):
        services_as(None, "coordinator").exports.household(seeded.code)
    with pytest.raises(NotFound):  # to another office, as if there were no such household
        services_as("mengede_huckarde").exports.household(seeded.code)
    with pytest.raises(NotFound):
        services.exports.household("BR-NOSUCH")


def _audit_count(services: Services) -> int:
    with services.context.database.reading() as connection:
        return int(connection.execute(select(func.count()).select_from(AuditEntry)).scalar_one())


def test_lw_privacy_export_writes_a_private_file(
    services: Services,
    lw_database: Database,
    lw_config: ConfigFolder,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    use_repo_config(lw_config, monkeypatch, lw_database)
    seeded = seed_household(services, "brackel")
    target = tmp_path / "export.json"
    result = CliRunner().invoke(cli, ["privacy", "export", seeded.code, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert f"wrote the export of {seeded.code}" in result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["code"] == seeded.code
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    printed = CliRunner().invoke(cli, ["privacy", "export", seeded.code.lower()])
    assert json.loads(printed.stdout)["household"]["id"] == seeded.id
    refused = CliRunner().invoke(cli, ["--as", "brackel_caritas", "privacy", "export", seeded.code])
    assert refused.exit_code == 2
    assert "may not export the data of brackel" in refused.stderr
    missing = CliRunner().invoke(cli, ["privacy", "export", "BR-NOSUCH"])
    assert (missing.exit_code, missing.stderr.strip()) == (
        2,
        "Error: household BR-NOSUCH does not exist",
    )
