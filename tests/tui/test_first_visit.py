"""A family's first visit, through the UI by keys: the walk-in is registered as a
new household with its consents right from the consultation form, a look-alike
already registered is offered instead of a second record, and a household
without a name is refused.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date

from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Select, SelectionList

from lwcore.db.engine import Database
from lwcore.db.models import Consultation, Referral, WalkIn
from lwcore.directory import build_directory
from lwcore.services import FrozenClock, Services
from lwcore.testing import make_actor
from lwcore.tui.app import OfficeApp
from lwcore.tui.backend import Backend
from lwcore.tui.forms.base import FieldError
from lwcore.tui.forms.consultation import ConsultationForm
from lwcore.tui.forms.household import RegisterHouseholdForm
from lwcore.tui.forms.visitor import WalkInForm
from lwcore.tui.i18n import set_language
from tests.conftest import REPO_CONFIG
from tests.tui.conftest import TUI_NOW, settle
from tests.tui.test_staff_in_the_ui import palette_commands

#: Thursday 14:30: Mengede/Huckarde's open consultation hours (14:00-17:00).
OPEN_HOURS = TUI_NOW.replace(hour=14, minute=30)
#: Mengede/Huckarde works in Farsi, and Maria Lange (config/lwcore.toml) leads it.
OFFICE = "mengede_huckarde"
STAFF = "mh_stadt"
#: Helps with kindergarten places in Mengede.
KITA_PARTNER = "familienbuero_mengede"
DISTRICTS = build_directory(REPO_CONFIG).office(OFFICE).office.districts


def stored(url: str, office: str = OFFICE) -> Services:
    """Services of their own on the app's database, as a lead of ``office``."""
    return Services(
        Database(url),
        build_directory(REPO_CONFIG),
        FrozenClock(OPEN_HOURS),
        actor=make_actor(office),
    )


def app_as(staff: str, url: str) -> OfficeApp:
    set_language("de")
    backend = Backend(
        config_option=REPO_CONFIG, database_url=url, clock=FrozenClock(OPEN_HOURS), staff=staff
    )
    return OfficeApp(backend)


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)
    await settle(pilot)


async def press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def choose_in_select(pilot: Pilot[None], select: Select[str], value: str) -> None:
    """Open the focused Select with Enter, walk down to ``value``, take it with Enter."""
    assert pilot.app.focused is select
    values = [option_value for _label, option_value in select._options]
    await press(pilot, "enter")
    steps = values.index(value) - values.index(select.value)
    await press(pilot, *(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    assert select.value == value


def options(found: OptionList) -> list[str]:
    return [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]


async def put_on_the_waiting_list(pilot: Pilot[None], app: OfficeApp, url: str) -> int:
    """Parisa comes in for the first time; returns her place on the list."""
    await press(pilot, "f2", "a")
    form = app.screen
    assert isinstance(form, WalkInForm)
    if app.focused is not form.query_one("#label"):
        await press(pilot, "tab")  # the walk-in form opens on its scroll area
    await type_text(pilot, "Parisa")
    await press(pilot, "tab")
    await choose_in_select(pilot, form.query_one("#language", Select), "fa")
    await press(pilot, "ctrl+s")
    waiting = [entry.label for entry in stored(url).waiting.waiting(OFFICE)]
    assert waiting[-1] == "Parisa"
    assert app.focused is app.screen.query_one("#waiting", DataTable)
    return len(waiting) - 1


async def serve_and_register(pilot: Pilot[None], app: OfficeApp, place: int) -> ConsultationForm:
    """Served, the search holds her name and offers a new household; Enter registers
    it with district, language and consent to the Kita partner."""
    await press(pilot, *["down"] * place, "s")
    form = app.screen
    assert isinstance(form, ConsultationForm)
    assert app.focused is form.query_one("#household", Input)
    assert form.query_one("#household", Input).value == "Parisa"
    assert options(form.query_one("#household-hits", OptionList)) == ["Neuer Haushalt: Parisa"]

    await press(pilot, "enter")
    register = app.screen
    assert isinstance(register, RegisterHouseholdForm)
    assert app.focused is register.query_one("#label", Input)
    assert register.query_one("#label", Input).value == "Parisa"
    await press(pilot, "tab")
    await choose_in_select(pilot, register.query_one("#district", Select), DISTRICTS[0])
    await press(pilot, "tab")
    await type_text(pilot, "01.11.2026")
    await press(pilot, "tab")
    assert register.query_one("#languages", SelectionList).selected == ["fa"]  # at the desk
    await press(pilot, "tab")
    await type_text(pilot, "2")
    await press(pilot, "tab")
    await type_text(pilot, "3")
    await press(pilot, "tab", "tab")  # past the note, to the partners
    partners = register.query_one("#consent-partners", SelectionList)
    keys = [partners.get_option_at_index(i).value for i in range(partners.option_count)]
    await press(pilot, *["down"] * keys.index(KITA_PARTNER), "space")
    await press(pilot, "tab", "tab", "tab")  # past volunteer matching and photos
    given_how = register.query_one("#consent-given-how", Select)
    assert app.focused is given_how
    assert given_how.value == "written"
    await press(pilot, "tab")
    text_language = register.query_one("#consent-text-language", Select)
    assert app.focused is text_language
    assert text_language.value == "fa"
    await press(pilot, "tab")
    await type_text(pilot, "2024-1")
    await press(pilot, "ctrl+s")
    return form


async def advise_and_refer(pilot: Pilot[None], app: OfficeApp, form: ConsultationForm) -> None:
    """Back in the consultation with her household: Kita, referred to the partner."""
    assert app.screen is form
    assert form.household is not None
    assert form.household.label == "Parisa"
    language = form.query_one("#language", Select)
    assert app.focused is language
    assert language.value == "fa"
    await press(pilot, "tab")
    topics = list(build_directory(REPO_CONFIG).topics)
    await press(pilot, *["down"] * topics.index("kindergarten_place"), "space", "tab")
    await choose_in_select(pilot, form.query_one("#outcome", Select), "referred")
    await press(pilot, "tab")
    assert form.query_one("#referral-topic", Select).value == "kindergarten_place"
    await press(pilot, "tab")
    await choose_in_select(pilot, form.query_one("#referral-partner", Select), KITA_PARTNER)
    await press(pilot, "ctrl+s")
    assert not isinstance(app.screen, ConsultationForm), "the form closes once saved"


def check_stored(url: str, household_id: int) -> None:
    """The household with its consent, the consultation linked, the referral named,
    the walk-in seen."""
    services = stored(url)
    household = services.households.get(household_id)
    assert (household.label, household.district, household.languages) == (
        "Parisa",
        DISTRICTS[0],
        ("fa",),
    )
    assert (household.adults, household.children, household.moved_in) == (
        2,
        3,
        date(2026, 11, 1),
    )
    [consent] = services.consents.for_household(household_id)
    assert (consent.purpose, consent.partner_key, consent.given_how) == (
        "referral",
        KITA_PARTNER,
        "written",
    )
    assert (consent.text_language, consent.text_version) == ("fa", "2024-1")
    with Database(url).read() as session:
        consultation = session.exec(
            select(Consultation).where(Consultation.household_id == household_id)
        ).one()
        assert (consultation.language, consultation.outcome) == ("fa", "referred")
        referral = session.exec(
            select(Referral).where(Referral.consultation_id == consultation.id)
        ).one()
        assert (referral.partner_key, referral.topic, referral.anonymous) == (
            KITA_PARTNER,
            "kindergarten_place",
            False,
        )
        assert referral.household_id == household_id
        walk_in = session.exec(select(WalkIn).where(WalkIn.label == "Parisa")).one()
        assert (walk_in.status, walk_in.consultation_id) == ("seen", consultation.id)


def test_a_first_time_walk_in_is_registered_and_advised(demo_url: str) -> None:
    households_before = stored(demo_url).households.count(OFFICE)
    chosen: list[int] = []

    async def scenario() -> None:
        app = app_as(STAFF, demo_url)
        async with app.run_test(size=(120, 45)) as pilot:
            await settle(pilot)
            place = await put_on_the_waiting_list(pilot, app, demo_url)
            form = await serve_and_register(pilot, app, place)
            await advise_and_refer(pilot, app, form)
            assert form.household is not None
            chosen.append(form.household.id)
            errors = [n.message for n in app._notifications if n.severity == "error"]
            assert errors == [], errors

    asyncio.run(scenario())
    assert stored(demo_url).households.count(OFFICE) == households_before + 1
    check_stored(demo_url, chosen[0])


def test_a_look_alike_is_offered_instead_of_a_second_household(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    services = stored(demo_url, "brackel")
    existing = services.households.create(
        office="brackel", label="Familie Aydın", district="Brackel", languages=["tr", "de"]
    )
    households_before = services.households.count("brackel")

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(120, 45)) as pilot:
            await settle(pilot)
            await press(pilot, "f2", "n")
            form = app.screen
            assert isinstance(form, ConsultationForm)
            assert app.focused is form.query_one("#household", Input)
            await type_text(pilot, "Aydin")
            hits = form.query_one("#household-hits", OptionList)
            assert options(hits)[-1] == "Neuer Haushalt: Aydin"
            await press(pilot, "down", "end", "enter")  # the last entry: a new household
            register = app.screen
            assert isinstance(register, RegisterHouseholdForm)
            similar = register.query_one("#similar", OptionList)
            assert register.query_one("#similar-block").display
            assert existing.code in options(similar)[0]
            assert "Familie Aydın" in options(similar)[0]
            await press(pilot, "down", "enter")  # into the look-alikes, take the first
            assert app.screen is form
            assert form.household is not None
            assert (form.household.id, form.household.code) == (existing.id, existing.code)
            assert form.query_one("#household", Input).value == "Familie Aydın"

    asyncio.run(scenario())
    assert stored(demo_url, "brackel").households.count("brackel") == households_before


def test_a_household_without_a_name_is_refused(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    households_before = stored(demo_url, "brackel").households.count("brackel")

    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(120, 45)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"Neuer Haushalt")
            await pilot.pause(0.3)
            await press(pilot, "enter")
            form = app.screen
            assert isinstance(form, RegisterHouseholdForm)
            assert app.focused is form.query_one("#label", Input)
            await press(pilot, "ctrl+s")
            assert app.screen is form, "nothing saved, the form stays open"
            error = form.query_one("#error-label", FieldError)
            assert error.display
            assert "Namen" in str(error.render())

    asyncio.run(scenario())
    assert stored(demo_url, "brackel").households.count("brackel") == households_before


def test_the_palette_registers_a_household_and_names_its_code(
    demo_url: str, make_app: Callable[..., OfficeApp]
) -> None:
    async def scenario() -> None:
        app = make_app(demo_url)
        async with app.run_test(size=(120, 45)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"Neuer Haushalt")
            await pilot.pause(0.3)
            await press(pilot, "enter")
            form = app.screen
            assert isinstance(form, RegisterHouseholdForm)
            await type_text(pilot, "Familie Haddad")
            await press(pilot, "tab")
            await choose_in_select(pilot, form.query_one("#district", Select), "Aplerbeck")
            await press(pilot, "tab", "tab", "down", "space")  # the second language: Arabic
            await press(pilot, "ctrl+s")
            assert not isinstance(app.screen, RegisterHouseholdForm)
            [hit] = stored(demo_url, "brackel").households.search("brackel", "Haddad")
            notices = [str(n.message) for n in app._notifications]
            assert f"Haushalt Familie Haddad angelegt: {hit.code}" in notices
            assert (hit.district, hit.languages) == ("Aplerbeck", ("ar",))

    asyncio.run(scenario())


def test_only_staff_who_may_change_records_register_households(demo_url: str) -> None:
    assert "New household" in palette_commands("brackel_caritas", demo_url)
    assert "New household" not in palette_commands("koordination", demo_url)
