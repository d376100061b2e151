"""Erasure of a household (Art. 17 GDPR): the record goes, the counts stay."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from lwcore.cli import cli
from lwcore.db.engine import Database
from lwcore.db.models import DeletionLog, metadata
from lwcore.services import AccessDenied, Conflict, NotFound, Services
from lwcore.services.erasure import DELETED, KEPT, NEUTRAL_LABEL
from lwcore.services.export import household_references
from lwcore.testing import ConfigFolder
from tests.access.cases_privacy import seed_household, use_repo_config
from tests.access.test_isolation_and_audit import audit_count, every_row


def stored(services: Services, table: str, **where: Any) -> list[dict[str, Any]]:
    target = metadata.tables[table]
    query = select(target).where(*(target.c[k] == v for k, v in where.items()))
    with services.context.database.reading() as connection:
        return [dict(row._mapping) for row in connection.execute(query.order_by(target.c.id))]


def figures(services: Services) -> Any:
    """Every statistics figure of the period the seeded data lies in."""
    return services.statistics.period("brackel", date(2020, 1, 1), date(2026, 12, 31))


def test_erasure_rules_cover_every_table_that_points_at_a_household() -> None:
    assert {table.name for table, _ in household_references()} == {*DELETED, *KEPT}


def test_erase_deletes_the_household_and_anonymises_what_stays(services: Services) -> None:
    seeded = seed_household(services, "brackel", label="Rahimi")
    other = seed_household(services, "brackel", label="Nowak")
    consultations = {row["id"] for row in stored(services, "consultation", household_id=seeded.id)}
    untouched = {name: stored(services, name, household_id=other.id) for name in KEPT}
    erased = services.erasure.erase(seeded.code)
    assert erased.counts == {
        "appointment": 1,
        "consent": 1,
        "consultation": 2,
        "home_visit": 1,
        "household": 1,
        "household_alias": 1,
        "household_term": 2,  # "rahimi" and its sound
        "record_revision": 1,
        "referral": 1,
        "walk_in": 1,
    }
    assert stored(services, "household", id=seeded.id) == []
    assert stored(services, "consent", household_id=seeded.id) == []
    kept = [row for row in stored(services, "consultation") if row["id"] in consultations]
    assert [row["note"] for row in kept] == ["", ""]
    assert {row["household_id"] for row in kept} == {None}
    former = {row["former_household"] for row in kept}
    assert len(former) == 1
    assert former.pop() < 0
    for table in KEPT:
        assert stored(services, table, household_id=seeded.id) == []
        assert stored(services, table, household_id=other.id) == untouched[table]
    referral = next(r for r in stored(services, "referral") if r["household_id"] is None)
    assert (referral["status"], referral["reason"], referral["partner_feedback"]) == (
        "unsuccessful",
        "",
        "",
    )
    visit = next(r for r in stored(services, "home_visit") if r["household_id"] is None)
    assert visit["note"] == ""
    appointment = next(r for r in stored(services, "appointment") if r["household_id"] is None)
    assert (appointment["label"], appointment["note"]) == (NEUTRAL_LABEL, "")
    walk_in = next(r for r in stored(services, "walk_in") if r["household_id"] is None)
    assert walk_in["label"] == NEUTRAL_LABEL
    everything = json.dumps(every_row(services), default=str, ensure_ascii=False)
    assert "Rahimi" not in everything
    assert seeded.code not in everything  # only the audit trail still names it


def test_erase_leaves_a_deletion_log_and_one_audit_entry(services: Services) -> None:
    seeded = seed_household(services, "brackel")
    entries = audit_count(services)
    services.erasure.erase(seeded.id)
    assert audit_count(services) == entries + 1
    last = services.audit.entries(office="brackel", limit=1)[0]
    assert (last.action, last.households, last.staff) == (
        "erase",
        (seeded.code,),
        "brackel_office_lead",
    )
    with services.context.database.read() as session:
        (log,) = session.scalars(select(DeletionLog)).all()
    assert (log.office, log.controller, log.reason, log.staff) == (
        "brackel",
        "city",
        "erasure",
        services.actor.key,
    )
    assert log.counts["household"] == 1
    assert log.counts["consultation"] == 2
    assert seeded.code not in json.dumps(log.counts)


def test_statistics_totals_are_unchanged_by_erasure(services: Services) -> None:
    """Needs the statistics to count coalesce(household_id, former_household)."""
    seeded = seed_household(services, "brackel")
    seed_household(services, "brackel")
    before = figures(services)
    month = services.dashboard.month_counters("brackel")
    assert month.households == 2  # the two seeded households came this month
    services.erasure.erase(seeded.code)
    assert figures(services) == before
    assert services.dashboard.month_counters("brackel") == month  # the Today screen's too


def test_legal_hold_refuses_erasure_and_changes_nothing(services: Services) -> None:
    seeded = seed_household(services, "brackel", legal_hold="Klage beim Sozialgericht")
    before = every_row(services)
    with pytest.raises(Conflict, match=f"household {seeded.code} is under a legal hold"):
        services.erasure.erase(seeded.code)
    assert every_row(services) == before


@pytest.mark.parametrize(
    ("office", "role", "refusal"),
    [
        ("brackel", "office_staff", AccessDenied),
        # Who may not see the household is told it does not exist.
        (None, "coordinator", NotFound),
        ("mengede_huckarde", None, NotFound),
        (None, "it_admin", NotFound),
    ],
)
def test_only_the_offices_lead_may_erase(
    services: Services,
    services_as: Callable[..., Services],
    office: str | None,
    role: str | None,
    refusal: type[Exception],
) -> None:
    seeded = seed_household(services, "brackel")
    before = every_row(services)
    with pytest.raises(refusal):
        services_as(office, role).erasure.erase(seeded.code)
    assert every_row(services) == before


def test_lw_privacy_erase_hold_and_release(
    services: Services,
    lw_database: Database,
    lw_config: ConfigFolder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_repo_config(lw_config, monkeypatch, lw_database)
    seeded = seed_household(services, "brackel")
    code = seeded.code
    runner = CliRunner()
    declined = runner.invoke(cli, ["privacy", "erase", code], input="n\n")
    assert declined.exit_code == 1
    assert services.exports.find(code).id == seeded.id
    held = runner.invoke(cli, ["privacy", "hold", code.lower(), "Klage beim Sozialgericht"])
    assert (held.exit_code, held.stdout) == (
        0,
        f"legal hold set on {code}: Klage beim Sozialgericht\n",
    )
    refused = runner.invoke(cli, ["privacy", "erase", code, "--yes"])
    assert refused.exit_code == 2
    assert f"household {code} is under a legal hold (Klage beim Sozialgericht)" in refused.stderr
    released = runner.invoke(cli, ["privacy", "release", code])
    assert (released.exit_code, released.stdout) == (0, f"legal hold released on {code}\n")
    again = runner.invoke(cli, ["privacy", "release", code])
    assert again.exit_code == 2
    assert "has no legal hold to release" in again.stderr
    staff = runner.invoke(cli, ["--as", "brackel_caritas", "privacy", "hold", code, "x"])
    assert staff.exit_code == 2
    assert "may not set a legal hold in brackel" in staff.stderr
    erased = runner.invoke(cli, ["privacy", "erase", code, "--yes"])
    assert erased.exit_code == 0, erased.output
    lines = erased.stdout.splitlines()
    assert lines[0] == f"erased household {code} (brackel, controller city)"
    assert lines[1].split() == ["TABLE", "ROWS", "DONE"]
    assert lines[2].split() == ["appointment", "1", "anonymised"]
    assert ["consent", "1", "deleted"] in [line.split() for line in lines]
    gone = runner.invoke(cli, ["privacy", "erase", code, "--yes"])
    assert gone.exit_code == 2
    assert f"household {code} does not exist" in gone.stderr
