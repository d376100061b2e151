"""``lw audit``: the trail, filtered, for office leads (coordinators read figures only)."""

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
    """An old entry, a read of one Brackel household, a read in Mengede/Huckarde."""
    use_repo_config(lw_config, monkeypatch, lw_database)
    old_audit_entry(lw_database, "brackel", NOW.replace(year=2025), "BR-OLDONE")
    brackel = seed_household(services, "brackel")
    mengede = seed_household(services_as("mengede_huckarde"), "mengede_huckarde")
    services.households.get(brackel.id)
    services_as("mengede_huckarde").households.get(mengede.id)
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


def test_coordinator_and_staff_are_refused(trail: tuple[str, str]) -> None:
    # A coordinator reads released figures only: no office's trail, nor all of them.
    for office in ((), ("--office", "mengede_huckarde")):
        coordinator = audit(*office, "--json", staff="koordination")
        assert coordinator.exit_code == 2
        assert "may not read the audit trail of" in coordinator.stderr
    staff = audit(staff="brackel_caritas")
    assert staff.exit_code == 2
    assert "may not read the audit trail of brackel" in staff.stderr
    other = audit("--office", "mengede_huckarde")
    assert other.exit_code == 2
    assert "may not read the audit trail of mengede_huckarde" in other.stderr
    unknown = audit("--office", "eving")
    assert unknown.exit_code == 2
    assert "unknown office 'eving'" in unknown.stderr


def test_verify_says_intact_and_exits_0(trail: tuple[str, str]) -> None:
    result = audit("verify")  # Brackel's lead: the office's chain, the guards of all
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "audit trail intact: 3 entries in 2 chains"


def test_verify_names_the_first_break_and_exits_1_as_doctor_does(
    trail: tuple[str, str], lw_database: Database
) -> None:
    with lw_database.engine.begin() as connection:
        if lw_database.dialect == "postgresql":
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        else:
            connection.exec_driver_sql("DROP TRIGGER audit_entry_no_delete")
        first = connection.exec_driver_sql(
            "SELECT min(id) FROM audit_entry WHERE office = 'brackel'"
        ).scalar_one()
        connection.exec_driver_sql(f"DELETE FROM audit_entry WHERE id = {first}")
    result = audit("verify")
    assert result.exit_code == 1, result.output
    assert f"audit entry #{first + 1} (office brackel): an entry before it was deleted" in (
        result.stdout
    )
    german = CliRunner().invoke(cli, ["--lang", "de", "audit", "verify"])
    assert german.exit_code == 1
    assert f"Protokolleintrag #{first + 1}" in german.stdout
    doctor = CliRunner().invoke(cli, ["doctor"])
    assert doctor.exit_code == 1
    assert "audit" in doctor.stdout
    assert "an entry before it was deleted" in doctor.stdout
