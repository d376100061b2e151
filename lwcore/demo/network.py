"""The demo office's network: round tables held, group offers, volunteers, barriers, suggestions."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from lwcore.db.models.network import BARRIER_STATES, SUGGESTION_STATES
from lwcore.demo.names import COMMUNITIES, volunteer_label
from lwcore.demo.notes import (
    AGREED_ACTIONS,
    BARRIER_PLACES,
    BARRIER_RESOLUTIONS,
    BARRIERS,
    GROUP_OFFERS,
    MEETING_MINUTES,
    SUGGESTION_RESPONSES,
    SUGGESTIONS,
)
from lwcore.demo.profiles import OfficeProfile
from lwcore.demo.rows import IdCounters, Row, stamps
from lwcore.demo.timeline import Window

WORKING_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
#: (weeks between sessions, fewest, most who come) by kind of offer.
OFFER_RHYTHM: dict[str, tuple[int, int, int]] = {
    "language_cafe": (1, 6, 22),
    "sport": (1, 4, 14),
    "cooking": (2, 8, 20),
    "other": (1, 2, 8),
}
#: The "other" offer ended this long ago, so the list shows an inactive one.
ENDED_DAYS = 300


def round_tables(
    profile: OfficeProfile, window: Window, rng: random.Random, ids: IdCounters
) -> tuple[list[Row], list[Row]]:
    """Minutes of every past meeting, and what was agreed there (most of it done)."""
    meetings: list[Row] = []
    actions: list[Row] = []
    for meeting in profile.meetings:
        invited = [*meeting.participants, *profile.staff]
        attendees = [name for name in invited if rng.random() < 0.8] or invited[:2]
        held_on = meeting.starts_at.astimezone(window.zone).date()
        written_on = window.next_working_day(held_on + timedelta(days=rng.randint(1, 3)))
        written = min(window.now, window.at(written_on, time(rng.randint(9, 15))))
        key = ids.take("round_table_meeting")
        meetings.append(
            {
                "id": key,
                "office": profile.slug,
                "series_key": meeting.series,
                "starts_at": meeting.starts_at,
                "attendees": attendees,
                "minutes": rng.choice(MEETING_MINUTES),
                **stamps(written),
            }
        )
        for description in rng.sample(AGREED_ACTIONS, rng.randint(1, 3)):
            due = held_on + timedelta(days=rng.randint(14, 42))
            finished = None
            if rng.random() < (0.85 if due < window.today else 0.2):
                done_day = min(window.today, due + timedelta(days=rng.randint(-10, 7)))
                finished = max(written, min(window.now, window.at(done_day, time(15))))
            actions.append(
                {
                    "id": ids.take("agreed_action"),
                    "meeting_id": key,
                    "description": description,
                    "owner": rng.choice(attendees),
                    "due_on": due,
                    "done_at": finished,
                    **stamps(written, finished or written, 2 if finished else 1),
                }
            )
    return meetings, actions


def group_offers(
    profile: OfficeProfile, window: Window, rng: random.Random, ids: IdCounters
) -> tuple[list[Row], list[Row]]:
    """Language café, sport, cooking (and one offer that has ended), with attendance."""
    offers: list[Row] = []
    sessions: list[Row] = []
    district = profile.districts[0]
    started = window.first_day
    for title, kind in GROUP_OFFERS:
        every, fewest, most = OFFER_RHYTHM[kind]
        ended = window.today - timedelta(days=ENDED_DAYS) if kind == "other" else None
        key = ids.take("group_offer")
        offers.append(
            {
                "id": key,
                "office": profile.slug,
                "title": f"{title} {district}",
                "kind": kind,
                "active": ended is None,
                **stamps(window.at(started, time(9)), window.at(ended or started, time(9))),
            }
        )
        weekday = rng.randrange(5)
        day = started + timedelta(days=(weekday - started.weekday()) % 7)
        last = ended or window.today - timedelta(days=1)
        while day <= last:
            if window.holidays.is_working_day(day):
                held = window.at(day, time(18))
                sessions.append(
                    {
                        "id": ids.take("group_session"),
                        "offer_id": key,
                        "held_on": day,
                        "attendance": rng.randint(fewest, most),
                        **stamps(held),
                    }
                )
            day += timedelta(weeks=every)
    return offers, sessions


def volunteers(
    profile: OfficeProfile, count: int, window: Window, rng: random.Random, ids: IdCounters
) -> list[Row]:
    rows: list[Row] = []
    for _ in range(count):
        languages = ["de"]
        if rng.random() < 0.5:
            languages.append(rng.choice(rng.choice(COMMUNITIES).languages))
        joined = _some_day(window, rng)
        rows.append(
            {
                "id": ids.take("volunteer"),
                "office": profile.slug,
                "label": volunteer_label(rng),
                "languages": languages,
                "topics": rng.sample(profile.topics, min(len(profile.topics), rng.randint(1, 3))),
                "availability": sorted(
                    rng.sample(WORKING_WEEKDAYS, rng.randint(1, 3)), key=WORKING_WEEKDAYS.index
                ),
                "active": rng.random() < 0.85,
                **stamps(window.at(joined, time(11))),
            }
        )
    return rows


def barriers(
    profile: OfficeProfile, window: Window, rng: random.Random, ids: IdCounters
) -> list[Row]:
    """Two or so barriers in each status, from what the offices keep running into."""
    rows: list[Row] = []
    known = [(topic, text) for topic, text in BARRIERS if topic in profile.topics] or list(BARRIERS)
    for status in BARRIER_STATES:
        for topic, description in rng.sample(known, min(len(known), rng.randint(1, 3))):
            found = window.at(_some_day(window, rng), time(12))
            closed = status in ("resolved", "escalated")
            rows.append(
                {
                    "id": ids.take("barrier"),
                    "office": profile.slug,
                    "topic": topic,
                    "description": description,
                    "found_at": rng.choice(BARRIER_PLACES),
                    "status": status,
                    "resolution": rng.choice(BARRIER_RESOLUTIONS) if closed else "",
                    **stamps(
                        found, min(window.now, found + timedelta(days=30)), 2 if closed else 1
                    ),
                }
            )
    return rows


def suggestions(
    profile: OfficeProfile, count: int, window: Window, rng: random.Random, ids: IdCounters
) -> list[Row]:
    """Wishes from visitors: the recent ones new, older ones forwarded or done."""
    rows: list[Row] = []
    for number in range(count):
        received = _some_day(window, rng)
        status = SUGGESTION_STATES[number % len(SUGGESTION_STATES)]
        if status == "new":
            received = max(received, window.today - timedelta(days=rng.randint(0, 30)))
        created = window.at(received, time(13)) if received < window.today else window.now
        answered = min(window.now, created + timedelta(days=rng.randint(2, 20)))
        rows.append(
            {
                "id": ids.take("suggestion"),
                "office": profile.slug,
                "received_on": received,
                "text": rng.choice(SUGGESTIONS),
                "status": status,
                "response": rng.choice(SUGGESTION_RESPONSES[status]),
                **stamps(created, created if status == "new" else answered),
            }
        )
    return rows


def _some_day(window: Window, rng: random.Random) -> date:
    """A past working day within the history (today counts)."""
    day = window.first_day + timedelta(days=rng.randrange(window.history_days))
    while not window.holidays.is_working_day(day):
        day -= timedelta(days=1)
    return day
