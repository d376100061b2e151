"""Who appears in the demo: the communities the offices serve, and the office tandems.

Households are pseudonymous: a first name or initials, never a surname, an
address or a birth date. Staff names are fictional.
"""

from __future__ import annotations

import random
import zlib

from attrs import frozen


@frozen
class Community:
    """A community the offices serve: first names and the languages spoken."""

    key: str
    first_names: tuple[str, ...]
    languages: tuple[str, ...]
    #: Languages some households also speak (a second language learnt on the way).
    also: tuple[str, ...] = ()
    #: How often the community comes to an office (relative).
    weight: int = 1

    @property
    def main_language(self) -> str:
        return self.languages[0]


COMMUNITIES: tuple[Community, ...] = (
    Community(
        "syrian_arabic",
        (
            "Ahmad", "Mohammad", "Omar", "Khaled", "Yasmin", "Rama", "Layla", "Nour",
            "Hiba", "Samer", "Rasha", "Mahmoud", "Fatima", "Aya", "Bilal", "Hasan",
            "Reem", "Tarek", "Amani", "Yousef", "Lina", "Rami", "Dima", "Mazen",
        ),
        ("ar",),
        also=("en",),
        weight=30,
    ),
    Community(
        "afghan",
        (
            "Farid", "Zahra", "Mariam", "Habib", "Mursal", "Sahar", "Jawad", "Parwana",
            "Najib", "Shabnam", "Karim", "Wahid", "Fereshta", "Masood", "Roya", "Nasir",
            "Tamana", "Hamid", "Soraya", "Ali",
        ),
        ("fa",),
        also=("en",),
        weight=18,
    ),
    Community(
        "kurdish",
        (
            "Dilan", "Rojda", "Baran", "Zana", "Berfin", "Delal", "Hêvî", "Shirin",
            "Azad", "Rezan", "Jiyan", "Kawa", "Newroz", "Dilovan", "Ronahî", "Serhat",
        ),
        ("ku", "ar"),
        also=("tr",),
        weight=14,
    ),
    Community(
        "eritrean",
        (
            "Yonas", "Selam", "Mehari", "Helen", "Tesfay", "Ruta", "Filmon", "Senait",
            "Dawit", "Semhar", "Merhawi", "Saba", "Kidane", "Winta",
        ),
        ("ti",),
        also=("en", "ar"),
        weight=8,
    ),
    Community(
        "ukrainian",
        (
            "Olena", "Oksana", "Iryna", "Andrii", "Dmytro", "Yuliia", "Nataliia", "Serhii",
            "Tetiana", "Bohdan", "Mykola", "Kateryna", "Viktoriia", "Oleksandr", "Halyna",
        ),
        ("uk", "ru"),
        also=("en",),
        weight=18,
    ),
    Community(
        "turkish",
        (
            "Elif", "Emre", "Ayşe", "Mehmet", "Zeynep", "Burak", "Hatice", "Mustafa",
            "Esra", "Yusuf", "Merve", "Kemal",
        ),
        ("tr",),
        also=("en", "ku"),
        weight=5,
    ),
    Community(
        "west_african",
        (
            "Mamadou", "Aissatou", "Ibrahima", "Fatoumata", "Alpha", "Mariama", "Ousmane",
            "Kadiatou", "Sekou", "Binta", "Abdoulaye", "Hawa",
        ),
        ("fr",),
        also=("en",),
        weight=7,
    ),
)  # fmt: skip

#: Letters initials are drawn from (some households prefer not to give a name).
INITIAL_LETTERS = "ABDEFHKLMNORSTYZ"

#: The tandems of the shipped offices: one colleague from the city, one from
#: the welfare association. Fictional people.
TANDEMS: dict[str, tuple[str, str]] = {
    "brackel": ("Sabine Krämer", "Yusuf Aydın"),
    "mengede_huckarde": ("Thomas Brinkmann", "Leyla Haddad"),
}

#: Tandems for any other office (the benchmark's clones, a new office's first start).
SPARE_TANDEMS: tuple[tuple[str, str], ...] = (
    ("Claudia Wessel", "Rami Saleh"),
    ("Jörg Hülsmann", "Nadia Rahimi"),
    ("Petra Schulte-Berg", "Dilan Aksoy"),
    ("Markus Overbeck", "Helen Tesfamariam"),
    ("Anke Wiemann", "Oleksii Bondar"),
    ("Frank Tiemann", "Samira El-Khatib"),
    ("Ute Brockhoff", "Kerem Yıldız"),
    ("Stefan Rüther", "Mariam Sultani"),
)

VOLUNTEER_FIRST_NAMES: tuple[str, ...] = (
    "Ingrid", "Klaus", "Monika", "Gerd", "Hannah", "Lukas", "Jana", "Wolfgang",
    "Renate", "Felix", "Sophie", "Heinz", "Brigitte", "Jonas", "Lea", "Dieter",
    "Ahmad", "Nour", "Farid", "Olena", "Berfin", "Yonas",
)  # fmt: skip

SURNAME_INITIALS = "BDFGHKLMNPRSTVW"


def tandem_for(slug: str) -> tuple[str, str]:
    """The office's two staff members: fixed for the shipped offices, else stable by slug."""
    if slug in TANDEMS:
        return TANDEMS[slug]
    return SPARE_TANDEMS[zlib.crc32(slug.encode()) % len(SPARE_TANDEMS)]


def community_weights(office_languages: tuple[str, ...]) -> list[float]:
    """Communities weighted for one office: more of those whose language the office speaks."""
    return [
        community.weight * (2.5 if community.main_language in office_languages else 1.0)
        for community in COMMUNITIES
    ]


def household_label(community: Community, rng: random.Random) -> str:
    """A first name, or (one in ten) initials only."""
    if rng.random() < 0.1:
        return f"{rng.choice(INITIAL_LETTERS)}. {rng.choice(INITIAL_LETTERS)}."
    return rng.choice(community.first_names)


def household_languages(community: Community, rng: random.Random) -> list[str]:
    """The community's languages, sometimes a second one, often some German."""
    languages = list(community.languages)
    if community.also and rng.random() < 0.3:
        extra = rng.choice(community.also)
        if extra not in languages:
            languages.append(extra)
    if rng.random() < 0.55:
        languages.append("de")
    return languages


def volunteer_label(rng: random.Random) -> str:
    """A first name and an initial: enough for the office to know who is meant."""
    return f"{rng.choice(VOLUNTEER_FIRST_NAMES)} {rng.choice(SURNAME_INITIALS)}."
