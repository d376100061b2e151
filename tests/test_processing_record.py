"""The record of processing activities (Art. 30 GDPR), from the repository's configuration."""

from __future__ import annotations

import json

from click.testing import CliRunner

from lwcore.cli import cli
from lwcore.directory import Directory
from lwcore.processing_record import CITY_CONTROLLER, PERSONAL_TABLES, processing_record
from lwcore.services.export import household_references
from lwcore.testing import ConfigFolder
from tests.conftest import REPO_CONFIG


def test_record_names_both_controllers_of_each_tandem(repo_directory: Directory) -> None:
    records = {record.office: record for record in processing_record(repo_directory)}
    assert list(records) == ["brackel", "mengede_huckarde"]
    brackel = records["brackel"]
    assert [c.name for c in brackel.controllers] == [
        CITY_CONTROLLER,
        "Caritasverband Dortmund e.V.",
    ]
    assert "KDG" in brackel.controllers[1].law
    mengede = records["mengede_huckarde"]
    assert mengede.controllers[1].name == "Diakonisches Werk Dortmund und Lünen gGmbH"
    assert "DSG-EKD" in mengede.controllers[1].law
    assert "Diakonisches Werk" in mengede.joint_controllers
    assert "Art. 26" in mengede.joint_controllers
    assert [p.key for p in brackel.purposes] == [
        "consultation",
        "referral",
        "home_visit",
        "volunteer_matching",
        "round_table",
        "statistics",
    ]


def test_record_lists_partners_data_and_periods(repo_directory: Directory) -> None:
    brackel = processing_record(repo_directory)[0]
    names = [recipient.name for recipient in brackel.recipients]
    assert "Jobcenter Dortmund, Standort Ost" in names
    assert "Familienbüro Mengede" not in names  # another office's partner
    categories = {category.table: category.fields for category in brackel.categories}
    assert {"code", "label", "district", "languages", "members", "legal_hold"} <= set(
        categories["household"]
    )
    assert "note" in categories["consultation"]
    assert "id" not in categories["household"]
    retention = repo_directory.deployment.retention
    assert brackel.retention["city"] == {
        "households": retention.city.households,
        "notes": retention.city.notes,
        "waiting_list": retention.city.waiting_list,
    }
    assert brackel.retention["audit_trail"] == {"entries": retention.audit}


def test_every_table_about_a_household_is_a_category() -> None:
    for table, _column in household_references():
        assert table.name in PERSONAL_TABLES, f"describe table {table.name} in PERSONAL_TABLES"


def test_lw_privacy_record_needs_no_database(lw_config: ConfigFolder, monkeypatch: object) -> None:
    for path in (REPO_CONFIG / "offices").glob("*.toml"):
        lw_config.copy_office(path)
    (lw_config.path / "lwcore.toml").write_bytes((REPO_CONFIG / "lwcore.toml").read_bytes())
    result = CliRunner().invoke(
        cli,
        ["privacy", "record", "--json"],
        env={"LW_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"},
    )
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert [record["office"] for record in records] == ["brackel", "mengede_huckarde"]
    assert records[0]["controllers"][1]["name"] == "Caritasverband Dortmund e.V."
    text = CliRunner().invoke(cli, ["privacy", "record"]).stdout
    lines = text.splitlines()
    assert lines[0] == "lokal willkommen Brackel (brackel)"
    assert "  controllers:" in lines
    assert (
        "    Stadt Dortmund, Sozialamt (DSGVO, SGB X (Sozialdaten), DSG NRW): "
        "households with controller 'city'"
    ) in lines
    assert "  retention (months):" in lines
    assert "    city: households 36, notes 24, waiting_list 3" in lines
    assert "lokal willkommen Mengede/Huckarde (mengede_huckarde)" in lines
