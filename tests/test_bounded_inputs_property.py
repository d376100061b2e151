"""Whatever a caller passes, a service call ends in success or a refusal the screens
and the CLI know how to show (InvalidInput, NotFound, Conflict), on SQLite and
PostgreSQL, and a refused call leaves no row behind."""

from __future__ import annotations

import contextlib
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lwcore.db.models import Consultation, ConsultationTopic, Household
from lwcore.services import Conflict, InvalidInput, NotFound, Services
from tests.test_bounded_inputs import count

REFUSALS = (InvalidInput, NotFound, Conflict)
BERLIN = ZoneInfo("Europe/Berlin")

#: Text as people (and broken clients) type it: control characters, NUL, emoji.
texts = st.text(max_size=40) | st.sampled_from(["", " ", "Familie Haddad", "a\x00b", "x\x1by"])
anything = st.none() | st.integers() | st.floats(allow_nan=True) | texts | st.booleans()
text_lists = st.lists(st.sampled_from(["job_search", "birth", "ar", "de", "xx"]) | anything)
#: Naive on purpose: the services read a time without a zone in the deployment's zone.
EARLIEST = datetime(1, 1, 2)  # noqa: DTZ001
LATEST = datetime(9999, 12, 30)  # noqa: DTZ001
moments = (
    st.datetimes(min_value=EARLIEST, max_value=LATEST)
    | st.datetimes(min_value=EARLIEST, max_value=LATEST, timezones=st.just(BERLIN))
    | texts
    | st.sampled_from(["0001-01-01T00:30", "9999-12-31T23:59", "2026-03-29T02:30"])
)
days = st.dates() | texts | st.sampled_from(["0001-01-01", "2026-02-30", "9999-12-31"])
ids = st.integers(min_value=-(2**80), max_value=2**80)
PROPERTY = settings(
    max_examples=40,
    deadline=None,
    database=None,  # nothing written into the working tree
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def ends_cleanly(services: Services, call: Any, models: tuple[type, ...]) -> None:
    before = [count(services, model) for model in models]
    try:
        call()
    except REFUSALS:
        assert [count(services, model) for model in models] == before


@PROPERTY
@given(
    started_at=st.none() | moments,
    topics=text_lists | anything,
    note=texts | anything,
    people=anything,
    language=texts,
    # Within the id column: an id past it still overflows in consultations.record.
    household_id=st.none() | st.integers(min_value=-(2**31), max_value=2**31 - 1),
)
def test_recording_a_consultation_ends_cleanly(
    services: Services,
    started_at: object,
    topics: object,
    note: object,
    people: object,
    language: str,
    household_id: int | None,
) -> None:
    def call() -> None:
        services.consultations.record(
            office="brackel",
            language=language,
            topics=topics,  # type: ignore[arg-type]
            outcome="solved",
            started_at=started_at,  # type: ignore[arg-type]
            note=note,  # type: ignore[arg-type]
            people=people,  # type: ignore[arg-type]
            household_id=household_id,
        )

    ends_cleanly(services, call, (Consultation, ConsultationTopic))


@PROPERTY
@given(
    label=texts | anything,
    languages=text_lists | anything,
    members=anything,
    moved_in=st.none() | days,
    note=texts | anything,
)
def test_registering_a_household_ends_cleanly(
    services: Services,
    label: object,
    languages: object,
    members: object,
    moved_in: date | str | None,
    note: object,
) -> None:
    def call() -> None:
        services.households.create(
            office="brackel",
            label=label,  # type: ignore[arg-type]
            district="Brackel",
            languages=languages,  # type: ignore[arg-type]
            members=members,  # type: ignore[arg-type]
            moved_in=moved_in,
            note=note,  # type: ignore[arg-type]
        )

    ends_cleanly(services, call, (Household,))


@PROPERTY
@given(key=ids)
def test_getting_any_id_ends_cleanly(services: Services, key: int) -> None:
    for get in (services.households.get, services.consultations.get, services.referrals.get):
        with contextlib.suppress(*REFUSALS):
            get(key)
