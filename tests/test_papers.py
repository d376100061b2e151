"""Client papers: every shipped language has every text, and the PDFs in Arabic
and Persian carry the catalogue's words in logical order, shaped (contextual
letter forms from the embedded Vazirmatn) and set right to left."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
from collections import Counter
from io import BytesIO
from pathlib import Path
from string import Formatter
from typing import Any

import pypdf
import pypdfium2
import pytest
from babel.messages.extract import DEFAULT_MAPPING, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont
from sqlalchemy import select

from lwcore import fonts
from lwcore.db.models import AuditEntry
from lwcore.db.models.privacy import CONSENT_PURPOSES
from lwcore.papers import catalogue
from lwcore.papers.catalogue import Words, po_path, shipped_languages
from lwcore.papers.consent import PURPOSES
from lwcore.papers.document import (
    Entry,
    Field,
    Heading,
    Items,
    Paper,
    Paragraph,
    Signature,
    TickBox,
)
from lwcore.papers.field_names import FIELDS, TABLES
from lwcore.papers.layout import GUTTER, MARGIN, PAGE_WIDTH
from lwcore.papers.printing import KINDS, gather, print_paper
from lwcore.papers.topic_names import CORE_TOPIC_NAMES
from lwcore.plugins.default_topics import CORE_TOPICS
from lwcore.services import Services
from lwcore.services.export import dependent_references, household_references
from tests.access.cases_privacy import seed_household

PAPERS = Path(catalogue.__file__).resolve().parent
REPOSITORY = PAPERS.parents[1]
RIGHT_TO_LEFT = ("ar", "fa")
MM = 72 / 25.4
#: Letters of the Arabic script (not digits, not punctuation).
ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u067E\u0686\u0698\u06A9\u06AF\u06CC]")


def literal_parts(text: str) -> list[str]:
    """The text of a format string around its ``{fields}``."""
    return [literal for literal, *_ in Formatter().parse(text)]


def flat(text: str) -> str:
    return " ".join(text.split())


# --- the catalogue -------------------------------------------------------------


def test_every_text_of_the_papers_is_in_the_catalogue_template() -> None:
    found = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            PAPERS, DEFAULT_MAPPING, keywords={"N_": None}
        )
    }
    with (catalogue.LOCALE_DIR / "papers.pot").open("rb") as handle:
        template = {message.id for message in read_po(handle) if message.id}
    assert found == template


@pytest.mark.parametrize("language", shipped_languages())
def test_every_shipped_language_has_every_text(language: str) -> None:
    """A language is shipped once its papers.mo is there; then no text may be missing."""
    with (catalogue.LOCALE_DIR / "papers.pot").open("rb") as handle:
        wanted = {message.id for message in read_po(handle) if message.id}
    with po_path(language).open("rb") as handle:
        translated = read_po(handle)
    missing = sorted(
        msgid
        for msgid in wanted
        if (m := translated.get(msgid)) is None or m.fuzzy or not str(m.string).strip()
    )
    assert missing == []
    for msgid in wanted:
        fields = {name for _l, name, *_ in Formatter().parse(msgid) if name}
        text = str(translated[msgid].string)
        assert {name for _l, name, *_ in Formatter().parse(text) if name} == fields, msgid
    with po_path(language).with_suffix(".mo").open("rb") as handle:
        compiled = read_mo(handle)
    assert {m.id: m.string for m in compiled if m.id} == {
        m.id: m.string for m in translated if m.id
    }, "papers.mo is older than papers.po: run pybabel compile -D papers -d lwcore/locale"


def test_arabic_persian_english_and_german_are_shipped() -> None:
    assert set(shipped_languages()) >= {"de", "en", "ar", "fa"}
    assert shipped_languages()[0] == "de"
    assert catalogue.column_language("tr") == "en"
    assert catalogue.column_language("FA") == "fa"


def test_the_catalogue_knows_the_core_topics_the_purposes_and_the_exported_fields() -> None:
    assert list(CORE_TOPIC_NAMES) == [topic.label_en for topic in CORE_TOPICS]
    assert tuple(PURPOSES) == CONSENT_PURPOSES
    tables = household_references()
    columns = {column.name for table, _ in tables for column in table.columns}
    columns |= {
        c.name for t, *_ in dependent_references({t.name for t, _ in tables}) for c in t.columns
    }
    columns |= {c.name for c in AuditEntry.__table__.columns}  # type: ignore[attr-defined]
    assert sorted(columns - set(FIELDS)) == []
    assert sorted({t.name for t, _ in tables} - set(TABLES)) == []


# --- the PDFs ------------------------------------------------------------------


def paper_key(services: Services, kind: str, household: Any) -> int:
    if KINDS[kind] == "household":
        return int(household.id)
    document = services.exports.household(household.id)
    return int(document["records"][kind][0]["id"])


def texts_of(paper: Paper) -> list[str]:
    """The msgids the paper prints (a field only with a value)."""
    found = [paper.title]
    for block in paper.blocks:
        if isinstance(block, Heading | Paragraph | TickBox | Signature):
            found.append(block.message)
        elif (isinstance(block, Field) and block.value) or (
            isinstance(block, Items) and block.items
        ):
            found.append(block.label)
        elif isinstance(block, Entry):
            found += [label for label, _ in block.lines if label in FIELDS.values()]
    return found


def expected_parts(message: str, words: Words) -> list[str]:
    """What must be found of ``message`` in ``words``' language, as typed.

    A text without fields is found whole. In a right-to-left line that also
    holds a filled-in value (a date in Latin digits) the extractor orders the
    words around the value by its own guess, so of a text with fields each
    word is looked for. The extractor also puts the full stop that ends a
    right-to-left line at the line's start (where it is drawn), so a final
    full stop is not compared.
    """
    text = words(message)
    if words.right_to_left:
        text = text.rstrip(".")
    if "{" not in message:
        return [flat(text)]
    return [word for literal in literal_parts(text) for word in literal.split()]


def to_unicode(reader: pypdf.PdfReader) -> dict[tuple[str, int], str]:
    """(font, glyph id) -> text, from the ToUnicode maps of the embedded fonts."""
    mapping: dict[tuple[str, int], str] = {}
    for page in reader.pages:
        for name, font in page["/Resources"]["/Font"].items():
            cmap = font.get_object().get("/ToUnicode")
            if cmap is None:
                continue
            data = cmap.get_object().get_data().decode("latin-1")
            for source, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", data):
                mapping[name, int(source, 16)] = bytes.fromhex(target).decode("utf-16-be")
    return mapping


def right_column_lines(pdf: bytes) -> list[tuple[int, int]]:
    """(leftmost, rightmost) ink of each line of text in page 1's right column
    (a band of pixel rows with ink, at 1 px/pt)."""
    document = pypdfium2.PdfDocument(pdf)
    image = document[0].render(scale=1).to_pil().convert("L")
    document.close()
    left = round((MARGIN + (PAGE_WIDTH - 2 * MARGIN - GUTTER) / 2 + GUTTER) * MM)
    right = round((PAGE_WIDTH - MARGIN) * MM) + 2
    width, height = image.size
    pixels = image.load()
    lines: list[tuple[int, int]] = []
    in_line = False
    for y in range(round(40 * MM), height - round(20 * MM)):
        dark = [x for x in range(left, min(right, width)) if pixels[x, y] < 110]
        if dark and in_line:
            lines[-1] = (min(lines[-1][0], dark[0]), max(lines[-1][1], dark[-1]))
        elif dark:
            lines.append((dark[0], dark[-1]))
        in_line = bool(dark)
    return lines


@pytest.mark.parametrize("language", RIGHT_TO_LEFT)
@pytest.mark.parametrize("kind", list(KINDS))
def test_papers_in_arabic_and_persian_are_shaped_and_right_to_left(
    services: Services, tmp_path: Path, kind: str, language: str
) -> None:
    household = seed_household(services, "brackel")
    key = paper_key(services, kind, household)
    paper = gather(services, kind, key).paper
    printed = print_paper(services, kind, key, tmp_path, language=language)
    assert printed.language == language
    assert stat.S_IMODE(printed.path.stat().st_mode) == 0o600
    data = printed.path.read_bytes()
    reader = pypdf.PdfReader(BytesIO(data))
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    words = Words(language)
    wanted = {part for message in texts_of(paper) for part in expected_parts(message, words)}
    assert sorted(part for part in wanted if part not in text) == []
    # Shaped: the embedded font has the letters used, and some letter is drawn
    # with more than one glyph (its initial, medial, final forms): unshaped text
    # uses one glyph per letter, and missing glyphs map to no letter at all.
    glyphs = to_unicode(reader)
    letters = set(ARABIC_LETTER.findall("".join(words(m) for m in texts_of(paper))))
    assert letters
    assert letters <= set("".join(glyphs.values()))
    forms = Counter((font, glyph_text) for (font, _glyph), glyph_text in glyphs.items())
    assert (
        sum(1 for (_font, letter), count in forms.items() if letter in letters and count >= 2) >= 5
    )
    # Right to left: ink in the right column, its lines ending at the column's
    # right edge (not starting at its left edge as German lines do).
    # (Dots over or under letters may stand alone between two lines: left out.)
    lines = [(first, last) for first, last in right_column_lines(data) if last - first > 12]
    assert len(lines) > 10
    right_edge = max(last for _first, last in lines)
    left_edge = min(first for first, _last in lines)
    flush_right = sum(1 for _first, last in lines if right_edge - last <= 4)
    flush_left = sum(1 for first, _last in lines if first - left_edge <= 4)
    assert flush_right >= 0.7 * len(lines)
    assert flush_right > 2 * flush_left


def test_printing_is_audited_as_an_export_of_the_paper(services: Services, tmp_path: Path) -> None:
    household = seed_household(services, "brackel")
    key = paper_key(services, "referral", household)
    printed = print_paper(services, "referral", key, tmp_path, language="tr")
    assert printed.language == "en"  # no Turkish texts yet: English beside German
    assert printed.path.name == f"referral-{key}-en.pdf"
    with services.context.database.reading() as connection:
        entry = connection.execute(
            select(AuditEntry).where(AuditEntry.detail == "paper referral en")  # type: ignore[arg-type]
        ).one()
    assert (entry.action, entry.kind, entry.record_id) == ("export", "referral", key)


def test_a_german_speaking_client_gets_one_german_column(
    services: Services, tmp_path: Path
) -> None:
    household = seed_household(services, "brackel")
    printed = print_paper(services, "consent", household.id, tmp_path, language="de")
    text = pypdf.PdfReader(printed.path).pages[0].extract_text()
    assert "Einwilligung" in text
    assert "Consent" not in text
    assert printed.path.name == f"consent-{household.code}-de.pdf"


def test_the_sample_pages_are_made_by_the_script(tmp_path: Path) -> None:
    """docs/papers holds the sample pages; the script that makes them still runs."""
    script = REPOSITORY / "docs" / "papers" / "make_samples.py"
    subprocess.run([sys.executable, str(script), str(tmp_path)], check=True, cwd=tmp_path)
    for language in RIGHT_TO_LEFT:
        image = tmp_path / f"referral-slip-{language}.png"
        assert image.stat().st_size > 10_000
        assert (REPOSITORY / "docs" / "papers" / image.name).is_file()


def test_the_shipped_font_has_every_letter_of_the_shipped_languages() -> None:
    """Vazirmatn travels inside lwcore (with its licence): every letter the
    catalogues use has a glyph, so no paper shows empty boxes."""
    assert fonts.LICENSE.read_text(encoding="utf-8").find("SIL OPEN FONT LICENSE") > 0
    for path in (fonts.REGULAR, fonts.BOLD):
        glyphs = TTFont(path).getBestCmap()
        for language in shipped_languages():
            with po_path(language).open("rb") as handle:
                text = "".join(str(m.string) for m in read_po(handle) if m.id)
            missing = sorted({c for c in text if c.isalpha() and ord(c) not in glyphs})
            assert missing == [], (path.name, language)
