"""Start a new office without touching the core: ``lw office new``.

Makes the office's plugin from the copier template in ``lwcore/templates/office``,
writes the office's settings file with tomli-w (to ``offices/<slug>.toml`` of
the config folder: ``lw --config DIR``, else the repository's ``config``), and
adds the plugin to the uv workspace. One module per step:

- :mod:`.request`: the answers checked, and the names (slug, package) they give;
- :mod:`.workspace`: the repository the office goes into, and whether its slug is free;
- :mod:`.first_settings`: what the settings file says first;
- :mod:`.source`: the git checkout or template folder copier renders from
  (and so whether ``copier update`` works later);
- :mod:`.render`: running copier, the optional extra;
- :mod:`.create`: writing the three, undoing them all when a step fails.

What the command prints is ``lwcore.cli.office``'s.
"""

from __future__ import annotations

from lwcore.scaffold.create import Created, create_office, sync
from lwcore.scaffold.errors import ScaffoldError
from lwcore.scaffold.first_settings import settings_document, settings_header
from lwcore.scaffold.render import require_copier
from lwcore.scaffold.request import (
    MAX_NAME_LENGTH,
    MAX_SLUG_LENGTH,
    PLACEHOLDER_POSTCODE,
    PLACEHOLDER_STREET,
    PLACEHOLDER_WELFARE_ASSOCIATION,
    PLACEHOLDERS,
    OfficeRequest,
    default_districts,
    default_welfare_law,
    parse_districts,
    parse_languages,
    parse_postcode,
    parse_welfare_law,
    placeholder_keys,
    slug_for,
)
from lwcore.scaffold.source import REPOSITORY_CONFIG, TEMPLATE, TemplateSource, template_source
from lwcore.scaffold.workspace import Workspace, check_free

__all__ = [
    "MAX_NAME_LENGTH",
    "MAX_SLUG_LENGTH",
    "PLACEHOLDERS",
    "PLACEHOLDER_POSTCODE",
    "PLACEHOLDER_STREET",
    "PLACEHOLDER_WELFARE_ASSOCIATION",
    "REPOSITORY_CONFIG",
    "TEMPLATE",
    "Created",
    "OfficeRequest",
    "ScaffoldError",
    "TemplateSource",
    "Workspace",
    "check_free",
    "create_office",
    "default_districts",
    "default_welfare_law",
    "parse_districts",
    "parse_languages",
    "parse_postcode",
    "parse_welfare_law",
    "placeholder_keys",
    "require_copier",
    "settings_document",
    "settings_header",
    "slug_for",
    "sync",
    "template_source",
]
