"""``lw report``: the released figures of a period as files, into the documents folder
unless ``--folder`` names another; refusals in one line with exit status 2."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from lwcore.cli import cli
from lwcore.services import Services
from tests.test_statistics_cli import figures, figures_in_both_offices  # noqa: F401


@pytest.fixture
def office_work(figures_in_both_offices: Services) -> Services:  # noqa: F811
    """November's work in Brackel and Mengede (tests/test_statistics_cli.py)."""
    return figures_in_both_offices


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of the test's own, and ``lw`` started in a folder of its own."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    started_in = tmp_path / "started-in"
    started_in.mkdir()
    monkeypatch.chdir(started_in)
    return tmp_path / "home" / "Documents"


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def test_the_office_report_goes_to_the_documents_folder(
    office_work: Services, documents: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LW_LANG")  # German, as in the offices
    result = run_cli("--as", "brackel_stadt", "report", "--month", "2026-11")
    assert result.exit_code == 0, result.output
    stem = "statistik-brackel-2026-11"
    written = [Path(line) for line in result.stdout.splitlines()]
    assert written[:2] == [documents / f"{stem}.xlsx", documents / f"{stem}.pdf"]
    assert all(path.parent == documents and path.exists() for path in written)
    assert list((tmp_path / "started-in").iterdir()) == []
    # The figures as `lw statistics` releases them: the same cells, the same noise.
    released = figures("--as", "brackel_stadt", "statistics", "--office", "brackel",
                       "--month", "2026-11")  # fmt: skip
    totals = read_csv(documents / f"{stem}-kennzahlen.csv")
    assert totals[0] == ["Kennzahl", "Anzahl"]  # German unless --lang says otherwise
    assert totals[1] == ["Beratungen", str(released["totals"]["consultations"])]
    topics = read_csv(documents / f"{stem}-themen.csv")[1:]
    assert [int(row[1]) for row in topics] == [row["consultations"] for row in released["by_topic"]]
    workbook = load_workbook(documents / f"{stem}.xlsx")
    assert workbook["Übersicht"]["B3"].value == "lokal willkommen Brackel"


def test_every_office_for_the_coordinator_in_the_formats_chosen(
    office_work: Services, documents: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "für den Rat"
    result = run_cli(
        "--as", "koordination", "--lang", "en", "report", "--office", "all",
        "--quarter", "2026-Q4", "--format", "csv", "--folder", str(folder),
    )  # fmt: skip
    # The fourth quarter is not over: refused, nothing written.
    assert result.exit_code == 2
    assert "whole calendar month, quarter or year that is over" in result.stderr
    assert not folder.exists()
    result = run_cli(
        "--as", "koordination", "--lang", "en", "report", "--office", "all",
        "--month", "2026-11", "--format", "csv", "--folder", str(folder),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    names = sorted(Path(line).name for line in result.stdout.splitlines())
    assert names == sorted(path.name for path in folder.iterdir())
    assert all(name.startswith("statistik-alle-2026-11-") for name in names)
    city = figures("--as", "koordination", "statistics", "--month", "2026-11")
    totals = read_csv(folder / "statistik-alle-2026-11-kennzahlen.csv")
    assert totals[0] == ["Figure", "Number"]
    assert totals[1] == ["Consultations", str(city["totals"]["consultations"])]
    assert not documents.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--as", "brackel_stadt", "report", "--office", "all"), "(try --office brackel)"),
        (("--as", "brackel_stadt", "report", "--format", "docx"), "--format: docx"),
        (
            ("--as", "brackel_stadt", "report", "--year", "2025", "--month", "2025-01"),
            "not --month and --year",
        ),
    ],
)
def test_refusals_are_one_line_with_exit_status_2(
    office_work: Services, documents: Path, args: tuple[str, ...], message: str
) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    assert not documents.exists()


def test_a_folder_that_cannot_be_written_is_named_in_german(
    office_work: Services, documents: Path, tmp_path: Path
) -> None:
    in_the_way = tmp_path / "akte"
    in_the_way.write_text("kein Ordner", encoding="utf-8")
    result = run_cli(
        "--as", "brackel_stadt", "--lang", "de", "report", "--month", "2026-11",
        "--folder", str(in_the_way / "berichte"),
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: Der Bericht kann nicht nach {in_the_way / 'berichte'} geschrieben werden: "
        "eine Datei dieses Namens ist im Weg"
    )
    assert in_the_way.read_text(encoding="utf-8") == "kein Ordner"


def test_a_quarter_must_exist(office_work: Services, documents: Path) -> None:
    result = run_cli("--as", "koordination", "report", "--quarter", "2025-Q5")
    assert result.exit_code == 2
    assert "'2025-Q5' is no quarter like 2026-Q3" in result.stderr
