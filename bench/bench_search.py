"""The household search at city scale: the service beside the same work in plain SQL.

Used by bench/bench_data.py. The service (``services.households.search`` and
``similar``) looks candidates up in the indexed term table, one prefix and one
exact sound per typed word plus a code prefix, fetches them, ranks them in
Python and writes the audit entry naming the hits. The plain side runs the same
statements by hand on the raw DBAPI connection and reproduces the candidate
and ranking rules with the same pure helpers (``name_keys.words``, ``sound``,
``prefix_pattern``, ``likeness``, ``fold``) and the same limits; before timing,
:func:`search_agrees` checks that both sides return the same households in the
same order, so the rules cannot drift apart unnoticed.

The demo labels are first names or initials only, so a few labels with family
names spelled one way (Aydın, Rezaei, Mohammed Al-Hassan) are registered first,
through the service, for the queries spelled another way to find.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from lwcore.services import Services
from lwcore.services.household_search import (
    CANDIDATES,
    CODE_PATTERN,
    MIN_SEARCH_LENGTH,
    SEARCH_LIMIT,
    SIMILAR_LIMIT,
    SOUND_ALIKE_SCORE,
)
from lwcore.services.name_keys import SIMILAR_SCORE, fold, likeness, prefix_pattern, sound, words

#: What staff type (row name, text): a prefix, names spelled another way than
#: registered, a code prefix.
SEARCHES = (
    ("prefix", "Ha"),
    ("prefix", "Moha"),
    ("spelled otherwise", "Muhammad"),
    ("spelled otherwise", "Aydin"),
    ("spelled otherwise", "Rezai"),
    ("code prefix", "BR-7K"),
)
#: A label about to be registered: ``similar`` asks for the families it may be.
NEW_LABEL = "Familie Mohamad"
#: Registered before measuring (district Brackel, office brackel).
NAMED_LABELS = (
    "Familie Aydın",
    "Yusuf Aydın",
    "Rezaei",
    "Familie Rezaie",
    "Mohammed Al-Hassan",
    "Muhammad Hussein",
)

TERM_PREFIX_SQL = (
    "SELECT household_id FROM household_term WHERE office = ? AND term LIKE ?"
    f" ORDER BY term, household_id LIMIT {CANDIDATES}"
)
TERM_EXACT_SQL = (
    "SELECT household_id FROM household_term WHERE office = ? AND term = ?"
    f" ORDER BY household_id LIMIT {CANDIDATES}"
)
CODE_SQL = (
    f"SELECT id FROM household WHERE code LIKE ? AND office = ? ORDER BY code LIMIT {CANDIDATES}"
)
HITS_SQL = "SELECT id, code, label, district, languages, members, moved_in FROM household WHERE "
HOW = {"code": 0, "name": 1, "sounds": 2}


def register_named(services: Services, office: str, district: str) -> None:
    for label in NAMED_LABELS:
        services.households.create(office=office, label=label, district=district, languages=["de"])


class PlainSearch:
    """The search written by hand: ``plain`` is bench_data's PlainSQL."""

    def __init__(self, plain: Any, office: str) -> None:
        self.plain = plain
        self.office = office

    def candidates(self, text: str) -> dict[int, tuple[int, str]]:
        """Household id → (typed words matched, how found), as the service chooses them."""
        compact = text.strip().upper()
        typed = [] if CODE_PATTERN.fullmatch(compact) else words(text)
        matched: dict[int, dict[str, str]] = {}
        for word in typed:
            for (key,) in self.plain.run(TERM_PREFIX_SQL, self.office, prefix_pattern(word)):
                matched.setdefault(key, {})[word] = "name"
            code = sound(word)
            if code is not None:
                for (key,) in self.plain.run(TERM_EXACT_SQL, self.office, code):
                    matched.setdefault(key, {}).setdefault(word, "sounds")
        by_code: list[int] = []
        if compact and " " not in compact and compact.isascii() and not set("%_\\") & set(compact):
            by_code = [key for (key,) in self.plain.run(CODE_SQL, f"{compact}%", self.office)]
        chosen = {key: (len(typed) + 1, "code") for key in by_code}
        by_name = sorted(
            (
                (-len(hows), key, "name" if "name" in hows.values() else "sounds")
                for key, hows in matched.items()
                if key not in chosen
            ),
        )
        for minus_words, key, how in by_name[:CANDIDATES]:
            chosen[key] = (-minus_words, how)
        return chosen

    def households(self, chosen: dict[int, tuple[int, str]]) -> list[dict[str, Any]]:
        if not chosen:
            return []
        ids = sorted(chosen)
        if self.plain.sqlite:
            marks = ", ".join("?" * len(ids))
            rows = self.plain.run(f"{HITS_SQL}id IN ({marks}) AND office = ?", *ids, self.office)
        else:
            rows = self.plain.run(
                f"{HITS_SQL}id = ANY(?::integer[]) AND office = ?", ids, self.office
            )
        self.plain.done()
        found = []
        for key, code, label, district, spoken, members, came in rows:
            languages = json.loads(spoken) if isinstance(spoken, str) else spoken
            moved_in = date.fromisoformat(came) if isinstance(came, str) else came
            matched, how = chosen[key]
            found.append(
                {
                    "id": key,
                    "code": code,
                    "label": label,
                    "district": district,
                    "languages": tuple(languages or ()),
                    "members": members,
                    "moved_in": moved_in,
                    "words": matched,
                    "how": how,
                }
            )
        return found

    def search(self, text: str) -> list[int]:
        if len(text.strip()) < MIN_SEARCH_LENGTH:
            return []
        found = self.households(self.candidates(text))
        ranked = sorted(
            found,
            key=lambda hit: (
                -hit["words"],
                HOW[hit["how"]],
                -likeness(text, hit["label"]) if hit["how"] == "sounds" else 0.0,
                fold(hit["label"]),
                hit["code"],
            ),
        )
        ids = [hit["id"] for hit in ranked[:SEARCH_LIMIT]]
        self.plain.audit("household", ids)
        return ids

    def similar(self, label: str) -> list[int]:
        if len(label.strip()) < MIN_SEARCH_LENGTH:
            return []
        scored = [
            (likeness(label, hit["label"]), hit) for hit in self.households(self.candidates(label))
        ]
        alike = [
            (score, hit)
            for score, hit in scored
            if hit["how"] != "code"
            and (score >= SIMILAR_SCORE or (hit["how"] == "sounds" and score >= SOUND_ALIKE_SCORE))
        ]
        alike.sort(key=lambda item: (-item[0], fold(item[1]["label"]), item[1]["code"]))
        ids = [hit["id"] for _score, hit in alike[:SIMILAR_LIMIT]]
        self.plain.audit("household", ids)
        return ids


def search_cases(
    services: Services, plain: Any, office: str
) -> list[tuple[str, Callable[[], list[Any]], Callable[[], list[int]]]]:
    """(row name, service call, plain-SQL call) for each search measured."""
    by_hand = PlainSearch(plain, office)
    households = services.households
    cases: list[tuple[str, Callable[[], list[Any]], Callable[[], list[int]]]] = [
        (
            f"search {how} {text!r}",
            partial(households.search, office, text),
            partial(by_hand.search, text),
        )
        for how, text in SEARCHES
    ]
    cases.append(
        (
            f"similar to {NEW_LABEL!r}",
            partial(households.similar, office, NEW_LABEL),
            partial(by_hand.similar, NEW_LABEL),
        )
    )
    return cases


def search_agrees(services: Services, plain: Any, office: str) -> list[str]:
    """What each search finds on both sides; a MISMATCH line when they differ."""
    lines = []
    for name, service, hand_written in search_cases(services, plain, office):
        served = [hit.id for hit in service()]
        by_hand = hand_written()
        if served != by_hand:
            lines.append(f"MISMATCH {name}: service {served}, by hand {by_hand}")
        else:
            labels = sorted({hit.label for hit in service()})
            shown = ", ".join(labels[:4]) + (", …" if len(labels) > 4 else "")
            lines.append(f"{name}: {len(served)} hits, same order on both sides ({shown})")
    return lines
