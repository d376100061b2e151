"""Small-cell suppression: no count from 1 to 4 leaves an office, and none can be
computed back from the figures that do."""

from __future__ import annotations

import csv
import random
from datetime import date
from pathlib import Path
from typing import Any

from lwcore.directory import Directory
from lwcore.services import Services
from lwcore.services.disclosure import (
    HIDDEN_TEXT,
    DisclosedStatistics,
    cell_text,
    exact,
    suppress,
)
from lwcore.services.statistics import (
    Count,
    PartnerCount,
    PeriodStatistics,
    TopicLanguageCount,
)
from lwcore.tui.screens.statistics_export import statistics_tables, write_tables
from tests.test_consultations import household
from tests.test_statistics import consult


def figures(**changes: Any) -> PeriodStatistics:
    """Large totals and no breakdowns, unless changed."""
    values: dict[str, Any] = {
        "office": "brackel",
        "start": date(2026, 11, 1),
        "end": date(2026, 11, 30),
        "consultations": 100,
        "people": 120,
        "quick_contacts": 20,
        "households": 60,
        "visits_done": 10,
        "by_topic": (),
        "by_language": (),
        "by_outcome": (),
        "by_topic_and_language": (),
        "by_partner": (),
    }
    values.update(changes)
    return PeriodStatistics(**values)


def counts(*pairs: tuple[str, int]) -> tuple[Count, ...]:
    return tuple(Count(key, number) for key, number in pairs)


def shown(rows: tuple[Any, ...]) -> dict[str, int | None]:
    return {row.key: row.consultations for row in rows}


def test_cells_0_and_5_are_shown_1_to_4_hidden() -> None:
    released = suppress(
        figures(
            consultations=20,
            by_language=counts(("de", 10), ("ar", 5), ("fa", 4), ("ti", 1)),
        )
    )
    assert shown(released.by_language) == {"de": 10, "ar": 5, "fa": None, "ti": None}
    partner = PartnerCount("jobcenter_brackel", referrals=30, done=30, unsuccessful=0, open=0)
    [row] = suppress(figures(by_partner=(partner,))).by_partner
    assert (row.referrals, row.done, row.unsuccessful, row.open) == (30, 30, 0, 0)


def test_totals_under_5_are_hidden_too() -> None:
    released = suppress(
        figures(consultations=3, people=4, quick_contacts=1, households=5, visits_done=0)
    )
    assert released.consultations is None
    assert released.people is None
    assert released.quick_contacts is None
    assert released.households == 5
    assert released.visits_done == 0
    assert released.suppressed


def test_a_lone_hidden_cell_takes_the_next_smallest_with_it() -> None:
    # 20 - 12 - 6 would give the 2 away: the 6 is hidden as well, the 12 stays.
    released = suppress(
        figures(
            consultations=20, by_outcome=counts(("solved", 12), ("referred", 6), ("follow_up", 2))
        )
    )
    assert shown(released.by_outcome) == {"solved": 12, "referred": None, "follow_up": None}
    assert released.consultations == 20


def test_a_hidden_total_is_not_the_sum_of_shown_parts() -> None:
    partner = PartnerCount("caritas", referrals=4, done=0, unsuccessful=0, open=4)
    other = PartnerCount("jobcenter_brackel", referrals=9, done=6, unsuccessful=0, open=3)
    released = suppress(figures(by_partner=(partner, other)))
    rows = {row.partner: row for row in released.by_partner}
    assert rows["caritas"].referrals is None
    # 13 referrals in all, 9 shown: the 4 would follow, so Jobcenter's are hidden too.
    assert released.referrals == 13
    assert rows["jobcenter_brackel"].referrals is None
    # Jobcenter's 3 open ones hidden; with its total hidden as well, its 6 done may show.
    assert rows["jobcenter_brackel"].open is None
    assert rows["jobcenter_brackel"].done == 6


def test_hiding_spreads_through_topic_and_language() -> None:
    released = suppress(
        figures(
            consultations=12,
            by_topic=counts(("job_search", 9), ("housing", 3)),
            by_language=counts(("ar", 9), ("de", 3)),
            by_topic_and_language=(
                TopicLanguageCount("job_search", "ar", 6),
                TopicLanguageCount("job_search", "de", 3),
                TopicLanguageCount("housing", "ar", 3),
            ),
        )
    )
    assert_nothing_computable(released)
    assert shown(released.by_topic) == {"job_search": None, "housing": None}
    pairs = {(r.topic, r.language): r.consultations for r in released.by_topic_and_language}
    assert pairs[("job_search", "ar")] == 6


def test_own_exact_figures_are_not_suppressed() -> None:
    original = figures(consultations=3, by_language=counts(("ar", 2), ("de", 1)))
    own = exact(original)
    assert not own.suppressed
    assert own.consultations == 3
    assert shown(own.by_language) == {"ar": 2, "de": 1}


def test_hidden_rows_come_last_by_name() -> None:
    released = suppress(
        figures(consultations=30, by_language=counts(("ar", 20), ("fa", 4), ("de", 3), ("en", 3)))
    )
    assert [row.key for row in released.by_language] == ["ar", "de", "en", "fa"]
    assert cell_text(None) == HIDDEN_TEXT == "x"
    assert cell_text(0) == "0"


def random_figures(rng: random.Random) -> PeriodStatistics:
    topics = rng.sample(["job_search", "housing", "school", "health", "bank_account"], 3)
    languages = rng.sample(["ar", "de", "fa", "ti", "uk"], 3)
    pairs = [
        TopicLanguageCount(topic, language, number)
        for topic in topics
        for language in languages
        if (number := rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 14])) > 0
    ]
    by_topic = {t: sum(p.consultations for p in pairs if p.topic == t) for t in topics}
    by_language = {
        lang: sum(p.consultations for p in pairs if p.language == lang) for lang in languages
    }
    total = sum(by_language.values())
    solved = rng.randint(0, total)
    partners = []
    for key in ("caritas", "jobcenter_brackel", "awo"):
        done, unsuccessful, still_open = (rng.choice([0, 1, 3, 5, 8]) for _ in range(3))
        partners.append(
            PartnerCount(key, done + unsuccessful + still_open, done, unsuccessful, still_open)
        )
    return figures(
        consultations=total,
        by_topic=counts(*((t, n) for t, n in by_topic.items() if n)),
        by_language=counts(*((lang, n) for lang, n in by_language.items() if n)),
        by_outcome=counts(
            *((k, n) for k, n in (("solved", solved), ("referred", total - solved)) if n)
        ),
        by_topic_and_language=tuple(pairs),
        by_partner=tuple(p for p in partners if p.referrals),
    )


def assert_nothing_computable(released: DisclosedStatistics) -> None:
    """No shown total minus its shown parts gives away exactly one hidden figure."""
    groups: list[tuple[int | None, list[int | None]]] = [
        (released.consultations, [c.consultations for c in released.by_language]),
        (released.consultations, [c.consultations for c in released.by_outcome]),
        (released.consultations, [c.consultations for c in released.by_topic]),
        (released.referrals, [p.referrals for p in released.by_partner]),
    ]
    for topic in released.by_topic:
        parts = [r.consultations for r in released.by_topic_and_language if r.topic == topic.key]
        groups.append((topic.consultations, parts))
    for partner in released.by_partner:
        groups.append((partner.referrals, [partner.done, partner.unsuccessful, partner.open]))
    for total, parts in groups:
        hidden = [total, *parts].count(None)
        assert hidden != 1, (total, parts)


def test_random_figures_never_show_a_small_count_nor_give_one_away() -> None:
    rng = random.Random(6)
    for _ in range(300):
        original = random_figures(rng)
        released = suppress(original)
        cells = [
            released.consultations,
            released.people,
            released.quick_contacts,
            released.households,
            released.visits_done,
            released.referrals,
            *(c.consultations for c in released.by_topic),
            *(c.consultations for c in released.by_language),
            *(c.consultations for c in released.by_outcome),
            *(r.consultations for r in released.by_topic_and_language),
            *(
                n
                for p in released.by_partner
                for n in (p.referrals, p.done, p.unsuccessful, p.open)
            ),
        ]
        assert not [cell for cell in cells if cell is not None and 0 < cell < 5]
        assert_nothing_computable(released)


def read_numbers(folder: Path) -> list[str]:
    """Every figure in the exported files (columns that are neither keys nor labels)."""
    keys = {"office", "start", "end", "topic", "language", "outcome", "partner", "label"}
    found = []
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                found.extend(
                    value for name, value in row.items() if name not in keys and "label" not in name
                )
    return found


def test_the_csv_export_holds_no_count_from_1_to_4(
    services: Services, repo_directory: Directory, tmp_path: Path
) -> None:
    amina = household(services, "Amina")
    for day in range(2, 9):
        consult(services, household_id=amina, started_at=f"2026-11-0{day}T10:00")
    consult(services, language="de", topics=["housing"], started_at="2026-11-10T10:00")
    consult(services, language="fa", outcome="follow_up", started_at="2026-11-11T10:00")
    figures = services.statistics.month("brackel", 2026, 11)
    assert figures.consultations == 9

    written = write_tables(tmp_path, statistics_tables(figures, repo_directory))
    assert len(written) == 6
    numbers = read_numbers(tmp_path)
    assert "9" in numbers
    assert HIDDEN_TEXT in numbers
    assert not [value for value in numbers if value in {"1", "2", "3", "4"}]
    [totals] = csv.DictReader((tmp_path / "totals.csv").open(encoding="utf-8"))
    # One household, and two consultations without one.
    assert (totals["consultations"], totals["households"], totals["quick_contacts"]) == (
        "9",
        HIDDEN_TEXT,
        HIDDEN_TEXT,
    )
