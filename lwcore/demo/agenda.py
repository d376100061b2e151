"""The demo's dated work besides consultations: appointments, today's waiting list, home visits.

Booked appointments and planned visits are the only rows that lie in the
future; one appointment per slot, as the database requires.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import time, timedelta

from lwcore.demo.households import OfficeHouseholds
from lwcore.demo.names import COMMUNITIES
from lwcore.demo.notes import VISIT_CANCEL_REASONS, VISIT_NOTES
from lwcore.demo.profiles import OfficeProfile
from lwcore.demo.rows import IdCounters, Row, Weighted, stamps
from lwcore.demo.timeline import Window

BOOKING_AHEAD_DAYS = 14
#: Appointments per household over the history, as far as the slots allow.
APPOINTMENTS_PER_HOUSEHOLD = 1.0
MOST_BOOKED = 0.6
#: The next two weeks look booked even in a small demo.
LEAST_BOOKED_AHEAD = 0.35
PAST_APPOINTMENTS = Weighted(("attended", "missed", "cancelled"), [80, 12, 8])
FUTURE_APPOINTMENTS = Weighted(("booked", "cancelled"), [88, 12])
VISIT_SHARE = 0.35
#: Households this new always get a welcome visit (planned, if it is still ahead).
NEW_HOUSEHOLD = timedelta(days=30)
PAST_VISITS = Weighted(("done", "cancelled"), [85, 15])


def _guest(rng: random.Random) -> str:
    """Someone without a household record: a first name is all the list shows."""
    return rng.choice(rng.choice(COMMUNITIES).first_names)


def appointments(
    profile: OfficeProfile,
    homes: OfficeHouseholds,
    topics: Sequence[str],
    window: Window,
    rng: random.Random,
    ids: IdCounters,
) -> list[Row]:
    """Bookings in the appointment blocks: past ones attended or missed, the next two
    weeks booked; never two in one slot."""
    blocks = [block for block in profile.blocks if not block.walk_in]
    last = window.today + timedelta(days=BOOKING_AHEAD_DAYS)
    slots = [
        (session, session.start + timedelta(minutes=number * session.block.slot_minutes))
        for session in window.sessions(blocks, window.first_day, last, future=True)
        for number in range(session.minutes // session.block.slot_minutes)
    ]
    past_slots = sum(1 for _, starts in slots if starts < window.now)
    past_share = min(MOST_BOOKED, len(homes) * APPOINTMENTS_PER_HOUSEHOLD / max(1, past_slots))
    rows: list[Row] = []
    for session, starts in slots:
        slot = session.block.slot_minutes
        past = starts <= window.now
        if rng.random() >= (past_share if past else max(past_share, LEAST_BOOKED_AHEAD)):
            continue
        booked = min(
            starts - timedelta(days=rng.randint(1, 14)),
            window.now - timedelta(hours=rng.randint(1, 72)),
        )
        known = homes.known_by(booked)
        if known:
            index = homes.recent(known, rng)
            household_id = homes.rows[index]["id"]
            label = homes.rows[index]["label"]
            language = rng.choice(homes.speaks[index])
        else:
            household_id, label, language = None, _guest(rng), rng.choice(profile.languages)
        status = (PAST_APPOINTMENTS if past else FUTURE_APPOINTMENTS).draw(rng)
        updated = booked
        if status in ("attended", "missed"):
            updated = min(window.now, starts + timedelta(minutes=slot))
        elif status == "cancelled":
            updated = min(window.now, booked + (starts - booked) / 2)
        rows.append(
            {
                "id": ids.take("appointment"),
                "office": profile.slug,
                "place": session.block.place,
                "starts_at": starts,
                "duration_minutes": slot,
                "household_id": household_id,
                "label": label,
                "language": language,
                "topic": rng.choice(topics) if topics else None,
                "status": status,
                "note": "Nicht erschienen." if status == "missed" else "",
                **stamps(booked, updated, 1 if status == "booked" else 2),
            }
        )
    return rows


def walk_ins(
    profile: OfficeProfile,
    homes: OfficeHouseholds,
    today_consultations: Sequence[Row],
    first_topics: dict[int, str],
    window: Window,
    rng: random.Random,
    ids: IdCounters,
) -> list[Row]:
    """Today's waiting list, when today has open hours: those seen so far, and a few waiting."""
    blocks = [block for block in profile.blocks if block.walk_in]
    sessions = window.sessions(blocks, window.today, window.today, future=True)
    if not sessions:
        return []
    rows: list[Row] = []
    for consultation in today_consultations:
        if not any(
            session.block.place == consultation["place"]
            and session.start <= consultation["started_at"] < session.end
            for session in sessions
        ):
            continue  # seen by appointment, not from the waiting list
        arrived = consultation["started_at"] - timedelta(minutes=rng.randint(3, 40))
        household_id = consultation["household_id"]
        label = _guest(rng)
        if household_id is not None:
            label = homes.rows[homes.index_of(household_id)]["label"]
        row = {
            "id": ids.take("walk_in"),
            "office": profile.slug,
            "place": consultation["place"],
            "arrived_at": arrived,
            "label": label,
            "household_id": household_id,
            "language": consultation["language"],
            "topic": first_topics.get(consultation["id"]),
            "status": "seen",
            "consultation_id": consultation["id"],
            **stamps(arrived, consultation["started_at"], 2),
        }
        rows.append(row)
    session = next((s for s in sessions if s.end > window.now), sessions[-1])
    anchor = max(session.start, min(window.now, session.end))
    known = homes.known_by(window.now)
    for number in range(rng.randint(2, 4)):
        arrived = min(window.now, anchor) - timedelta(minutes=2 + number * rng.randint(4, 12))
        household_id = None
        label = _guest(rng)
        language = rng.choice(profile.languages)
        if known and rng.random() < 0.6:
            index = homes.recent(known, rng)
            household_id = homes.rows[index]["id"]
            label = homes.rows[index]["label"]
            language = rng.choice(homes.speaks[index])
        rows.append(
            {
                "id": ids.take("walk_in"),
                "office": profile.slug,
                "place": session.block.place,
                "arrived_at": arrived,
                "label": label,
                "household_id": household_id,
                "language": language,
                "topic": rng.choice(profile.topics) if profile.topics else None,
                "status": "waiting" if number < 2 or rng.random() < 0.7 else "left",
                "consultation_id": None,
                **stamps(arrived),
            }
        )
    return rows


def home_visits(
    profile: OfficeProfile,
    homes: OfficeHouseholds,
    window: Window,
    rng: random.Random,
    ids: IdCounters,
) -> list[Row]:
    """Welcome visits a few weeks after a household's first contact."""
    rows: list[Row] = []
    newest = len(homes) - 1
    for index, created in enumerate(homes.created):
        is_new = window.now - created < NEW_HOUSEHOLD
        if not is_new and index != newest and rng.random() >= VISIT_SHARE:
            continue
        day = created.astimezone(window.zone).date() + timedelta(days=rng.randint(5, 25))
        if index == newest and day <= window.today:
            day = window.today + timedelta(days=1)  # at least one visit lies ahead
        day = window.next_working_day(day)
        planned = window.at(day, time(10, 0)) + timedelta(minutes=30 * rng.randrange(13))
        household = homes.rows[index]
        first, second = profile.staff if rng.random() < 0.5 else profile.staff[::-1]
        row: Row = {
            "id": ids.take("home_visit"),
            "office": profile.slug,
            "household_id": household["id"],
            "planned_for": planned,
            "staff": first,
            "second_staff": second if rng.random() < 0.6 else None,
            "language": rng.choice(homes.speaks[index]),
            "status": "planned",
            "note": "",
            "done_at": None,
            "cancel_reason": None,
            **stamps(created),
        }
        if planned <= window.now:
            row["status"] = PAST_VISITS.draw(rng)
            finished = min(window.now, planned + timedelta(minutes=75))
            if row["status"] == "done":
                row["note"] = rng.choice(VISIT_NOTES)
                row["done_at"] = finished
            else:
                row["cancel_reason"] = rng.choice(VISIT_CANCEL_REASONS)
            row.update(stamps(created, finished, 2))
        rows.append(row)
    _some_cancelled(rows, rng)
    return rows


def _some_cancelled(rows: list[Row], rng: random.Random) -> None:
    """Once there are a few past visits, show that visits also fall through."""
    done = [row for row in rows if row["status"] == "done"]
    if len(done) < 3 or any(row["status"] == "cancelled" for row in rows):
        return
    row = rng.choice(done)
    row.update(status="cancelled", note="", done_at=None)
    row["cancel_reason"] = rng.choice(VISIT_CANCEL_REASONS)
