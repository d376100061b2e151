"""The staff handbook stays true to the app: its pictures are today's snapshots of
the screens, every picture it shows exists, its links lead to its own headings,
and its key tables name exactly the keys each screen has, as the app labels them.

A change of a screen's keys, of a key's label or of a screen's look fails here
until the handbook (lwcore/handbook/handbuch.md) and its pictures
(docs/handbuch/update_screenshots.py) follow.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from textual.binding import Binding
from textual.screen import Screen

from lwcore.handbook import HANDBOOK, for_terminal, handbook_text
from lwcore.health.report import _CHECKS
from lwcore.i18n import _, set_language
from lwcore.tui.forms.base import Form
from lwcore.tui.screens.case_file import CaseFileScreen
from lwcore.tui.screens.handbook import HandbookScreen
from lwcore.tui.screens.help import GLOBAL_KEYS, HelpScreen
from lwcore.tui.screens.hours import HoursScreen
from lwcore.tui.screens.network import NetworkScreen
from lwcore.tui.screens.office_switcher import OfficeSwitcher
from lwcore.tui.screens.referrals import ReferralsScreen
from lwcore.tui.screens.round_tables import RoundTablesScreen
from lwcore.tui.screens.statistics import StatisticsScreen
from lwcore.tui.screens.today import TodayScreen
from lwcore.tui.screens.visits import VisitsScreen
from tests.conftest import REPO

PICTURES = REPO / "docs" / "handbuch"
SCREENS_PACKAGE = REPO / "lwcore" / "tui" / "screens"

#: The handbook's key tables ("#### Tasten: NAME") and the screen each describes.
KEY_TABLES: dict[str, type[Screen[object]] | None] = {
    "Heute": TodayScreen,
    "Sprechstunde": HoursScreen,
    "Weitervermittlungen": ReferralsScreen,
    "Hausbesuche": VisitsScreen,
    "Runde Tische": RoundTablesScreen,
    "Netzwerk": NetworkScreen,
    "Statistik": StatisticsScreen,
    "Fallakte": CaseFileScreen,
    "Formulare": Form,
    "Büro wechseln": OfficeSwitcher,
    "Hilfe": HelpScreen,
    "Handbuch": HandbookScreen,
    "überall": None,  # the keys everywhere: the help's GLOBAL_KEYS
}

#: How the handbook names keys that are not a letter or an F-key.
KEY_WORDS = {
    "Eingabetaste": "enter",
    "Esc": "escape",
    "?": "question_mark",
    "[": "left_square_bracket",
    "]": "right_square_bracket",
}


@pytest.fixture(autouse=True)
def _german() -> Iterator[None]:
    set_language("de")
    yield
    set_language("de")


def screenshot_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_screenshots", PICTURES / "update_screenshots.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pictures_shown(text: str) -> list[str]:
    return re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)


def links(text: str) -> list[str]:
    """The targets of the handbook's links that are not pictures."""
    return re.findall(r"(?<!!)\[[^\]]+\]\(([^)]+)\)", text)


def heading_anchors(text: str) -> set[str]:
    """GitHub's (and Textual's) anchors of the headings: lower case, punctuation
    dropped, spaces as hyphens."""
    anchors = set()
    for heading in re.findall(r"^#+ (.+)$", text, re.M):
        words = re.sub(r"[^\w\- ]", "", heading.lower())
        anchors.add(words.replace(" ", "-"))
    return anchors


def key_tables(text: str) -> dict[str, list[tuple[str, str]]]:
    """Each "#### Tasten: NAME" section's rows as (key, label shown)."""
    tables: dict[str, list[tuple[str, str]]] = {}
    current: str | None = None
    for line in text.splitlines():
        heading = re.match(r"^#+ (.+)$", line)
        if heading:
            named = re.match(r"Tasten: (.+)", heading[1])
            current = named[1].strip() if named else None
            if current is not None:
                tables[current] = []
            continue
        if current is None or not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0] in ("Taste", "---"):
            continue
        tables[current].append((cells[0], cells[1]))
    return tables


def binding_key(name: str) -> str:
    """``Strg+S`` -> ``ctrl+s``, ``Eingabetaste`` -> ``enter``, ``A`` -> ``a``."""
    if name in KEY_WORDS:
        return KEY_WORDS[name]
    if name.startswith("Strg+"):
        return "ctrl+" + binding_key(name.removeprefix("Strg+"))
    if re.fullmatch(r"F\d{1,2}|[A-Z]", name):
        return name.lower()
    raise AssertionError(f"the handbook names a key the test cannot read: {name!r}")


def declared(screen: type[Screen[object]]) -> dict[str, str]:
    """The keys ``screen`` itself declares with a label (not Textual's own, such as
    Tab): key -> the label in German."""
    found = {}
    for binding in Binding.make_bindings(vars(screen).get("BINDINGS", ())):
        if binding.description:
            for key in binding.key.split(","):
                found[key.strip()] = _(binding.description)
    return found


def test_docs_points_to_the_handbook_in_the_package() -> None:
    pointer = (REPO / "docs" / "handbuch.md").read_text(encoding="utf-8")
    assert "(../lwcore/handbook/handbuch.md)" in pointer
    assert HANDBOOK == REPO / "lwcore" / "handbook" / "handbuch.md"
    assert HANDBOOK.is_file()


def test_every_picture_the_handbook_shows_exists() -> None:
    text = handbook_text()
    shown = pictures_shown(text)
    assert shown, "the handbook shows no screenshot"
    missing = [target for target in shown if not (HANDBOOK.parent / target).resolve().is_file()]
    assert missing == [], f"the handbook shows pictures that do not exist: {missing}"
    assert all(Path(target).parent.name == "handbuch" for target in shown), shown


def test_the_pictures_are_the_snapshots_of_the_screens_as_they_are() -> None:
    script = screenshot_script()
    shown = {Path(target).name for target in pictures_shown(handbook_text())}
    assert set(script.SCREENSHOTS) == shown, "update_screenshots.SCREENSHOTS and the handbook"
    on_disk = {path.name for path in PICTURES.glob("*.svg")}
    assert on_disk == shown, f"pictures no page shows: {sorted(on_disk - shown)}"
    stale = script.stale()
    assert stale == [], (
        "the handbook's pictures are not the screens' snapshots: "
        "run `uv run python docs/handbuch/update_screenshots.py`\n" + "\n".join(stale)
    )


def test_the_screenshot_script_checks_and_copies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On folders of its own: missing pictures, copying, a changed snapshot."""
    script = screenshot_script()
    snapshots, pictures = tmp_path / "snapshots", tmp_path / "pictures"
    pictures.mkdir()
    for number, snapshot in enumerate(script.SCREENSHOTS.values()):
        (snapshots / snapshot).parent.mkdir(parents=True, exist_ok=True)
        (snapshots / snapshot).write_text(f"<svg>{number}</svg>", encoding="utf-8")
    script.HERE, script.SNAPSHOTS = pictures, snapshots
    picture, snapshot = next(iter(script.SCREENSHOTS.items()))
    assert script.main(["update_screenshots.py", "--check"]) == 1
    assert f"{picture}: missing" in capsys.readouterr().err
    assert script.main(["update_screenshots.py"]) == 0
    assert (pictures / picture).read_text(encoding="utf-8") == "<svg>0</svg>"
    assert script.main(["update_screenshots.py", "--check"]) == 0
    (snapshots / snapshot).write_text("<svg>changed</svg>", encoding="utf-8")
    assert script.stale() == [f"{picture}: differs from its snapshot {snapshot}"]
    (snapshots / snapshot).unlink()
    assert script.stale() == [f"{picture}: its snapshot {snapshot} is missing"]


def test_links_lead_to_the_handbooks_own_headings() -> None:
    """The app shows the handbook without the repository: a link may only jump
    within it."""
    text = handbook_text()
    anchors = heading_anchors(text)
    for target in links(text):
        assert target.startswith("#"), f"a link out of the handbook: {target}"
        assert target[1:] in anchors, f"no heading has the anchor {target}"


def test_the_terminal_gets_every_heading_and_no_picture() -> None:
    text = handbook_text()
    shown = for_terminal(text)
    assert pictures_shown(shown) == []
    assert re.findall(r"^#+ .+$", shown, re.M) == re.findall(r"^#+ .+$", text, re.M)
    assert "Taste F2" in shown


def test_the_key_tables_cover_every_screen_with_keys() -> None:
    """A new screen with keys of its own needs its table in the handbook."""
    covered = {screen for screen in KEY_TABLES.values() if screen is not None}
    with_keys = set()
    for path in SCREENS_PACKAGE.glob("*.py"):
        module = importlib.import_module(f"lwcore.tui.screens.{path.stem}")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, Screen) and declared(cls):
                with_keys.add(cls)
    assert sorted(cls.__name__ for cls in with_keys - covered) == []
    assert set(key_tables(handbook_text())) == set(KEY_TABLES)


@pytest.mark.parametrize("table", [name for name, screen in KEY_TABLES.items() if screen])
def test_a_key_table_names_exactly_the_screens_keys(table: str) -> None:
    screen = KEY_TABLES[table]
    assert screen is not None
    rows = key_tables(handbook_text())[table]
    keys = declared(screen)
    named = {binding_key(key): label for key, label in rows}
    unknown = sorted(set(named) - set(keys))
    assert unknown == [], f"{table}: the handbook names keys the screen does not have"
    left_out = sorted(set(keys) - set(named))
    assert left_out == [], f"{table}: keys of the screen the handbook leaves out"
    for key, label in named.items():
        assert label == keys[key], f"{table}: {key} is labelled {keys[key]!r} in the app"


def test_the_table_of_keys_everywhere_is_the_helps() -> None:
    rows = key_tables(handbook_text())["überall"]
    named = {key.replace("Strg+", "Ctrl+"): label for key, label in rows}
    helped = {key: _(what) for key, what in GLOBAL_KEYS}
    assert named == helped


def test_the_admin_guide_links_to_sections_and_files_that_exist() -> None:
    """IT's guide points into the README rather than copying it: a renamed README
    section or a moved file must not leave it pointing nowhere."""
    guide = REPO / "docs" / "admin-guide.md"
    text = guide.read_text(encoding="utf-8")
    targets = [target for target in links(text) if not target.startswith("http")]
    assert any(target.startswith("../README.md#") for target in targets)
    for target in targets:
        path, _hash, anchor = target.partition("#")
        document = (guide.parent / path).resolve() if path else guide
        assert document.exists(), f"{target}: no such file"
        if anchor:
            assert document.suffix == ".md", target
            headings = heading_anchors(document.read_text(encoding="utf-8"))
            assert anchor in headings, f"{target}: no such section"


def test_the_admin_guide_says_what_to_do_for_every_doctor_check() -> None:
    """Each kind of row lw doctor prints has its line in the guide's table."""
    text = (REPO / "docs" / "admin-guide.md").read_text(encoding="utf-8")
    section = text.split("## `lw doctor`", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([a-z]+)` \|", section, re.M)
    assert rows == [name for name, _check in _CHECKS]
