"""Release folders and an office laptop that installs them, for the release upgrade tests.

The first release (the tag ``v0.1.0``) and this working tree are each built into a
release folder by ``scripts/build-release.sh`` once per test run (the session
fixture ``releases``), and every test installs from those folders into a fresh
virtual environment of its own. The dependencies come from uv's cache, as
``uv sync`` left it (a real release folder carries their wheels;
``--wheels-only`` builds one without the download): every uv call runs
``--offline``.

tests/conftest.py imports ``releases``, so every module shares the one build
(a fixture imported into two test modules would be built once for each).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

import pytest
from attrs import frozen

REPO = Path(__file__).resolve().parents[1]
FIRST_RELEASE = "v0.1.0"
#: The commit the tag names: a copy of the repository that came without its tags
#: (a bundle, a fetch without --tags) still holds the commit, so the test builds it.
FIRST_RELEASE_COMMIT = "b7255b46980a8aedc2e393adc4832a69711e510c"
PACKAGES = ("lwcore", "lw-brackel", "lw-mengede-huckarde")
TIMEOUT = 300


def run(command: list[str], env: Mapping[str, str], cwd: Path | None = None) -> str:
    """``command``'s output; the test fails with both streams if it fails."""
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=cwd, timeout=TIMEOUT, check=False
    )
    if done.returncode != 0:
        pytest.fail(
            f"{' '.join(command)} exited {done.returncode}\n"
            f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
        )
    return done.stdout


def offline_env() -> dict[str, str]:
    """This process's environment, with uv offline and no virtual environment active."""
    env = {**os.environ, "UV_OFFLINE": "1", "UV_NO_PROGRESS": "1"}
    env.pop("VIRTUAL_ENV", None)
    return env


def _uv() -> str:
    uv = shutil.which("uv")
    if uv is None:
        pytest.fail("uv is not on PATH: the release test builds and installs with uv")
    return uv


def _first_release_tree(target: Path) -> Path:
    """The files of the first release's commit, as ``git archive`` gives them."""
    revision = FIRST_RELEASE if _is_commit(FIRST_RELEASE) else FIRST_RELEASE_COMMIT
    if not _is_commit(revision):
        pytest.fail(
            f"neither the tag {FIRST_RELEASE} nor its commit {FIRST_RELEASE_COMMIT} is in "
            f"{REPO}: the release test needs the repository's history (a `git clone`)"
        )
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", revision],
        capture_output=True,
        check=True,
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


def _is_commit(revision: str) -> bool:
    found = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.returncode == 0


def migrations(tree: Path) -> set[str]:
    """The migration files a source tree ships."""
    return {path.name for path in (tree / "lwcore/db/migrations/versions").glob("0*.py")}


@frozen
class Release:
    folder: Path

    @property
    def version(self) -> str:
        return self.folder.name


def _build(source: Path, out: Path, env: Mapping[str, str]) -> Release:
    printed = run(
        [
            "bash",
            str(REPO / "scripts" / "build-release.sh"),
            "--source",
            str(source),
            "--out",
            str(out),
            "--wheels-only",
        ],
        env,
    )
    folder = Path(printed.strip().splitlines()[-1])
    for name in PACKAGES:
        wheel = f"{name.replace('-', '_')}-{folder.name}-py3-none-any.whl"
        assert (folder / wheel).is_file(), sorted(p.name for p in folder.iterdir())
    assert (folder / "pylock.toml").is_file()
    assert (folder / "requirements.txt").is_file()
    return Release(folder)


@frozen
class Releases:
    """The first release and this tree's, built; the first one's source files."""

    first: Release
    this: Release
    first_tree: Path

    def adds_migrations(self) -> bool:
        """Whether this tree ships migrations the first release lacks."""
        return bool(migrations(REPO) - migrations(self.first_tree))


@pytest.fixture(scope="session")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Releases:
    """Both release folders, built once for every release test of the run."""
    root = tmp_path_factory.mktemp("releases")
    env = offline_env()
    first_tree = _first_release_tree(root / "first-release-source")
    first = _build(first_tree, root / "releases", env)
    this = _build(REPO, root / "releases", env)
    assert first.version == FIRST_RELEASE.removeprefix("v")
    assert this.version != first.version
    return Releases(first, this, first_tree)


class Store(Protocol):
    """Where a laptop's data lives: the URL ``lw`` is given, what else its
    environment needs, and the schema revision it is at."""

    url: str
    env: Mapping[str, str]

    def schema(self) -> str: ...


class Laptop:
    """An office laptop's installation: one virtual environment, settings, a database."""

    def __init__(self, root: Path, config: Path, store: Store) -> None:
        self.env = offline_env()
        self.store = store
        self.venv = root / "venv"
        shutil.copytree(config, root / "config")
        self.lw_env = {
            **self.env,
            **store.env,
            "LW_CONFIG_DIR": str(root / "config"),
            "LW_DATABASE_URL": store.url,
            "LW_LOG_DIR": str(root / "logs"),
            "LW_LANG": "en",
            "TZ": "Europe/Berlin",
            "NO_COLOR": "1",
            # Nothing of the laptop lands in the user's own folders.
            **{
                f"XDG_{kind}_HOME": str(root / kind.lower())
                for kind in ("DATA", "STATE", "CONFIG", "CACHE")
            },
        }
        # PGPASSWORD would stand in for the password file a store names.
        for inherited in ("LW_STAFF", "LW_DISABLE_PLUGINS", "VIRTUAL_ENV", "PGPASSWORD"):
            self.lw_env.pop(inherited, None)
        run(
            [_uv(), "venv", "--offline", "--quiet", "--python", sys.executable, str(self.venv)],
            self.env,
        )

    def install(self, release: Release) -> None:
        """The release's own wheels from its folder; their dependencies as it pins them."""
        pip_install = [_uv(), "pip", "install", "--offline", "--python", str(self.venv)]
        run([*pip_install, "-r", str(release.folder / "pylock.toml")], self.env)
        pinned = [f"{name}=={release.version}" for name in PACKAGES]
        run([*pip_install, "--find-links", str(release.folder), *pinned], self.env)
        assert self.lw("--version").strip() == f"lw {release.version}"

    def lw(self, *args: str) -> str:
        return run([str(self.venv / "bin" / "lw"), *args], self.lw_env)

    def schema(self) -> str:
        """The revision the database is at (read directly: each lw call costs seconds)."""
        return self.store.schema()

    def upgrade(self, releases: Releases, from_schema: str) -> str:
        """``lw db upgrade`` with this tree's release installed, from ``from_schema``
        to this tree's head; what it printed."""
        printed = self.lw("db", "upgrade")
        upgraded = printed.strip().splitlines()[-1]
        new_schema = self.schema()
        if releases.adds_migrations():
            assert new_schema != from_schema
            assert upgraded == f"upgraded {from_schema} -> {new_schema}"
        else:
            assert upgraded == f"schema is at {from_schema}; nothing to do"
        return printed

    def register_household(self) -> dict[str, Any]:
        """Familie Haddad registered in Brackel; what ``households`` finds of it."""
        registered = json.loads(
            self.lw(
                *("household", "new", "--label=Familie Haddad", "--district=Brackel"),
                *("--languages=ar,de", "--adults=2", "--children=3", "--yes", "--json"),
            )
        )
        return {
            "code": registered["code"],
            "label": "Familie Haddad",
            "district": "Brackel",
            "languages": ["ar", "de"],
        }

    def households(self, text: str, fields: Iterable[str]) -> list[dict[str, object]]:
        """These fields of what ``lw household find`` finds."""
        hits: list[dict[str, object]] = json.loads(self.lw("household", "find", text, "--json"))
        return [{field: hit.get(field) for field in fields} for hit in hits]
