"""A landed migration is never edited: CI compares each file with its hash in the manifest."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lwcore.db.migration_manifest import (
    MANIFEST,
    VERSIONS,
    ManifestError,
    add,
    problems,
    recorded,
)

REPO = Path(__file__).resolve().parents[1]

NEW_MIGRATION = '''"""a new table"""
revision = "9001"
down_revision = "0007"
'''


@pytest.fixture
def history(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the shipped migrations and their manifest to change."""
    versions = tmp_path / "versions"
    shutil.copytree(VERSIONS, versions, ignore=shutil.ignore_patterns("__pycache__"))
    for unrecorded in {path.name for path in versions.glob("*.py")} - recorded().keys():
        (versions / unrecorded).unlink()  # a migration being written, not landed yet
    manifest = tmp_path / "manifest.toml"
    shutil.copyfile(MANIFEST, manifest)
    return versions, manifest


def test_ci_checks_the_shipped_migrations_against_the_manifest() -> None:
    checked = subprocess.run(
        [sys.executable, "-m", "lwcore.db.migration_manifest", "check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (checked.returncode, checked.stderr) == (0, "")
    assert f"{len(recorded())} migrations as they landed" in checked.stdout


def test_every_landed_migration_is_in_the_manifest() -> None:
    assert {"0001_daily_work_schema.py", "0007_converge_shipped_schemas.py"} <= recorded().keys()


def test_an_edited_migration_fails_the_check_naming_the_file(history: tuple[Path, Path]) -> None:
    versions, manifest = history
    assert problems(versions, manifest) == []
    edited = versions / "0002_data_protection.py"
    edited.write_text(edited.read_text().replace("ondelete", "on_delete") + "\n# tidied\n")
    said = problems(versions, manifest)
    assert len(said) == 1
    assert said[0].startswith("0002_data_protection.py: a landed migration was edited")
    assert "write a new migration" in said[0]


def test_a_removed_migration_fails_the_check(history: tuple[Path, Path]) -> None:
    versions, manifest = history
    (versions / "0005_cell_keys.py").unlink()
    assert problems(versions, manifest) == [
        "0005_cell_keys.py: a landed migration was removed; restore it as it landed "
        "(databases made with it depend on it) and write a new migration instead"
    ]


def test_a_new_migration_is_recorded_by_add(history: tuple[Path, Path]) -> None:
    versions, manifest = history
    new = versions / "9001_new_table.py"
    new.write_text(NEW_MIGRATION)
    said = problems(versions, manifest)
    assert len(said) == 1
    assert said[0].startswith("9001_new_table.py: a new migration not in manifest.toml")
    assert "uv run python -m lwcore.db.migration_manifest add " in said[0]
    assert add(new, manifest) is True
    assert problems(versions, manifest) == []
    assert add(new, manifest) is False
    assert "9001_new_table.py" in recorded(manifest)


def test_add_refuses_to_record_an_edited_landed_migration(history: tuple[Path, Path]) -> None:
    versions, manifest = history
    edited = versions / "0004_tamper_evident_audit.py"
    edited.write_bytes(edited.read_bytes() + b"\n")
    before = manifest.read_bytes()
    with pytest.raises(ManifestError, match=r"0004_tamper_evident_audit\.py: a landed migration"):
        add(edited, manifest)
    assert manifest.read_bytes() == before
    assert problems(versions, manifest)[0].startswith("0004_tamper_evident_audit.py")
