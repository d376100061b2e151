"""Another office's household looks exactly like one that does not exist.

A staff member who asks for a household of another office, by id or by code,
gets the same answer as for an id or code nobody has: the same refusal, the
same message, the same field, and the same audit entry (a "denied" entry in
their own office naming what they asked for). And an empty ``lw --as`` is
nobody, not the default staff member. Otherwise trying codes would
tell which exist, and in which office: a refugee family's whereabouts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import event, func, select

from lwcore.cli import cli
from lwcore.db.engine import Database
from lwcore.db.models import AuditEntry, AuditSubject, Household
from lwcore.directory import Directory
from lwcore.services import AccessDenied, InvalidInput, NotFound, ServiceError, Services
from lwcore.services.access import UnknownStaff, resolve_actor
from lwcore.services.consents import ConsentRequest
from lwcore.services.consultations import ReferralRequest
from lwcore.testing import ConfigFolder
from tests.access.cases_consultations import JOBCENTER
from tests.access.cases_households import household
from tests.access.cases_privacy import use_repo_config
from tests.conftest import REPO_CONFIG

OWN = "brackel"
OTHER = "mengede_huckarde"
#: An id no household has in these tests (they make a handful).
UNKNOWN_ID = 999_999
#: A code no household has: "0" is no code character.
UNKNOWN_CODE = "BR-00000Z"

#: A service call given the id or code asked for and a household of the caller's own.
Call = Callable[[Services, Any, Household], object]

#: Every service call that looks a household up by id or code for the caller.
BY_ID: dict[str, Call] = {
    "households.get": lambda s, key, _: s.households.get(key),
    "households.correct": lambda s, key, _: s.households.correct(key, 1, label="Familie Karimi"),
    "households.set_legal_hold": lambda s, key, _: s.households.set_legal_hold(key, 1, "Klage"),
    "households.merge (kept)": lambda s, key, mine: s.households.merge(
        key, 1, mine.id, mine.version, reason="doppelt"
    ),
    "households.merge (duplicate)": lambda s, key, mine: s.households.merge(
        mine.id, mine.version, key, 1, reason="doppelt"
    ),
    "households.hand_over": lambda s, key, _: s.households.hand_over(
        key,
        1,
        to_office=OWN,
        district="Brackel",
        consent=ConsentRequest("handover", "written", "fa", "2024-1"),
    ),
    "case_files.open": lambda s, key, _: s.case_files.open(key),
    "consents.for_household": lambda s, key, _: s.consents.for_household(key),
    "consents.valid": lambda s, key, _: s.consents.valid(
        key, "referral", "jobcenter_nordwest", s.context.today()
    ),
    "exports.household": lambda s, key, _: s.exports.household(key),
    "erasure.erase": lambda s, key, _: s.erasure.erase(key),
}
BY_CODE: dict[str, Call] = {
    "households.find": lambda s, code, _: s.households.find(code),
    "case_files.open": lambda s, code, _: s.case_files.open(code),
    "exports.find": lambda s, code, _: s.exports.find(code),
    "exports.household": lambda s, code, _: s.exports.household(code),
    "erasure.erase": lambda s, code, _: s.erasure.erase(code),
}


def _first_free_slot(services: Services) -> Any:
    return services.appointments.next_free_slots(OTHER, limit=1, days=14)[0].starts_at


#: Every call that records work for a household of the caller's office.
RECORDING: dict[str, Call] = {
    "consultations.record": lambda s, key, _: s.consultations.record(
        office=OTHER,
        language="fa",
        topics=["job_search"],
        outcome="referred",
        household_id=key,
        referral=ReferralRequest(JOBCENTER[OTHER], "job_search", anonymous=True),
    ),
    "referrals.refer": lambda s, key, _: s.referrals.refer(
        office=OTHER, partner_key=JOBCENTER[OTHER], topic="job_search", household_id=key
    ),
    "visits.plan": lambda s, key, _: s.visits.plan(
        office=OTHER,
        household_id=key,
        planned_for=s.context.now() + timedelta(days=2),
        staff="Frau Yilmaz",
        language="ar",
    ),
    "appointments.book": lambda s, key, _: s.appointments.book(
        office=OTHER,
        starts_at=_first_free_slot(s),
        label="Familie Haddad",
        language="ar",
        household_id=key,
    ),
    "waiting.add": lambda s, key, _: s.waiting.add(
        office=OTHER, label="Amina", language="ar", household_id=key, outside_hours=True
    ),
    "consents.record": lambda s, key, _: s.consents.record(
        key, "referral", JOBCENTER[OTHER], "2026-10-01", "written", "fa", "2024-1"
    ),
}


def _last_entry(services: Services) -> int:
    with services.context.database.reading() as connection:
        return int(connection.execute(select(func.coalesce(func.max(AuditEntry.id), 0))).scalar())


def _entries_after(services: Services, last: int) -> list[tuple[Any, ...]]:
    """The entries written since ``last``, each with the codes it names."""
    with services.context.database.reading() as connection:
        rows = connection.execute(
            select(AuditEntry).where(AuditEntry.id > last).order_by(AuditEntry.id)  # type: ignore[arg-type]
        ).all()
        found = []
        for row in rows:
            codes = connection.execute(
                select(AuditSubject.household_code).where(AuditSubject.entry_id == row.id)
            ).scalars()
            found.append(
                (
                    row.staff,
                    row.office,
                    row.action,
                    row.kind,
                    row.record_id,
                    row.records,
                    row.detail,
                    tuple(sorted(codes)),
                )
            )
        return found


def _answer(services: Services, call: Call, asked: object, mine: Household) -> tuple[Any, ...]:
    """What the caller learns and what the trail keeps, with the id or code asked for
    written as ``<asked>`` (the rest must be alike to the letter)."""
    last = _last_entry(services)
    with pytest.raises(ServiceError) as refused:
        call(services, asked, mine)
    error = refused.value
    spellings = {str(asked), str(asked).strip().upper()}
    token = re.compile("|".join(rf"(?<![\w-]){re.escape(text)}(?![\w-])" for text in spellings))

    def masked(value: object) -> object:
        if value == asked or value in spellings:
            return "<asked>"
        return token.sub("<asked>", value) if isinstance(value, str) else value

    fields = (
        {name: masked(text) for name, text in error.errors.items()}
        if isinstance(error, InvalidInput)
        else None
    )
    entries = [
        (*tuple(masked(part) for part in entry[:-1]), tuple(masked(c) for c in entry[-1]))
        for entry in _entries_after(services, last)
    ]
    return (type(error), masked(str(error)), fields, entries)


def _unknown_to_everyone(services: Services) -> None:
    with services.context.database.reading() as connection:
        ids = connection.execute(select(Household.id)).scalars().all()  # type: ignore[call-overload]
        codes = connection.execute(select(Household.code)).scalars().all()  # type: ignore[call-overload]
    assert UNKNOWN_ID not in ids
    assert UNKNOWN_CODE not in codes


@pytest.fixture
def theirs(services: Services) -> Household:
    """A household of Brackel, which Mengede-Huckarde's staff must not learn of."""
    row = household(services, OWN)
    _unknown_to_everyone(services)
    return row


@pytest.fixture
def mine(services_as: Callable[..., Services]) -> Household:
    """A household of Mengede-Huckarde, the asking office."""
    return household(services_as(OTHER), OTHER)


@pytest.mark.parametrize("role", ["office_staff", "office_lead"])
@pytest.mark.parametrize("name", sorted(BY_ID))
def test_another_offices_household_id_answers_as_an_unknown_one(
    name: str,
    role: str,
    theirs: Household,
    mine: Household,
    services_as: Callable[..., Services],
) -> None:
    asking = services_as(OTHER, role)
    call = BY_ID[name]
    other = _answer(asking, call, theirs.id, mine)
    unknown = _answer(asking, call, UNKNOWN_ID, mine)
    assert other == unknown
    refusal, message, _fields, entries = other
    assert refusal is NotFound
    assert message == "household <asked> does not exist"
    # One "denied" entry, in the asking office, naming the id asked for.
    [(staff, office, action, kind, record_id, records, _detail, codes)] = entries
    assert (staff, office, action, kind) == (asking.actor.key, OTHER, "denied", "household")
    assert (record_id, records, codes) == ("<asked>", 0, ())


@pytest.mark.parametrize("role", ["office_staff", "office_lead"])
@pytest.mark.parametrize("name", sorted(BY_CODE))
def test_another_offices_household_code_answers_as_an_unknown_one(
    name: str,
    role: str,
    theirs: Household,
    mine: Household,
    services_as: Callable[..., Services],
) -> None:
    asking = services_as(OTHER, role)
    call = BY_CODE[name]
    other = _answer(asking, call, theirs.code.lower(), mine)
    unknown = _answer(asking, call, UNKNOWN_CODE.lower(), mine)
    assert other == unknown
    refusal, message, _fields, entries = other
    assert (refusal, message) == (NotFound, "household <asked> does not exist")
    [(staff, office, action, kind, record_id, records, _detail, codes)] = entries
    assert (staff, office, action, kind) == (asking.actor.key, OTHER, "denied", "household")
    assert (record_id, records, codes) == (None, 0, ("<asked>",))


@pytest.mark.parametrize("name", sorted(RECORDING))
def test_recording_work_for_another_offices_household_is_the_unknown_households_refusal(
    name: str, theirs: Household, mine: Household, services_as: Callable[..., Services]
) -> None:
    asking = services_as(OTHER, "office_staff")
    call = RECORDING[name]
    other = _answer(asking, call, theirs.id, mine)
    unknown = _answer(asking, call, UNKNOWN_ID, mine)
    assert other == unknown
    refusal, _message, fields, entries = other
    assert refusal is InvalidInput
    assert fields is not None
    assert len(fields) == 1
    # Audited: the office, the household id asked for, and what was refused.
    [(staff, office, action, kind, record_id, records, detail, codes)] = entries
    assert (staff, office, action, kind) == (asking.actor.key, OTHER, "denied", "household")
    assert (record_id, records, codes) == ("<asked>", 0, ())
    assert detail.startswith("change: ")


def _statements(services: Services, call: Call, asked: object, mine: Household) -> list[str]:
    """The SQL statements (without their values) a refused call sends."""
    sent: list[str] = []

    def remember(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    engine = services.context.database.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        with pytest.raises(ServiceError):
            call(services, asked, mine)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    return sent


@pytest.mark.parametrize(
    ("calls", "name", "by_code"),
    [
        *((BY_ID, name, False) for name in sorted(BY_ID)),
        *((BY_CODE, name, True) for name in sorted(BY_CODE)),
        *((RECORDING, name, False) for name in sorted(RECORDING)),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_both_answers_send_the_same_statements(
    calls: dict[str, Call],
    name: str,
    by_code: bool,
    theirs: Household,
    mine: Household,
    services_as: Callable[..., Services],
) -> None:
    """The same work for both, so the time taken tells no more than the answer."""
    asking = services_as(OTHER, "office_staff")
    other = theirs.code if by_code else theirs.id
    unknown = UNKNOWN_CODE if by_code else UNKNOWN_ID
    call = calls[name]
    assert _statements(asking, call, other, mine) == _statements(asking, call, unknown, mine)


def test_a_probed_code_is_in_the_households_own_export(
    services: Services, theirs: Household, services_as: Callable[..., Services]
) -> None:
    """The family can learn that someone asked for their code (Art. 15 GDPR)."""
    asking = services_as(OTHER, "office_staff")
    with pytest.raises(NotFound):
        asking.households.find(theirs.code)
    trail = services.exports.household(theirs.code)["audit_trail"]
    assert [(entry["staff"], entry["action"]) for entry in trail][-1] == (
        asking.actor.key,
        "denied",
    )


def test_searching_answers_alike_for_another_offices_code_and_an_unknown_one(
    theirs: Household, services_as: Callable[..., Services]
) -> None:
    asking = services_as(OTHER, "office_staff")
    assert asking.households.search(OTHER, theirs.code) == []
    assert asking.households.search(OTHER, UNKNOWN_CODE) == []
    # Another office's search is refused whatever is asked for: it tells nothing.
    for text in (theirs.code, UNKNOWN_CODE):
        with pytest.raises(AccessDenied, match="may not read the records of brackel"):
            asking.households.search(OWN, text)


def test_a_coordinator_finds_no_household_at_all(
    theirs: Household, services_as: Callable[..., Services]
) -> None:
    """A coordinator reads figures only: a household is to them as one that does not
    exist, the same answer for a real code and an unknown one."""
    coordinator = services_as(None, "coordinator")
    for asked in (theirs.code, UNKNOWN_CODE):
        with pytest.raises(NotFound):
            coordinator.households.find(asked)
    with pytest.raises(NotFound):
        coordinator.households.get(theirs.id)
    with pytest.raises(NotFound):
        coordinator.case_files.open(theirs.code)
    with pytest.raises(NotFound):
        coordinator.exports.household(theirs.id)
    with pytest.raises(NotFound):
        coordinator.households.correct(theirs.id, theirs.version, label="Familie Karimi")


def test_the_households_own_office_still_finds_it(services: Services, theirs: Household) -> None:
    assert services.households.find(theirs.code.lower()).id == theirs.id
    assert services.case_files.open(theirs.id).household.code == theirs.code


@pytest.mark.parametrize("asked", ["", "   ", "BR-\x00", "x" * 500, "ß-ÄÖÜ"])
def test_a_code_that_cannot_be_one_is_not_found_without_a_database_error(
    asked: str, theirs: Household, services_as: Callable[..., Services]
) -> None:
    asking = services_as(OTHER, "office_staff")
    last = _last_entry(asking)
    with pytest.raises(NotFound):
        asking.households.find(asked)
    [entry] = _entries_after(asking, last)
    assert (entry[1], entry[2], entry[-1]) == (OTHER, "denied", ())


@pytest.mark.parametrize(
    "command",
    [
        ["household", "show"],
        ["household", "correct", "--reason", "Ausweis", "--label", "Familie Karimi"],
        ["privacy", "export"],
    ],
    ids=lambda command: " ".join(command[:2]),
)
def test_lw_answers_alike_for_another_offices_code_and_an_unknown_one(
    command: list[str],
    theirs: Household,
    lw_database: Database,
    lw_config: ConfigFolder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_repo_config(lw_config, monkeypatch, lw_database)
    answers = []
    for code in (theirs.code, UNKNOWN_CODE):
        result = CliRunner().invoke(cli, ["--as", "mh_diakonie", *command, code])
        answers.append((result.exit_code, result.stdout, result.stderr.replace(code, "<code>")))
    assert answers[0] == answers[1]
    assert answers[0][0] == 2
    assert answers[0][2] == "Error: household <code> does not exist\n"


# Who is asking: an empty choice is nobody, not the default staff member.


@pytest.mark.parametrize(
    ("options", "variable", "named"),
    [
        (["--as", ""], None, "--as"),
        (["--as", "  "], None, "--as"),
        ([], "", "$LW_STAFF"),
    ],
)
@pytest.mark.parametrize("command", [["audit"], ["household", "show", "BR-00000Z"], []])
def test_an_empty_staff_choice_is_an_error_not_the_default_staff_member(
    options: list[str],
    variable: str | None,
    named: str,
    command: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LW_DATABASE_URL", f"sqlite:///{tmp_path / 'lw.sqlite3'}")
    if variable is None:
        monkeypatch.delenv("LW_STAFF", raising=False)
    else:
        monkeypatch.setenv("LW_STAFF", variable)
    result = CliRunner().invoke(cli, ["--config", str(REPO_CONFIG), *options, *command])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {named} is empty")
    assert not (tmp_path / "lw.sqlite3").exists()  # refused before anything was opened


def test_resolving_an_empty_staff_choice_is_refused(
    repo_directory: Directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The TUI resolves the staff member too: the same refusal there."""
    monkeypatch.delenv("LW_STAFF", raising=False)
    with pytest.raises(UnknownStaff, match="--as is empty"):
        resolve_actor(repo_directory, "")
    monkeypatch.setenv("LW_STAFF", "")
    with pytest.raises(UnknownStaff, match=r"\$LW_STAFF is empty"):
        resolve_actor(repo_directory)
    # A staff member named with --as is chosen whatever the variable says.
    assert resolve_actor(repo_directory, "mh_diakonie").office == OTHER
