"""Partners for a referral: by topic, then language, then district."""

from __future__ import annotations

from lwcore.directory import Directory
from lwcore.services.partners import rank_partners


def test_language_then_district_first(repo_directory: Directory) -> None:
    ranked = rank_partners(
        repo_directory, "brackel", "kindergarten_place", language="tr", district="Brackel"
    )
    assert [r.partner.key for r in ranked] == ["familienbuero_aplerbeck", "familienbuero_brackel"]
    assert ranked[0].speaks_language
    assert not ranked[0].serves_district
    by_district = rank_partners(
        repo_directory, "brackel", "kindergarten_place", language="de", district="Brackel"
    )
    assert by_district[0].partner.key == "familienbuero_brackel"


def test_only_partners_helping_with_the_topic(repo_directory: Directory) -> None:
    ranked = rank_partners(repo_directory, "mengede_huckarde", "energy_contract", language="fa")
    assert [r.partner.key for r in ranked] == ["stromspar_check_nordwest"]
    assert rank_partners(repo_directory, "brackel", "residence_status") == []
