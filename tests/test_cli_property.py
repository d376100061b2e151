"""Whatever is typed after ``lw``, a command ends with exit 0, or exit 2 and one
line naming what is wrong — never a traceback — on SQLite and PostgreSQL, and a
refused ``lw household new`` leaves no household behind."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from lwcore.cli import cli
from lwcore.db.engine import Database
from lwcore.db.models import Household
from lwcore.services import Services
from lwcore.testing import ConfigFolder
from tests.access.cases_privacy import use_repo_config
from tests.test_bounded_inputs import count
from tests.test_bounded_inputs_property import PROPERTY, texts

#: What people type where a date, a month or a code goes, and what breaks parsers.
typed = texts | st.sampled_from(
    [
        "0001-01-01",
        "9999-12-31",
        "2026-02-30",
        "2026-13",
        "9999-12",
        "-1",
        "BR-",
        "BR-7K4Q2M",
        "x" * 300,
        "--help",
    ]
)


def ends_cleanly(result: Result) -> None:
    """Exit 0, or exit 2 with one line on stderr; no exception escaped."""
    assert result.exit_code in (0, 2), (result.exit_code, result.output, result.exception)
    if result.exit_code == 2:
        lines = result.stderr.strip().splitlines()
        assert lines, result.output
        assert "Traceback" not in result.stderr
    else:
        assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.fixture
def repo_lw(
    lw_config: ConfigFolder, monkeypatch: pytest.MonkeyPatch, lw_database: Database
) -> Database:
    use_repo_config(lw_config, monkeypatch, lw_database)
    return lw_database


def lw(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@PROPERTY
@given(
    command=st.sampled_from(
        [
            ("household", "find"),
            ("household", "show"),
            ("audit", "--since"),
            ("audit", "--household"),
            ("statistics", "--month"),
            ("round-tables", "--from"),
            ("partners", "--topic"),
            ("privacy", "export"),
        ]
    ),
    value=typed,
)
def test_any_value_in_a_command_ends_cleanly(
    repo_lw: Database, command: tuple[str, ...], value: str
) -> None:
    ends_cleanly(lw(*command, value))


@PROPERTY
@given(label=typed, district=typed, languages=typed, adults=typed)
def test_registering_from_the_cli_ends_cleanly_and_refusals_save_nothing(
    repo_lw: Database, services: Services, label: str, district: str, languages: str, adults: str
) -> None:
    before = count(services, Household)
    result = lw(
        "household",
        "new",
        "--label",
        label,
        "--district",
        district,
        "--languages",
        languages,
        "--adults",
        adults,
        "--yes",
    )
    ends_cleanly(result)
    if result.exit_code != 0:
        assert count(services, Household) == before
