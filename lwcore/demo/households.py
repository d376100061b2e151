"""Demo households: pseudonymous, from the communities an office serves."""

from __future__ import annotations

import bisect
import random
from datetime import datetime, timedelta

from attrs import define

from lwcore.demo.names import COMMUNITIES, community_weights, household_label, household_languages
from lwcore.demo.profiles import OfficeProfile
from lwcore.demo.rows import IdCounters, Row, Weighted, stamps
from lwcore.demo.timeline import Moments, Window
from lwcore.services.households import household_code, search_key
from lwcore.services.name_keys import label_terms

#: How long before the history starts the oldest households came (they
#: were already clients when the history begins).
EARLIER_DAYS = 180
MEMBERS = Weighted([1, 2, 3, 4, 5, 6, 7], [22, 18, 17, 17, 13, 8, 5])


@define
class OfficeHouseholds:
    """An office's households, oldest first, with what later rows pick from them."""

    rows: list[Row]
    created: list[datetime]
    #: The languages a consultation with the household can be held in.
    speaks: list[tuple[str, ...]]

    def __len__(self) -> int:
        return len(self.rows)

    def index_of(self, household_id: int) -> int:
        """Where a household of this office sits in ``rows`` (its ids are consecutive)."""
        return household_id - int(self.rows[0]["id"])

    def known_by(self, moment: datetime) -> int:
        """How many households were created by ``moment`` (indexes below it qualify)."""
        return bisect.bisect_right(self.created, moment)

    def recent(self, known: int, rng: random.Random) -> int:
        """An index below ``known``, newer households likelier: newcomers need most help."""
        return known - 1 - int(known * rng.random() ** 2)


def unique_code(office: str, rng: random.Random, taken: set[str]) -> str:
    """A household code no other household has (codes are unique across offices)."""
    code = household_code(office, rng)
    while code in taken:
        code = household_code(office, rng)
    taken.add(code)
    return code


def households(
    profile: OfficeProfile,
    count: int,
    window: Window,
    rng: random.Random,
    ids: IdCounters,
    taken_codes: set[str],
) -> OfficeHouseholds:
    """``count`` households, each created at a moment of the office's hours."""
    moments = Moments(
        window.sessions(
            profile.blocks, window.first_day - timedelta(days=EARLIER_DAYS), window.today
        )
    )
    created = sorted(
        moments.draw(rng)[0] if moments else window.now - timedelta(days=rng.randrange(900))
        for _ in range(count)
    )
    communities = Weighted(COMMUNITIES, community_weights(profile.languages))
    office_languages = set(profile.languages)
    rows: list[Row] = []
    speaks: list[tuple[str, ...]] = []
    for moment in created:
        community = communities.draw(rng)
        label = household_label(community, rng)
        languages = household_languages(community, rng)
        shared = tuple(code for code in languages if code in office_languages)
        speaks.append(shared or tuple(languages))
        moved_in = moment.astimezone(window.zone).date() - timedelta(days=rng.randrange(120))
        rows.append(
            {
                "id": ids.take("household"),
                "code": unique_code(profile.slug, rng, taken_codes),
                "office": profile.slug,
                "controller": "city" if rng.random() < 0.5 else "welfare",
                "label": label,
                "search_key": search_key(label),
                "district": rng.choice(profile.districts),
                "languages": languages,
                "members": MEMBERS.draw(rng),
                "note": "",
                "moved_in": moved_in,
                **stamps(moment),
            }
        )
    return OfficeHouseholds(rows, created, speaks)


def search_terms(rows: list[Row]) -> list[Row]:
    """The search index rows of ``rows`` (households), as the services write them."""
    return [
        {"household_id": row["id"], "office": row["office"], "term": term}
        for row in rows
        for term in label_terms(str(row["label"]))
    ]
