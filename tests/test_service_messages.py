"""What the services refuse reaches staff in their language.

Every refusal carries its English template and values; shown in German, no
English word of a template is left, dates and weekdays are written the German
way, and ``str(error)`` stays the English text scripts and tests read.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from string import Formatter
from zoneinfo import ZoneInfo

import pytest

from lwcore.services import (
    AccessDenied,
    Conflict,
    InvalidInput,
    NotFound,
    ServiceError,
    Services,
    StaleRecord,
)
from lwcore.services.access import Actor
from lwcore.services.consultations import ReferralRequest
from lwcore.services.messages import Listing, Message, Shown, Term, Weekday, listing, status_term
from tests.test_consultations import household

BERLIN = ZoneInfo("Europe/Berlin")
SERVICES = Path(__file__).resolve().parents[1] / "lwcore" / "services"
#: Words a German message shares with its English template (or a command it names).
SAME_IN_GERMAN = {
    "text",
    "partner",
    "codes",
    "status",
    "version",
    "iso",
    "lw",
    "privacy",
    "release",
}

Scenario = Callable[[Services, Callable[..., Services]], object]


def template_words(value: object) -> set[str]:
    """The English words of the templates in ``value``, nested ones included."""
    words: set[str] = set()
    if isinstance(value, Message) and not value.verbatim:
        literal = " ".join(text for text, *_field in Formatter().parse(value.template))
        words |= {word.lower() for word in re.findall(r"[A-Za-z]{3,}", literal)}
        for param in value.params.values():
            words |= template_words(param)
    elif isinstance(value, Term):
        words |= {word.lower() for word in re.findall(r"[A-Za-z]{3,}", value.label)}
    elif isinstance(value, Listing):
        for item in (*value.items, value.empty):
            words |= template_words(item)
    return words - SAME_IN_GERMAN


def assert_german(message: Message) -> str:
    """``message`` in German, checked for English left in it; returned for more checks."""
    shown = message.translated("de")
    assert shown != message.english(), f"not translated: {message.english()!r}"
    leaked = sorted(
        word for word in template_words(message) if re.search(rf"\b{word}\b", shown, re.I)
    )
    assert not leaked, f"English {leaked} in {shown!r} (from {message.english()!r})"
    return shown


def shown_messages(error: ServiceError) -> list[Message]:
    if isinstance(error, InvalidInput):
        return list(error.messages.values())
    return [error.message]


def refused(call: Callable[[], object]) -> ServiceError:
    with pytest.raises(ServiceError) as caught:
        call()
    return caught.value


# --- the refusals, each as cheap as it gets -------------------------------------------


def household_fields(services: Services, _as: Callable[..., Services]) -> object:
    return services.households.create(
        office="brackel",
        label=" ",
        district="Nowhere",
        languages=["xx"],
        members=99,
        moved_in="2027-02-30",
    )


def household_lists(services: Services, _as: Callable[..., Services]) -> object:
    return services.households.create(
        office="brackel", label="L" * 500, district="Brackel", languages=[], moved_in="2030-01-01"
    )


def household_language_text(services: Services, _as: Callable[..., Services]) -> object:
    return services.households.create(
        office="eving", label="Amina", district="Brackel", languages="de"
    )


def consultation_fields(services: Services, _as: Callable[..., Services]) -> object:
    return services.consultations.record(
        office="brackel",
        language="de",
        topics=[],
        outcome="nope",
        people=0,
        started_at="2027-02-30T10:00",
    )


def consultation_referral(services: Services, _as: Callable[..., Services]) -> object:
    return services.consultations.record(
        office="brackel",
        language="de",
        topics=["birth"],
        outcome="solved",
        started_at="2026-11-28T10:00",
        referral=ReferralRequest("familienbuero_brackel", "job_search", follow_up_on="2026-01-01"),
    )


def referral_without_consent(services: Services, _as: Callable[..., Services]) -> object:
    return services.consultations.record(
        office="brackel",
        language="de",
        topics=["job_search", "unknown_topic"],
        outcome="referred",
        household_id=household(services),
        referral=ReferralRequest("jobcenter_brackel", "job_search"),
    )


def walk_in_after_hours(services: Services, _as: Callable[..., Services]) -> object:
    return services.waiting.add(office="brackel", label="M.", language="ar")


def walk_in_left_twice(services: Services, _as: Callable[..., Services]) -> object:
    walk_in = services.waiting.add(office="brackel", label="M.", language="ar", outside_hours=True)
    assert walk_in.id is not None
    left = services.waiting.leave(walk_in.id, walk_in.version)
    return services.waiting.leave(walk_in.id, left.version)


def appointment_in_the_past(services: Services, _as: Callable[..., Services]) -> object:
    return services.appointments.book(
        office="brackel", starts_at="2026-11-26T10:00", label="Familie Haddad", language="ar"
    )


def appointment_off_the_slots(services: Services, _as: Callable[..., Services]) -> object:
    return services.appointments.book(
        office="brackel", starts_at="2026-12-04T09:00", label="Familie Haddad", language="ar"
    )


def appointment_on_a_holiday(services: Services, _as: Callable[..., Services]) -> object:
    return services.appointments.book(
        office="brackel", starts_at="2027-05-06T10:00", label="Familie Haddad", language="ar"
    )


def slot_booked_twice(services: Services, _as: Callable[..., Services]) -> object:
    for label in ("Familie Haddad", "Herr Popescu"):
        services.appointments.book(
            office="brackel", starts_at="2026-12-03T10:00", label=label, language="ar"
        )
    return None


def visit_in_the_past(services: Services, _as: Callable[..., Services]) -> object:
    return services.visits.plan(
        office="brackel",
        household_id=household(services),
        planned_for="2026-11-25T10:00",
        staff="Anna Becker",
        language="de",
        second_staff="anna becker",
    )


def visit_on_a_holiday(services: Services, _as: Callable[..., Services]) -> object:
    return services.visits.plan(
        office="brackel",
        household_id=household(services),
        planned_for="2026-12-25T10:00",
        staff="Anna Becker",
        language="de",
    )


def meeting_not_held_then(services: Services, _as: Callable[..., Services]) -> object:
    return services.meetings.record(
        office="brackel",
        series_key="runder_tisch_brackel",
        starts_at="2026-11-12T18:00",
        attendees="Anna Becker",
        minutes="",
    )


def meeting_unknown(services: Services, _as: Callable[..., Services]) -> object:
    return services.meetings.record(
        office="brackel",
        series_key="runder_tisch_eving",
        starts_at="2026-11-11T17:00",
        attendees=[],
        minutes="",
    )


def period_backwards(services: Services, _as: Callable[..., Services]) -> object:
    return services.statistics.period("brackel", date(2026, 11, 30), date(2026, 11, 1))


def stale_save(services: Services, _as: Callable[..., Services]) -> object:
    created = services.households.get(household(services))
    assert created.id is not None
    return services.households.correct(
        created.id, created.version + 1, label="Familie Amini", reason="typo"
    )


def named_staff(services: Services, office: str) -> Services:
    """The services acting as a lead of ``office`` with a real name (the test actors'
    names are English words)."""
    lead = Actor("jana", "Jana Kowalski", "office_lead", "city", office, "test")
    return services.acting_as(lead)


def another_office(services: Services, _as: Callable[..., Services]) -> object:
    # Searching another office's households; one of its households, asked for by
    # id or code, is no household at all to them (tests/test_no_oracle.py).
    return named_staff(services, "mengede_huckarde").households.search("brackel", "Rahimi")


def every_office(services: Services, _as: Callable[..., Services]) -> object:
    brackel = named_staff(services, "brackel")
    return brackel.statistics.period(None, date(2026, 11, 1), date(2026, 11, 30))


def unknown_household(services: Services, _as: Callable[..., Services]) -> object:
    return services.case_files.open("BR-NOSUCH")


def consent_withdrawn_twice(services: Services, _as: Callable[..., Services]) -> object:
    consent = services.consents.record(
        household(services), "photos", None, "2026-11-02", "written", "de", "2024-1"
    )
    assert consent.id is not None
    services.consents.withdraw(consent.id, consent.version, on="2026-11-20")
    return services.consents.withdraw(consent.id, consent.version + 1)


def referral_closed_twice(services: Services, _as: Callable[..., Services]) -> object:
    made = services.consultations.record(
        office="brackel",
        language="de",
        topics=["job_search"],
        outcome="referred",
        referral=ReferralRequest("jobcenter_brackel", "job_search", anonymous=True),
    ).referral
    assert made is not None
    assert made.id is not None
    closed = services.referrals.close(made.id, made.version, outcome="unsuccessful", reason="x")
    return services.referrals.close(made.id, closed.version, outcome="done")


SCENARIOS: dict[str, Scenario] = {
    scenario.__name__: scenario
    for scenario in (
        household_fields,
        household_lists,
        household_language_text,
        consultation_fields,
        consultation_referral,
        referral_without_consent,
        walk_in_after_hours,
        walk_in_left_twice,
        appointment_in_the_past,
        appointment_off_the_slots,
        appointment_on_a_holiday,
        slot_booked_twice,
        visit_in_the_past,
        visit_on_a_holiday,
        meeting_not_held_then,
        meeting_unknown,
        period_backwards,
        stale_save,
        another_office,
        every_office,
        unknown_household,
        consent_withdrawn_twice,
        referral_closed_twice,
    )
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_refusal_reads_german_and_str_stays_english(
    name: str, services: Services, services_as: Callable[..., Services]
) -> None:
    error = refused(lambda: SCENARIOS[name](services, services_as))
    for message in shown_messages(error):
        assert_german(message)
    assert str(error) == error.message.english()
    if isinstance(error, InvalidInput):
        assert error.errors == {field: m.english() for field, m in error.messages.items()}


def german_of(error: ServiceError, field: str | None = None) -> str:
    if field is None:
        return error.message.translated("de")
    assert isinstance(error, InvalidInput), error
    return error.messages[field].translated("de")


def test_dates_weekdays_and_statuses_are_german(
    services: Services, services_as: Callable[..., Services]
) -> None:
    def run(scenario: Scenario) -> ServiceError:
        return refused(lambda: scenario(services, services_as))

    past = run(appointment_in_the_past)
    assert german_of(past, "starts_at") == "Do. 26.11.2026 10:00 liegt in der Vergangenheit"
    assert past.errors["starts_at"] == "26.11.2026 10:00 lies in the past"

    after_hours = german_of(run(walk_in_after_hours), "outside_hours")
    assert after_hours.startswith("10:30 liegt außerhalb der Sprechzeiten (Mo. 10:00-12:00; ")
    assert "Mi. 14:00-17:00" in after_hours

    slots = german_of(run(appointment_off_the_slots), "starts_at")
    assert slots.startswith("Fr. 04.12.2026 09:00 ist nicht der Beginn eines Zeitfensters")
    assert slots.endswith("(Do. 09:00-12:00, alle 30 Minuten)")

    withdrawn = german_of(run(consent_withdrawn_twice))
    assert withdrawn.endswith("wurde bereits am Fr. 20.11.2026 widerrufen")

    closed = run(referral_closed_twice)
    assert german_of(closed).endswith("ist bereits abgeschlossen (nicht erfolgreich)")
    assert str(closed).endswith("is already closed (unsuccessful)")

    assert german_of(run(another_office)) == (
        "Jana Kowalski (Büroleitung, mengede_huckarde) darf die Akten von brackel nicht lesen"
    )
    assert german_of(run(every_office)) == (
        "Jana Kowalski (Büroleitung, brackel) darf die Statistik von allen Büros nicht sehen"
    )

    referral = run(consultation_referral)
    assert german_of(referral, "referral.partner") == (
        "Familienbüro Brackel hilft nicht bei 'Arbeitssuche'"
    )
    assert referral.errors["referral.partner"] == (
        "Familienbüro Brackel does not help with 'job_search'"
    )


def test_a_message_keeps_iso_dates_in_english_and_babel_dates_translated() -> None:
    message = Message.of(
        "{day} {moment} {clock} {weekday} {state} {names}",
        day=date(2027, 3, 26),
        moment=datetime(2027, 3, 26, 9, 5, tzinfo=BERLIN),
        clock=time(14, 0),
        weekday=Weekday("WE"),
        state=status_term("unsuccessful"),
        names=listing([]),
    )
    assert message.english() == "2027-03-26 2027-03-26 09:05 14:00 WE unsuccessful none"
    assert message.translated("de") == (
        "Fr. 26.03.2027 Fr. 26.03.2027 09:05 14:00 Mi. nicht erfolgreich keine"
    )
    assert message.translated("en") == (
        "Fri 03/26/2027 Fri 03/26/2027 09:05 14:00 Wed not successful none"
    )
    assert Message.text("schon übersetzt {x}").translated("de") == "schon übersetzt {x}"


def test_a_form_may_pass_its_own_translated_text() -> None:
    error = InvalidInput(
        {"path": "kann nicht gespeichert werden", "day": Message("lies in the past")}
    )
    assert error.messages["path"].translated("de") == "kann nicht gespeichert werden"
    assert error.messages["day"].translated("de") == "liegt in der Vergangenheit"
    assert error.errors == {"path": "kann nicht gespeichert werden", "day": "lies in the past"}
    assert str(error) == "path: kann nicht gespeichert werden; day: lies in the past"


def _template_argument(call: ast.Call) -> ast.expr | None:
    """The template a refusal is worded with: ``fail(field, T)``, ``Conflict(T)``..."""
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    if name == "fail" and len(call.args) >= 2:
        return call.args[1]
    if name in {"Conflict", "AccessDenied", "InvalidInput"} and call.args:
        return call.args[0]
    return None


def test_services_word_refusals_only_as_marked_templates() -> None:
    """A literal or an f-string would reach German staff in English."""
    found: list[str] = []
    for path in sorted(SERVICES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            template = _template_argument(node) if isinstance(node, ast.Call) else None
            if isinstance(template, ast.Constant | ast.JoinedStr | ast.BinOp | ast.Dict):
                found.append(f"{path.name}:{node.lineno}: {ast.unparse(template)[:60]}")
    assert not found, "refusals worded without N_():\n" + "\n".join(found)


def test_services_never_import_the_terminal_ui() -> None:
    code = (
        "import sys, lwcore.services, lwcore.services.messages, lwcore.cli.context\n"
        "print(sorted(m for m in sys.modules if m.startswith(('lwcore.tui', 'textual'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_refusal_classes_take_a_template_and_values() -> None:
    clash = Conflict(
        "walk-in {id} is no longer waiting ({status})", id=3, status=status_term("left")
    )
    assert str(clash) == "walk-in 3 is no longer waiting (left)"
    assert clash.message.translated("de") == "Wartelisten-Eintrag 3 wartet nicht mehr (gegangen)"
    missing = NotFound("household", "BR-NOSUCH")
    assert missing.message.translated("de") == "Haushalt BR-NOSUCH gibt es nicht"
    stale = StaleRecord("home visit", 4, 1, 2)
    assert stale.message.translated("de").startswith("Hausbesuch 4 wurde inzwischen")
    denied = AccessDenied("{who} may not read the records of {where}", who="X", where="brackel")
    assert denied.message.translated("de") == "X darf die Akten von brackel nicht lesen"
    assert isinstance(denied.message, Shown)
