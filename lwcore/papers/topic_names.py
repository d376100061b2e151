"""The core topics' English names (lwcore.plugins.default_topics), marked for the
papers catalogue, so a client reads the topic in their own language. A test
keeps this list equal to the core topics."""

from __future__ import annotations

from lwcore.papers.catalogue import N_

CORE_TOPIC_NAMES = (
    N_("School enrolment"),
    N_("Kindergarten place"),
    N_("Birth"),
    N_("Job search"),
    N_("Electricity and gas contract"),
    N_("Public-transport ticket"),
    N_("Housing"),
    N_("Health"),
    N_("Language course"),
    N_("Letters from authorities"),
    N_("Benefits"),
    N_("Leisure and sport"),
)
