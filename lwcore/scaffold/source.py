"""What copier renders a new office's plugin from: the git checkout, or the template folder.

``copier update`` takes template changes only from a git repository. When the
template is committed in a git checkout (the normal case: lwcore is this
repository), the plugin is rendered from the checkout's root, whose
``copier.yml`` includes the template's questions and points at its tree, at
the commit checked out; the answers file then records ``_src_path`` (relative,
``../..``) and ``_commit``, and ``copier update`` in the plugin's folder merges
later template changes with the office's own edits. Otherwise (no git, an
lwcore that is no checkout, a root copier.yml that does not point at the
template, or template changes not committed) the template folder is rendered
as it is and recorded without ``_commit``: only ``copier recopy`` can then
bring changes, overwriting local edits, and :attr:`TemplateSource.reason`
says why.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from attrs import frozen

#: The office template shipped inside lwcore (copier.yml and the template tree).
TEMPLATE = Path(__file__).parent.parent / "templates" / "office"
#: The copier.yml at a git checkout's root that makes the checkout the template.
REPOSITORY_CONFIG = "copier.yml"


@frozen
class TemplateSource:
    """What copier renders the plugin from, and so what its answers file records."""

    #: Given to copier: a git checkout's root (whose copier.yml points at the
    #: template) or the template folder itself.
    path: Path
    #: The commit rendered, for a git checkout; copier records it as ``_commit``.
    commit: str | None = None
    #: Why the folder is rendered as it is (no ``_commit``, so no ``copier update``).
    reason: str | None = None

    @property
    def updatable(self) -> bool:
        """True when ``copier update`` can bring later template changes."""
        return self.commit is not None


_SUBDIRECTORY = re.compile(r"""^_subdirectory:\s*["']?([^"'\s#]+)""", re.MULTILINE)


def _subdirectory(config: Path) -> str | None:
    """The ``_subdirectory`` a copier.yml names (the top-level key, read as text)."""
    try:
        found = _SUBDIRECTORY.findall(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    return found[-1].rstrip("/") if found else None  # a later YAML document wins


def template_source(template: Path) -> TemplateSource:
    """The git checkout to render ``template`` from, or the folder with the reason why not.

    A checkout qualifies when its root's copier.yml points copier at the
    template's tree (or the template folder is the root) and the template is
    committed without changes since: the commit checked out is then exactly
    what is on disk.
    """
    template = template.resolve()
    git = shutil.which("git")
    if git is None:
        return TemplateSource(template, reason="git is not installed")

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([git, *args], cwd=cwd, capture_output=True, text=True, check=False)

    toplevel = run("rev-parse", "--show-toplevel", cwd=template)
    if toplevel.returncode != 0:
        return TemplateSource(template, reason=f"{template} is not in a git checkout")
    root = Path(toplevel.stdout.strip()).resolve()
    inside = Path(os.path.relpath(template, root)).as_posix()
    tree = _subdirectory(template / REPOSITORY_CONFIG)
    if tree is None:
        return TemplateSource(template, reason=f"{template / REPOSITORY_CONFIG} names no tree")
    if root != template and _subdirectory(root / REPOSITORY_CONFIG) != f"{inside}/{tree}":
        return TemplateSource(
            template,
            reason=f"{root / REPOSITORY_CONFIG} does not point copier at {template / tree}",
        )
    head = run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", cwd=root)
    committed = run("ls-files", "--error-unmatch", "--", REPOSITORY_CONFIG, inside, cwd=root)
    changed = run("status", "--porcelain", "--", REPOSITORY_CONFIG, inside, cwd=root)
    if head.returncode != 0 or committed.returncode != 0 or changed.stdout.strip():
        return TemplateSource(
            template, reason=f"the template has changes not committed in the git checkout {root}"
        )
    return TemplateSource(root, commit=head.stdout.strip())
