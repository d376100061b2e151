"""Hook records validate themselves on construction."""

from __future__ import annotations

from datetime import date, time

import attrs
import pytest

from lwcore import (
    Address,
    ConsultationHours,
    Language,
    Office,
    Partner,
    RoundTableSeries,
    ScreenContribution,
    TodayPanel,
)
from lwcore.records import InvalidValue

ADDRESS = Address("Brackeler Hellweg 146", "44309")


def office(**changes: object) -> Office:
    values: dict[str, object] = {
        "slug": "brackel",
        "name": "lokal willkommen Brackel",
        "districts": ["Brackel", "Aplerbeck"],
        "address": ADDRESS,
        "welfare_association": "Caritas",
        "welfare_law": "KDG",
        "opened": date(2016, 10, 10),
    }
    values.update(changes)
    return Office(**values)  # type: ignore[arg-type]


def test_records_are_frozen_and_lists_become_tuples() -> None:
    made = office()
    assert made.districts == ("Brackel", "Aplerbeck")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.name = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"slug": "Brackel-1"}, "slug: .Brackel-1. must be lower-case"),
        ({"districts": ["Brackel", "Unna"]}, "districts: unknown district .Unna."),
        ({"districts": []}, "districts: needs at least one entry"),
        ({"welfare_law": "BGB"}, "'welfare_law' must be in"),
        ({"opened": "2016-10-10"}, "'opened' must be <class 'datetime.date'>"),
        ({"name": "  "}, "name: must not be empty"),
    ],
)
def test_office_rejects_bad_values(changes: dict[str, object], message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        office(**changes)


def test_language_code_must_be_iso_639_1() -> None:
    assert Language("fa", ["Team"]).speakers == ("Team",)
    with pytest.raises(ValueError, match="'fas' is not an ISO 639-1"):
        Language("fas")


def test_partner_checks_languages_and_districts() -> None:
    partner = Partner(key="p", name="P", topics="birth", languages=["de"], districts=["Mengede"])
    assert partner.topics == ("birth",)
    assert partner.serves_district("Mengede")
    assert not partner.serves_district("Eving")
    assert Partner(key="q", name="Q", topics=["birth"], languages=["de"]).serves_district("Eving")
    with pytest.raises(ValueError, match="languages: 'xx' is not an ISO 639-1"):
        Partner(key="p", name="P", topics=["birth"], languages=["xx"])
    with pytest.raises(ValueError, match="topics: needs at least one entry"):
        Partner(key="p", name="P", topics=[], languages=["de"])


def test_consultation_hours_end_after_start() -> None:
    with pytest.raises(ValueError, match="end: 09:00 must be after start 10:00"):
        ConsultationHours(weekday="MO", start=time(10), end=time(9))
    with pytest.raises(ValueError, match="'weekday' must be in"):
        ConsultationHours(weekday="Montag", start=time(10), end=time(12))


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=SOMETIMES", "not a valid RFC 5545 rule"),
        ("DTSTART:20260101T100000\nRRULE:FREQ=DAILY", "must not contain DTSTART"),
        ("", "must not be empty"),
    ],
)
def test_round_table_rrule_is_checked(rule: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        RoundTableSeries(
            key="rt",
            title="RT",
            place="Büro",
            rrule=rule,
            first=date(2026, 1, 5),
            start_time=time(17),
            duration_minutes=60,
        )


# --- titles in the UI's languages -------------------------------------------------------


def _screen(**titles: str) -> ScreenContribution:
    return ScreenContribution("bookings", "Saalbuchung", lambda: None, titles=titles)


def test_titles_fall_back_to_the_german_title() -> None:
    panel = TodayPanel("shop_window", "Schaufenster", ("Mo 10–12",), titles={"en": "Shop window"})
    assert (panel.title_in("en"), panel.title_in("de"), panel.title_in("fa")) == (
        "Shop window",
        "Schaufenster",
        "Schaufenster",
    )
    assert _screen().title_in("en") == "Saalbuchung"
    assert _screen(en="Hall booking").title_in("en") == "Hall booking"


def test_titles_are_read_only_and_keep_the_record_hashable() -> None:
    given = {"en": "Shop window"}
    panel = TodayPanel("shop_window", "Schaufenster", titles=given)
    given["en"] = "changed later"
    assert panel.title_in("en") == "Shop window"
    with pytest.raises(TypeError):
        panel.titles["ar"] = "x"  # type: ignore[index]
    assert panel == TodayPanel("shop_window", "Schaufenster", titles={"en": "Shop window"})
    assert hash(panel) == hash(TodayPanel("shop_window", "Schaufenster"))


@pytest.mark.parametrize(
    ("titles", "message"),
    [
        ({"english": "Hall booking"}, "'english' is not an ISO 639-1 language code"),
        ({"en": " "}, "the 'en' title must be a non-empty string"),
    ],
)
def test_titles_are_checked(titles: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        _screen(**titles)
