"""A landed migration is never edited: the manifest holds each one's SHA-256.

A database says which revision it is at, not which text of the migration
made it; a migration edited after it shipped leaves every database made
before with another schema under the same revision (0007 had to repair
four such edits). So migrations/manifest.toml records the hash of each
migration file's bytes when it lands, and CI checks that every recorded
file is still there, byte for byte, and that no file is missing from it.

    uv run python -m lwcore.db.migration_manifest check
    uv run python -m lwcore.db.migration_manifest add lwcore/db/migrations/versions/0008_x.py
"""

from __future__ import annotations

import hashlib
import os
import sys
import tomllib
from pathlib import Path

MIGRATIONS = Path(__file__).parent / "migrations"
VERSIONS = MIGRATIONS / "versions"
MANIFEST = MIGRATIONS / "manifest.toml"
ADD = "uv run python -m lwcore.db.migration_manifest add"

_HEADER = """\
# SHA-256 of each migration in versions/ as it landed. A landed migration is
# never edited or removed: databases made with it keep what it made. Change
# the schema with a new migration and record it:
#   uv run python -m lwcore.db.migration_manifest add lwcore/db/migrations/versions/NNNN_name.py
# CI runs `uv run python -m lwcore.db.migration_manifest check` (tests/test_migration_manifest.py).

[migrations]
"""


class ManifestError(Exception):
    """A file cannot be recorded: it is not a migration, or it landed with other bytes."""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recorded(manifest: Path = MANIFEST) -> dict[str, str]:
    """File name -> SHA-256, as the manifest holds them (empty without a manifest)."""
    if not manifest.exists():
        return {}
    with manifest.open("rb") as stream:
        table = tomllib.load(stream).get("migrations", {})
    return {str(name): str(value) for name, value in table.items()}


def _migrations(versions: Path) -> list[Path]:
    return sorted(path for path in versions.glob("*.py") if not path.name.startswith("_"))


def problems(versions: Path = VERSIONS, manifest: Path = MANIFEST) -> list[str]:
    """What is wrong with ``versions`` against ``manifest``, one sentence per file."""
    known = recorded(manifest)
    present = {path.name: path for path in _migrations(versions)}
    said: list[str] = []
    for name, expected in sorted(known.items()):
        path = present.get(name)
        if path is None:
            said.append(
                f"{name}: a landed migration was removed; restore it as it landed "
                "(databases made with it depend on it) and write a new migration instead"
            )
        elif digest(path) != expected:
            said.append(
                f"{name}: a landed migration was edited (its SHA-256 is not the one in "
                f"{manifest.name}); restore it as it landed and write a new migration "
                "for the change instead"
            )
    for name in sorted(present.keys() - known.keys()):
        said.append(
            f"{name}: a new migration not in {manifest.name}; record it with "
            f"`{ADD} {Path(os.path.relpath(present[name])).as_posix()}`"
        )
    return said


def add(path: Path, manifest: Path = MANIFEST) -> bool:
    """Record ``path``'s hash; False when it is recorded already with the same bytes."""
    if path.suffix != ".py" or path.name.startswith("_") or not path.is_file():
        raise ManifestError(f"{path}: not a migration file")
    known = recorded(manifest)
    value = digest(path)
    if known.get(path.name) == value:
        return False
    if path.name in known:
        raise ManifestError(
            f"{path.name}: a landed migration was edited; restore it as it landed and write "
            "a new migration for the change instead (the manifest keeps its first hash)"
        )
    known[path.name] = value
    lines = "".join(f'"{name}" = "{known[name]}"\n' for name in sorted(known))
    manifest.write_text(_HEADER + lines, encoding="utf-8")
    return True


def main(arguments: list[str]) -> int:
    if arguments == ["check"]:
        said = problems()
        for sentence in said:
            print(sentence, file=sys.stderr)
        if not said:
            print(f"{len(recorded())} migrations as they landed")
        return 1 if said else 0
    if len(arguments) >= 2 and arguments[0] == "add":
        for name in arguments[1:]:
            try:
                added = add(Path(name))
            except ManifestError as error:
                print(error, file=sys.stderr)
                return 1
            print(f"{Path(name).name}: {'recorded' if added else 'already recorded'}")
        return 0
    print("usage: python -m lwcore.db.migration_manifest check | add FILE...", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
