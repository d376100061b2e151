"""Demo rows for a set of offices, table by table in foreign-key order.

Pure: the rows depend only on the office profiles, the size, the seed and
``now``. Each office and each part of it draws from a random generator of
its own, so adding an office or a table does not change the others' rows.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import time

from attrs import frozen

from lwcore.demo.agenda import appointments, home_visits, walk_ins
from lwcore.demo.consents import consents
from lwcore.demo.consultations import consultations
from lwcore.demo.households import households, search_terms
from lwcore.demo.network import barriers, group_offers, round_tables, suggestions, volunteers
from lwcore.demo.profiles import OfficeProfile
from lwcore.demo.rows import IdCounters, Row
from lwcore.demo.timeline import Window

#: Consultations per household (quick contacts included), so the size scales
#: with one number: 100,000 households give about 1,000,000 consultations.
CONSULTATIONS_PER_HOUSEHOLD = 10

Batch = tuple[str, list[Row]]


@frozen
class DemoPlan:
    """How much to make (``households`` across all offices), from which seed, up to when."""

    households: int
    seed: int
    window: Window


def split(total: int, parts: int) -> list[int]:
    """``total`` shared out as evenly as whole numbers allow, the first parts one larger."""
    share, rest = divmod(total, parts)
    return [share + (1 if index < rest else 0) for index in range(parts)]


def generate(profiles: Sequence[OfficeProfile], plan: DemoPlan) -> Iterator[Batch]:
    """(table, rows) for every office in turn; ids count from 1 per table across offices."""
    if not profiles:
        return
    ids = IdCounters()
    codes: set[str] = set()
    for profile, count in zip(profiles, split(plan.households, len(profiles)), strict=True):
        yield from office_rows(profile, count, plan, ids, codes)


def office_rows(
    profile: OfficeProfile, count: int, plan: DemoPlan, ids: IdCounters, codes: set[str]
) -> Iterator[Batch]:
    """One office's rows, a table at a time, in foreign-key order."""
    window = plan.window

    def rng(part: str) -> random.Random:
        return random.Random(f"{plan.seed}/{profile.slug}/{part}")

    homes = households(profile, count, window, rng("households"), ids, codes)
    yield "household", homes.rows
    yield "household_term", search_terms(homes.rows)
    made = consultations(
        profile, homes, count * CONSULTATIONS_PER_HOUSEHOLD, window, rng("consultations"), ids
    )
    yield "consultation", made.consultations
    yield "consultation_topic", made.topics
    yield "consent", consents(made.referrals, homes, window, rng("consents"), ids)
    yield "referral", made.referrals
    midnight = window.at(window.today, time())
    today = []
    for row in reversed(made.consultations):
        if row["started_at"] < midnight:
            break
        today.append(row)
    today.reverse()
    today_ids = {row["id"] for row in today}
    first_topics: dict[int, str] = {}
    for topic in reversed(made.topics):
        if topic["consultation_id"] not in today_ids:
            break
        first_topics[topic["consultation_id"]] = topic["topic"]  # the first one wins last
    yield "walk_in", walk_ins(profile, homes, today, first_topics, window, rng("walk_ins"), ids)
    yield (
        "appointment",
        appointments(profile, homes, profile.topics, window, rng("appointments"), ids),
    )
    yield "home_visit", home_visits(profile, homes, window, rng("visits"), ids)
    meetings, actions = round_tables(profile, window, rng("round_tables"), ids)
    yield "round_table_meeting", meetings
    yield "agreed_action", actions
    offers, sessions = group_offers(profile, window, rng("group_offers"), ids)
    yield "group_offer", offers
    yield "group_session", sessions
    yield (
        "volunteer",
        volunteers(profile, max(4, min(60, count // 25)), window, rng("volunteers"), ids),
    )
    yield "barrier", barriers(profile, window, rng("barriers"), ids)
    yield (
        "suggestion",
        suggestions(profile, max(3, min(40, count // 30)), window, rng("suggestions"), ids),
    )
