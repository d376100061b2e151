"""Running copier: the new office's plugin rendered from the template.

copier is an optional extra (``lwcore[scaffold]``), so it is imported only
here and only when a plugin is rendered; :func:`require_copier` says what to
install before anything is written.
"""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

from lwcore.scaffold.errors import ScaffoldError
from lwcore.scaffold.request import OfficeRequest
from lwcore.scaffold.source import TemplateSource


def require_copier() -> None:
    """copier is an optional extra (``lwcore[scaffold]``): say so before anything is written."""
    if importlib.util.find_spec("copier") is None:
        raise ScaffoldError(
            "lw office new needs copier, which is not installed here: "
            "install lwcore with its extra, e.g. uv tool install 'lwcore[scaffold]'"
        )


def render_plugin(source: TemplateSource, target: Path, request: OfficeRequest, root: Path) -> None:
    """Render the plugin into ``target`` with the request's answers; ``root`` is the repository."""
    from copier import run_copy
    from copier.errors import CopierError

    answers = {
        "office_name": request.name,
        "slug": request.slug,
        "districts": list(request.districts),
        "languages": list(request.languages),
    }
    try:
        # The commit itself, not HEAD: copier would add uncommitted changes
        # elsewhere in the checkout as a commit of its own and record that.
        run_copy(
            str(source.path),
            target,
            data=answers,
            defaults=True,
            quiet=True,
            overwrite=False,
            vcs_ref=source.commit,
        )
    except CopierError as error:
        raise ScaffoldError(f"office template {source.path}: {error}") from None
    _portable_source(target, source.path, root)


def _portable_source(target: Path, source: Path, root: Path) -> None:
    """Record a template inside the repository by a relative path, not this machine's.

    ``copier update`` or ``copier recopy`` run in the plugin's folder then find
    it on every checkout (the path is relative to that folder).
    """
    if not source.is_relative_to(root.resolve()):
        return
    answers = target / ".copier-answers.yml"
    relative = Path(os.path.relpath(source, target.resolve())).as_posix()
    text = answers.read_text(encoding="utf-8")
    answers.write_text(
        re.sub(r"(?m)^_src_path: .*$", lambda _: f"_src_path: {relative}", text, count=1),
        encoding="utf-8",
    )
