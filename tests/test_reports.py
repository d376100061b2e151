"""Reports for the council and the fund: the workbook, the PDF and the CSV files hold
exactly the figures the statistics service released to leave the office, and
are written whole into the folder chosen, or not at all."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from lwcore.directory import Directory
from lwcore.i18n import set_language
from lwcore.reports.labels import (
    language_label,
    offer_kind_label,
    outcome_label,
    partner_label,
    status_label,
    topic_label,
)
from lwcore.reports.tables import build_report, period_name, period_stem
from lwcore.reports.writing import ReportNotWritten, report_for, save_files, write_report
from lwcore.services import InvalidInput, Services
from lwcore.services.consultations import ReferralRequest
from lwcore.services.disclosure import ReportFigures
from tests.test_consultations import household
from tests.test_statistics import consult

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
PDF_NAME = "statistik-brackel-2026-10.pdf"
XLSX_NAME = "statistik-brackel-2026-10.xlsx"


@pytest.fixture(autouse=True)
def german() -> Iterator[None]:
    """Reports are written in German (the language of the offices' councils)."""
    set_language("de")
    yield
    set_language("en")


@pytest.fixture
def october(services: Services) -> Services:
    """Brackel's October: a household's consultations (district Brackel), a few
    others, a referral, quick contacts, a group offer's sessions, a volunteer."""
    amina = household(services, "Amina")
    for day in range(2, 10):
        consult(services, household_id=amina, started_at=f"2026-10-0{day}T10:00")
    consult(services, language="de", topics=["housing"], started_at="2026-10-10T10:00")
    consult(services, language="fa", outcome="follow_up", started_at="2026-10-11T10:00")
    consult(
        services,
        household_id=amina,
        started_at="2026-10-12T10:00",
        outcome="referred",
        referral=ReferralRequest("jobcenter_brackel", "job_search", anonymous=True),
    )
    for _ in range(3):
        services.consultations.quick_contact(
            office="brackel", language="ti", topics=["transport_ticket"], people=2
        )
    cafe = services.group_offers.create(office="brackel", title="Sprachcafe", kind="language_cafe")
    assert cafe.id is not None
    for day, came in ((5, 12), (12, 9), (19, 14), (26, 11)):
        services.group_offers.record_session(cafe.id, held_on=f"2026-10-{day:02d}", attendance=came)
    services.volunteers.add(
        office="brackel",
        label="Frau K.",
        languages=["ar", "de"],
        topics=["housing"],
        availability=["MO"],
    )
    return services


def expected_tables(report: ReportFigures, directory: Directory) -> dict[str, list[list[Any]]]:
    """Every table's rows, straight from the figures the service released."""
    figures = report.figures
    return {
        "kennzahlen": [
            ["Beratungen", figures.consultations],
            ["Beratene Personen", figures.people],
            ["Kurzkontakte", figures.quick_contacts],
            ["Haushalte", figures.households],
            ["Weitervermittlungen", figures.referrals],
            ["Hausbesuche durchgeführt", figures.visits_done],
            ["Aktive Ehrenamtliche", report.volunteers],
        ],
        "monate": [
            ["Okt. 2026", m.consultations, m.referrals, m.visits_done] for m in report.by_month
        ],
        "themen": [[topic_label(directory, c.key), c.consultations] for c in figures.by_topic],
        "sprachen": [[language_label(c.key), c.consultations] for c in figures.by_language],
        "bezirke": [[c.key, c.consultations] for c in report.by_district],
        "ergebnisse": [[outcome_label(c.key), c.consultations] for c in figures.by_outcome],
        "themen-sprachen": [
            [topic_label(directory, r.topic), language_label(r.language), r.consultations]
            for r in figures.by_topic_and_language
        ],
        "partner": [
            [partner_label(directory, p.partner), p.referrals, p.done, p.unsuccessful, p.open]
            for p in figures.by_partner
        ],
        "verweisungen": [[status_label(c.key), c.consultations] for c in report.referral_outcomes],
        "runde-tische": [[r.series, r.meetings, r.actions] for r in report.round_tables],
        "gruppenangebote": [
            [r.title, offer_kind_label(r.kind), r.sessions, r.attendance]
            for r in report.group_offers
        ],
        "ehrenamtliche": [
            [language_label(c.key), c.consultations] for c in report.volunteers_by_language
        ],
    }


def released(services: Services) -> ReportFigures:
    return services.statistics.report("brackel", *OCTOBER)


def write(services: Services, folder: Path, *formats: str) -> list[Path]:
    return write_report(report_for(services, "brackel", *OCTOBER), folder, formats)


def test_the_report_holds_perturbed_figures_only(october: Services) -> None:
    report = released(october)
    exact = october.statistics.month("brackel", 2026, 10)
    assert not exact.perturbed
    assert report.figures.perturbed
    assert exact.consultations == 11
    assert abs(report.figures.consultations - 11) <= 2
    # The report's own tables are perturbed too: 1 and 2 are never released.
    numbers = [
        n
        for rows in expected_tables(report, october.context.directory).values()
        for row in rows
        for n in row
        if isinstance(n, int)
    ]
    assert numbers
    assert not [n for n in numbers if n in (1, 2)]
    assert [m.month for m in report.by_month] == [date(2026, 10, 1)]
    assert [c.key for c in report.by_district] in (["Brackel"], [])
    [cafe] = report.group_offers
    assert abs(cafe.attendance - 46) <= 2
    assert cafe.sessions in (3, 4, 5, 6)
    # Asked again: the same cells, the same figures.
    assert released(october) == report
    with pytest.raises(ValueError, match="do not leave"):
        build_report(
            ReportFigures(exact, (), (), (), (), (), 0, ()),
            october.context.directory,
            datetime(2026, 11, 27, tzinfo=UTC),
        )


def test_a_period_still_running_is_not_reported(october: Services) -> None:
    with pytest.raises(InvalidInput, match="whole calendar month, quarter or year"):
        report_for(october, "brackel", date(2026, 11, 1), date(2026, 11, 30))
    with pytest.raises(InvalidInput, match="whole calendar month, quarter or year"):
        report_for(october, "brackel", date(2026, 10, 1), date(2026, 10, 15))


def test_the_workbook_holds_every_released_figure(october: Services, tmp_path: Path) -> None:
    [path] = write(october, tmp_path, "xlsx")
    assert path == tmp_path / XLSX_NAME
    report = released(october)
    expected = expected_tables(report, october.context.directory)
    workbook = load_workbook(path)
    names = workbook.sheetnames
    assert names[0] == "Übersicht"
    assert names[-1] == "Diagramme"
    overview = workbook["Übersicht"]
    assert overview["B3"].value == "lokal willkommen Brackel"
    assert overview["B4"].value == "Oktober 2026"
    assert "at most" not in str(overview["A7"].value)
    assert "höchstens 2" in str(overview["A7"].value)
    titles = dict(zip(expected, names[1:-1], strict=True))
    for name, rows in expected.items():
        sheet = workbook[titles[name]]
        cells = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert cells == rows, name
    assert titles["themen"] == "Nach Thema"
    assert workbook[titles["themen"]]["A1"].value == "Thema"
    # One chart per table with a chart and rows: months, topics, languages, districts,
    # partners (each drawn from its sheet's cells).
    charted = [n for n in ("monate", "themen", "sprachen", "bezirke", "partner") if expected[n]]
    assert len(workbook["Diagramme"]._charts) == len(charted) > 0


def pdf_text(path: Path) -> tuple[str, int]:
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"[ \t]+", " ", text), len(reader.pages)


def test_the_pdf_holds_the_figures_with_page_numbers(october: Services, tmp_path: Path) -> None:
    [path] = write(october, tmp_path, "pdf")
    assert path == tmp_path / PDF_NAME
    text, pages = pdf_text(path)
    lines = {line.strip() for line in text.splitlines()}
    assert "Statistik-Bericht" in lines
    assert "lokal willkommen Brackel" in lines
    assert "Oktober 2026" in lines
    for page in range(1, pages + 1):
        assert f"Seite {page} von {pages}" in text
    report = released(october)
    for name, rows in expected_tables(report, october.context.directory).items():
        for row in rows:
            assert " ".join(map(str, row)) in lines, (name, row)
    # The bar charts name their bars and figures.
    for topic in report.figures.by_topic:
        label = topic_label(october.context.directory, topic.key)
        assert f"{label} {topic.consultations}" in lines


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def test_csv_files_open_in_german_excel(october: Services, tmp_path: Path) -> None:
    written = write(october, tmp_path, "csv")
    report = released(october)
    expected = expected_tables(report, october.context.directory)
    assert [p.name for p in written] == [f"statistik-brackel-2026-10-{n}.csv" for n in expected]
    for path, (name, rows) in zip(written, expected.items(), strict=True):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name  # the byte order mark Excel looks for
        header, *body = read_csv(path)
        assert body == [[str(cell) for cell in row] for row in rows], name
        assert ";" in raw.decode("utf-8-sig").splitlines()[0]
    header = read_csv(tmp_path / "statistik-brackel-2026-10-kennzahlen.csv")[0]
    assert header == ["Kennzahl", "Anzahl"]
    assert "Hausbesuche durchgeführt" in (tmp_path / written[0].name).read_text("utf-8-sig")


def test_every_format_together(october: Services, tmp_path: Path) -> None:
    written = write(october, tmp_path / "neu" / "bericht", "csv", "pdf", "xlsx")
    assert [p.name for p in written[:2]] == [XLSX_NAME, PDF_NAME]  # in the offered order
    assert len(written) == 2 + 12
    assert sorted(p.name for p in (tmp_path / "neu" / "bericht").iterdir()) == sorted(
        p.name for p in written
    )


def test_a_folder_that_cannot_be_written_is_named_and_nothing_is_left(
    october: Services, tmp_path: Path
) -> None:
    in_the_way = tmp_path / "ablage" / "akten"
    in_the_way.parent.mkdir()
    in_the_way.write_text("keine Ordner", encoding="utf-8")
    folder = in_the_way / "berichte"
    with pytest.raises(ReportNotWritten) as refused:
        write(october, folder, "xlsx", "pdf", "csv")
    message = str(refused.value)
    assert str(folder) in message
    assert message.startswith("Der Bericht kann nicht nach ")
    assert "eine Datei dieses Namens ist im Weg" in message
    assert [p.name for p in in_the_way.parent.iterdir()] == ["akten"]


def test_a_failed_write_leaves_no_part_files_and_no_new_folders(tmp_path: Path) -> None:
    folder = tmp_path / "neu" / "berichte"
    # A folder where a file should go: the second file cannot be written.
    files = {"erste.csv": b"a;b\r\n", "zweite.csv/": b"x"}
    with pytest.raises(ReportNotWritten):
        save_files(folder, files)
    assert list(tmp_path.iterdir()) == []
    folder.mkdir(parents=True)
    (folder / "bericht.pdf").mkdir()
    with pytest.raises(ReportNotWritten, match="ein Ordner dieses Namens ist im Weg") as refused:
        save_files(folder, {"bericht.xlsx": b"new", "bericht.pdf": b"new"})
    assert str(folder / "bericht.pdf") in str(refused.value)
    assert sorted(p.name for p in folder.iterdir()) == ["bericht.pdf"]
    # An earlier report of the same name stays whole until the new one replaces it.
    (folder / "bericht.pdf").rmdir()
    (folder / "bericht.pdf").write_bytes(b"old")
    save_files(folder, {"bericht.pdf": b"new"})
    assert (folder / "bericht.pdf").read_bytes() == b"new"
    assert [p.name for p in folder.iterdir()] == ["bericht.pdf"]


@pytest.mark.parametrize(
    ("start", "end", "name", "stem"),
    [
        (date(2025, 1, 1), date(2025, 12, 31), "Jahr 2025", "2025"),
        (date(2025, 7, 1), date(2025, 9, 30), "3. Quartal 2025", "2025-q3"),
        (date(2026, 2, 1), date(2026, 2, 28), "Februar 2026", "2026-02"),
        (date(2026, 2, 1), date(2026, 4, 30), "01.02.2026 – 30.04.2026", "2026-02-01_2026-04-30"),
    ],
)
def test_periods_are_named_for_people_and_files(
    start: date, end: date, name: str, stem: str
) -> None:
    assert period_name(start, end) == name
    assert period_stem(start, end) == stem


def test_the_pdf_is_the_same_figures_in_english(october: Services, tmp_path: Path) -> None:
    set_language("en")
    [path] = write(october, tmp_path, "pdf")
    text, pages = pdf_text(path)
    assert "Statistics report" in text
    assert "October 2026" in text
    assert f"Page {pages} of {pages}" in text


def test_writing_reads_nothing_from_the_current_folder(
    october: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    folder = tmp_path / "documents"
    written = write(october, folder, "xlsx", "pdf", "csv")
    assert all(path.parent == folder for path in written)
    assert list(here.iterdir()) == []
