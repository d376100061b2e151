"""Making the new office: plugin, settings file and workspace membership, or none of them.

Everything is checked before the first file is written; when a step fails
after that (or ``uv sync`` does), what was written is removed again, so a
failed run leaves the repository as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from attrs import frozen

from lwcore.scaffold.errors import ScaffoldError
from lwcore.scaffold.first_settings import settings_document, settings_header
from lwcore.scaffold.render import render_plugin, require_copier
from lwcore.scaffold.request import OfficeRequest
from lwcore.scaffold.source import TEMPLATE, TemplateSource, template_source
from lwcore.scaffold.workspace import Workspace, check_free
from lwcore.settings.convert import structure
from lwcore.settings.errors import SettingsError
from lwcore.settings.files import write_toml
from lwcore.settings.office import OfficeSettings
from lwcore.workspace_members import PyprojectError, add_member


@frozen
class Created:
    """What ``create_office`` wrote, and what undoes it."""

    plugin_dir: Path
    settings_path: Path
    pyproject: Path
    new_paths: tuple[Path, ...]
    old_pyproject: str
    source: TemplateSource

    def undo(self) -> None:
        _remove(self.new_paths)
        if self.pyproject.read_text(encoding="utf-8") != self.old_pyproject:
            _write_text(self.pyproject, self.old_pyproject)


def create_office(
    workspace: Workspace, request: OfficeRequest, *, template: Path | None = None
) -> Created:
    """Render the plugin, write the settings file, add the plugin to the workspace.

    ``template`` is the office template folder (default :data:`TEMPLATE`);
    :func:`template_source` decides whether it is rendered through its git
    checkout, so that ``copier update`` works later.
    """
    require_copier()
    slug = request.slug
    check_free(workspace, slug)
    plugin_dir = workspace.plugin_dir(slug)
    settings_path = workspace.settings_path(slug)
    document = settings_document(request)
    try:
        structure(document, OfficeSettings, path=settings_path)
    except SettingsError as error:
        raise ScaffoldError(str(error)) from None
    old_pyproject = workspace.pyproject.read_text(encoding="utf-8")
    try:
        new_pyproject = add_member(old_pyproject, request.distribution)
    except PyprojectError as error:
        raise ScaffoldError(
            f"{workspace.pyproject}: {error}; add {request.distribution} by hand"
        ) from None
    source = template_source(TEMPLATE if template is None else template)
    created = Created(
        plugin_dir,
        settings_path,
        workspace.pyproject,
        _missing(plugin_dir) + _missing(settings_path),
        old_pyproject,
        source,
    )
    try:
        render_plugin(source, plugin_dir, request, workspace.root)
        write_toml(settings_path, document, header=settings_header(request))
        _write_text(workspace.pyproject, new_pyproject)
    except BaseException:
        created.undo()
        raise
    return created


def sync(workspace: Workspace, created: Created) -> None:
    """``uv sync`` the workspace; if it fails, the new office is removed again."""
    lock = workspace.root / "uv.lock"
    old_lock = lock.read_text(encoding="utf-8") if lock.exists() else None
    try:
        uv = shutil.which("uv")
        if uv is None:
            raise ScaffoldError("uv not found on PATH: install it, then run uv sync")
        result = subprocess.run(
            [uv, "sync"], cwd=workspace.root, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            lines = result.stderr.strip().splitlines() or ["(no message)"]
            raise ScaffoldError(f"uv sync failed, office removed again: {lines[-1]}")
    except BaseException:
        created.undo()
        if old_lock is not None:
            _write_text(lock, old_lock)
        raise


def _missing(path: Path) -> tuple[Path, ...]:
    """``path`` and those of its folders that do not exist yet, outermost first."""
    return tuple(reversed([p for p in (path, *path.parents) if not p.exists()]))


def _remove(paths: tuple[Path, ...]) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _write_text(path: Path, text: str) -> None:
    """Replace a file only once the new text is fully written."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
