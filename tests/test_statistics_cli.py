"""``lw statistics``: suppressed figures of one office or of every office, as a table
or as JSON; every office for coordinators only."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from click.testing import CliRunner, Result

from lwcore.cli import cli
from lwcore.services import Services
from lwcore.testing import ConfigFolder
from tests.conftest import REPO_CONFIG
from tests.test_consultations import household
from tests.test_statistics import consult

MENGEDE = "mengede_huckarde"


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def figures_in_both_offices(
    lw_config: ConfigFolder,
    monkeypatch: pytest.MonkeyPatch,
    services: Services,
    services_as: Callable[..., Services],
) -> Services:
    """The repository's config on the test database, with November's work done:
    Brackel 6 consultations of one household and 2 quick contacts, Mengede 5."""
    for path in (REPO_CONFIG / "offices").glob("*.toml"):
        lw_config.copy_office(path)
    (lw_config.path / "lwcore.toml").write_bytes((REPO_CONFIG / "lwcore.toml").read_bytes())
    monkeypatch.setenv("LW_DATABASE_URL", services.context.database.url)
    monkeypatch.delenv("LW_STAFF", raising=False)
    amina = household(services, "Amina")
    for day in range(2, 8):
        consult(services, household_id=amina, started_at=f"2026-11-{day:02d}T10:00")
    for _ in range(2):
        services.consultations.quick_contact(
            office="brackel", staff="Frau Yilmaz", language="fa", topics=["transport_ticket"]
        )
    mengede = services_as(MENGEDE)
    for day in range(2, 7):
        consult(
            mengede,
            office=MENGEDE,
            staff="Herr Willeke",
            language="de",
            started_at=f"2026-11-{day:02d}T11:00",
        )
    consult(services, started_at="2026-10-15T10:00")  # October: not counted
    return services


def figures(*args: str) -> dict[str, Any]:
    result = run_cli(*args, "--json")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def every_number(document: Any) -> list[int]:
    if isinstance(document, dict):
        return [n for value in document.values() for n in every_number(value)]
    if isinstance(document, list):
        return [n for value in document for n in every_number(value)]
    return [document] if isinstance(document, int) and not isinstance(document, bool) else []


def test_coordinator_gets_every_office_with_small_counts_hidden(
    figures_in_both_offices: Services,
) -> None:
    city = figures("--as", "koordination", "statistics", "--month", "2026-11")
    assert (city["office"], city["start"], city["end"]) == (None, "2026-11-01", "2026-11-30")
    assert city["totals"] == {
        "consultations": 13,
        "people": 13,
        # 2 quick contacts in Brackel, 5 consultations without a household in Mengede
        "quick_contacts": 7,
        "households": None,  # one household
        "referrals": 0,
        "visits_done": 0,
    }
    # 13 - 6 - 5 would give Farsi's 2 away: the next smallest language is hidden too.
    languages = {row["language"]: row["consultations"] for row in city["by_language"]}
    assert languages == {"ar": 6, "de": None, "fa": None}
    topics = {row["topic"]: row["consultations"] for row in city["by_topic"]}
    assert topics == {"job_search": None, "transport_ticket": None}
    pairs = {
        (row["topic"], row["language"]): row["consultations"]
        for row in city["by_topic_and_language"]
    }
    assert pairs == {
        ("job_search", "ar"): 6,
        ("job_search", "de"): None,
        ("transport_ticket", "fa"): None,
    }
    assert not [n for n in every_number(city) if 0 < n < 5 and n != city["smallest_shown"]]


def test_an_office_gets_its_own_figures_suppressed_too(figures_in_both_offices: Services) -> None:
    brackel = figures(
        "--as", "brackel_stadt", "statistics", "--office", "brackel", "--month", "2026-11"
    )
    assert brackel["office"] == "brackel"
    assert brackel["totals"]["consultations"] == 8
    assert brackel["totals"]["quick_contacts"] is None  # 2
    assert brackel["totals"]["households"] is None  # 1
    assert {row["language"]: row["consultations"] for row in brackel["by_language"]} == {
        "ar": None,  # 6, hidden as well: 8 - 6 would give the 2 away
        "fa": None,
    }
    period = figures(
        "--as", "brackel_caritas", "statistics", "--office", "brackel",
        "--from", "2026-10-01", "--to", "2026-11-30",
    )  # fmt: skip
    assert period["totals"]["consultations"] == 9
    assert (period["start"], period["end"]) == ("2026-10-01", "2026-11-30")


def test_the_table_shows_hidden_figures_as_less_than_5(figures_in_both_offices: Services) -> None:
    result = run_cli(
        "--as", "brackel_stadt", "statistics", "--office", "brackel", "--month", "2026-11"
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "lokal willkommen Brackel, 2026-11-01 to 2026-11-30"
    assert "x: hidden" in lines[1]
    assert ["consultations", "8"] in [line.split() for line in lines]
    assert ["households", "x"] in [line.split() for line in lines]
    assert ["fa", "x"] in [line.split() for line in lines]
    assert "partner: none in this period" in lines
    numbers = [word for line in lines[2:] for word in line.split() if word.isdigit()]
    assert not [word for word in numbers if word in {"1", "2", "3", "4"}]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--as", "brackel_stadt", "statistics", "--month", "2026-11"),
            "may not see the statistics of every office (try --office brackel)",
        ),
        (
            ("--as", "brackel_caritas", "statistics", "--office", MENGEDE),
            "may not see the statistics of mengede_huckarde",
        ),
        (("--as", "it", "statistics", "--office", "brackel"), "may not see the statistics"),
        (("--as", "koordination", "statistics", "--office", "dorstfeld"), "dorstfeld"),
        (
            ("--as", "koordination", "statistics", "--month", "2026-11", "--from", "2026-11-01"),
            "either --month or --from and --to",
        ),
        (("--as", "koordination", "statistics", "--from", "2026-11-01"), "go together"),
        (
            ("--as", "koordination", "statistics", "--from", "2026-11-30", "--to", "2026-11-01"),
            "--to 2026-11-01 is before --from 2026-11-30",
        ),
    ],
)
def test_refusals_are_one_line_with_exit_status_2(
    figures_in_both_offices: Services, args: tuple[str, ...], message: str
) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
