"""How records are named on screen: topics, languages, partners, outcomes, states.

The same names as in the reports (lwcore.reports.labels): a figure on screen and
on paper has one name.
"""

from __future__ import annotations

from lwcore.reports.labels import (
    language_label,
    outcome_label,
    partner_label,
    status_label,
    topic_label,
)

__all__ = ["language_label", "outcome_label", "partner_label", "status_label", "topic_label"]
