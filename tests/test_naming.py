"""One naming rule for offices: the records, ``lw office new`` and the copier template agree."""

from __future__ import annotations

from datetime import date
from typing import Any

import jinja2
import pytest
import yaml
from attrs import evolve

from lwcore import naming, scaffold
from lwcore.records import Address, InvalidValue, Office

COPIER = scaffold.TEMPLATE / "copier.yml"
#: copier renders its questions with these filters (regex_search, regex_replace);
#: they come with copier, the optional extra lwcore[scaffold].
pytest.importorskip("jinja2_ansible_filters")
JINJA = jinja2.Environment(extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"])

CANDIDATE_SLUGS = ["eving", "hoerde_hombruch", "nord_2", "2nord", "Eving", "eving-nord", "_x", ""]
OFFICE_NAMES = ["Eving", "Hörde/Hombruch", "Innenstadt-Nord", "Groß Barop", " Mengede / Huckarde "]


@pytest.fixture(scope="module")
def questions() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COPIER.read_text(encoding="utf-8"))
    return loaded


def render(expression: str, **answers: str) -> str:
    return JINJA.from_string(expression).render(**answers).strip()


@pytest.mark.parametrize("slug", CANDIDATE_SLUGS)
def test_copier_refuses_the_slugs_the_records_refuse(questions: dict[str, Any], slug: str) -> None:
    message = render(questions["slug"]["validator"], slug=slug)
    assert (message == "") == naming.is_key(slug), message


@pytest.mark.parametrize("name", OFFICE_NAMES)
def test_copier_suggests_the_slug_lw_office_new_uses(questions: dict[str, Any], name: str) -> None:
    assert render(questions["slug"]["default"], office_name=name) == scaffold.slug_for(name)


@pytest.mark.parametrize("slug", ["eving", "hoerde_hombruch", "innenstadt_nord_2"])
def test_copier_derives_the_plugin_names_of_the_naming_module(
    questions: dict[str, Any], slug: str
) -> None:
    derived = {
        key: render(questions[key]["default"], slug=slug)
        for key in ("distribution", "module", "settings_class")
    }
    assert derived == {
        "distribution": naming.distribution_name(slug),
        "module": naming.module_name(slug),
        "settings_class": naming.settings_class_name(slug),
    }


def test_lw_office_new_uses_the_naming_module() -> None:
    request = scaffold.OfficeRequest(
        name="Hörde/Hombruch",
        districts=("Hörde",),
        welfare_association="Caritas",
        welfare_law="KDG",
        languages=("de",),
        opened=date(2026, 1, 1),
    )
    assert (request.slug, request.distribution, request.module) == (
        "hoerde_hombruch",
        naming.distribution_name("hoerde_hombruch"),
        naming.module_name("hoerde_hombruch"),
    )


def _office(**changes: Any) -> Office:
    office = Office(
        slug="eving",
        name="lokal willkommen Eving",
        districts=("Eving",),
        address=Address("Evinger Straße 1", "44339"),
        welfare_association="AWO",
        welfare_law="DSGVO",
        opened=date(2026, 1, 1),
    )
    return evolve(office, **changes)


@pytest.mark.parametrize("law", naming.WELFARE_LAWS)
def test_every_welfare_law_is_accepted_by_records_and_lw_office_new(law: str) -> None:
    assert _office(welfare_law=law).welfare_law == law
    assert scaffold.parse_welfare_law(law.lower()) == law


def test_a_law_outside_the_list_is_refused_by_both() -> None:
    with pytest.raises(ValueError, match="'welfare_law' must be in"):
        _office(welfare_law="BDSG")
    with pytest.raises(scaffold.ScaffoldError, match="one of KDG, DSG-EKD, DSGVO"):
        scaffold.parse_welfare_law("BDSG")


@pytest.mark.parametrize("slug", CANDIDATE_SLUGS)
def test_records_refuse_the_slugs_the_rule_refuses(slug: str) -> None:
    if naming.is_key(slug):
        assert _office(slug=slug).slug == slug
    else:
        with pytest.raises(InvalidValue, match=naming.KEY_RULE):
            _office(slug=slug)
