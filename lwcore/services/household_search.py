"""Finding a household as staff type, and the families that may already be registered.

Candidates come from indexed lookups only (a code prefix, a word prefix, an
exact sound: see lwcore.services.name_keys), a few hundred at most, so a
search costs the same at 100,000 households as at 100. They are ranked in
Python: households matching more of the typed words first, then the most
alike, then by label and code, so SQLite and PostgreSQL give the same hits
in the same order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from attrs import frozen
from sqlalchemy import (
    BindParameter,
    Connection,
    Integer,
    any_,
    bindparam,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Session

from lwcore.db.models import Household, HouseholdTerm
from lwcore.services.name_keys import (
    SIMILAR_SCORE,
    fold,
    label_terms,
    likeness,
    prefix_pattern,
    sound,
    words,
)

SEARCH_LIMIT = 20
SIMILAR_LIMIT = 10
#: Fewer characters match too much to be a search.
MIN_SEARCH_LENGTH = 2
#: Candidates read per typed word and way of matching, before ranking.
CANDIDATES = 200
#: Sounding alike is not enough for ``similar``: the spelling must come this close too.
SOUND_ALIKE_SCORE = 65

_H = Household.__table__.c  # type: ignore[attr-defined]
_T = HouseholdTerm.__table__.c  # type: ignore[attr-defined]
_LIMIT = bindparam("limit", type_=Integer())
_OFFICE: BindParameter[str] = bindparam("office")

#: A prefix as an index range. SQLite reads ``LIKE 'ha%'`` off the index itself.
#: PostgreSQL derives that range from a LIKE too, but not behind a row policy:
#: LIKE is not leakproof, so the policy's check must come first and the range is
#: lost (every index entry of the office read and filtered). The comparison
#: operators of ``text_pattern_ops`` are leakproof, so the range is written out.
_FROM: BindParameter[str] = bindparam("low")
_BELOW: BindParameter[str] = bindparam("high")


def _starts_with(column: Any, dialect: str, pattern: str) -> Any:
    if dialect == "sqlite":
        return column.like(bindparam(pattern))
    return column.op("~>=~", is_comparison=True)(_FROM) & column.op("~<~", is_comparison=True)(
        _BELOW
    )


def _prefix_range(prefix: str) -> dict[str, str]:
    """``ha`` -> ``ha`` (inclusive) to ``hb`` (exclusive): exactly the strings starting
    with ``ha`` in byte order, for an ASCII prefix (folded words and codes are)."""
    return {"low": prefix, "high": prefix[:-1] + chr(ord(prefix[-1]) + 1)}


TERM_PREFIX = {
    dialect: select(_T.household_id)
    .where(_T.office == _OFFICE, _starts_with(_T.term, dialect, "pattern"))
    .order_by(_T.term, _T.household_id)
    .limit(_LIMIT)
    for dialect in ("sqlite", "postgresql")
}
TERM_EXACT = (
    select(_T.household_id)
    .where(_T.office == _OFFICE, _T.term == bindparam("term"))
    .order_by(_T.household_id)
    .limit(_LIMIT)
)
CODE_PREFIX = {
    dialect: select(_H.id)
    .where(_starts_with(_H.code, dialect, "code"), _H.office == _OFFICE)
    .order_by(_H.code)
    .limit(_LIMIT)
    for dialect in ("sqlite", "postgresql")
}
#: The candidates' rows. PostgreSQL takes the ids as one array parameter: with a
#: parameter each (up to 400) every call built and parsed a statement text of its
#: own, a third of the fetch's time at 200 candidates.
HITS = {
    dialect: select(
        _H.id, _H.code, _H.label, _H.district, _H.languages, _H.members, _H.moved_in
    ).where(among, _H.office == _OFFICE)
    for dialect, among in (
        ("sqlite", _H.id.in_(bindparam("ids", expanding=True))),
        ("postgresql", _H.id == any_(bindparam("ids", type_=ARRAY(Integer())))),
    )
}


@frozen
class HouseholdHit:
    """A search result: enough to pick the right household, nothing more.

    ``matched`` says how it was found: ``code``, ``name`` (a word of the label
    starts with what was typed) or ``sounds`` (spelled otherwise, sounds alike).
    """

    id: int
    code: str
    label: str
    district: str
    languages: tuple[str, ...]
    members: int = 1
    moved_in: date | None = None
    matched: str = "name"

    def describe(self) -> str:
        """``Familie Aydın · BR-7K4Q2M · Brackel · tr, de``: label and code side by side,
        so two families of the same name are told apart."""
        return " · ".join([self.label, self.code, self.district, ", ".join(self.languages)])


@frozen
class _Candidate:
    id: int
    words: int  # typed words it matched
    how: str


#: A household code as staff type it: the office's two letters, a dash, the rest.
CODE_PATTERN = re.compile(r"[A-Z]{2}-[A-Z0-9]*")


def _code_text(text: str) -> str | None:
    """What was typed, as a code prefix (``br-7k`` → ``BR-7K``); None when it cannot be one."""
    compact = text.strip().upper()
    if not compact or " " in compact or not compact.isascii() or not compact.isprintable():
        return None
    if any(ch in compact for ch in "%_\\"):
        return None
    return compact


def _candidates(connection: Connection, office: str, text: str) -> list[_Candidate]:
    code_text = _code_text(text)
    # "BR-7K" is a code: its parts "br" and "7k" are no names to look up.
    typed = [] if code_text and CODE_PATTERN.fullmatch(code_text) else words(text)
    dialect = connection.dialect.name
    matched: dict[int, dict[str, str]] = {}
    for word in typed:
        found = connection.execute(
            TERM_PREFIX[dialect],
            {
                "office": office,
                "pattern": prefix_pattern(word),
                **_prefix_range(word),
                "limit": CANDIDATES,
            },
        ).scalars()
        for key in found:
            matched.setdefault(key, {})[word] = "name"
        code = sound(word)
        if code is None:
            continue
        found = connection.execute(
            TERM_EXACT, {"office": office, "term": code, "limit": CANDIDATES}
        ).scalars()
        for key in found:
            matched.setdefault(key, {}).setdefault(word, "sounds")
    by_code: list[int] = []
    if code_text is not None:
        by_code = list(
            connection.execute(
                CODE_PREFIX[dialect],
                {
                    "office": office,
                    "code": f"{code_text}%",
                    **_prefix_range(code_text),
                    "limit": CANDIDATES,
                },
            ).scalars()
        )
    found_by_code = [_Candidate(key, len(typed) + 1, "code") for key in by_code]
    coded = {candidate.id for candidate in found_by_code}
    by_name = [
        _Candidate(key, len(hows), "name" if "name" in hows.values() else "sounds")
        for key, hows in matched.items()
        if key not in coded
    ]
    by_name.sort(key=lambda candidate: (-candidate.words, candidate.id))
    return found_by_code + by_name[:CANDIDATES]


def _rows(connection: Connection, office: str, candidates: Iterable[_Candidate]) -> list[_Found]:
    """The candidates' households, as plain rows with how each was found."""
    chosen = {candidate.id: candidate for candidate in candidates}
    if not chosen:
        return []
    statement = HITS[connection.dialect.name]
    rows = connection.execute(statement, {"ids": sorted(chosen), "office": office}).all()
    return [_Found(chosen[row[0]], tuple(row), fold(row[2])) for row in rows]


@frozen
class _Found:
    candidate: _Candidate
    row: tuple[Any, ...]  # HITS' columns
    folded: str  # the label folded, for ordering

    def hit(self) -> HouseholdHit:
        key, code, label, district, languages, members, moved_in = self.row
        return HouseholdHit(
            id=key,
            code=code,
            label=label,
            district=district,
            languages=tuple(languages or ()),
            members=members,
            moved_in=moved_in,
            matched=self.candidate.how,
        )


#: Found by code first, then by how a name was typed, then by how it sounds.
_HOW = {"code": 0, "name": 1, "sounds": 2}


def _ranked(text: str, found: list[_Found]) -> list[_Found]:
    """More typed words matched first; then code, word prefix (alphabetically), and
    sound (most alike first); ties by label and code. Only sound matches need the
    likeness, so only they are scored."""

    def order(item: _Found) -> tuple[Any, ...]:
        how = item.candidate.how
        alike = -likeness(text, item.row[2]) if how == "sounds" else 0.0
        return (-item.candidate.words, _HOW[how], alike, item.folded, item.row[1])

    return sorted(found, key=order)


def find_households(
    connection: Connection, office: str, text: str, limit: int
) -> list[HouseholdHit]:
    """The search behind every household field: by code, word prefix or sound."""
    if len(text.strip()) < MIN_SEARCH_LENGTH:
        return []
    found = _rows(connection, office, _candidates(connection, office, text))
    return [item.hit() for item in _ranked(text, found)[:limit]]


def similar_households(
    connection: Connection, office: str, label: str, limit: int
) -> list[HouseholdHit]:
    """Households that may be the same family as ``label``: alike in spelling, or
    sounding alike and not far off in spelling (Rezai ~ Rezaei, not Rosa)."""
    if len(label.strip()) < MIN_SEARCH_LENGTH:
        return []
    found = _rows(connection, office, _candidates(connection, office, label))
    scored = [(likeness(label, item.row[2]), item) for item in found]
    alike = [
        (score, item)
        for score, item in scored
        if item.candidate.how != "code"
        and (
            score >= SIMILAR_SCORE
            or (item.candidate.how == "sounds" and score >= SOUND_ALIKE_SCORE)
        )
    ]
    alike.sort(key=lambda pair: (-pair[0], pair[1].folded, pair[1].row[1]))
    return [item.hit() for _score, item in alike[:limit]]


_TERMS = HouseholdTerm.__table__  # type: ignore[attr-defined]


def write_terms(session: Session, household_id: int, office: str, label: str) -> None:
    """(Re)build the household's search terms in the caller's transaction."""
    session.execute(delete(_TERMS).where(_T.household_id == household_id))
    terms = label_terms(label)
    if terms:
        session.execute(
            insert(_TERMS),
            [{"household_id": household_id, "office": office, "term": term} for term in terms],
        )


def move_terms(session: Session, household_id: int, office: str) -> None:
    """The household's search terms follow it to ``office``."""
    session.execute(update(_TERMS).where(_T.household_id == household_id).values(office=office))
