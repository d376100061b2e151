"""A release upgrade and its rollback, as IT does them on an office laptop without internet.

The first release (the tag ``v0.1.0``) and this working tree are each built into a
release folder by ``scripts/build-release.sh``; the first is installed into a fresh
virtual environment offline, an office registers a household, IT backs up, installs
the working tree's release, upgrades the schema and runs ``lw doctor``; then goes
back: the backup restored, the first release installed again, ``lw doctor`` once more.
The household is there at every step.

The dependencies come from uv's cache, as ``uv sync`` left it (a real release folder
carries their wheels; ``--wheels-only`` builds one without the download): every uv
call runs ``--offline``.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

import pytest
from attrs import frozen

REPO = Path(__file__).resolve().parents[1]
FIRST_RELEASE = "v0.1.0"
#: The commit the tag names: a copy of the repository that came without its tags
#: (a bundle, a fetch without --tags) still holds the commit, so the test builds it.
FIRST_RELEASE_COMMIT = "b7255b46980a8aedc2e393adc4832a69711e510c"
PACKAGES = ("lwcore", "lw-brackel", "lw-mengede-huckarde")
TIMEOUT = 300


def _run(command: list[str], env: dict[str, str], cwd: Path | None = None) -> str:
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=cwd, timeout=TIMEOUT, check=False
    )
    if done.returncode != 0:
        pytest.fail(
            f"{' '.join(command)} exited {done.returncode}\n"
            f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
        )
    return done.stdout


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


def _migrations(tree: Path) -> set[str]:
    """The migration files a source tree ships."""
    return {path.name for path in (tree / "lwcore/db/migrations/versions").glob("0*.py")}


@frozen
class Release:
    folder: Path

    @property
    def version(self) -> str:
        return self.folder.name


def _build(source: Path, out: Path, env: dict[str, str]) -> Release:
    printed = _run(
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


class Laptop:
    """An office laptop's installation: one virtual environment, settings, a database."""

    def __init__(self, root: Path, env: dict[str, str], config: Path) -> None:
        self.env = env
        self.venv = root / "venv"
        data = root / "data"
        data.mkdir(mode=0o700, parents=True)
        data.chmod(0o700)  # whatever the umask: lw doctor wants the folder owner-only
        shutil.copytree(config, root / "config")
        self.database = data / "lokal-willkommen.sqlite3"
        self.lw_env = {
            **env,
            "LW_CONFIG_DIR": str(root / "config"),
            "LW_DATABASE_URL": f"sqlite:///{self.database}",
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
        for inherited in ("LW_STAFF", "LW_DISABLE_PLUGINS", "VIRTUAL_ENV"):
            self.lw_env.pop(inherited, None)
        _run(
            [_uv(), "venv", "--offline", "--quiet", "--python", sys.executable, str(self.venv)], env
        )

    def install(self, release: Release) -> None:
        """The release's own wheels from its folder; their dependencies as it pins them."""
        pip_install = [_uv(), "pip", "install", "--offline", "--python", str(self.venv)]
        _run([*pip_install, "-r", str(release.folder / "pylock.toml")], self.env)
        pinned = [f"{name}=={release.version}" for name in PACKAGES]
        _run([*pip_install, "--find-links", str(release.folder), *pinned], self.env)
        assert self.lw("--version").strip() == f"lw {release.version}"

    def lw(self, *args: str) -> str:
        return _run([str(self.venv / "bin" / "lw"), *args], self.lw_env)

    def schema(self) -> str:
        """The revision the database file is at (read directly: each lw call costs seconds)."""
        with closing(sqlite3.connect(self.database)) as connection:
            return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])

    def households(self, text: str, fields: Iterable[str]) -> list[dict[str, object]]:
        """These fields of what ``lw household find`` finds."""
        hits: list[dict[str, object]] = json.loads(self.lw("household", "find", text, "--json"))
        return [{field: hit.get(field) for field in fields} for hit in hits]


def test_upgrade_to_this_tree_and_back_to_the_first_release(tmp_path: Path) -> None:
    env = {**os.environ, "UV_OFFLINE": "1", "UV_NO_PROGRESS": "1"}
    env.pop("VIRTUAL_ENV", None)
    first_tree = _first_release_tree(tmp_path / "first-release-source")
    first = _build(first_tree, tmp_path / "releases", env)
    this = _build(REPO, tmp_path / "releases", env)
    assert first.version == FIRST_RELEASE.removeprefix("v")
    assert this.version != first.version

    laptop = Laptop(tmp_path / "laptop", env, first_tree / "config")
    laptop.install(first)
    registered = json.loads(
        laptop.lw(
            *("household", "new", "--label=Familie Haddad", "--district=Brackel"),
            *("--languages=ar,de", "--adults=2", "--children=3", "--yes", "--json"),
        )
    )
    code = registered["code"]
    found = {
        "code": code,
        "label": "Familie Haddad",
        "district": "Brackel",
        "languages": ["ar", "de"],
    }
    first_schema = laptop.schema()
    backup = Path(laptop.lw("backup").strip().splitlines()[-1])
    assert backup.is_file()

    # Upgrade: the new release, its migrations, the doctor.
    laptop.install(this)
    upgraded = laptop.lw("db", "upgrade").strip().splitlines()[-1]
    new_schema = laptop.schema()
    if _migrations(REPO) - _migrations(first_tree):
        assert new_schema != first_schema
        assert upgraded == f"upgraded {first_schema} -> {new_schema}"
    else:
        assert upgraded == f"schema is at {first_schema}; nothing to do"
    laptop.lw("doctor")
    assert laptop.households("Haddad", found) == [found]

    # Rollback: the backup put back while the new release (which knows both schemas)
    # is installed, then the first release again.
    restored = laptop.lw("restore", str(backup), "--yes")
    assert f"(schema {first_schema})" in restored
    assert laptop.schema() == first_schema
    laptop.install(first)
    laptop.lw("doctor")
    assert laptop.households("Haddad", found) == [found]
