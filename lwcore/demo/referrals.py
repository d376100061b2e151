"""Where each demo referral stands: recent ones still open, older ones mostly closed."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta

from lwcore.db.models.referrals import REFERRAL_STATES
from lwcore.demo.notes import PARTNER_FEEDBACK_ACCEPTED, PARTNER_FEEDBACK_DONE, UNSUCCESSFUL_REASONS
from lwcore.demo.rows import Row, Weighted, stamps
from lwcore.demo.timeline import Window

FOLLOW_UP = timedelta(days=14)
#: A referral younger than this is usually still with the partner.
RECENT = timedelta(days=35)
RECENT_STATES = Weighted(REFERRAL_STATES, [45, 30, 15, 5, 5])
OLD_STATES = Weighted(REFERRAL_STATES, [1, 1, 72, 16, 10])


def referral(
    *,
    key: int,
    office: str,
    consultation_id: int,
    household_id: int | None,
    partner_key: str,
    topic: str,
    created: datetime,
    window: Window,
    rng: random.Random,
) -> Row:
    row: Row = {
        "id": key,
        "office": office,
        "consultation_id": consultation_id,
        "household_id": household_id,
        "partner_key": partner_key,
        "topic": topic,
        "anonymous": household_id is None,  # lwcore.demo.consents decides the rest
    }
    states = RECENT_STATES if window.now - created < RECENT else OLD_STATES
    set_status(row, states.draw(rng), created, window, rng)
    return row


def set_status(
    row: Row, status: str, created: datetime, window: Window, rng: random.Random
) -> None:
    """Fill the columns that follow from ``status``: follow-up, reason, feedback, closing."""
    due = created.astimezone(window.zone).date() + FOLLOW_UP
    if status in ("open", "accepted") and due < window.today - timedelta(days=21):
        # Left open a long time: staff have moved the follow-up along since.
        due = window.today + timedelta(days=rng.randint(-14, 6))
    row["status"] = status
    row["follow_up_on"] = due
    row["reason"] = rng.choice(UNSUCCESSFUL_REASONS) if status == "unsuccessful" else None
    row["partner_feedback"] = ""
    row["closed_at"] = None
    updated = created
    version = 1
    if status == "accepted":
        row["partner_feedback"] = rng.choice(PARTNER_FEEDBACK_ACCEPTED)
        updated = min(window.now, created + timedelta(days=rng.randint(1, 10)))
        version = 2
    elif status != "open":
        closed = min(window.now, created + timedelta(days=rng.randint(2, 45), hours=3))
        row["closed_at"] = closed
        if status == "done":
            row["partner_feedback"] = rng.choice(PARTNER_FEEDBACK_DONE)
        updated = closed
        version = rng.choice((2, 3))
    row.update(stamps(created, updated, version))


def every_status(rows: list[Row], window: Window, rng: random.Random) -> None:
    """Make sure each status shows up once there are enough referrals to show them."""
    if len(rows) < 2 * len(REFERRAL_STATES):
        return
    counts = Counter(row["status"] for row in rows)
    for status in REFERRAL_STATES:
        if counts[status]:
            continue
        common = counts.most_common(1)[0][0]
        candidates = [row for row in rows if row["status"] == common]
        if status in ("open", "accepted"):
            candidates = candidates[-max(1, len(candidates) // 4) :]  # a recent one
        row = rng.choice(candidates)
        set_status(row, status, row["created_at"], window, rng)
        counts[common] -= 1
        counts[status] += 1
