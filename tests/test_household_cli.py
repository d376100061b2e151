"""``lw household``, ``lw consultation`` and ``lw referral``: register, find, open the
case file, correct, merge, hand over, and withdraw mistaken entries from the CLI."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

from lwcore.cli import cli
from lwcore.db.engine import Database
from lwcore.services import Services
from lwcore.services.consultations import ReferralRequest
from lwcore.testing import ConfigFolder
from tests.access.cases_privacy import use_repo_config

HOUSEHOLD_KEYS = {
    "code",
    "office",
    "label",
    "district",
    "languages",
    "moved_in",
    "members",
    "adults",
    "children",
    "note",
}
CONSENT_KEYS = {
    "id",
    "purpose",
    "partner_key",
    "given_on",
    "given_how",
    "text_language",
    "text_version",
    "expires_on",
    "withdrawn_on",
}
NEW = ["new", "--label", "Haddad", "--district", "Brackel", "--languages", "de"]
CONSENT = ["--consent-how", "written", "--consent-language", "fa", "--consent-version", "2024-1"]


def lw(*args: str, answer: str | None = None, staff: str | None = None) -> Result:
    """``lw [--as STAFF] ARGS`` (Brackel's office lead by default), ``answer`` typed at a prompt."""
    chosen = ["--as", staff] if staff else []
    return CliRunner().invoke(cli, [*chosen, *args], input=answer)


def register(label: str, *more: str, district: str = "Brackel") -> dict[str, Any]:
    """A new Brackel household through ``lw household new --yes --json``."""
    result = lw(
        "household",
        "new",
        "--label",
        label,
        "--district",
        district,
        "--languages",
        "fa,de",
        "--yes",
        "--json",
        *more,
    )
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def show(code: str, *more: str, staff: str | None = None) -> dict[str, Any]:
    result = lw("household", "show", code, "--json", *more, staff=staff)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def consult(services: Services, code: str, *, referral: bool = False) -> tuple[int, int | None]:
    """A consultation of the household recorded through the services: (its id, its referral's)."""
    household = services.households.find(code)
    recorded = services.consultations.record(
        office="brackel",
        language="fa",
        topics=["job_search", "housing"],
        outcome="referred" if referral else "solved",
        household_id=household.id,
        note="Bewerbung besprochen",
        referral=ReferralRequest("jobcenter_brackel", "job_search", anonymous=True)
        if referral
        else None,
    )
    assert recorded.consultation.id is not None
    return recorded.consultation.id, recorded.referral.id if recorded.referral else None


def today() -> date:
    """Today where the offices are (the deployment's zone), as the services see it."""
    return datetime.now(ZoneInfo("Europe/Berlin")).date()


def german(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


@pytest.fixture(autouse=True)
def repo_config(
    lw_database: Database, lw_config: ConfigFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``lw`` as shipped, on the test database."""
    use_repo_config(lw_config, monkeypatch, lw_database)


def test_new_prints_the_code_and_json_with_consents() -> None:
    plain = lw("household", "new", "--label", "Familie Haddad", "--district", "Aplerbeck")
    assert plain.exit_code == 2  # --languages is required
    plain = lw(
        "household",
        "new",
        "--label",
        "Familie Haddad",
        "--district",
        "Aplerbeck",
        "--languages",
        "AR, de",
    )
    assert plain.exit_code == 0, plain.output
    assert re.fullmatch(r"BR-[A-Z2-9]{6}\n", plain.stdout)
    created = register(
        "Familie Aydın",
        "--moved-in",
        "1.10.2026",
        "--adults",
        "2",
        "--children",
        "3",
        "--note",
        "Termin beim Jobcenter im Dezember",
        "--consent",
        "referral:familienbuero_brackel",
        "--consent",
        "photos",
        *CONSENT,
    )
    assert set(created) == HOUSEHOLD_KEYS | {"consents"}
    assert created["office"] == "brackel"
    assert created["languages"] == ["fa", "de"]
    assert created["moved_in"] == "2026-10-01"
    assert (created["adults"], created["children"], created["members"]) == (2, 3, 5)
    assert created["note"] == "Termin beim Jobcenter im Dezember"
    consents = {consent["purpose"]: consent for consent in created["consents"]}
    assert set(consents) == {"referral", "photos"}
    assert set(consents["referral"]) == CONSENT_KEYS
    assert consents["referral"]["partner_key"] == "familienbuero_brackel"
    assert consents["photos"]["text_version"] == "2024-1"
    assert consents["photos"]["given_how"] == "written"


def test_find_folds_spellings_and_sounds() -> None:
    aydin = register("Familie Aydın")["code"]
    mohammed = register("Mohammed Rahimi")["code"]
    register("Familie Haddad")
    found = lw("household", "find", "Aydin", "--json")
    assert found.exit_code == 0, found.output
    hits = json.loads(found.stdout)
    assert [hit["code"] for hit in hits] == [aydin]
    assert set(hits[0]) == {"code", "label", "district", "languages", "matched"}
    assert hits[0]["label"] == "Familie Aydın"
    assert hits[0]["languages"] == ["fa", "de"]
    sounds = json.loads(lw("household", "find", "Muhammad", "--json").stdout)
    assert [(hit["code"], hit["matched"]) for hit in sounds] == [(mohammed, "sounds")]
    by_code = json.loads(lw("household", "find", mohammed.lower(), "--json").stdout)
    assert [(hit["code"], hit["matched"]) for hit in by_code] == [(mohammed, "code")]
    table = lw("household", "find", "Muhammad").stdout.splitlines()
    assert table[0].split() == ["CODE", "LABEL", "DISTRICT", "LANGUAGES", "MATCHED"]
    assert mohammed in table[1]
    assert lw("household", "find", "Nobody").stdout == "(none)\n"


def test_similar_households_make_new_ask_and_yes_skips() -> None:
    first = register("Familie Aydın")["code"]
    refused = lw(
        "household",
        "new",
        "--label",
        "Familie Aydin",
        "--district",
        "Brackel",
        "--languages",
        "tr",
        answer="n\n",
    )
    assert refused.exit_code == 1  # aborted: nothing registered
    assert first in refused.stderr
    assert "Register a new household anyway?" in refused.stderr
    assert [
        hit["code"] for hit in json.loads(lw("household", "find", "Aydin", "--json").stdout)
    ] == [first]
    agreed = lw(
        "household",
        "new",
        "--label",
        "Familie Aydin",
        "--district",
        "Brackel",
        "--languages",
        "tr",
        answer="y\n",
    )
    assert agreed.exit_code == 0, agreed.output
    assert re.search(r"BR-[A-Z2-9]{6}\n$", agreed.stdout)
    skipped = register("Aydin")
    assert skipped["label"] == "Aydin"
    hits = json.loads(lw("household", "find", "Aydin", "--json").stdout)
    assert len(hits) == 3


def test_show_pages_the_timeline_newest_first(services: Services) -> None:
    code = register("Familie Rezaei", "--consent", "photos", *CONSENT)["code"]
    consultations = [consult(services, code)[0] for _ in range(22)]
    case_file = show(code)
    assert set(case_file) == {
        "household",
        "former_codes",
        "consents",
        "timeline",
        "page",
        "pages",
        "total",
        "revisions",
    }
    assert set(case_file["household"]) == HOUSEHOLD_KEYS
    assert case_file["household"]["code"] == code
    assert [consent["purpose"] for consent in case_file["consents"]] == ["photos"]
    assert (case_file["page"], case_file["pages"], case_file["total"]) == (1, 2, 22)
    assert len(case_file["timeline"]) == 20
    entry = case_file["timeline"][0]
    assert set(entry) == {
        "kind",
        "id",
        "version",
        "at",
        "status",
        "topics",
        "language",
        "partner_key",
        "staff",
        "note",
        "voided",
        "void_reason",
        "corrected",
    }
    assert entry["kind"] == "consultation"
    assert entry["status"] == "solved"
    assert set(entry["topics"]) == {"job_search", "housing"}
    ids = [entry["id"] for entry in case_file["timeline"]]
    older = [entry["id"] for entry in show(code, "--page", "2")["timeline"]]
    assert sorted(ids + older) == sorted(consultations)
    assert not set(ids) & set(older)
    text = lw("household", "show", code).stdout
    assert "Familie Rezaei" in text
    assert "page 1 of 2, 22 entries" in text
    assert f"lw household show {code} --page 2" in text
    assert "Bewerbung besprochen" in text


def test_corrections_appear_in_the_case_file(services: Services) -> None:
    code = register("Familie Aydın", "--adults", "2")["code"]
    corrected = lw(
        "household",
        "correct",
        code,
        "--label",
        "Familie Aydin",
        "--district",
        "Aplerbeck",
        "--children",
        "1",
        "--reason",
        "Schreibweise laut Bescheid",
        "--json",
    )
    assert corrected.exit_code == 0, corrected.output
    household = json.loads(corrected.stdout)
    assert set(household) == HOUSEHOLD_KEYS
    assert (household["label"], household["district"], household["members"]) == (
        "Familie Aydin",
        "Aplerbeck",
        3,
    )
    revision = show(code)["revisions"][0]
    assert set(revision) == {
        "id",
        "at",
        "staff",
        "kind",
        "record_id",
        "action",
        "changes",
        "reason",
    }
    assert (revision["kind"], revision["action"]) == ("household", "correct")
    assert revision["reason"] == "Schreibweise laut Bescheid"
    assert revision["changes"]["label"] == {"from": "Familie Aydın", "to": "Familie Aydin"}
    assert revision["changes"]["district"] == {"from": "Brackel", "to": "Aplerbeck"}
    text = lw("household", "show", code).stdout
    assert "label: Familie Aydın -> Familie Aydin" in text
    assert "Schreibweise laut Bescheid" in text

    consultation, _ = consult(services, code)
    fixed = lw(
        "consultation", "correct", str(consultation), "--topics", "housing", "--reason", "nur Miete"
    )
    assert fixed.exit_code == 0, fixed.output
    entry = show(code)["timeline"][0]
    assert (entry["topics"], entry["corrected"]) == (["housing"], True)
    withdrawn = lw("consultation", "withdraw", str(consultation), "--reason", "falscher Haushalt")
    assert withdrawn.exit_code == 0, withdrawn.output
    entry = show(code)["timeline"][0]
    assert (entry["voided"], entry["void_reason"]) == (True, "falscher Haushalt")
    assert "withdrawn: falscher Haushalt" in lw("household", "show", code).stdout


def test_referral_correct_and_withdraw(services: Services) -> None:
    code = register("Familie Husain")["code"]
    _consultation, referral = consult(services, code, referral=True)
    assert referral is not None
    follow_up = today() + timedelta(days=30)
    fixed = lw(
        "referral", "correct", str(referral), "--follow-up", german(follow_up), "--reason", "Urlaub"
    )
    assert fixed.exit_code == 0, fixed.output
    assert services.referrals.get(referral).follow_up_on == follow_up
    withdrawn = lw("referral", "withdraw", str(referral), "--reason", "doppelt erfasst")
    assert withdrawn.exit_code == 0, withdrawn.output
    stored = services.referrals.get(referral)
    assert stored.voided_at is not None
    assert stored.void_reason == "doppelt erfasst"
    nothing = lw("referral", "correct", str(referral), "--reason", "x")
    assert nothing.exit_code == 2
    assert "name what to correct: --partner, --topic, --follow-up" in nothing.stderr


def test_merge_asks_then_keeps_the_duplicate_code_findable(services: Services) -> None:
    keep = register("Familie Rezaei")["code"]
    duplicate = register("Familie Rezai")["code"]
    consultation, _ = consult(services, duplicate)
    declined = lw("household", "merge", keep, duplicate, "--reason", "doppelt", answer="n\n")
    assert declined.exit_code == 1
    assert keep in declined.stdout
    assert duplicate in declined.stdout
    assert f"Merge {duplicate} into {keep}?" in declined.stderr
    assert show(duplicate)["household"]["code"] == duplicate
    merged = lw("household", "merge", keep, duplicate, "--reason", "doppelt erfasst", "--yes")
    assert merged.exit_code == 0, merged.output
    assert f"merged {duplicate} into {keep}" in merged.stdout
    case_file = show(duplicate)
    assert case_file["household"]["code"] == keep
    assert case_file["former_codes"] == [duplicate]
    assert [entry["id"] for entry in case_file["timeline"]] == [consultation]
    assert case_file["revisions"][0]["action"] == "merge"
    assert case_file["revisions"][0]["reason"] == "doppelt erfasst"
    assert (
        f"merged in: code: {duplicate}; label: Familie Rezai"
        in lw("household", "show", keep).stdout
    )


def test_hand_over_moves_the_household_to_the_other_office(services: Services) -> None:
    code = register("Familie Haddad", "--consent", "photos", *CONSENT)["code"]
    consult(services, code)
    asked = lw(
        "household",
        "hand-over",
        code,
        "--to",
        "mengede_huckarde",
        "--district",
        "Mengede",
        *CONSENT,
        answer="n\n",
    )
    assert asked.exit_code == 1
    assert "Hand" in asked.stderr
    assert show(code)["household"]["office"] == "brackel"
    moved = lw(
        "household",
        "hand-over",
        code,
        "--to",
        "mengede_huckarde",
        "--district",
        "Mengede",
        *CONSENT,
        "--yes",
    )
    assert moved.exit_code == 0, moved.output
    assert "mengede_huckarde (district Mengede)" in moved.stdout
    there = show(code, staff="mh_stadt")
    assert (there["household"]["office"], there["household"]["district"]) == (
        "mengede_huckarde",
        "Mengede",
    )
    assert "handover" in {consent["purpose"] for consent in there["consents"]}
    assert there["timeline"] == []  # Brackel's work stays in Brackel, anonymously
    gone = lw("household", "show", code)
    assert gone.exit_code == 2
    assert "Traceback" not in gone.output


def far_future() -> str:
    return german(today() + timedelta(days=3 * 365))


HAND_OVER = ["hand-over", "{code}", *CONSENT, "--yes"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([*NEW, "--label", " "], "--label:"),
        ([*NEW, "--district", "Dorstfeld"], "--district:"),
        ([*NEW, "--languages", "de,xx"], "--languages:"),
        ([*NEW, "--moved-in", "FAR"], "--moved-in:"),
        ([*NEW, "--consent", "referral:nobody", *CONSENT], "--consent:"),
        ([*NEW, "--consent", "photos", "--consent-how", "by pigeon"], "--consent-how:"),
        ([*NEW, "--office", "eving"], "--office: unknown office 'eving'"),
        (["find", "Haddad", "--office", "eving"], "--office: unknown office 'eving'"),
        (["merge", "{code}", "{code}", "--reason", "x", "--yes"], "DUPLICATE_CODE:"),
        ([*HAND_OVER, "--to", "eving", "--district", "Eving"], "--to: unknown office 'eving'"),
        ([*HAND_OVER, "--to", "mengede_huckarde", "--district", "Brackel"], "--district:"),
        (["correct", "{code}", "--reason", "x"], "name what to correct: --label"),
        (["correct", "{code}", "--moved-in", "30.2.2026", "--reason", "x"], "--moved-in:"),
        (["show", "BR-NOBODY"], "household BR-NOBODY"),
    ],
)
def test_bad_input_exits_2_naming_the_field(args: list[str], message: str) -> None:
    """Options given twice count once, the last: ``NEW`` with another label is that label."""
    code = register("Familie Becker")["code"]
    typed = [far_future() if arg == "FAR" else arg.replace("{code}", code) for arg in args]
    result = lw("household", *typed)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""
