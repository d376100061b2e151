"""Dates as staff read them: the year whenever it is not this one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from click.testing import CliRunner

from lwcore.cli import cli
from lwcore.tui.i18n import set_language, set_today, short_date


@pytest.fixture
def in_german() -> Iterator[None]:
    set_language("de")
    set_today(date(2026, 11, 26))
    yield
    set_today(None)


@pytest.mark.usefixtures("in_german")
def test_a_range_across_new_year_says_which_year() -> None:
    assert short_date(date(2026, 10, 27)) == "Di. 27.10."
    assert short_date(date(2027, 3, 26)) == "Fr. 26.03.2027"
    assert short_date(date(2025, 12, 31)) == "Mi. 31.12.2025"


def test_the_cli_names_weekdays_in_the_ui_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LW_LANG", "de")
    days = ["--from", "2026-12-01", "--until", "2026-12-10"]
    result = CliRunner().invoke(cli, ["round-tables", "--office", "brackel", *days])
    assert result.exit_code == 0, result.output
    assert "Mi. 09.12.2026 17:00" in result.output
    assert "Wed" not in result.output
