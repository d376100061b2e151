"""Registering a household with its consents, finding it again however the name was
spelled, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from lwcore.db.models import AuditEntry, Consent, Household
from lwcore.services import AccessDenied, InvalidInput, NotFound, Services
from lwcore.services.consents import ConsentRequest
from lwcore.services.households import HouseholdRecord
from lwcore.testing import make_actor
from tests.test_consultations import count

#: A district of each office.
DISTRICT = {"brackel": "Brackel", "mengede_huckarde": "Mengede"}


def register(
    services: Services, label: str, office: str = "brackel", **changes: Any
) -> HouseholdRecord:
    """A household of ``office``, registered by that office's lead."""
    if services.actor.office != office:
        services = services.acting_as(make_actor(office))
    values: dict[str, Any] = {
        "office": office,
        "label": label,
        "district": DISTRICT[office],
        "languages": ["ar", "de"],
    }
    values.update(changes)
    household = services.households.create(**values)
    assert household.id is not None
    return household


def referral_consent(**changes: Any) -> ConsentRequest:
    values: dict[str, Any] = {
        "purpose": "referral",
        "given_how": "written",
        "text_language": "fa",
        "text_version": "2024-1",
        "partner_key": "jobcenter_brackel",
    }
    values.update(changes)
    return ConsentRequest(**values)


def labels(hits: list[Any]) -> list[str]:
    return [hit.label for hit in hits]


def test_a_household_is_registered_with_its_consents(services: Services) -> None:
    entries = count(services, AuditEntry)
    created = register(
        services,
        "Familie Rahimi",
        languages=["fa", "de"],
        adults=2,
        children=3,
        moved_in="2026-10-01",
        note="Vater arbeitet vormittags",
        consents=[
            referral_consent(given_on="2026-11-20"),
            ConsentRequest("photos", "oral", "fa", "2024-1"),
        ],
    )
    assert (created.adults, created.children, created.members) == (2, 3, 5)
    assert created.note == "Vater arbeitet vormittags"
    assert created.moved_in == date(2026, 10, 1)
    assert created.code.startswith("BR-")
    assert count(services, AuditEntry) == entries + 1
    consents = services.consents.for_household(created.id)  # type: ignore[arg-type]
    assert sorted((c.purpose, c.partner_key, c.given_on) for c in consents) == [
        ("photos", None, date(2026, 11, 27)),  # given today unless said otherwise
        ("referral", "jobcenter_brackel", date(2026, 11, 20)),
    ]
    assert all(c.office == "brackel" and c.recorded_by == services.actor.key for c in consents)


def test_without_adults_and_children_the_number_given_counts(services: Services) -> None:
    assert register(services, "Familie Haddad", members=4).members == 4
    assert register(services, "Olena").members == 1


@pytest.mark.parametrize(
    ("consents", "field"),
    [
        ([referral_consent(partner_key="no_such_partner")], "consents[0].partner_key"),
        ([referral_consent(), referral_consent(text_version="")], "consents[1].text_version"),
        ([referral_consent(purpose="gossip", partner_key=None)], "consents[0].purpose"),
        ([referral_consent(given_how="telepathy")], "consents[0].given_how"),
        ([referral_consent(text_language="xx")], "consents[0].text_language"),
    ],
    ids=["unknown-partner", "second-without-version", "purpose", "given-how", "language"],
)
def test_a_bad_consent_saves_nothing(
    services: Services, consents: list[ConsentRequest], field: str
) -> None:
    entries = count(services, AuditEntry)
    with pytest.raises(InvalidInput) as caught:
        register(services, "Familie Rahimi", consents=consents)
    assert set(caught.value.errors) == {field}
    assert count(services, Household) == 0
    assert count(services, Consent) == 0
    assert count(services, AuditEntry) == entries


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"label": "  "}, "label"),
        ({"moved_in": date(2028, 1, 1)}, "moved_in"),
        ({"district": "Atlantis"}, "district"),
        ({"district": "Mengede"}, "district"),  # a district of another office
        ({"languages": ["ar", "xx"]}, "languages"),
        ({"adults": -1, "children": 2}, "adults"),
        ({"adults": 2, "children": -1}, "children"),
    ],
    ids=[
        "empty-label",
        "moved-in-over-a-year-ahead",
        "unknown-district",
        "district-of-another-office",
        "unknown-language",
        "negative-adults",
        "negative-children",
    ],
)
def test_a_bad_field_is_named_and_nothing_is_half_saved(
    services: Services, changes: dict[str, Any], field: str
) -> None:
    values = {"label": "Familie Rahimi", **changes}
    with pytest.raises(InvalidInput) as caught:
        register(services, consents=[referral_consent()], **values)
    assert set(caught.value.errors) == {field}
    assert count(services, Household) == 0
    assert count(services, Consent) == 0


def test_moving_in_within_the_next_year_is_fine(services: Services) -> None:
    """Families often sign the lease weeks before they get the keys."""
    created = register(services, "Familie Rahimi", moved_in=date(2027, 3, 1))
    assert created.moved_in == date(2027, 3, 1)


def test_every_bad_field_is_named_at_once(services: Services) -> None:
    with pytest.raises(InvalidInput) as caught:
        register(
            services,
            "",
            district="Atlantis",
            languages=["xx"],
            moved_in="2030-01-01",
            adults=-1,
            children=-1,
            consents=[referral_consent(text_version="")],
        )
    assert set(caught.value.errors) >= {
        "label",
        "district",
        "languages",
        "moved_in",
        "adults",
        "children",
        "consents[0].text_version",
    }


#: Registered in Brackel before each test of similar() and search().
FAMILIES = (
    "Familie Aydın",
    "Familie Müller",
    "Mohammed",
    "Hussein",
    "Familie Rezaei",
    "Familie Haddad",
    "Familie Schmidt",
    "Olena",
)


@pytest.fixture
def families(services: Services) -> dict[str, HouseholdRecord]:
    return {label: register(services, label) for label in FAMILIES}


@pytest.mark.parametrize(
    ("label", "found"),
    [
        ("Aydin", ["Familie Aydın"]),
        ("Mueller", ["Familie Müller"]),
        ("Muller", ["Familie Müller"]),
        ("Muhammad", ["Mohammed"]),
        ("Mohamad", ["Mohammed"]),
        ("Husain", ["Hussein"]),
        ("Rezai", ["Familie Rezaei"]),
        ("Haddad", ["Familie Haddad"]),
        ("Nowak", []),
        ("Petrenko", []),
    ],
)
def test_similar_finds_the_same_family_spelled_differently(
    services: Services, families: dict[str, HouseholdRecord], label: str, found: list[str]
) -> None:
    assert labels(services.households.similar("brackel", label)) == found


def test_similar_looks_at_the_names_not_at_the_word_family(
    services: Services, families: dict[str, HouseholdRecord]
) -> None:
    """A registration as "Familie Mueller" is no duplicate of "Familie Haddad"."""
    hits = services.households.similar("brackel", "Familie Mueller")
    assert labels(hits) == ["Familie Müller"]


def test_similar_stays_in_the_office(
    services: Services, families: dict[str, HouseholdRecord]
) -> None:
    register(services, "Familie Aydin", office="mengede_huckarde")
    assert labels(services.households.similar("brackel", "Aydin")) == ["Familie Aydın"]
    with pytest.raises(AccessDenied):
        services.households.similar("mengede_huckarde", "Aydin")


def test_search_by_code_prefix_in_any_case(
    services: Services, families: dict[str, HouseholdRecord]
) -> None:
    haddad = families["Familie Haddad"]
    for text in (haddad.code[:6], haddad.code[:6].lower(), haddad.code.lower()):
        hits = services.households.search("brackel", text)
        assert [(hit.id, hit.matched) for hit in hits] == [(haddad.id, "code")]


def test_search_by_the_start_of_a_word(
    services: Services, families: dict[str, HouseholdRecord]
) -> None:
    hits = services.households.search("brackel", "had")
    assert [(hit.label, hit.matched) for hit in hits] == [("Familie Haddad", "name")]
    assert labels(services.households.search("brackel", "AYD")) == ["Familie Aydın"]
    assert labels(services.households.search("brackel", "mül")) == ["Familie Müller"]


def test_search_by_sound(services: Services, families: dict[str, HouseholdRecord]) -> None:
    hits = services.households.search("brackel", "Muhammad")
    assert [(hit.label, hit.matched) for hit in hits] == [("Mohammed", "sounds")]
    assert labels(services.households.search("brackel", "Husain")) == ["Hussein"]
    assert labels(services.households.search("brackel", "Rezai")) == ["Familie Rezaei"]


@pytest.mark.parametrize(
    ("label", "text"),
    [
        ("Familie Aydin", "Aydın"),
        ("Familie Mueller", "Müller"),
        ("Familie Muller", "Mül"),
        ("İbrahim", "ibra"),
        ("Ibrahim", "İbrahim"),
    ],
)
def test_the_search_folds_the_spelling_of_what_is_stored_and_what_is_typed(
    services: Services, label: str, text: str
) -> None:
    created = register(services, label)
    register(services, "Olena")
    assert [hit.id for hit in services.households.search("brackel", text)] == [created.id]


def test_a_hit_carries_what_tells_families_apart(services: Services) -> None:
    created = register(
        services,
        "Familie Aydın",
        languages=["tr", "de"],
        adults=2,
        children=2,
        moved_in=date(2026, 9, 1),
    )
    [hit] = services.households.search("brackel", "aydin")
    assert (hit.id, hit.code, hit.district, hit.languages) == (
        created.id,
        created.code,
        "Brackel",
        ("tr", "de"),
    )
    assert (hit.members, hit.moved_in) == (4, date(2026, 9, 1))
    assert hit.describe() == f"Familie Aydın · {created.code} · Brackel · tr, de"


def test_search_ranks_the_same_way_on_every_engine(services: Services) -> None:
    """Best first: a name before a sound-alike, the closer spelling first."""
    made = {
        label: register(services, label).id
        for label in (
            "Familie Hadad",
            "Familie Haddad",
            "Familie Haddadi",
            "Familie Hakimi",
            "Mohamad Ali",
            "Mohammed Rahimi",
            "Muhammad Karimi",
            "Olena",
        )
    }

    def found(text: str) -> list[tuple[int | None, str]]:
        return [(hit.id, hit.matched) for hit in services.households.search("brackel", text)]

    assert found("had") == [
        (made["Familie Hadad"], "name"),
        (made["Familie Haddad"], "name"),
        (made["Familie Haddadi"], "name"),
    ]
    assert found("Haddad") == [
        (made["Familie Haddad"], "name"),
        (made["Familie Haddadi"], "name"),
        (made["Familie Hadad"], "sounds"),
    ]
    assert found("Mohammed") == [
        (made["Mohammed Rahimi"], "name"),
        (made["Mohamad Ali"], "sounds"),
        (made["Muhammad Karimi"], "sounds"),
    ]
    assert found("mohammed") == found("Mohammed")
    limited = services.households.search("brackel", "Haddad", limit=2)
    assert [(hit.id, hit.matched) for hit in limited] == found("Haddad")[:2]


def test_search_finds_only_the_offices_own_households(
    services: Services, services_as: Callable[..., Services], families: dict[str, HouseholdRecord]
) -> None:
    theirs = register(services, "Familie Haddad", office="mengede_huckarde")
    assert labels(services.households.search("brackel", "had")) == ["Familie Haddad"]
    assert [hit.id for hit in services.households.search("brackel", "had")] == [
        families["Familie Haddad"].id
    ]
    assert services.households.search("brackel", theirs.code) == []
    with pytest.raises(AccessDenied):
        services.households.search("mengede_huckarde", "had")
    mengede = services_as("mengede_huckarde").households.search("mengede_huckarde", "had")
    assert [hit.id for hit in mengede] == [theirs.id]


def test_search_needs_two_characters(
    services: Services, families: dict[str, HouseholdRecord]
) -> None:
    assert services.households.search("brackel", "h") == []
    assert services.households.search("brackel", " ") == []
    assert services.households.search("brackel", "%%") == []


def test_find_by_code(services: Services, services_as: Callable[..., Services]) -> None:
    created = register(services, "Familie Haddad")
    assert services.households.find(created.code).id == created.id
    with pytest.raises(NotFound):
        services.households.find("BR-000000")  # 0 is no code character
    with pytest.raises(NotFound, match=f"household {created.code} does not exist"):
        services_as("mengede_huckarde").households.find(created.code)
