"""What the new office is: the answers to ``lw office new`` checked, and the names they give.

The command line and the prompts parse each answer with these functions, so a
bad one is refused before anything is written; :class:`OfficeRequest` derives
the slug, distribution and module from the office's name.
"""

from __future__ import annotations

import re
from datetime import date

from attrs import frozen

from lwcore.naming import WELFARE_LAWS, distribution_name, is_key, module_name
from lwcore.scaffold.errors import ScaffoldError
from lwcore.vocabulary import DISTRICTS, is_iso639_1

#: What the settings file says until the office fills in its own.
PLACEHOLDER_WELFARE_ASSOCIATION = "Wohlfahrtsverband eintragen"
PLACEHOLDER_STREET = "Anschrift eintragen"
PLACEHOLDER_POSTCODE = "00000"
#: The settings keys that hold a placeholder until the office fills them in.
PLACEHOLDERS = {
    "office.welfare_association": PLACEHOLDER_WELFARE_ASSOCIATION,
    "office.address.street": PLACEHOLDER_STREET,
    "office.address.postcode": PLACEHOLDER_POSTCODE,
}

#: Longer ones would not fit the generated code's lines (100 characters).
MAX_NAME_LENGTH = 40
MAX_SLUG_LENGTH = 32
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_SEPARATORS = re.compile(r"[\s/-]+")


def slug_for(name: str) -> str:
    """The office's slug: lower-case ASCII, umlauts transliterated, separators as ``_``.

    ``"Hörde/Hombruch"`` gives ``hoerde_hombruch``. The slug names the plugin's
    entry point, module (``lw_<slug>``) and settings file, so anything that
    would not make a Python package name is refused.
    """
    slug = _SEPARATORS.sub("_", name.strip().lower().translate(_TRANSLITERATION)).strip("_")
    if not slug:
        raise ScaffoldError(f"office name {name!r} gives an empty slug")
    if not slug.isascii():
        odd = next(character for character in slug if not character.isascii())
        raise ScaffoldError(f"office name {name!r}: {odd!r} is not ASCII (only ä, ö, ü, ß are)")
    if slug[0].isdigit():
        raise ScaffoldError(f"office name {name!r} gives slug {slug!r}, which starts with a digit")
    if not is_key(slug):
        odd = next(character for character in slug if not re.match(r"[a-z0-9_]", character))
        raise ScaffoldError(
            f"office name {name!r} gives slug {slug!r}: {odd!r} cannot be part of a package name"
        )
    if len(name.strip()) > MAX_NAME_LENGTH or len(slug) > MAX_SLUG_LENGTH:
        raise ScaffoldError(
            f"office name {name!r} is too long: at most {MAX_NAME_LENGTH} characters "
            f"and a slug of at most {MAX_SLUG_LENGTH} ({slug!r} has {len(slug)})"
        )
    return slug


def default_districts(name: str) -> tuple[str, ...]:
    """The name's districts when it is made of Dortmund districts (``Mengede/Huckarde``)."""
    parts = [part.strip() for part in name.split("/")]
    return tuple(parts) if all(part in DISTRICTS for part in parts) else ()


def parse_districts(text: str) -> tuple[str, ...]:
    """Comma-separated districts in the city's own spelling; any case is accepted."""
    known = {district.lower(): district for district in DISTRICTS}
    found: list[str] = []
    for part in (part.strip() for part in text.split(",")):
        if not part:
            continue
        if part.lower() not in known:
            raise ScaffoldError(
                f"unknown district {part!r}; Dortmund's districts are {', '.join(DISTRICTS)}"
            )
        if known[part.lower()] not in found:
            found.append(known[part.lower()])
    if not found:
        raise ScaffoldError("the office needs at least one district")
    return tuple(found)


def parse_languages(text: str) -> tuple[str, ...]:
    """Comma-separated ISO 639-1 codes, in the order given."""
    codes: list[str] = []
    for code in (part.strip().lower() for part in text.split(",")):
        if not code:
            continue
        if not is_iso639_1(code):
            raise ScaffoldError(f"{code!r} is not an ISO 639-1 language code (like de, ar, ti)")
        if code not in codes:
            codes.append(code)
    if not codes:
        raise ScaffoldError("the office needs at least one language")
    return tuple(codes)


def parse_welfare_law(text: str) -> str:
    for law in WELFARE_LAWS:
        if text.strip().upper() == law:
            return law
    raise ScaffoldError(f"unknown data-protection law {text!r}; one of {', '.join(WELFARE_LAWS)}")


def parse_postcode(text: str) -> str:
    if not re.fullmatch(r"\d{5}", text.strip()):
        raise ScaffoldError(f"postcode {text!r} is not five digits")
    return text.strip()


def placeholder_keys(welfare_association: str, street: str, postcode: str) -> tuple[str, ...]:
    """The keys among these that still hold what ``lw office new`` writes as a placeholder."""
    given = {
        "office.welfare_association": welfare_association,
        "office.address.street": street,
        "office.address.postcode": postcode,
    }
    return tuple(key for key, value in given.items() if value == PLACEHOLDERS[key])


def default_welfare_law(association: str) -> str:
    """Catholic associations work under the KDG, Protestant ones under the DSG-EKD."""
    lowered = association.lower()
    if "caritas" in lowered:
        return "KDG"
    if "diakon" in lowered:
        return "DSG-EKD"
    return "DSGVO"


@frozen
class OfficeRequest:
    """What the new office is, as given on the command line or in the prompts."""

    name: str
    districts: tuple[str, ...]
    welfare_association: str
    welfare_law: str
    languages: tuple[str, ...]
    opened: date
    street: str = PLACEHOLDER_STREET
    postcode: str = PLACEHOLDER_POSTCODE

    @property
    def slug(self) -> str:
        return slug_for(self.name)

    @property
    def distribution(self) -> str:
        return distribution_name(self.slug)

    @property
    def module(self) -> str:
        return module_name(self.slug)
