"""Pytest fixtures for the core and for office plugins (installed as a pytest plugin).

An office plugin tests itself the way the core does::

    def test_partners(lw_config, lw_plugins):
        lw_config.copy_office(Path("config/offices/eving.toml"))
        lw_plugins.only()                      # ignore other installed plugins
        lw_plugins.register(my_hooks, "eving")
        directory = lw_config.directory()
        assert directory.office("eving").partners
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lwcore.directory import Directory, build_directory
from lwcore.plugins.host import OVERRIDES
from lwcore.settings.files import write_toml
from lwcore.settings.paths import DEPLOYMENT_FILE, OFFICES_FOLDER


class ConfigFolder:
    """A temporary config folder, used by every ``lw`` call in the test."""

    def __init__(self, path: Path) -> None:
        self.path = path
        (path / OFFICES_FOLDER).mkdir(parents=True, exist_ok=True)

    def write_deployment(self, **values: Any) -> Path:
        target = self.path / DEPLOYMENT_FILE
        write_toml(target, values)
        return target

    def write_office(self, slug: str, content: dict[str, Any] | str) -> Path:
        """Write ``offices/<slug>.toml`` from a dict (via tomli-w) or raw TOML text."""
        target = self.path / OFFICES_FOLDER / f"{slug}.toml"
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            write_toml(target, content)
        return target

    def copy_office(self, source: Path, slug: str | None = None) -> Path:
        target = self.path / OFFICES_FOLDER / f"{slug or source.stem}.toml"
        shutil.copyfile(source, target)
        return target

    def directory(self) -> Directory:
        return build_directory(self.path)


class PluginRegistrar:
    """Register plugins for one test; everything is undone when the test ends."""

    def __init__(self) -> None:
        self._saved = (list(OVERRIDES.extra), OVERRIDES.discover)

    def register(self, plugin: object, name: str) -> None:
        OVERRIDES.extra.append((name, plugin))

    def only(self) -> None:
        """Load no installed plugin: the test sees the core and what it registers."""
        OVERRIDES.discover = False

    def restore(self) -> None:
        OVERRIDES.extra[:] = self._saved[0]
        OVERRIDES.discover = self._saved[1]


@pytest.fixture
def lw_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ConfigFolder:
    """An empty config folder, set as ``$LW_CONFIG_DIR`` for the test."""
    folder = ConfigFolder(tmp_path / "config")
    monkeypatch.setenv("LW_CONFIG_DIR", str(folder.path))
    monkeypatch.delenv("LW_DISABLE_PLUGINS", raising=False)
    return folder


@pytest.fixture
def lw_plugins() -> Iterator[PluginRegistrar]:
    """Register plugins for this test only (see :class:`PluginRegistrar`)."""
    registrar = PluginRegistrar()
    try:
        yield registrar
    finally:
        registrar.restore()
