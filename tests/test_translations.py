"""The German catalogue of the terminal UI and the services' messages: complete,
faithful to its source strings, and compiled.

Every string the UI passes to ``_()`` or ``n_()``, and every template a service
marks with ``N_()``, needs a German translation in
``lwcore/locale/de/LC_MESSAGES/lwcore.po``. After adding or changing one::

    uv run pybabel extract -k _ -k N_ -k n_:1,2 --no-location --sort-output \\
        --project=lwcore -o lwcore/locale/lwcore.pot lwcore/tui lwcore/services lwcore/db \
        lwcore/reports lwcore/i18n.py
    uv run pybabel update -D lwcore -i lwcore/locale/lwcore.pot -d lwcore/locale
    # translate the new entries, then
    uv run pybabel compile -D lwcore -d lwcore/locale
"""

from __future__ import annotations

import gettext
import re
from collections import Counter
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_MAPPING, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from lwcore import i18n

PACKAGE = Path(i18n.__file__).resolve().parent
#: Where translated strings are written: the UI, the services' messages, the
#: data layer's findings (the audit chain's breaks), the reports.
SOURCES = ("tui", "services", "db", "reports")
PO_FILE = i18n.LOCALE_DIR / "de" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
MO_FILE = PO_FILE.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "n_": (1, 2)}
#: A Rich markup tag, as Rich itself finds them: ``[dim]``, ``[/dim]``, ``[/]``, ``[@click=…]``.
MARKUP_TAG = re.compile(r"(?<!\\)\[([a-z#/@][^\[]*?)\]")

Msgid = str | tuple[str, ...]


@pytest.fixture(scope="module")
def german() -> Catalog:
    with PO_FILE.open("rb") as handle:
        return read_po(handle, locale="de")


def extract(source: str) -> dict[Msgid, list[str]]:
    """Every message of ``lwcore/<source>`` -> where it is used (``file:line``)."""
    found: dict[Msgid, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        PACKAGE / source, DEFAULT_MAPPING, keywords=KEYWORDS
    ):
        found.setdefault(message, []).append(f"lwcore/{source}/{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def extracted() -> dict[Msgid, list[str]]:
    """Every message of the UI and the services -> where it is used."""
    found: dict[Msgid, list[str]] = {}
    for source in SOURCES:
        for msgid, places in extract(source).items():
            found.setdefault(msgid, []).extend(places)
    return found


def singular(msgid: Msgid) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def translations(message: Message) -> tuple[str, ...]:
    string = message.string
    return (string,) if isinstance(string, str) else tuple(string)


def is_translated(catalog: Catalog, msgid: Msgid) -> bool:
    message = catalog.get(singular(msgid))
    if message is None or message.fuzzy:
        return False
    forms = translations(message)
    if isinstance(msgid, tuple) and (not message.pluralizable or len(forms) != catalog.num_plurals):
        return False
    return all(form.strip() for form in forms)


def placeholders(text: str) -> Counter[tuple[str, str | None, str | None]]:
    """The ``{name!conversion:spec}`` fields of a format string."""
    return Counter(
        (name, conversion, spec)
        for _literal, name, spec, conversion in Formatter().parse(text)
        if name is not None
    )


def markup_tags(text: str) -> Counter[str]:
    return Counter(MARKUP_TAG.findall(text))


def pairs(message: Message) -> Iterable[tuple[str, str]]:
    """(source, translation) for each form: plural forms pair with the English plural."""
    ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
    for index, form in enumerate(translations(message)):
        yield ids[min(index, len(ids) - 1)], form


def test_the_catalogue_is_german_with_two_plural_forms(german: Catalog) -> None:
    assert str(german.locale) == "de"
    assert german.plural_forms == "nplurals=2; plural=(n != 1);"


def test_every_ui_string_has_a_german_translation(
    extracted: dict[Msgid, list[str]], german: Catalog
) -> None:
    assert extracted, "no messages found in lwcore/tui and lwcore/services"
    missing = [
        f"{msgid!r}  ({', '.join(places)})"
        for msgid, places in extracted.items()
        if not is_translated(german, msgid)
    ]
    assert not missing, f"German translation missing in {PO_FILE.name} for:\n" + "\n".join(missing)


def test_every_service_template_reads_german(german: Catalog) -> None:
    """A refusal shown to German staff: its template is translated, and not left as it
    was (a template of placeholders alone is not marked, so it is not in the catalogue)."""
    templates = extract("services")
    assert len(templates) > 50, "the services' templates were not found (N_ missing?)"
    untranslated = [
        f"{msgid!r}  ({', '.join(places)})"
        for msgid, places in templates.items()
        if not is_translated(german, msgid) or german[singular(msgid)].string == msgid
    ]
    assert not untranslated, (
        f"German translation missing or equal to the English in {PO_FILE.name} for:\n"
        + "\n".join(untranslated)
    )


def test_every_section_name_has_a_german_translation(german: Catalog) -> None:
    """The F-key labels are translated where they are bound, so they are not extracted."""
    from lwcore.tui.app import SECTIONS

    labels = [label for _mode, _key, label, _module, _cls in SECTIONS]
    missing = [label for label in labels if not is_translated(german, label)]
    assert not missing, (
        f"German translation missing in {PO_FILE.name} for the section names {missing} "
        "(`pybabel update` turns them into obsolete #~ entries: make those entries live again)"
    )


def test_translations_keep_placeholders_and_markup(german: Catalog) -> None:
    broken: list[str] = []
    for message in german:
        if not message.id:
            continue
        for source, translation in pairs(message):
            if not translation:
                continue
            try:
                same_fields = placeholders(translation) == placeholders(source)
            except ValueError as error:
                broken.append(f"{source!r} -> {translation!r}: {error}")
                continue
            if not same_fields:
                broken.append(f"{source!r} -> {translation!r}: placeholders differ")
            if markup_tags(translation) != markup_tags(source):
                broken.append(f"{source!r} -> {translation!r}: markup differs")
    assert not broken, "\n".join(broken)


def compiled_messages(translation: gettext.GNUTranslations) -> dict[object, str]:
    """The message table without the header entry (which holds dates and versions)."""
    table: dict[object, str] = vars(translation)["_catalog"]
    return {key: text for key, text in table.items() if key != ""}


def test_the_compiled_catalogue_is_up_to_date(german: Catalog) -> None:
    buffer = BytesIO()
    write_mo(buffer, german)
    buffer.seek(0)
    fresh = gettext.GNUTranslations(buffer)
    with MO_FILE.open("rb") as handle:
        committed = gettext.GNUTranslations(handle)
    hint = f"{MO_FILE.name} is out of date: run `uv run pybabel compile -D lwcore -d lwcore/locale`"
    assert compiled_messages(committed) == compiled_messages(fresh), hint
    assert committed.info().get("plural-forms") == fresh.info().get("plural-forms"), hint


def test_german_by_default_and_english_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    # Put the language back afterwards: the UI's translation is process-wide.
    monkeypatch.setattr(i18n._Current, "language", i18n._Current.language)
    monkeypatch.setattr(i18n._Current, "translation", i18n._Current.translation)

    i18n.set_language("de")
    assert i18n._("Save") == "Speichern"
    assert i18n._("moved from {day}") == "verschoben vom {day}"

    i18n.set_language("en")
    assert i18n._("Save") == "Save"
    assert i18n.n_("{count} meeting", "{count} meetings", 2) == "{count} meetings"
