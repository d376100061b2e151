"""Demo consents: a household referred to a partner has mostly agreed, in writing,
that its data goes to that partner; the other referrals go anonymously.

So the demo follows the rule the services enforce (see
``lwcore.services.referrals.check_consent``): a named referral always has a
consent that holds on its day.
"""

from __future__ import annotations

import random

from lwcore.demo.households import OfficeHouseholds
from lwcore.demo.rows import IdCounters, Row, stamps
from lwcore.demo.timeline import Window

#: Of the households referred to a partner, how many agreed to pass their data on.
CONSENT_SHARE = 0.85
#: The consent text's version, as printed on the form the household signed.
TEXT_VERSION = "2024-1"
#: Who recorded the demo consents (a staff key in real data).
RECORDED_BY = "demo"


def consents(
    referrals: list[Row],
    homes: OfficeHouseholds,
    window: Window,
    rng: random.Random,
    ids: IdCounters,
) -> list[Row]:
    """A written consent per (household, partner) for most pairs, given on the day of
    their first referral (``referrals`` oldest first), in the household's first
    language; sets each referral's ``anonymous`` to match."""
    decided: dict[tuple[int, str], bool] = {}
    rows: list[Row] = []
    for referral in referrals:
        household_id = referral["household_id"]
        if household_id is None:
            referral["anonymous"] = True
            continue
        pair = (household_id, referral["partner_key"])
        named = decided.get(pair)
        if named is None:
            named = decided[pair] = rng.random() < CONSENT_SHARE
            if named:
                rows.append(
                    _consent(referral, homes.rows[homes.index_of(household_id)], window, ids)
                )
        referral["anonymous"] = not named
    return rows


def _consent(referral: Row, household: Row, window: Window, ids: IdCounters) -> Row:
    created = referral["created_at"]
    return {
        "id": ids.take("consent"),
        "office": referral["office"],
        "household_id": household["id"],
        "purpose": "referral",
        "partner_key": referral["partner_key"],
        "given_on": created.astimezone(window.zone).date(),
        "given_how": "written",
        "text_language": household["languages"][0],
        "text_version": TEXT_VERSION,
        "expires_on": None,
        "withdrawn_on": None,
        "recorded_by": RECORDED_BY,
        **stamps(created),
    }
