"""The topics every office works on, provided the way any plugin provides topics.

The first six are the ones the city names for the offices' consultation
hours; the rest come up in every office. Offices add their own with
``lw_topics``.
"""

from __future__ import annotations

from lwcore import Topic, hookimpl

CORE_TOPICS = (
    Topic("school_enrolment", "Einschulung", "School enrolment"),
    Topic("kindergarten_place", "Kindergartenplatz", "Kindergarten place"),
    Topic("birth", "Geburt", "Birth"),
    Topic("job_search", "Arbeitssuche", "Job search"),
    Topic("energy_contract", "Strom- und Gasvertrag", "Electricity and gas contract"),
    Topic("transport_ticket", "ÖPNV-Ticket", "Public-transport ticket"),
    Topic("housing", "Wohnung", "Housing"),
    Topic("health", "Gesundheit", "Health"),
    Topic("language_course", "Sprachkurs", "Language course"),
    Topic("official_letters", "Behördenpost", "Letters from authorities"),
    Topic("benefits", "Sozialleistungen", "Benefits"),
    Topic("leisure", "Freizeit und Sport", "Leisure and sport"),
)


@hookimpl
def lw_topics() -> tuple[Topic, ...]:
    return CORE_TOPICS
