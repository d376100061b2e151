"""``lw print``: a client's paper as PDF in the documents folder (or --folder),
readable by its owner only; fpdf2 loads only when a paper is printed."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from lwcore.cli import cli
from lwcore.db.engine import Database
from lwcore.services import Services
from lwcore.testing import ConfigFolder
from tests.access.cases_privacy import seed_household, use_repo_config
from tests.test_cli_startup import _UI_PROBE, imported_by

#: What printing needs and nothing else may load.
PRINTING = ("fpdf", "uharfbuzz", "lwcore.papers", "lwcore.fonts")


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Dokumente"
    folder.mkdir()
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(folder))
    return folder


@pytest.fixture
def lw(
    services: Services,
    lw_database: Database,
    lw_config: ConfigFolder,
    monkeypatch: pytest.MonkeyPatch,
) -> Services:
    use_repo_config(lw_config, monkeypatch, lw_database)
    return services


def test_lw_print_writes_the_paper_into_the_documents_folder(lw: Services, documents: Path) -> None:
    household = seed_household(lw, "brackel")
    referral = lw.exports.household(household.id)["records"]["referral"][0]["id"]
    result = CliRunner().invoke(cli, ["print", "referral", str(referral), "--lang", "ar"])
    assert result.exit_code == 0, result.output
    path = documents / f"referral-{referral}-ar.pdf"
    assert result.stdout.strip() == str(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "إحالة إلى جهة شريكة" in pypdf.PdfReader(path).pages[0].extract_text()


def test_lw_print_takes_a_household_code_and_the_recorded_language(
    lw: Services, tmp_path: Path, documents: Path
) -> None:
    household = seed_household(lw, "brackel")  # its language is Persian
    folder = tmp_path / "mappe"
    folder.mkdir()
    result = CliRunner().invoke(
        cli, ["print", "data-copy", household.code.lower(), "--folder", str(folder)]
    )
    assert result.exit_code == 0, result.output
    path = folder / f"data-copy-{household.code}-fa.pdf"
    assert result.stdout.strip() == str(path)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    assert "Kopie Ihrer Daten" in text
    assert "نسخه‌ای از اطلاعات شما" in text
    assert list(documents.iterdir()) == []


def test_lw_print_names_what_is_wrong(lw: Services, tmp_path: Path, documents: Path) -> None:
    household = seed_household(lw, "brackel")
    runner = CliRunner()
    missing = runner.invoke(
        cli, ["print", "consent", household.code, "--folder", str(tmp_path / "x")]
    )
    assert missing.exit_code == 2
    assert "--folder: cannot write into" in missing.stderr
    letters = runner.invoke(cli, ["print", "referral", "abc"])
    assert letters.exit_code == 2
    assert "the referral's number" in letters.stderr
    unknown = runner.invoke(cli, ["print", "appointment", "999999"])
    assert unknown.exit_code == 2
    assert "appointment 999999" in unknown.stderr
    turkish = runner.invoke(cli, ["print", "consent", household.code, "--lang", "tr"])
    assert turkish.exit_code == 0, turkish.output
    assert "printed in German and en" in turkish.stderr
    assert turkish.stdout.strip().endswith(f"consent-{household.code}-en.pdf")
    assert list(tmp_path.glob("x*")) == []


def test_fpdf_loads_only_when_a_paper_is_printed() -> None:
    assert sorted(name for name in imported_by("--help") if name.startswith(PRINTING)) == []
    painted = subprocess.run(
        [sys.executable, "-c", _UI_PROBE], capture_output=True, text=True, check=True
    )
    loaded = json.loads(painted.stderr.strip().splitlines()[-1])
    assert sorted(name for name in loaded if name.startswith(PRINTING)) == []
