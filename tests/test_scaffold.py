"""``lw office new``: a new office's plugin, settings and workspace entry, or a clear refusal."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from click.testing import CliRunner, Result

from lwcore import hookspecs, scaffold
from lwcore.cli import cli
from lwcore.settings.files import load
from lwcore.settings.office import OfficeSettings
from lwcore.vocabulary import DISTRICTS
from lwcore.workspace_members import PyprojectError, add_member
from tests.conftest import REPO

#: Built-in marker, so it needs no registration: ``LW_SKIP_SLOW=1`` leaves the test out.
SLOW = pytest.mark.skipif(
    os.environ.get("LW_SKIP_SLOW") == "1",
    reason="slow (about 10 s): copies the repository, runs uv sync and four uv runs",
)


def run_cli(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its content (bytecode caches left out)."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A repository to add offices to: the real root pyproject.toml, empty plugins and offices."""
    root = tmp_path / "repo"
    (root / "plugins").mkdir(parents=True)
    (root / "config" / "offices").mkdir(parents=True)
    shutil.copyfile(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


def new_office(workspace: Path, *args: str, input: str | None = None) -> Result:
    return run_cli("office", "new", *args, "--into", str(workspace), input=input)


# --- the slug ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Eving", "eving"),
        ("Hörde/Hombruch", "hoerde_hombruch"),
        ("Innenstadt-Nord", "innenstadt_nord"),
        ("Lütgendortmund", "luetgendortmund"),
        ("Groß Barop", "gross_barop"),
        ("ÄÖÜ", "aeoeue"),
        ("  Mengede / Huckarde ", "mengede_huckarde"),
        ("Nord 2", "nord_2"),
    ],
)
def test_slug_from_the_name(name: str, slug: str) -> None:
    assert scaffold.slug_for(name) == slug


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "office name '' gives an empty slug"),
        (" / - ", "office name ' / - ' gives an empty slug"),
        ("2. Bezirk", "gives slug '2._bezirk', which starts with a digit"),
        ("Évry", "'é' is not ASCII (only ä, ö, ü, ß are)"),
        ("Eving!", "gives slug 'eving!': '!' cannot be part of a package name"),
        ("St. Eving", "gives slug 'st._eving': '.' cannot be part of a package name"),
        ("A" * 41, "is too long: at most 40 characters"),
    ],
)
def test_names_that_make_no_package_are_refused(workspace: Path, name: str, reason: str) -> None:
    before = tree(workspace)
    result = new_office(workspace, name, "--districts", "Eving", "--yes")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert reason in result.stderr
    assert tree(workspace) == before


# --- refusals ---------------------------------------------------------------------------


def test_an_installed_office_is_refused(workspace: Path) -> None:
    result = new_office(workspace, "Brackel", "--yes")
    assert result.exit_code == 2
    assert result.stderr == "Error: office 'brackel' exists: a plugin of that name is installed\n"


def test_an_existing_plugin_folder_is_refused(workspace: Path) -> None:
    (workspace / "plugins" / "eving").mkdir()
    before = tree(workspace)
    result = new_office(workspace, "Eving", "--yes")
    assert result.exit_code == 2
    assert f"{workspace / 'plugins' / 'eving'} is already there" in result.stderr
    assert tree(workspace) == before
    assert (workspace / "plugins" / "eving").is_dir()


def test_an_existing_settings_file_is_refused(workspace: Path) -> None:
    (workspace / "config" / "offices" / "eving.toml").write_text("# ours\n", encoding="utf-8")
    result = new_office(workspace, "Eving", "--yes")
    assert result.exit_code == 2
    assert f"{workspace / 'config' / 'offices' / 'eving.toml'} is already there" in result.stderr
    assert (workspace / "config" / "offices" / "eving.toml").read_text() == "# ours\n"


def test_a_plugin_the_workspace_already_names_is_refused(workspace: Path) -> None:
    pyproject = workspace / "pyproject.toml"
    pyproject.write_text(add_member(pyproject.read_text(), "lw-eving"))
    result = new_office(workspace, "Eving", "--yes")
    assert result.exit_code == 2
    assert f"office 'eving' exists: {pyproject} names it" in result.stderr


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        (
            ["--districts", "Eving,Gotham"],
            "unknown district 'Gotham'; Dortmund's districts are Innenstadt-West,",
        ),
        (["--languages", "de,arabic"], "'arabic' is not an ISO 639-1 language code"),
        (["--languages", "de,xx"], "'xx' is not an ISO 639-1 language code"),
        (["--welfare-law", "GDPR"], "unknown data-protection law 'GDPR'; one of KDG, DSG-EKD"),
        (["--postcode", "4433"], "postcode '4433' is not five digits"),
    ],
)
def test_bad_values_are_refused(workspace: Path, options: list[str], reason: str) -> None:
    before = tree(workspace)
    result = new_office(workspace, "Eving", *options, "--yes")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert reason in result.stderr
    assert tree(workspace) == before


def test_districts_are_needed_when_the_name_is_none(workspace: Path) -> None:
    result = new_office(workspace, "Nordost", "--yes")
    assert result.exit_code == 2
    assert "--districts is needed: 'Nordost' is not one of Dortmund's districts" in result.stderr


def test_a_folder_that_is_no_workspace_is_refused(tmp_path: Path) -> None:
    result = run_cli("office", "new", "Eving", "--yes", "--into", str(tmp_path))
    assert result.exit_code == 2
    assert f"{tmp_path}: no pyproject.toml; --into names the repository" in result.stderr
    # Only the test's own log folder (lwcore.testing points $LW_LOG_DIR there).
    assert [path.name for path in tmp_path.iterdir()] in ([], ["logs"])


# --- what it makes ----------------------------------------------------------------------


def test_new_office_files(workspace: Path) -> None:
    old_pyproject = (workspace / "pyproject.toml").read_text()
    result = new_office(
        workspace,
        "Hörde/Hombruch",
        "--welfare-org",
        "Caritasverband Dortmund e.V.",
        "--languages",
        "de, AR,fa",
        "--yes",
    )
    assert result.exit_code == 0, result.output
    assert "next: uv sync" in result.stdout
    assert (
        "hoerde_hombruch.toml: fill in office.address.street, office.address.postcode "
        "(lw doctor reports the placeholders until then) and replace its example records"
    ) in result.stdout
    plugin = workspace / "plugins" / "hoerde_hombruch"
    assert sorted(tree(plugin)) == [
        ".copier-answers.yml",
        "lw_hoerde_hombruch/__init__.py",
        "lw_hoerde_hombruch/hooks.py",
        "lw_hoerde_hombruch/settings.py",
        "pyproject.toml",
        "tests/test_hoerde_hombruch.py",
    ]
    project = tomllib.loads((plugin / "pyproject.toml").read_text())
    assert project["project"]["name"] == "lw-hoerde-hombruch"
    assert project["project"]["entry-points"]["lwcore"] == {
        "hoerde_hombruch": "lw_hoerde_hombruch.hooks"
    }
    assert project["tool"]["uv"]["sources"] == {"lwcore": {"workspace": True}}
    hooks = (plugin / "lw_hoerde_hombruch" / "hooks.py").read_text()
    assert 'LWCORE_PLUGIN_API = ">=1.2,<2"' in hooks
    implemented = [name for name in dir(hookspecs) if f"@hookimpl\ndef {name}(" in hooks]
    assert implemented == ["lw_settings_class"]  # the settings file answers the rest
    assert (
        "class HoerdeHombruchSettings(OfficeSettings):"
        in (plugin / "lw_hoerde_hombruch" / "settings.py").read_text()
    )
    answers = (plugin / ".copier-answers.yml").read_text()
    assert "_src_path: " in answers
    assert "office_name: Hörde/Hombruch" in answers

    path = workspace / "config" / "offices" / "hoerde_hombruch.toml"
    text = path.read_text()
    assert text.startswith("# lokal willkommen Hörde/Hombruch: made with `lw office new`")
    assert "example = true" in text
    settings = load(path, OfficeSettings)
    office = settings.office
    assert office.name == "lokal willkommen Hörde/Hombruch"
    assert office.districts == ("Hörde", "Hombruch")
    assert office.welfare_law == "KDG"  # from Caritas
    assert office.opened == datetime.now(ZoneInfo("Europe/Berlin")).date()
    assert [language.code for language in settings.languages] == ["de", "ar", "fa"]
    assert [hours.example for hours in settings.consultation_hours] == [True]
    [series] = settings.round_tables
    assert series.example
    assert series.key == "hoerde_hombruch_runder_tisch"

    new_pyproject = (workspace / "pyproject.toml").read_text()
    added = set(new_pyproject.splitlines()) - set(old_pyproject.splitlines())
    assert added == {'    "lw-hoerde-hombruch",', "lw-hoerde-hombruch = { workspace = true }"}
    assert len(new_pyproject.splitlines()) == len(old_pyproject.splitlines()) + 2
    data = tomllib.loads(new_pyproject)
    assert "lw-hoerde-hombruch" in data["dependency-groups"]["dev"]
    assert data["tool"]["uv"]["sources"]["lw-hoerde-hombruch"] == {"workspace": True}


def test_config_option_puts_the_settings_file_in_that_folder(
    workspace: Path, tmp_path: Path
) -> None:
    """``lw --config DIR office new``: DIR/offices/<slug>.toml, checked there, not in the repo."""
    ours = workspace / "config" / "offices" / "eving.toml"
    ours.write_text("# the repository's own\n", encoding="utf-8")
    elsewhere = tmp_path / "etc" / "lw"
    result = run_cli(
        "--config", str(elsewhere), "office", "new", "Eving", "--yes", "--into", str(workspace)
    )
    assert result.exit_code == 0, result.output
    path = elsewhere / "offices" / "eving.toml"
    assert f"created {path}: fill in office.welfare_association," in result.stdout
    assert load(path, OfficeSettings).office.slug == "eving"
    assert ours.read_text(encoding="utf-8") == "# the repository's own\n"
    assert f"the plugin's tests read {ours}, not {path}" in result.stderr

    shutil.rmtree(workspace / "plugins" / "eving")  # so that the settings file is the reason
    again = run_cli(
        "--config", str(elsewhere), "office", "new", "Eving", "--yes", "--into", str(workspace)
    )
    assert again.exit_code == 2
    assert again.stderr == f"Error: office 'eving' exists: {path} is already there\n"


def test_without_config_option_the_settings_file_goes_to_the_repository(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """$LW_CONFIG_DIR names where lw runs; the repository (--into) keeps its own config."""
    monkeypatch.setenv("LW_CONFIG_DIR", str(tmp_path / "installed"))
    result = new_office(workspace, "Eving", "--yes")
    assert result.exit_code == 0, result.output
    assert (workspace / "config" / "offices" / "eving.toml").is_file()
    assert not (tmp_path / "installed").exists()
    assert "the plugin's tests read" not in result.stderr


def test_prompts_ask_for_what_is_not_given_and_ask_again_after_a_mistake(
    workspace: Path,
) -> None:
    answers = "\n".join(
        [
            "Eving, Gotham",  # districts: refused, asked again
            "eving,scharnhorst",
            "Diakonie Dortmund",
            "",  # law: the default for a Protestant association
            "de,ar,ti",
            "Evinger Straße 1",
            "44339",
        ]
    )
    result = new_office(workspace, "Eving", input=answers + "\n")
    assert result.exit_code == 0, result.output
    assert "Districts (comma-separated) [Eving]:" in result.output
    assert "unknown district 'Gotham'" in result.output
    assert "Its data-protection law (KDG, DSG-EKD, DSGVO) [DSG-EKD]:" in result.output
    settings = load(workspace / "config" / "offices" / "eving.toml", OfficeSettings)
    assert settings.office.districts == ("Eving", "Scharnhorst")
    assert settings.office.welfare_association == "Diakonie Dortmund"
    assert settings.office.welfare_law == "DSG-EKD"
    assert str(settings.office.address) == "Evinger Straße 1, 44339 Dortmund"
    assert [language.code for language in settings.languages] == ["de", "ar", "ti"]


def test_generated_code_is_ruff_clean_for_short_and_longest_names(workspace: Path) -> None:
    longest = "Innenstadt-Nord/Innenstadt-Ost 2"
    assert len(scaffold.slug_for(longest)) == scaffold.MAX_SLUG_LENGTH
    for name, districts in (("Eving", "Eving"), (longest, ",".join(DISTRICTS))):
        result = new_office(workspace, name, "--districts", districts, "--yes")
        assert result.exit_code == 0, result.output
    (workspace / "lwcore").symlink_to(REPO / "lwcore")  # first-party, as in the repository
    for command in (["check"], ["format", "--check"]):
        ruff = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "plugins"],
            cwd=workspace,
            capture_output=True,
            text=True,
            check=False,
        )
        assert ruff.returncode == 0, ruff.stdout + ruff.stderr


# --- nothing half-written ---------------------------------------------------------------


def _request(name: str = "Eving") -> scaffold.OfficeRequest:
    return scaffold.OfficeRequest(
        name=name,
        districts=("Eving",),
        welfare_association="AWO Unterbezirk Dortmund",
        welfare_law="DSGVO",
        languages=("de",),
        opened=date(2026, 11, 27),
    )


@pytest.mark.parametrize(
    "failing", ["lwcore.scaffold.create.write_toml", "lwcore.scaffold.create._write_text"]
)
def test_a_failure_after_starting_removes_what_was_written(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    shutil.rmtree(workspace / "config")  # made by the run, so removed with it
    before = tree(workspace)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(failing, broken)
    with pytest.raises(OSError, match="disk full"):
        scaffold.create_office(scaffold.Workspace.open(workspace), _request())
    assert tree(workspace) == before
    assert sorted(path.name for path in workspace.iterdir()) == ["plugins", "pyproject.toml"]


def test_a_failed_sync_removes_the_new_office(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workspace / "uv.lock").write_text("# lock\n")
    before = tree(workspace)
    opened = scaffold.Workspace.open(workspace)
    created = scaffold.create_office(opened, _request())
    assert created.plugin_dir.is_dir()
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(scaffold.ScaffoldError, match="uv not found"):
        scaffold.sync(opened, created)
    assert tree(workspace) == before


_PYPROJECT = """\
[project]
name = "lwcore"

[dependency-groups]
# the offices and the tools
dev = [
    "lw-brackel",  # the pilot
    "mypy~=2.4",
]

[tool.uv.sources]
lw-brackel = { workspace = true }

[tool.uv.workspace]
members = ["plugins/*"]
"""


def test_the_pyproject_edit_adds_two_lines_in_place_and_keeps_the_rest() -> None:
    edited = add_member(_PYPROJECT, "lw-eving")
    assert edited == _PYPROJECT.replace(
        '    "mypy~=2.4",', '    "lw-eving",\n    "mypy~=2.4",'
    ).replace(
        "lw-brackel = { workspace = true }\n",
        "lw-brackel = { workspace = true }\nlw-eving = { workspace = true }\n",
    )
    first = add_member(_PYPROJECT, "lw-aplerbeck")
    assert first.index('"lw-aplerbeck"') < first.index('"lw-brackel"')


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (("dev = [\n", 'dev = ["lw-brackel"]\nold = [\n'), "no multi-line dev"),
        (('"mypy~=2.4",', '"aaa"'), "last entry has no trailing comma"),
        (("[tool.uv.sources]\n", "[tool.uv.sources]  # ours\n"), "would not parse"),
    ],
)
def test_the_pyproject_edit_refuses_what_it_cannot_do_safely(
    change: tuple[str, str], reason: str
) -> None:
    with pytest.raises(PyprojectError, match=reason):
        add_member(_PYPROJECT.replace(*change), "lw-eving")


# --- end to end -------------------------------------------------------------------------

_NOT_COPIED = shutil.ignore_patterns(
    ".venv",
    ".git",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    "snapshot_report.html",
    "dist",
    "build",
)

_OFFICES_IN_THE_TUI = """
import json, sys, tempfile
from pathlib import Path
from lwcore.tui.backend import Backend
folder = tempfile.mkdtemp()
# The coordinator reads every office, so the switcher lists them all.
backend = Backend(
    config_option=Path("config"),
    database_url=f"sqlite:///{folder}/tui.sqlite3",
    staff="koordination",
)
print(json.dumps([office.slug for office in backend.start().offices]))
"""


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for name, content in tree(folder).items():
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def _uv(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VIRTUAL_ENV", "LW_CONFIG_DIR", "LW_DISABLE_PLUGINS", "LW_DATABASE_URL"}
    }
    uv = shutil.which("uv")
    assert uv is not None, "uv is needed on PATH"
    return subprocess.run(
        [uv, *args], cwd=copy, env=environment, capture_output=True, text=True, check=False
    )


@SLOW
def test_end_to_end_a_new_office_in_a_copy_of_the_repository(tmp_path: Path) -> None:
    """The whole afternoon: make Eving, sync, its tests, lw offices, the TUI list, config check."""
    started = time.monotonic()
    copy = tmp_path / "repo"
    shutil.copytree(REPO, copy, ignore=_NOT_COPIED)
    core_before = _fingerprint(copy / "lwcore")

    command = "office new Eving --districts Eving,Scharnhorst --languages de,ar,ti --yes"
    result = run_cli(*command.split(), "--into", str(copy))
    assert result.exit_code == 0, result.output

    synced = _uv(copy, "sync", "--offline")
    if synced.returncode != 0:
        synced = _uv(copy, "sync")
    assert synced.returncode == 0, synced.stderr
    assert "lw-eving" in synced.stderr

    tests = _uv(copy, "run", "--offline", "pytest", "plugins/eving", "-q", "-p", "no:cacheprovider")
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "9 passed" in tests.stdout

    listed = _uv(copy, "run", "--offline", "lw", "offices", "--json")
    assert listed.returncode == 0, listed.stderr
    offices = {office["slug"]: office for office in json.loads(listed.stdout)}
    assert offices["eving"]["languages"] == ["de", "ar", "ti"]
    assert offices["eving"]["districts"] == ["Eving", "Scharnhorst"]
    assert offices["eving"]["plugin"] == "eving"

    switcher = _uv(copy, "run", "--offline", "python", "-c", _OFFICES_IN_THE_TUI)
    assert switcher.returncode == 0, switcher.stderr
    assert "eving" in json.loads(switcher.stdout.strip().splitlines()[-1])

    checked = _uv(copy, "run", "--offline", "lw", "config", "check")
    assert checked.returncode == 0, checked.stderr
    assert "settings valid for 3 offices (brackel, eving, mengede_huckarde)" in checked.stdout

    assert _fingerprint(copy / "lwcore") == core_before
    assert time.monotonic() - started < 180


# --- taking template changes ---------------------------------------------------------

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
}
NEEDS_GIT = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(folder: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", *args],
        cwd=folder,
        env={**os.environ, **GIT_IDENTITY},
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def with_template(workspace: Path) -> Path:
    """The workspace as a checkout of this repository has it: root copier.yml and template."""
    shutil.copyfile(REPO / scaffold.REPOSITORY_CONFIG, workspace / scaffold.REPOSITORY_CONFIG)
    template = workspace / "lwcore" / "templates" / "office"
    shutil.copytree(scaffold.TEMPLATE, template, ignore=shutil.ignore_patterns("__pycache__"))
    return template


@NEEDS_GIT
def test_template_source_is_the_checkout_only_while_the_template_is_committed(
    workspace: Path,
) -> None:
    template = with_template(workspace)
    assert scaffold.template_source(template).reason == f"{template} is not in a git checkout"
    git(workspace, "init", "-q")
    assert "not committed" in str(scaffold.template_source(template).reason)
    git(workspace, "add", "-A")
    git(workspace, "commit", "-qm", "one")
    assert scaffold.template_source(template) == scaffold.TemplateSource(
        workspace.resolve(), commit=git(workspace, "rev-parse", "HEAD")
    )
    (workspace / "README.md").write_text("changes elsewhere do not matter\n")
    assert scaffold.template_source(template).updatable
    hooks = template / "template" / "{{ module }}" / "hooks.py.jinja"
    hooks.write_text(hooks.read_text() + "# not committed\n")
    source = scaffold.template_source(template)
    assert (source.path, source.commit) == (template.resolve(), None)
    assert source.reason == (
        f"the template has changes not committed in the git checkout {workspace.resolve()}"
    )
    git(workspace, "checkout", "-q", "--", ".")
    (workspace / scaffold.REPOSITORY_CONFIG).write_text("_subdirectory: elsewhere\n")
    assert "does not point copier at" in str(scaffold.template_source(template).reason)


def test_without_git_the_template_folder_is_recorded_for_recopy(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An lwcore that is no git checkout: the office is made, and told it gets no updates."""
    monkeypatch.setattr("lwcore.scaffold.create.TEMPLATE", with_template(workspace))
    result = new_office(workspace, "Eving", "--yes")
    assert result.exit_code == 0, result.output
    assert "is not in a git checkout: the plugin records the template folder" in result.stderr
    assert "only copier recopy" in result.stderr
    answers = (workspace / "plugins" / "eving" / ".copier-answers.yml").read_text()
    assert "_src_path: ../../lwcore/templates/office\n" in answers
    assert "\n_commit:" not in answers
    assert "only\n# `copier recopy` brings template changes" in answers


@NEEDS_GIT
def test_copier_update_brings_template_changes_and_keeps_the_office_edits(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a git checkout the plugin is made from the root copier.yml at a commit: updatable."""
    for name, value in GIT_IDENTITY.items():
        monkeypatch.setenv(name, value)
    template = with_template(workspace)
    git(workspace, "init", "-q")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-qm", "core 1")
    made_from = git(workspace, "rev-parse", "--short", "HEAD")
    monkeypatch.setattr("lwcore.scaffold.create.TEMPLATE", template)
    result = new_office(workspace, "Eving", "--yes")
    assert result.exit_code == 0, result.output
    assert f"made from commit {made_from}" in result.stdout
    plugin = workspace / "plugins" / "eving"
    answers = plugin / ".copier-answers.yml"
    recorded = yaml.safe_load(answers.read_text())
    assert (recorded["_commit"], recorded["_src_path"]) == (made_from, "../..")
    assert 'uv run copier update --defaults --vcs-ref "$(git rev-parse HEAD)"' in (
        answers.read_text()
    )
    hooks = plugin / "lw_eving" / "hooks.py"
    hooks.write_text(
        hooks.read_text().replace(
            "    return EvingSettings\n", "    return EvingSettings  # ours\n"
        )
    )
    git(workspace, "add", "-A")
    git(workspace, "commit", "-qm", "Eving, with an edit of its own")

    template_hooks = template / "template" / "{{ module }}" / "hooks.py.jinja"
    template_hooks.write_text(
        template_hooks.read_text().replace(
            'LWCORE_PLUGIN_API = ">=1.2,<2"', 'LWCORE_PLUGIN_API = ">=1.2,<2"  # core 2'
        )
    )
    git(workspace, "commit", "-qam", "core 2")
    head = git(workspace, "rev-parse", "HEAD")
    # Uncommitted work elsewhere in the checkout stays out of the recorded _commit.
    (workspace / "config" / "lwcore.toml").write_text("# work in progress\n")

    from copier import run_update

    monkeypatch.chdir(plugin)  # _src_path is relative to the plugin's folder
    run_update(".", defaults=True, overwrite=True, quiet=True, vcs_ref=head)
    updated = hooks.read_text()
    assert 'LWCORE_PLUGIN_API = ">=1.2,<2"  # core 2' in updated
    assert "    return EvingSettings  # ours\n" in updated
    updated_from = yaml.safe_load(answers.read_text())["_commit"]
    assert head.startswith(updated_from)
    assert git(workspace, "diff", "HEAD", "--name-only", "--", "plugins").splitlines() == [
        "plugins/eving/.copier-answers.yml",
        "plugins/eving/lw_eving/hooks.py",
    ]
    git(workspace, "cat-file", "-e", f"{updated_from}^{{commit}}")  # a real commit
