"""Sample client papers for review: a referral slip in German and Arabic, and
one in German and Persian, as a PNG of the page as pdfium draws it.

    uv run python docs/papers/make_samples.py docs/papers

The slips are made from fictional records and the repository's own offices
(config/), with the same code as ``lw print``; nothing is read from a database.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pypdfium2

from lwcore.directory import build_directory
from lwcore.papers.catalogue import Words
from lwcore.papers.layout import render
from lwcore.papers.referral import referral_paper
from lwcore.services.referral_records import ReferralRecord

REPOSITORY = Path(__file__).resolve().parents[2]
LANGUAGES = ("ar", "fa")
PRINTED_ON = date(2026, 11, 27)


def sample_referral(office: str, partner: str) -> ReferralRecord:
    """A fictional referral of ``office`` to ``partner`` (no real household)."""
    return ReferralRecord(
        id=1042,
        version=1,
        office=office,
        household_id=7,
        consultation_id=311,
        partner_key=partner,
        anonymous=False,
        topic="job_search",
        status="open",
        follow_up_on=date(2026, 12, 11),
        reason=None,
        partner_feedback="",
        closed_at=None,
        voided_at=None,
        void_reason=None,
    )


def main(folder: Path) -> list[Path]:
    directory = build_directory(REPOSITORY / "config")
    entry = directory.office("brackel")
    partner = next(p for p in entry.partners if "job_search" in p.topics)
    paper = referral_paper(sample_referral(entry.slug, partner.key), directory)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for language in LANGUAGES:
        data = render(paper, Words(language), PRINTED_ON)
        document = pypdfium2.PdfDocument(data)
        png_path = folder / f"referral-slip-{language}.png"
        document[0].render(scale=1.5).to_pil().save(png_path)
        document.close()
        written.append(png_path)
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/papers")):
        print(path)
