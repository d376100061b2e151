"""The repository a new office goes into, and whether its slug is still free there.

Opened and checked before anything is asked or written, so that ``lw office
new`` refuses a wrong ``--into`` or a taken name at once.
"""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from importlib.metadata import entry_points
from pathlib import Path

from attrs import frozen

from lwcore.naming import distribution_name
from lwcore.scaffold.errors import ScaffoldError
from lwcore.settings.paths import office_settings_path
from lwcore.workspace_members import mentions


@frozen
class Workspace:
    """The repository a new office goes into: the uv workspace with ``plugins/*``.

    ``config_dir`` is where the office's settings file goes (in ``offices/``):
    the repository's ``config`` unless ``lw --config DIR`` names another.
    """

    root: Path
    config_dir: Path

    @classmethod
    def open(cls, root: Path, config_dir: Path | None = None) -> Workspace:
        pyproject = root / "pyproject.toml"
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ScaffoldError(f"{root}: no pyproject.toml; --into names the repository") from None
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise ScaffoldError(f"{pyproject}: cannot be read: {error}") from None
        members = data.get("tool", {}).get("uv", {}).get("workspace", {}).get("members", [])
        if not any(fnmatch("plugins/office", member) for member in members):
            raise ScaffoldError(f"{pyproject}: no uv workspace with members plugins/*")
        return cls(root, root / "config" if config_dir is None else config_dir)

    @property
    def pyproject(self) -> Path:
        return self.root / "pyproject.toml"

    def plugin_dir(self, slug: str) -> Path:
        return self.root / "plugins" / slug

    def settings_path(self, slug: str) -> Path:
        return office_settings_path(self.config_dir, slug)


def check_free(workspace: Workspace, slug: str) -> None:
    """Refuse a slug some office already has, here or in the running installation."""
    if any(entry.name == slug for entry in entry_points(group="lwcore")):
        raise ScaffoldError(f"office {slug!r} exists: a plugin of that name is installed")
    for taken in (workspace.plugin_dir(slug), workspace.settings_path(slug)):
        if taken.exists():
            raise ScaffoldError(f"office {slug!r} exists: {taken} is already there")
    if mentions(workspace.pyproject.read_text(encoding="utf-8"), distribution_name(slug)):
        raise ScaffoldError(f"office {slug!r} exists: {workspace.pyproject} names it")
