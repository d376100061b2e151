"""A partner's opening hours and what to bring: read from the settings (a wrong
type named by file and key), handed over by plugins, listed by ``lw partners``
and the network screen, and printed on the referral slip in German and the
client's language, only when the partner's record has them."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from io import BytesIO
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner, Result

from lwcore import Partner, hookimpl
from lwcore.cli import cli
from lwcore.directory import Directory
from lwcore.papers.catalogue import Words
from lwcore.papers.layout import render
from lwcore.papers.referral import referral_paper
from lwcore.services.referral_records import ReferralRecord
from lwcore.settings import OfficeSettings, SettingsError
from lwcore.settings.files import load, update_file
from lwcore.testing import ConfigFolder, PluginRegistrar
from lwcore.tui.i18n import _
from lwcore.tui.record_labels import partner_details
from tests import plugins_for_tests as sample
from tests.conftest import REPO_CONFIG

HOURS = "Mo–Fr 8–12 Uhr, Do 14–18 Uhr"
BRING = ("Pass oder Aufenthaltstitel", "Mietvertrag", "Bescheid vom Jobcenter")
DETAILS = {"opening_hours": HOURS, "bring": list(BRING)}
WITH = "beratung_mit_zeiten"
WITHOUT = "beratung_ohne_zeiten"
#: Left-to-right marks the slip puts around Latin text in a right-to-left column.
LRM = "\u200e"


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def shipped_offices(lw_config: ConfigFolder, partners: list[dict[str, Any]]) -> ConfigFolder:
    """Both shipped offices, Brackel with ``partners`` instead of its own."""
    for path in (REPO_CONFIG / "offices").glob("*.toml"):
        lw_config.copy_office(path)
    (lw_config.path / "lwcore.toml").write_bytes((REPO_CONFIG / "lwcore.toml").read_bytes())
    brackel = tomllib.loads((REPO_CONFIG / "offices" / "brackel.toml").read_text("utf-8"))
    brackel["partners"] = partners
    lw_config.write_office("brackel", brackel)
    return lw_config


@pytest.fixture
def two_partners(lw_config: ConfigFolder) -> ConfigFolder:
    """Brackel with one partner that has hours and items and one that has neither."""
    common = {"topics": ["job_search"], "languages": ["de", "ar", "fa"]}
    return shipped_offices(
        lw_config,
        [
            {"key": WITH, "name": "Beratung mit Zeiten", **common, **DETAILS},
            {"key": WITHOUT, "name": "Beratung ohne Zeiten", **common},
        ],
    )


@pytest.fixture
def directory(two_partners: ConfigFolder) -> Directory:
    made = two_partners.directory()
    assert not made.problems, made.problems
    return made


def slip_text(directory: Directory, partner: str, language: str) -> str:
    """The referral slip to ``partner`` as pypdf reads it, without the slip's
    left-to-right marks, its lines joined by single spaces."""
    referral = ReferralRecord(
        id=1042,
        version=1,
        office="brackel",
        household_id=7,
        consultation_id=311,
        partner_key=partner,
        anonymous=False,
        topic="job_search",
        status="open",
        follow_up_on=date(2026, 12, 11),
        reason=None,
        partner_feedback="",
        closed_at=None,
        voided_at=None,
        void_reason=None,
    )
    data = render(referral_paper(referral, directory), Words(language), date(2026, 11, 27))
    pages = pypdf.PdfReader(BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).replace(LRM, "").split())


def positions_in_order(text: str, parts: list[str]) -> list[int]:
    """Where each part is found, each searched for after the one before (-1: not found)."""
    found, start = [], 0
    for part in parts:
        at = text.find(part, start)
        found.append(at)
        start = at + len(part) if at >= 0 else start
    return found


# --- the slip ------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_the_slip_prints_hours_and_what_to_bring_beside_the_clients_language(
    directory: Directory, language: str
) -> None:
    words = Words(language)
    hours, bring = words("Opening hours"), words("Please bring")
    assert (hours, bring) != ("Opening hours", "Please bring")  # translated, not English
    text = slip_text(directory, WITH, language)
    # Each row: the German label and value, then the client's label and the same
    # value (the office's own German text); the items one after another as listed.
    parts = ["Öffnungszeiten", HOURS, hours, HOURS, "Bitte mitbringen", *BRING, bring, *BRING]
    found = positions_in_order(text, parts)
    assert -1 not in found, [part for part, at in zip(parts, found, strict=True) if at < 0]
    assert text.count("•") == 2 * len(BRING)


@pytest.mark.parametrize("language", ["de", "ar", "fa"])
def test_a_partner_without_hours_or_items_prints_no_empty_headings(
    directory: Directory, language: str
) -> None:
    text = slip_text(directory, WITHOUT, language)
    for label in ("Opening hours", "Please bring"):
        assert Words("de")(label) not in text
        assert Words(language)(label) not in text
    assert "•" not in text
    assert "Dort gesprochene Sprachen" in text
    assert Words(language)("Languages spoken there") in text


# --- the settings and the records ----------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "key", "message"),
    [
        ("opening_hours", 8, "partners[0].opening_hours", "expected text, got int 8"),
        ("opening_hours", ["Mo 8–12 Uhr"], "partners[0].opening_hours", "expected text, got"),
        ("bring", "Mietvertrag", "partners[0].bring", "expected a list, got text 'Mietvertrag'"),
        ("bring", ["Mietvertrag", 3], "partners[0].bring[1]", "expected text, got int 3"),
        ("bring", ["Mietvertrag", "  "], "partners[0].bring", "must hold non-empty strings"),
    ],
)
def test_a_wrong_value_names_the_file_and_the_field(
    lw_config: ConfigFolder,
    office_document: dict[str, Any],
    field: str,
    value: object,
    key: str,
    message: str,
) -> None:
    office_document["partners"][0][field] = value
    path = lw_config.write_office("testoffice", office_document)
    with pytest.raises(SettingsError) as caught:
        load(path, OfficeSettings)
    assert caught.value.key == key
    assert f"testoffice.toml: {key}: " in str(caught.value)
    assert message in str(caught.value)


def test_hours_and_items_load_and_a_rewrite_keeps_them(
    lw_config: ConfigFolder, office_document: dict[str, Any]
) -> None:
    partner = office_document["partners"][0]
    assert load(lw_config.write_office("testoffice", office_document), OfficeSettings).partners[
        0
    ] == Partner(key="test_partner", name="Testpartner", topics=["birth"], languages=["de", "ar"])
    partner.update(opening_hours=HOURS, bring=list(BRING))
    path = lw_config.write_office("testoffice", office_document)
    loaded = load(path, OfficeSettings).partners[0]
    assert (loaded.opening_hours, loaded.bring) == (HOURS, BRING)
    changed = update_file(path, OfficeSettings, "partners[0].bring", ["Mietvertrag"])
    assert changed.partners[0].bring == ("Mietvertrag",)
    reread = load(path, OfficeSettings).partners[0]
    assert (reread.opening_hours, reread.bring) == (HOURS, ("Mietvertrag",))


def test_the_record_checks_its_hours_and_items() -> None:
    partner = Partner(key="p", name="P", topics=["birth"], languages=["de"], bring="Pass")
    assert (partner.opening_hours, partner.bring) == ("", ("Pass",))
    with pytest.raises(TypeError, match="'opening_hours' must be <class 'str'>"):
        Partner(key="p", name="P", topics=["birth"], languages=["de"], opening_hours=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="bring: must hold non-empty strings"):
        Partner(key="p", name="P", topics=["birth"], languages=["de"], bring=["Pass", ""])


def test_lw_config_check_and_set_name_the_field(two_partners: ConfigFolder) -> None:
    path = two_partners.path / "offices" / "brackel.toml"
    assert run_cli("config", "check").exit_code == 0
    done = run_cli("config", "set", "brackel", "partners[1].opening_hours", '"Di 9–12 Uhr"')
    assert done.exit_code == 0, done.output
    assert 'opening_hours = "Di 9–12 Uhr"' in path.read_text(encoding="utf-8")
    before = path.read_bytes()
    refused = run_cli("config", "set", "brackel", "partners[1].bring", '"Mietvertrag"')
    assert refused.exit_code == 2
    assert "partners[1].bring: expected a list" in refused.stderr
    assert path.read_bytes() == before
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'opening_hours = "Di 9–12 Uhr"', "opening_hours = 9"
        ),
        encoding="utf-8",
    )
    broken = run_cli("config", "check")
    assert broken.exit_code == 2
    assert f"{path}: partners[1].opening_hours: expected text, got int 9" in broken.stderr


# --- where partners are listed ---------------------------------------------------


def test_lw_partners_json_carries_hours_and_items(directory: Directory) -> None:
    result = run_cli("partners", "--office", "brackel", "--json")
    assert result.exit_code == 0, result.output
    listed = {row["key"]: row for row in json.loads(result.stdout)}
    assert (listed[WITH]["opening_hours"], listed[WITH]["bring"]) == (HOURS, list(BRING))
    assert (listed[WITHOUT]["opening_hours"], listed[WITHOUT]["bring"]) == ("", [])


def test_a_plugin_s_partner_brings_its_hours_and_items(
    two_partners: ConfigFolder, lw_plugins: PluginRegistrar
) -> None:
    @hookimpl
    def lw_partners() -> list[Partner]:
        return [
            Partner(
                key="city_helpline",
                name="Servicetelefon",
                topics=["official_letters"],
                languages=["de"],
                opening_hours=HOURS,
                bring=BRING,
            )
        ]

    lw_plugins.register(sample.city_plugin(lw_partners=lw_partners), "citywide")
    made = two_partners.directory()
    assert not made.problems, made.problems
    [listing] = made.partners(office="brackel", topic="official_letters")
    assert (listing.office, listing.partner.opening_hours) == (None, HOURS)
    assert listing.partner.bring == BRING


def test_the_network_screen_shows_what_the_record_has(directory: Directory) -> None:
    found = {listing.partner.key: listing.partner for listing in directory.partners()}
    assert partner_details(found[WITH]).splitlines() == [
        _("Opening hours: {hours}").format(hours=HOURS),
        _("Please bring: {items}").format(items="; ".join(BRING)),
    ]
    assert partner_details(found[WITHOUT]) == _("No further details on record for this partner.")
