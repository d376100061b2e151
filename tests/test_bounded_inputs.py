"""Out-of-range dates, control characters, wrong types and huge ids reach the
services as field errors or NotFound, on SQLite and PostgreSQL, never as a
raw database or Python error, and nothing is saved half-way."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from sqlmodel import func, select

from lwcore.cli import cli
from lwcore.db.models import Appointment, Consultation, ConsultationTopic, Household
from lwcore.services import InvalidInput, NotFound, Services
from lwcore.testing import ConfigFolder
from tests.conftest import REPO_CONFIG

HUGE = 2**70


def count(services: Services, model: type) -> int:
    with services.context.database.read() as session:
        return session.exec(select(func.count()).select_from(model)).one()


def record(services: Services, **changes: Any) -> Any:
    values: dict[str, Any] = {
        "office": "brackel",
        "language": "ar",
        "topics": ["job_search"],
        "outcome": "solved",
    }
    values.update(changes)
    return services.consultations.record(**values)


def create_household(services: Services, **changes: Any) -> Household:
    values: dict[str, Any] = {
        "office": "brackel",
        "label": "Familie Haddad",
        "district": "Brackel",
        "languages": ["ar"],
        "members": 3,
    }
    values.update(changes)
    return services.households.create(**values)


@pytest.mark.parametrize(
    "fetch",
    [
        lambda services: services.households.get(HUGE),
        lambda services: services.households.get(-HUGE),
        lambda services: services.consultations.get(HUGE),
        lambda services: services.referrals.get(HUGE),
        lambda services: services.appointments.get(HUGE),
    ],
)
def test_an_id_past_any_column_is_not_found(services: Services, fetch: Any) -> None:
    with pytest.raises(NotFound):
        fetch(services)


@pytest.mark.parametrize(
    "started_at",
    [
        "0001-01-01T00:30",
        "9999-12-31T23:00",
        datetime(1899, 12, 31, 12, 0, tzinfo=ZoneInfo("Europe/Berlin")),
    ],
)
def test_consultation_time_outside_1900_to_2100_is_a_field_error(
    services: Services, started_at: object
) -> None:
    with pytest.raises(InvalidInput) as caught:
        record(services, started_at=started_at)
    assert "outside 1900–2100" in caught.value.errors["started_at"]
    assert count(services, Consultation) == 0


def test_appointment_in_9999_is_a_field_error(services: Services) -> None:
    with pytest.raises(InvalidInput) as caught:
        services.appointments.book(
            office="brackel",
            starts_at=datetime(9999, 3, 4, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")),
            label="Familie Haddad",
            language="ar",
        )
    assert "outside 1900–2100" in caught.value.errors["starts_at"]
    assert count(services, Appointment) == 0


@pytest.mark.parametrize("moved_in", [date(1, 1, 1), "9999-12-31", date(1899, 12, 31)])
def test_household_date_outside_1900_to_2100_is_a_field_error(
    services: Services, moved_in: object
) -> None:
    with pytest.raises(InvalidInput) as caught:
        create_household(services, moved_in=moved_in)
    assert "outside 1900–2100" in caught.value.errors["moved_in"]
    assert count(services, Household) == 0


@pytest.mark.parametrize("text", ["Fa\x00milie", "Familie\x1b[31m", "Familie\x7f", "A\x85B"])
def test_control_characters_in_a_label_are_a_field_error(services: Services, text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        create_household(services, label=text)
    assert "control characters" in caught.value.errors["label"]
    assert count(services, Household) == 0


def test_nul_in_a_note_is_a_field_error(services: Services) -> None:
    with pytest.raises(InvalidInput) as caught:
        record(services, note="Termin\x00 beim Amt")
    assert "control characters" in caught.value.errors["note"]
    assert count(services, Consultation) == 0


def test_newline_and_tab_stay_in_a_note(services: Services) -> None:
    recorded = record(services, note="Erstens:\tAntrag\nZweitens: Kita")
    assert recorded.consultation.note == "Erstens:\tAntrag\nZweitens: Kita"


@pytest.mark.parametrize("topics", [None, "job_search", 5, [None], [["job_search"]]])
def test_topics_that_are_no_list_of_text_are_a_field_error(
    services: Services, topics: object
) -> None:
    with pytest.raises(InvalidInput) as caught:
        record(services, topics=topics)
    assert "must be a list" in caught.value.errors["topics"]
    assert count(services, Consultation) == 0
    assert count(services, ConsultationTopic) == 0


@pytest.mark.parametrize("languages", [None, "ar", [1, 2]])
def test_languages_that_are_no_list_of_text_are_a_field_error(
    services: Services, languages: object
) -> None:
    with pytest.raises(InvalidInput) as caught:
        create_household(services, languages=languages)
    assert "list" in caught.value.errors["languages"]
    assert count(services, Household) == 0


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["audit", "--since", "0001-01-01"], "--since"),
        (["statistics", "--month", "9999-12"], "--month"),
        (["statistics", "--from", "2026-01-01", "--to", "9999-12-31"], "--to"),
        (["round-tables", "--from", "9999-12-01"], "--from"),
        (["round-tables", "--until", "0001-01-01"], "--until"),
    ],
)
def test_date_option_outside_1900_to_2100_names_the_option(
    lw_config: ConfigFolder, args: list[str], option: str
) -> None:
    for path in (REPO_CONFIG / "offices").glob("*.toml"):
        lw_config.copy_office(path)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [f"Error: Invalid value for '{option}': {args[-1]!r} is outside 1900–2100"]
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def test_round_tables_on_the_last_allowed_day_list(lw_config: ConfigFolder) -> None:
    for path in (REPO_CONFIG / "offices").glob("*.toml"):
        lw_config.copy_office(path)
    result = CliRunner().invoke(cli, ["round-tables", "--from", "2100-12-01", "--json"])
    assert result.exit_code == 0, result.output


def test_a_household_id_no_row_can_have_is_a_field_error(services: Services) -> None:
    """Found by the property test: record, refer and consent looked the household up
    without the id range check (OverflowError on SQLite, DataError on PostgreSQL)."""
    with pytest.raises(InvalidInput) as caught:
        services.consultations.record(
            office="brackel",
            language="ar",
            topics=["birth"],
            outcome="solved",
            household_id=2**70,
        )
    assert "household" in caught.value.errors
    with pytest.raises(InvalidInput) as caught:
        services.consents.record(2**70, "photos", None, "2026-11-01", "written", "de", "2024-1")
    assert "household_id" in caught.value.errors


def test_a_search_for_a_control_character_finds_nothing(services: Services) -> None:
    assert services.households.search("brackel", "a\x00b") == []
