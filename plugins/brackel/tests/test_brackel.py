"""The Brackel office plugin: its settings file answers every office hook but the Today panel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from lw_brackel import hooks
from lw_brackel.settings import BrackelSettings

from lwcore.directory import Directory, OfficeEntry
from lwcore.testing import ConfigFolder, PluginRegistrar

SETTINGS = Path(__file__).resolve().parents[3] / "config" / "offices" / "brackel.toml"


@pytest.fixture
def directory(lw_config: ConfigFolder, lw_plugins: PluginRegistrar) -> Directory:
    lw_plugins.only()
    lw_plugins.register(hooks, "brackel")
    lw_config.copy_office(SETTINGS)
    loaded = lw_config.directory()
    assert loaded.problems == []
    return loaded


@pytest.fixture
def brackel(directory: Directory) -> OfficeEntry:
    return directory.office("brackel")


def test_settings_class(brackel: OfficeEntry) -> None:
    assert isinstance(brackel.settings, BrackelSettings)
    assert "Sprechstunde" in brackel.settings.shop_window_notice


def test_office_facts(brackel: OfficeEntry) -> None:
    office = brackel.office
    assert office.opened == date(2016, 10, 10)
    assert office.districts == ("Brackel", "Aplerbeck")
    assert office.address.street == "Brackeler Hellweg 146"
    assert office.welfare_association.startswith("Caritas")
    assert office.welfare_law == "KDG"
    assert [outpost.key for outpost in office.outposts] == ["aplerbeck"]


def test_languages_are_marked_example(brackel: OfficeEntry) -> None:
    assert brackel.language_codes[:3] == ("de", "ar", "en")
    assert all(language.example for language in brackel.languages)


def test_consultation_hours(brackel: OfficeEntry) -> None:
    places = {hours.place for hours in brackel.hours}
    assert places == {"office", "aplerbeck"}
    assert any(not hours.walk_in for hours in brackel.hours)
    assert all(hours.example for hours in brackel.hours)


def test_partners_serve_known_topics(directory: Directory, brackel: OfficeEntry) -> None:
    assert len(brackel.partners) >= 5
    assert all(partner.example for partner in brackel.partners)
    for partner in brackel.partners:
        assert set(partner.topics) <= set(directory.topics)
    kita = directory.partners(office="brackel", topic="kindergarten_place")
    assert {listing.partner.key for listing in kita} == {
        "familienbuero_brackel",
        "familienbuero_aplerbeck",
    }


def test_round_tables(directory: Directory, brackel: OfficeEntry) -> None:
    assert {series.key for series in brackel.round_tables} == {
        "runder_tisch_brackel",
        "runder_tisch_aplerbeck",
    }
    meetings = directory.meetings(date(2027, 1, 1), date(2027, 12, 31), office="brackel")
    assert len([m for m in meetings if m.series == "runder_tisch_brackel"]) == 12


def test_topics(directory: Directory) -> None:
    assert directory.topics["bank_account"].label_de == "Girokonto"


def test_today_panel_shows_the_shop_window_notice(directory: Directory) -> None:
    [panel] = directory.today_panels("brackel", date(2026, 11, 26)).panels
    settings = directory.office("brackel").settings
    assert isinstance(settings, BrackelSettings)
    assert panel.title == "Schaufenster"
    assert panel.title_in("en") == "Shop window"
    assert panel.title_in("ar") == "Schaufenster"  # no Arabic title: the German one
    assert panel.lines == (settings.shop_window_notice,)


def test_hooks_module_holds_only_what_is_its_own() -> None:
    own = sorted(name for name in vars(hooks) if name.startswith("lw_"))
    assert own == ["lw_settings_class", "lw_today_panels"]


def test_sections_answer_the_hooks_left_out(brackel: OfficeEntry) -> None:
    settings = brackel.settings
    assert brackel.office == settings.office
    assert brackel.languages == settings.languages
    assert brackel.hours == settings.consultation_hours
    assert brackel.partners == settings.partners
    assert brackel.round_tables == settings.round_tables
