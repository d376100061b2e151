"""How offices and their plugins are named, kept in one place.

The records validate slugs and welfare laws with these rules, ``lw office
new`` derives the plugin's names from them, and the office template's
copier.yml (which cannot import Python) is held to them by a test.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

#: A slug, and any other key (partners, topics, series): a valid Python name part.
KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
KEY = re.compile(KEY_PATTERN)
KEY_RULE = "lower-case letters, digits and '_', starting with a letter"

#: An office plugin's distribution is ``lw-<slug with ->``, its module ``lw_<slug>``.
DISTRIBUTION_PREFIX = "lw-"
MODULE_PREFIX = "lw_"
SETTINGS_CLASS_SUFFIX = "Settings"

#: The data-protection laws a welfare association works under: Catholic ones
#: the KDG, Protestant ones the DSG-EKD, all others the GDPR.
WelfareLaw = Literal["KDG", "DSG-EKD", "DSGVO"]
WELFARE_LAWS: tuple[str, ...] = get_args(WelfareLaw)


def is_key(text: object) -> bool:
    return isinstance(text, str) and KEY.match(text) is not None


def distribution_name(slug: str) -> str:
    """``hoerde_hombruch`` gives ``lw-hoerde-hombruch``."""
    return DISTRIBUTION_PREFIX + slug.replace("_", "-")


def module_name(slug: str) -> str:
    """``hoerde_hombruch`` gives ``lw_hoerde_hombruch``."""
    return MODULE_PREFIX + slug


def settings_class_name(slug: str) -> str:
    """``hoerde_hombruch`` gives ``HoerdeHombruchSettings``."""
    return "".join(part.capitalize() for part in slug.split("_")) + SETTINGS_CLASS_SUFFIX
