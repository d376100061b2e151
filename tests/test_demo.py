"""Demo data: deterministic, plausible, loaded all at once or not at all, on both engines."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

import lwcore.demo
from lwcore.cli import cli
from lwcore.db.engine import Database
from lwcore.db.models import metadata
from lwcore.db.models.referrals import REFERRAL_STATES
from lwcore.demo import DatabaseNotEmpty, DemoSummary, load_demo
from lwcore.demo.rows import TABLE_ORDER
from lwcore.directory import Directory
from lwcore.schedule import PublicHolidays
from lwcore.services import FrozenClock, Services
from lwcore.testing import make_actor
from lwcore.vocabulary import WEEKDAYS
from tests.conftest import NOW, REPO_CONFIG

HOUSEHOLDS = 40
SEED = 11
#: What staff did and what was deleted: demo data is nobody's work, so these stay empty.
NOT_IN_THE_DEMO = {
    "audit_entry",
    "audit_head",
    "audit_seal",
    "audit_subject",
    "deletion_log",
    "household_alias",
    "record_revision",
    "staff_role",
}


def rows(database: Database, table: str) -> list[dict[str, Any]]:
    """Every row of ``table`` as the application reads it, in primary-key order."""
    model = metadata.tables[table]
    with database.engine.connect() as connection:
        query = select(model).order_by(*model.primary_key.columns)
        return [dict(row._mapping) for row in connection.execute(query)]


def snapshot(database: Database) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows, but for the record keys the database draws at random."""
    return {
        table: [{k: v for k, v in row.items() if k != "cell_key"} for row in rows(database, table)]
        for table in TABLE_ORDER
    }


def counts(database: Database) -> dict[str, int]:
    with database.engine.connect() as connection:
        return {
            table: connection.execute(
                select(func.count()).select_from(metadata.tables[table])
            ).scalar_one()
            for table in TABLE_ORDER
        }


def load(database: Database, directory: Directory, seed: int = SEED) -> DemoSummary:
    return load_demo(database, directory, households=HOUSEHOLDS, seed=seed, now=NOW)


@pytest.fixture
def loaded(lw_database: Database, repo_directory: Directory) -> Database:
    load(lw_database, repo_directory)
    return lw_database


@pytest.fixture
def sqlite_copy(tmp_path: Path, lw_sqlite_template: Path) -> Iterator[Any]:
    """Empty SQLite databases at head, one per call."""
    made: list[Database] = []

    def make() -> Database:
        path = tmp_path / f"other-{len(made)}.sqlite3"
        shutil.copyfile(lw_sqlite_template, path)
        made.append(Database(f"sqlite:///{path}"))
        return made[-1]

    yield make
    for database in made:
        database.dispose()


def test_same_seed_gives_the_same_rows_on_every_engine(
    loaded: Database, repo_directory: Directory, sqlite_copy: Any
) -> None:
    same, other = sqlite_copy(), sqlite_copy()
    load(same, repo_directory)
    load(other, repo_directory, seed=SEED + 1)
    first = snapshot(loaded)
    assert first == snapshot(same)
    assert first["consultation"] != snapshot(other)["consultation"]
    assert first["household"] != snapshot(other)["household"]


def test_summary_counts_what_was_written(lw_database: Database, repo_directory: Directory) -> None:
    summary = load(lw_database, repo_directory)
    assert summary.counts == counts(lw_database)
    assert summary.offices == ("brackel", "mengede_huckarde")
    assert summary.counts["household"] == HOUSEHOLDS
    assert summary.counts["consultation"] == 10 * HOUSEHOLDS
    assert all(summary.counts[table] for table in TABLE_ORDER if table != "walk_in")


def test_every_table_is_filled_in_foreign_key_order() -> None:
    assert set(TABLE_ORDER) == set(metadata.tables) - NOT_IN_THE_DEMO
    for position, name in enumerate(TABLE_ORDER):
        for key in metadata.tables[name].foreign_keys:
            assert TABLE_ORDER.index(key.column.table.name) < position, (name, key)


def test_households_are_pseudonymous_with_unique_codes(loaded: Database) -> None:
    households = rows(loaded, "household")
    codes = [row["code"] for row in households]
    assert len(set(codes)) == len(codes)
    for row in households:
        assert row["code"].startswith(row["office"][:2].upper() + "-")
        assert row["search_key"] == row["label"].strip().casefold()
        assert " " not in row["label"] or row["label"].endswith(".")  # a name or initials
        assert row["languages"]
        assert row["moved_in"] <= row["created_at"].date()


def test_every_referral_status_with_follow_ups_around_today(loaded: Database) -> None:
    referrals = rows(loaded, "referral")
    assert {row["status"] for row in referrals} == set(REFERRAL_STATES)
    today = NOW.date()
    for row in referrals:
        assert (row["reason"] is not None) == (row["status"] == "unsuccessful")
        closed = row["status"] in ("done", "unsuccessful", "withdrawn")
        assert (row["closed_at"] is not None) == closed
        if row["status"] in ("open", "accepted"):
            assert today - timedelta(days=30) <= row["follow_up_on"] <= today + timedelta(days=21)
    assert any(
        row["follow_up_on"] < today for row in referrals if row["status"] in ("open", "accepted")
    )


def test_referred_consultations_go_to_a_partner_for_one_of_their_topics(
    loaded: Database, repo_directory: Directory
) -> None:
    topics: dict[int, set[str]] = {}
    for row in rows(loaded, "consultation_topic"):
        topics.setdefault(row["consultation_id"], set()).add(row["topic"])
    referrals = {row["consultation_id"]: row for row in rows(loaded, "referral")}
    for consultation in rows(loaded, "consultation"):
        assert 1 <= len(topics[consultation["id"]]) <= 2
        if consultation["outcome"] != "referred":
            assert consultation["id"] not in referrals
            continue
        referral = referrals[consultation["id"]]
        assert referral["topic"] in topics[consultation["id"]]
        assert referral["household_id"] == consultation["household_id"]
        partners = {
            listing.partner.key: listing.partner
            for listing in repo_directory.partners(office=consultation["office"])
        }
        assert referral["topic"] in partners[referral["partner_key"]].topics


def test_named_referrals_have_the_households_written_consent(loaded: Database) -> None:
    """Demo data follows the rule: a household's data goes to a partner only with its
    consent to that partner, valid on the day of the referral."""
    households = {row["id"]: row for row in rows(loaded, "household")}
    given = {(row["household_id"], row["partner_key"]): row for row in rows(loaded, "consent")}
    referrals = rows(loaded, "referral")
    named = [row for row in referrals if not row["anonymous"]]
    assert 0.7 <= len(named) / len(referrals) < 1
    for row in referrals:
        consent = given.get((row["household_id"], row["partner_key"]))
        assert (consent is not None) == (not row["anonymous"]), row
        if consent is None:
            continue
        household = households[row["household_id"]]
        assert consent["office"] == row["office"] == household["office"]
        assert consent["given_on"] <= row["created_at"].astimezone(NOW.tzinfo).date()
        assert (consent["purpose"], consent["given_how"]) == ("referral", "written")
        assert consent["text_language"] == household["languages"][0]
        assert consent["text_version"] == "2024-1"
        assert consent["expires_on"] is None
        assert consent["withdrawn_on"] is None


def test_consultations_lie_on_working_days_inside_the_hours(
    loaded: Database, repo_directory: Directory
) -> None:
    zone = repo_directory.deployment.zone
    holidays = PublicHolidays()
    consultations = rows(loaded, "consultation")
    for row in consultations:
        local = row["started_at"].astimezone(zone)
        assert row["started_at"] <= NOW
        assert holidays.is_working_day(local.date()), local
        hours = repo_directory.office(row["office"]).hours
        assert any(
            WEEKDAYS.index(block.weekday) == local.weekday()
            and block.place == row["place"]
            and block.start <= local.time() < block.end
            for block in hours
        ), (row["office"], local)
    assert min(row["started_at"] for row in consultations) >= NOW - timedelta(days=731)


def test_quick_contacts_have_no_household_and_languages_fit(loaded: Database) -> None:
    households = {row["id"]: row for row in rows(loaded, "household")}
    consultations = rows(loaded, "consultation")
    quick = [row for row in consultations if row["household_id"] is None]
    assert 0.2 <= len(quick) / len(consultations) <= 0.4
    assert {row["outcome"] for row in quick} == {"solved"}
    for row in consultations:
        if row["household_id"] is not None:
            household = households[row["household_id"]]
            assert household["office"] == row["office"]
            assert row["language"] in household["languages"]
            assert household["created_at"] <= row["started_at"]


def test_no_appointment_slot_is_booked_twice(loaded: Database, repo_directory: Directory) -> None:
    appointments = rows(loaded, "appointment")
    taken = Counter(
        (row["office"], row["place"], row["starts_at"])
        for row in appointments
        if row["status"] != "cancelled"
    )
    assert max(taken.values()) == 1
    zone = repo_directory.deployment.zone
    for row in appointments:
        local = row["starts_at"].astimezone(zone)
        blocks = [
            block
            for block in repo_directory.office(row["office"]).hours
            if not block.walk_in and WEEKDAYS.index(block.weekday) == local.weekday()
        ]
        assert any(
            block.start <= local.time() < block.end
            and (local.hour * 60 + local.minute - block.start.hour * 60 - block.start.minute)
            % block.slot_minutes
            == 0
            for block in blocks
        ), local
        if row["status"] == "booked":
            assert NOW < row["starts_at"] <= NOW + timedelta(days=15)
        elif row["status"] != "cancelled":
            assert row["starts_at"] < NOW
    assert {row["status"] for row in appointments} >= {"booked", "attended", "missed"}


def test_only_bookings_and_planned_visits_lie_ahead(loaded: Database) -> None:
    visits = rows(loaded, "home_visit")
    assert {row["status"] for row in visits} == {"planned", "done", "cancelled"}
    for row in visits:
        assert (row["planned_for"] > NOW) == (row["status"] == "planned")
        assert bool(row["note"]) == (row["status"] == "done")
        assert (row["cancel_reason"] is not None) == (row["status"] == "cancelled")
    for table in TABLE_ORDER:
        for row in rows(loaded, table):
            for name in ("created_at", "updated_at", "closed_at", "done_at", "arrived_at"):
                if row.get(name) is not None:
                    assert row[name] <= NOW, (table, name, row)
                    assert row[name].tzinfo is not None


def test_waiting_list_on_a_day_with_open_hours(
    lw_database: Database, repo_directory: Directory
) -> None:
    wednesday = NOW - timedelta(days=2) + timedelta(hours=4)  # Brackel's open hours, 14:30
    load_demo(lw_database, repo_directory, households=HOUSEHOLDS, seed=SEED, now=wednesday)
    walk_ins = rows(lw_database, "walk_in")
    waiting = [row for row in walk_ins if row["status"] == "waiting"]
    assert len(waiting) >= 2
    assert {row["office"] for row in waiting} == {"brackel"}
    for row in walk_ins:
        assert row["arrived_at"].astimezone(wednesday.tzinfo).date() == wednesday.date()
        assert (row["consultation_id"] is not None) == (row["status"] == "seen")


def test_round_tables_and_the_network(loaded: Database) -> None:
    meetings = rows(loaded, "round_table_meeting")
    series = {row["series_key"] for row in meetings}
    assert series >= {"runder_tisch_brackel", "runder_tisch_mengede"}
    assert all(row["starts_at"] < NOW and row["attendees"] and row["minutes"] for row in meetings)
    actions = rows(loaded, "agreed_action")
    assert any(row["done_at"] for row in actions)
    assert any(row["done_at"] is None for row in actions)
    kinds = {row["kind"] for row in rows(loaded, "group_offer")}
    assert kinds >= {"language_cafe", "sport", "cooking"}
    assert rows(loaded, "group_session")
    assert rows(loaded, "volunteer")
    assert {row["status"] for row in rows(loaded, "barrier")} == {
        "open",
        "in_progress",
        "resolved",
        "escalated",
    }
    assert {row["status"] for row in rows(loaded, "suggestion")} == {"new", "forwarded", "done"}


def test_refuses_a_database_that_holds_data(loaded: Database, repo_directory: Directory) -> None:
    before = counts(loaded)
    with pytest.raises(DatabaseNotEmpty, match="already holds"):
        load(loaded, repo_directory, seed=SEED + 1)
    assert counts(loaded) == before


def test_a_failed_load_leaves_nothing(
    lw_database: Database, repo_directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate = lwcore.demo.generate

    def breaks_after_consultations(*args: Any) -> Iterator[Any]:
        for table, batch in generate(*args):
            yield table, batch
            if table == "consultation":
                raise RuntimeError("disk full")

    monkeypatch.setattr(lwcore.demo, "generate", breaks_after_consultations)
    with pytest.raises(RuntimeError, match="disk full"):
        load(lw_database, repo_directory)
    assert set(counts(lw_database).values()) == {0}


def test_new_records_get_fresh_ids_after_the_load(
    loaded: Database, repo_directory: Directory
) -> None:
    services = Services(loaded, repo_directory, FrozenClock(NOW), actor=make_actor("brackel"))
    household = services.households.create(
        office="brackel", label="Nour", district="Brackel", languages=["ar", "de"]
    )
    assert household.id == HOUSEHOLDS + 1
    consent = services.consents.record(
        household.id, "referral", "jobcenter_brackel", NOW.date(), "written", "ar", "2024-1"
    )
    assert consent.id == len(rows(loaded, "consent"))
    referral = services.referrals.refer(
        office="brackel",
        partner_key="jobcenter_brackel",
        topic="job_search",
        household_id=household.id,
    )
    assert referral.id == len(rows(loaded, "referral"))
    assert referral.anonymous is False


def test_lw_demo_loads_then_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LW_CONFIG_DIR", str(REPO_CONFIG))
    monkeypatch.setenv("LW_DATABASE_URL", f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    monkeypatch.delenv("LW_DISABLE_PLUGINS", raising=False)
    runner = CliRunner()
    result = runner.invoke(cli, ["demo", "--households", "20", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "household" in result.stdout
    assert "consultation" in result.stdout
    assert "brackel, mengede_huckarde" in result.stderr
    again = runner.invoke(cli, ["demo", "--households", "20"])
    assert again.exit_code == 2
    assert "already holds" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
