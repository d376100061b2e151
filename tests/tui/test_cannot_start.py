"""When the office cannot open, the UI says why in German and what to do, and `lw`
stops with exit status 2: no endless spinner, no traceback."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from lwcore.services import FrozenClock
from lwcore.testing import ConfigFolder
from lwcore.tui.app import OfficeApp
from lwcore.tui.backend import Backend
from lwcore.tui.forms.base import Notice
from lwcore.tui.i18n import set_language
from tests.conftest import REPO_CONFIG
from tests.tui.conftest import STAFF, TUI_NOW, settle


def start(url: str, *, config: Path = REPO_CONFIG, staff: str = STAFF) -> tuple[OfficeApp, str]:
    """Start the app, read the notice it shows, close it: (app, the notice's text)."""
    set_language("de")
    backend = Backend(
        config_option=config, database_url=url, clock=FrozenClock(TUI_NOW), staff=staff
    )
    app = OfficeApp(backend)
    text = ""

    async def scenario() -> None:
        nonlocal text
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            notice = app.screen
            assert isinstance(notice, Notice)
            text = str(notice.query_one("#notice-text").render())
            await pilot.press("enter")
            await settle(pilot)

    asyncio.run(scenario())
    return app, text


def test_an_unreachable_database_is_named_with_what_to_do() -> None:
    app, text = start("postgresql://postgres@127.0.0.1:1/nowhere")
    assert text.startswith("Die Datenbank postgresql://postgres@127.0.0.1:1/nowhere kann nicht")
    assert "127.0.0.1" in text
    assert "database_url" in text
    assert app.return_code == 2


@pytest.mark.parametrize("url", ["foo", "mysql://someone@somewhere/db"])
def test_a_wrong_database_url_is_named(url: str) -> None:
    app, text = start(url)
    assert "database_url" in text
    assert "sqlite:///" in text, "says how it is written"
    assert app.return_code == 2


def test_a_broken_settings_file_is_named_with_file_and_line(
    lw_config: ConfigFolder, demo_url: str
) -> None:
    lw_config.path.joinpath("lwcore.toml").write_text(
        (REPO_CONFIG / "lwcore.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    lw_config.copy_office(REPO_CONFIG / "offices" / "mengede_huckarde.toml")
    lw_config.write_office("brackel", "[office\nname = 'kaputt'\n")
    app, text = start(demo_url, config=lw_config.path)
    assert text.startswith("Eine Einstellungsdatei kann nicht verwendet werden")
    assert "brackel.toml" in text
    assert "lw config check" in text
    assert app.return_code == 2


def test_an_unknown_staff_member_is_named(demo_url: str) -> None:
    app, text = start(demo_url, staff="nobody")
    assert text.startswith("Wer arbeitet?")
    assert "nobody" in text
    assert app.return_code == 2
