"""Demo consultations with their topics and the referrals made in them.

Each consultation lies in a block of the office's hours on a working day;
about three in ten are anonymous quick contacts. This is the loop that runs
a million times for the benchmark, so it keeps to plain lists and dicts.
"""

from __future__ import annotations

import random

from attrs import define, field

from lwcore.demo.households import OfficeHouseholds
from lwcore.demo.notes import CONSULTATION_NOTES, GENERAL_NOTES
from lwcore.demo.profiles import OfficeProfile
from lwcore.demo.referrals import every_status, referral
from lwcore.demo.rows import IdCounters, Row, Weighted, pick
from lwcore.demo.timeline import Moments, Window

QUICK_CONTACT_SHARE = 0.3
NOTE_SHARE = 0.2
SECOND_TOPIC_SHARE = 0.35
OUTCOMES = Weighted(("solved", "referred", "follow_up"), [50, 25, 25])
PEOPLE = Weighted((1, 2, 3), [70, 22, 8])
VISITORS = Weighted(("refugee", "neighbour", "landlord", "volunteer", "other"), [70, 10, 6, 10, 4])
#: How often a topic comes up; a topic not listed (an office's own) has weight 3.
TOPIC_WEIGHTS: dict[str, float] = {
    "official_letters": 14,
    "benefits": 12,
    "job_search": 10,
    "kindergarten_place": 9,
    "housing": 9,
    "school_enrolment": 8,
    "energy_contract": 8,
    "language_course": 8,
    "health": 7,
    "transport_ticket": 5,
    "leisure": 4,
    "birth": 3,
}


@define
class ConsultationRows:
    consultations: list[Row] = field(factory=list)
    topics: list[Row] = field(factory=list)
    referrals: list[Row] = field(factory=list)


def _topics(keys: tuple[str, ...]) -> Weighted[str]:
    return Weighted(keys, [TOPIC_WEIGHTS.get(key, 3) for key in keys])


def consultations(
    profile: OfficeProfile,
    homes: OfficeHouseholds,
    count: int,
    window: Window,
    rng: random.Random,
    ids: IdCounters,
) -> ConsultationRows:
    """``count`` consultations in the office's hours over the history, oldest first."""
    out = ConsultationRows()
    moments = Moments(window.sessions(profile.blocks, window.first_day, window.today))
    if not moments or not profile.topics:
        return out
    drawn = sorted((moments.draw(rng) for _ in range(count)), key=lambda item: item[0])
    topics = _topics(profile.topics)
    referable = tuple(
        key for key in profile.topics if any(key in p.topics for p in profile.partners)
    )
    referable_topics = _topics(referable) if referable else None
    office_languages = Weighted(
        profile.languages, [3 if code == "de" else 2 for code in profile.languages]
    )
    partner_cache: dict[tuple[str, str], tuple[str, ...]] = {}
    staff = profile.staff
    slug = profile.slug
    known = 0
    household_rows = homes.rows
    created = homes.created
    first_key = ids.reserve("consultation", len(drawn))
    for number, (started, session) in enumerate(drawn):
        while known < len(created) and created[known] <= started:
            known += 1
        key = first_key + number
        anonymous = known == 0 or rng.random() < QUICK_CONTACT_SHARE
        household = None if anonymous else homes.recent(known, rng)
        outcome = "solved" if anonymous else OUTCOMES.draw(rng)
        if outcome == "referred" and referable_topics is None:
            outcome = "follow_up"
        picker = referable_topics if outcome == "referred" and referable_topics else topics
        first = picker.draw(rng)
        chosen = [first]
        if rng.random() < SECOND_TOPIC_SHARE:
            second = topics.draw(rng)
            if second != first:
                chosen.append(second)
        if household is None:
            language = office_languages.draw(rng)
            household_id = None
            visitor = VISITORS.draw(rng)
            note = ""
        else:
            language = pick(homes.speaks[household], rng)
            household_id = household_rows[household]["id"]
            visitor = "refugee"
            note = (
                pick(CONSULTATION_NOTES.get(first, GENERAL_NOTES), rng)
                if rng.random() < NOTE_SHARE
                else ""
            )
        out.consultations.append(
            {
                "id": key,
                "office": slug,
                "place": session.block.place,
                "staff": staff[0] if rng.random() < 0.5 else staff[1],
                "started_at": started,
                "language": language,
                "household_id": household_id,
                "people": PEOPLE.draw(rng),
                "visitor": visitor,
                "outcome": outcome,
                "note": note,
                "version": 1,
                "created_at": started,
                "updated_at": started,
            }
        )
        for topic in chosen:
            out.topics.append({"consultation_id": key, "topic": topic})
        if outcome == "referred":
            district = household_rows[household]["district"] if household is not None else ""
            partners = partner_cache.get((first, district))
            if partners is None:
                partners = partner_cache[first, district] = profile.partners_for(first, district)
            out.referrals.append(
                referral(
                    key=ids.take("referral"),
                    office=slug,
                    consultation_id=key,
                    household_id=household_id,
                    partner_key=pick(partners, rng),
                    topic=first,
                    created=started,
                    window=window,
                    rng=rng,
                )
            )
    every_status(out.referrals, window, rng)
    return out
