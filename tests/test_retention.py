"""The retention purge: per office and controller, with legal holds, dry runs and
the statistics left as they were."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from lwcore.cli import cli
from lwcore.db.engine import Database
from lwcore.db.models import DeletionLog, Household, Revision, WalkIn, metadata
from lwcore.services import AccessDenied, Services
from lwcore.services.erasure import NEUTRAL_LABEL
from lwcore.settings.privacy import ControllerRetention, RetentionSettings
from lwcore.testing import ConfigFolder
from tests.access.cases_privacy import Seeded, old_audit_entry, seed_household, use_repo_config
from tests.access.test_isolation_and_audit import audit_count
from tests.conftest import NOW


def months_ago(months: int) -> datetime:
    return NOW - relativedelta(months=months)


def all_rows(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, the audit trail included."""
    with services.context.database.reading() as connection:
        return {
            name: sorted(connection.execute(select(table)).all(), key=repr)
            for name, table in metadata.tables.items()
        }


def figures(services: Services) -> Any:
    return services.statistics.period("brackel", date(2020, 1, 1), date(2026, 12, 31))


@attrs.frozen
class Scene:
    old: Seeded
    middle: Seeded
    recent: Seeded
    held: Seeded
    neighbour: Seeded


def scene(services: Services, services_as: Callable[..., Services]) -> Scene:
    """Brackel: a household last seen 4 years ago, one 30 months ago, one today,
    one 4 years ago under a legal hold, a stranger's walk-in 4 months ago and an
    audit entry 3 years old; Mengede/Huckarde: a household 4 years old."""
    made = Scene(
        old=seed_household(services, "brackel", at=months_ago(48), label="Alt"),
        middle=seed_household(services, "brackel", at=months_ago(30), label="Mitte"),
        recent=seed_household(services, "brackel", label="Neu"),
        held=seed_household(services, "brackel", at=months_ago(48), legal_hold="Klage"),
        neighbour=seed_household(
            services_as("mengede_huckarde"), "mengede_huckarde", at=months_ago(48)
        ),
    )
    with services.context.database.write() as session:
        when = months_ago(4)
        session.add(
            WalkIn(
                office="brackel",
                arrived_at=when,
                label="Frau K.",
                language="ar",
                status="left",
                created_at=when,
                updated_at=when,
            )
        )
    old_audit_entry(services.context.database, "brackel", months_ago(36), made.old.code)
    return made


def counts(report: Any) -> dict[tuple[str, str], int]:
    return {(c.office, c.category): c.rows for c in report.counts}


def household_codes(services: Services) -> set[str]:
    with services.context.database.reading() as connection:
        return set(connection.execute(select(Household.__table__.c.code)).scalars())  # type: ignore[attr-defined]


def test_purge_erases_old_households_and_clears_old_notes_and_names(
    services: Services, services_as: Callable[..., Services]
) -> None:
    made = scene(services, services_as)
    before = figures(services)
    report = services.retention.purge("brackel")
    assert counts(report) == {
        ("brackel", "households"): 1,
        ("brackel", "notes"): 6,  # five notes and the correction kept with them
        ("brackel", "waiting_list"): 3,
        ("brackel", "audit"): 1,
    }
    assert household_codes(services) == {
        made.middle.code,
        made.recent.code,
        made.held.code,
        made.neighbour.code,
    }
    middle = services.exports.household(made.middle.code)["records"]
    assert {row["note"] for row in middle["consultation"]} == {""}
    assert middle["walk_in"][0]["label"] == NEUTRAL_LABEL
    assert middle["referral"][0]["reason"] == ""
    recent = services.exports.household(made.recent.code)["records"]
    assert all(row["note"] for row in recent["consultation"])
    held = services.exports.household(made.held.code)["records"]
    assert all(row["note"] for row in held["consultation"])
    assert held["walk_in"][0]["label"] == "Rahimi"
    assert services.audit.entries(household=made.old.code, office="brackel")[0].action == "purge"
    assert figures(services) == before
    again = services.retention.purge("brackel")
    assert again.total() == 0


def test_purge_leaves_one_audit_entry_and_a_deletion_log(
    services: Services, services_as: Callable[..., Services]
) -> None:
    scene(services, services_as)
    entries = audit_count(services)
    services.retention.purge("brackel")
    assert audit_count(services) == entries - 1 + 1  # the old entry went, the purge's came
    last = services.audit.entries(office="brackel", limit=1)[0]
    assert (last.action, last.kind) == ("purge", "retention")
    assert last.detail == "households=1 notes=6 waiting_list=3 audit=1"
    with services.context.database.read() as session:
        logs = session.scalars(select(DeletionLog).order_by(DeletionLog.controller)).all()
    assert [(log.office, log.controller, log.reason) for log in logs] == [
        ("brackel", "city", "retention"),
        ("brackel", "joint", "retention"),
    ]
    city, joint = logs
    assert (city.counts["household"], city.counts["audit_entry"]) == (1, 1)
    assert joint.counts == {"waiting_list": 1}  # the stranger's walk-in


def test_dry_run_counts_the_same_and_changes_nothing(
    services: Services, services_as: Callable[..., Services]
) -> None:
    scene(services, services_as)
    before = all_rows(services)
    dry = services.retention.purge("brackel", dry_run=True)
    assert dry.dry_run
    assert all_rows(services) == before
    assert counts(services.retention.purge("brackel")) == counts(dry)


def test_it_admin_purges_every_office(
    services: Services, services_as: Callable[..., Services]
) -> None:
    made = scene(services, services_as)
    report = services_as(None, "it_admin").retention.purge()
    assert counts(report)[("mengede_huckarde", "households")] == 1
    assert counts(report)[("brackel", "households")] == 1
    assert made.neighbour.code not in household_codes(services)


@pytest.mark.parametrize(
    ("office", "role", "target"),
    [
        ("brackel", "office_staff", "brackel"),
        ("brackel", None, "mengede_huckarde"),
        ("brackel", None, None),
        (None, "coordinator", "brackel"),
    ],
)
def test_purge_is_refused_outside_ones_office(
    services: Services,
    services_as: Callable[..., Services],
    office: str | None,
    role: str | None,
    target: str | None,
) -> None:
    scene(services, services_as)
    before = all_rows(services)
    with pytest.raises(AccessDenied):
        services_as(office, role).retention.purge(target)
    # Only the refusal itself is added to the trail.
    after = all_rows(services)
    assert {k: v for k, v in after.items() if not k.startswith("audit")} == {
        k: v for k, v in before.items() if not k.startswith("audit")
    }


def test_each_controller_keeps_its_own_period(services: Services) -> None:
    retention = RetentionSettings(welfare=ControllerRetention(households=12, notes=12))
    directory = services.context.directory
    shorter = attrs.evolve(
        directory, deployment=attrs.evolve(directory.deployment, retention=retention)
    )
    city = seed_household(services, "brackel", at=months_ago(20), controller="city")
    welfare = seed_household(services, "brackel", at=months_ago(20), controller="welfare")
    purging = Services(
        services.context.database, shorter, services.context.clock, actor=services.actor
    )
    report = purging.retention.purge("brackel")
    assert counts(report)[("brackel", "households")] == 1
    assert household_codes(services) == {city.code}
    assert welfare.code not in household_codes(services)
    with services.context.database.read() as session:
        logs = {log.controller: log for log in session.scalars(select(DeletionLog))}
    assert logs["welfare"].counts["household"] == 1
    assert "household" not in logs["city"].counts  # only its names (3 months) went


def test_a_recent_contact_keeps_an_old_household(services: Services) -> None:
    seeded = seed_household(services, "brackel", at=months_ago(48))
    services.households.get(seeded.id)  # reading is no contact
    with services.context.database.write() as session:
        visit = metadata.tables["home_visit"]
        session.execute(
            visit.update()
            .where(visit.c.household_id == seeded.id)
            .values(planned_for=NOW + timedelta(days=3))
        )
    assert services.retention.purge("brackel").total("households") == 0
    assert seeded.code in household_codes(services)


def test_lw_privacy_purge(
    services: Services,
    services_as: Callable[..., Services],
    lw_database: Database,
    lw_config: ConfigFolder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_repo_config(lw_config, monkeypatch, lw_database)
    scene(services, services_as)
    runner = CliRunner()
    dry = runner.invoke(cli, ["privacy", "purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    lines = dry.stdout.splitlines()
    assert lines[0] == "dry run: nothing was changed; a purge now would remove"
    assert [line.split() for line in lines[1:]] == [
        ["OFFICE", "CATEGORY", "ROWS"],
        ["brackel", "households", "1"],
        ["brackel", "notes", "6"],
        ["brackel", "waiting_list", "3"],
        ["brackel", "audit", "1"],
    ]
    other = runner.invoke(cli, ["privacy", "purge", "--office", "mengede_huckarde"])
    assert other.exit_code == 2
    assert "may not purge data past retention in mengede_huckarde" in other.stderr
    unknown = runner.invoke(cli, ["privacy", "purge", "--office", "eving"])
    assert (unknown.exit_code, "unknown office 'eving'" in unknown.stderr) == (2, True)
    everywhere = runner.invoke(cli, ["--as", "it", "privacy", "purge", "--json"])
    assert everywhere.exit_code == 0, everywhere.output
    assert '"office": "mengede_huckarde"' in everywhere.stdout


def test_purge_forgets_old_corrections_but_not_those_under_a_legal_hold(
    services: Services, services_as: Callable[..., Services]
) -> None:
    made = scene(services, services_as)
    revisions = Revision.__table__.c  # type: ignore[attr-defined]

    def corrected() -> set[int]:
        with services.context.database.reading() as connection:
            return set(connection.execute(select(revisions.household_id)).scalars())

    assert {made.middle.id, made.held.id, made.recent.id} <= corrected()
    services.retention.purge("brackel")
    left = corrected()
    assert made.middle.id not in left  # 30 months old: past the notes period
    assert {made.held.id, made.recent.id} <= left
