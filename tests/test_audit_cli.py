"""``lw audit``: the trail, filtered, for office leads and coordinators."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import CliRunner, Result

from lwcore.cli import cli
from lwcore.db.engine import Database
from lwcore.services import Services
from lwcore.testing import ConfigFolder
from tests.access.cases_privacy import old_audit_entry, seed_household, use_repo_config
from tests.conftest import NOW


def audit(*args: str, staff: str | None = None) -> Result:
    """``lw [--as STAFF] audit ARGS`` (Brackel's office lead by default)."""
    chosen = ["--as", staff] if staff else []
    return CliRunner().invoke(cli, [*chosen, "audit", *args])


@pytest.fixture
def trail(
    services: Services,
    services_as: Callable[..., Services],
    lw_database: Database,
    lw_config: ConfigFolder,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[str, str]:
    """A read of one Brackel household, a read in Mengede/Huckarde, an old entry."""
    use_repo_config(lw_config, monkeypatch, lw_database)
    brackel = seed_household(services, "brackel")
    mengede = seed_household(services_as("mengede_huckarde"), "mengede_huckarde")
    services.households.get(brackel.id)
    services_as("mengede_huckarde").households.get(mengede.id)
    old_audit_entry(lw_database, "brackel", NOW.replace(year=2025), "BR-OLDONE")
    return brackel.code, mengede.code


def test_office_lead_sees_their_office(trail: tuple[str, str]) -> None:
    brackel, _mengede = trail
    result = audit("--json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    assert {entry["office"] for entry in entries} == {"brackel"}
    assert [entry["households"] for entry in entries] == [[brackel], ["BR-OLDONE"]]
    assert set(entries[0]) == {
        "id",
        "at",
        "staff",
        "role",
        "channel",
        "office",
        "action",
        "kind",
        "record_id",
        "records",
        "households",
        "detail",
    }
    table = audit().stdout.splitlines()
    assert table[0].split() == [
        "AT",
        "STAFF",
        "ROLE",
        "CHANNEL",
        "OFFICE",
        "ACTION",
        "KIND",
        "RECORD",
        "ROWS",
        "HOUSEHOLDS",
        "DETAIL",
    ]
    assert brackel in "\n".join(table)


def test_filters(trail: tuple[str, str]) -> None:
    brackel, _ = trail
    by_code = json.loads(audit("--household", brackel.lower(), "--json").stdout)
    assert [entry["households"] for entry in by_code] == [[brackel]]
    since = json.loads(audit("--since", "2026-01-01", "--json").stdout)
    assert "BR-OLDONE" not in {code for entry in since for code in entry["households"]}
    by_staff = json.loads(audit("--staff", "nobody", "--json").stdout)
    assert by_staff == []


def test_coordinator_sees_every_office_and_staff_is_refused(trail: tuple[str, str]) -> None:
    _brackel, mengede = trail
    everything = json.loads(audit("--json", staff="koordination").stdout)
    assert {"brackel", "mengede_huckarde"} <= {entry["office"] for entry in everything}
    one = json.loads(audit("--office", "mengede_huckarde", "--json", staff="koordination").stdout)
    assert [entry["households"] for entry in one][-1] == [mengede]
    staff = audit(staff="brackel_caritas")
    assert staff.exit_code == 2
    assert "may not read the audit trail of brackel" in staff.stderr
    other = audit("--office", "mengede_huckarde")
    assert other.exit_code == 2
    assert "may not read the audit trail of mengede_huckarde" in other.stderr
    unknown = audit("--office", "eving")
    assert unknown.exit_code == 2
    assert "unknown office 'eving'" in unknown.stderr
