"""Start a new office without touching the core: ``lw office new``.

Makes the office's plugin from the copier template in ``lwcore/templates/office``,
writes the office's settings file with tomli-w (to ``offices/<slug>.toml`` of
the config folder: ``lw --config DIR``, else the repository's ``config``), and
adds the plugin to the uv workspace. Everything is checked before the first
file is written; when a step fails after that, what was written is removed
again, so a failed run leaves the repository as it was.

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

import importlib.util
import os
import re
import shutil
import subprocess
import tomllib
from datetime import date, time
from fnmatch import fnmatch
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from attrs import frozen
from dateutil.rrule import MONTHLY, TU, rrule

from lwcore.naming import WELFARE_LAWS, distribution_name, is_key, module_name
from lwcore.settings.convert import structure
from lwcore.settings.errors import SettingsError
from lwcore.settings.files import write_toml
from lwcore.settings.office import OfficeSettings
from lwcore.settings.paths import office_settings_path
from lwcore.vocabulary import DISTRICTS, is_iso639_1
from lwcore.workspace_members import PyprojectError, add_member, mentions

#: The office template shipped inside lwcore (copier.yml and the template tree).
TEMPLATE = Path(__file__).parent / "templates" / "office"
#: The copier.yml at a git checkout's root that makes the checkout the template.
REPOSITORY_CONFIG = "copier.yml"
#: What the settings file says until the office fills in its own.
PLACEHOLDER_WELFARE_ASSOCIATION = "Wohlfahrtsverband eintragen"
PLACEHOLDER_STREET = "Anschrift eintragen"
PLACEHOLDER_POSTCODE = "00000"
#: The settings keys that hold a placeholder until the office fills them in.
PLACEHOLDERS = {
    "office.welfare_association": PLACEHOLDER_WELFARE_ASSOCIATION,
    "office.address.street": PLACEHOLDER_STREET,
    "office.address.postcode": PLACEHOLDER_POSTCODE,
}

#: Longer ones would not fit the generated code's lines (100 characters).
MAX_NAME_LENGTH = 40
MAX_SLUG_LENGTH = 32
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_SEPARATORS = re.compile(r"[\s/-]+")


class ScaffoldError(ValueError):
    """Why an office cannot be made as asked: one line, naming the problem."""


def slug_for(name: str) -> str:
    """The office's slug: lower-case ASCII, umlauts transliterated, separators as ``_``.

    ``"Hörde/Hombruch"`` gives ``hoerde_hombruch``. The slug names the plugin's
    entry point, module (``lw_<slug>``) and settings file, so anything that
    would not make a Python package name is refused.
    """
    slug = _SEPARATORS.sub("_", name.strip().lower().translate(_TRANSLITERATION)).strip("_")
    if not slug:
        raise ScaffoldError(f"office name {name!r} gives an empty slug")
    if not slug.isascii():
        odd = next(character for character in slug if not character.isascii())
        raise ScaffoldError(f"office name {name!r}: {odd!r} is not ASCII (only ä, ö, ü, ß are)")
    if slug[0].isdigit():
        raise ScaffoldError(f"office name {name!r} gives slug {slug!r}, which starts with a digit")
    if not is_key(slug):
        odd = next(character for character in slug if not re.match(r"[a-z0-9_]", character))
        raise ScaffoldError(
            f"office name {name!r} gives slug {slug!r}: {odd!r} cannot be part of a package name"
        )
    if len(name.strip()) > MAX_NAME_LENGTH or len(slug) > MAX_SLUG_LENGTH:
        raise ScaffoldError(
            f"office name {name!r} is too long: at most {MAX_NAME_LENGTH} characters "
            f"and a slug of at most {MAX_SLUG_LENGTH} ({slug!r} has {len(slug)})"
        )
    return slug


def default_districts(name: str) -> tuple[str, ...]:
    """The name's districts when it is made of Dortmund districts (``Mengede/Huckarde``)."""
    parts = [part.strip() for part in name.split("/")]
    return tuple(parts) if all(part in DISTRICTS for part in parts) else ()


def parse_districts(text: str) -> tuple[str, ...]:
    """Comma-separated districts in the city's own spelling; any case is accepted."""
    known = {district.lower(): district for district in DISTRICTS}
    found: list[str] = []
    for part in (part.strip() for part in text.split(",")):
        if not part:
            continue
        if part.lower() not in known:
            raise ScaffoldError(
                f"unknown district {part!r}; Dortmund's districts are {', '.join(DISTRICTS)}"
            )
        if known[part.lower()] not in found:
            found.append(known[part.lower()])
    if not found:
        raise ScaffoldError("the office needs at least one district")
    return tuple(found)


def parse_languages(text: str) -> tuple[str, ...]:
    """Comma-separated ISO 639-1 codes, in the order given."""
    codes: list[str] = []
    for code in (part.strip().lower() for part in text.split(",")):
        if not code:
            continue
        if not is_iso639_1(code):
            raise ScaffoldError(f"{code!r} is not an ISO 639-1 language code (like de, ar, ti)")
        if code not in codes:
            codes.append(code)
    if not codes:
        raise ScaffoldError("the office needs at least one language")
    return tuple(codes)


def parse_welfare_law(text: str) -> str:
    for law in WELFARE_LAWS:
        if text.strip().upper() == law:
            return law
    raise ScaffoldError(f"unknown data-protection law {text!r}; one of {', '.join(WELFARE_LAWS)}")


def parse_postcode(text: str) -> str:
    if not re.fullmatch(r"\d{5}", text.strip()):
        raise ScaffoldError(f"postcode {text!r} is not five digits")
    return text.strip()


def placeholder_keys(welfare_association: str, street: str, postcode: str) -> tuple[str, ...]:
    """The keys among these that still hold what ``lw office new`` writes as a placeholder."""
    given = {
        "office.welfare_association": welfare_association,
        "office.address.street": street,
        "office.address.postcode": postcode,
    }
    return tuple(key for key, value in given.items() if value == PLACEHOLDERS[key])


def default_welfare_law(association: str) -> str:
    """Catholic associations work under the KDG, Protestant ones under the DSG-EKD."""
    lowered = association.lower()
    if "caritas" in lowered:
        return "KDG"
    if "diakon" in lowered:
        return "DSG-EKD"
    return "DSGVO"


@frozen
class OfficeRequest:
    """What the new office is, as given on the command line or in the prompts."""

    name: str
    districts: tuple[str, ...]
    welfare_association: str
    welfare_law: str
    languages: tuple[str, ...]
    opened: date
    street: str = PLACEHOLDER_STREET
    postcode: str = PLACEHOLDER_POSTCODE

    @property
    def slug(self) -> str:
        return slug_for(self.name)

    @property
    def distribution(self) -> str:
        return distribution_name(self.slug)

    @property
    def module(self) -> str:
        return module_name(self.slug)


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


def _next_second_tuesday(day: date) -> date:
    return rrule(MONTHLY, byweekday=TU(2), dtstart=day, count=1)[0].date()


def settings_document(request: OfficeRequest) -> dict[str, Any]:
    """The office's first settings: its identity, languages and one example of each block."""
    slug = request.slug
    return {
        "office": {
            "slug": slug,
            "name": f"lokal willkommen {request.name}",
            "districts": list(request.districts),
            "welfare_association": request.welfare_association,
            "welfare_law": request.welfare_law,
            "opened": request.opened,
            "address": {"street": request.street, "postcode": request.postcode},
        },
        "languages": [{"code": code} for code in request.languages],
        "consultation_hours": [
            {"weekday": "TU", "start": time(10), "end": time(12), "example": True}
        ],
        "round_tables": [
            {
                # Series keys are city-wide; the slug keeps this one unique.
                "key": f"{slug}_runder_tisch",
                "title": f"Runder Tisch {request.name}",
                "place": f"lokal willkommen {request.name}",
                "rrule": "FREQ=MONTHLY;BYDAY=2TU",
                "first": _next_second_tuesday(request.opened),
                "start_time": time(17),
                "duration_minutes": 90,
                "participants": ["lokal willkommen", "Bezirksvertretung", "Ehrenamtliche"],
                "example": True,
            }
        ],
    }


def settings_header(request: OfficeRequest) -> str:
    return (
        f"# lokal willkommen {request.name}: made with `lw office new` on "
        f"{request.opened.isoformat()}.\n"
        "# [office] is what was given; `opened` is the day the file was made. What\n"
        f'# was not given is a placeholder ("{PLACEHOLDER_STREET}", "{PLACEHOLDER_POSTCODE}",\n'
        f'# "{PLACEHOLDER_WELFARE_ASSOCIATION}"): `lw doctor` reports it until the\n'
        "# office fills in its own.\n"
        "# Every record marked `example = true` (consultation hours, round table) is\n"
        "# example data to be replaced by the office's own; `uv run lw config check`\n"
        "# says what is wrong, with file, key and line.\n"
    )


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


def require_copier() -> None:
    """copier is an optional extra (``lwcore[scaffold]``): say so before anything is written."""
    if importlib.util.find_spec("copier") is None:
        raise ScaffoldError(
            "lw office new needs copier, which is not installed here: "
            "install lwcore with its extra, e.g. uv tool install 'lwcore[scaffold]'"
        )


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
        _render_plugin(source, plugin_dir, request, workspace.root)
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


def _render_plugin(
    source: TemplateSource, target: Path, request: OfficeRequest, root: Path
) -> None:
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
