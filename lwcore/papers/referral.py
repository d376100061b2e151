"""The referral slip: the partner the client was sent to, where it is, when it
is open, how to reach it, which languages are spoken there and what to bring,
for the client to take along.

Hours and what to bring are printed as the partner's record has them (the
office's German text); a partner without them gets no such lines, rather than
a guess.
"""

from __future__ import annotations

from collections.abc import Callable

from babel import Locale

from lwcore.directory import Directory
from lwcore.papers.catalogue import N_, Words
from lwcore.papers.document import Block, Field, Heading, Items, Paper, Paragraph
from lwcore.papers.office_lines import sender, topic
from lwcore.records import Partner
from lwcore.services.referral_records import ReferralRecord


def find_partner(directory: Directory, office: str, key: str) -> Partner | None:
    """The partner ``key`` among the office's own and the city-wide ones."""
    for listing in directory.partners(office=office):
        if listing.partner.key == key:
            return listing.partner
    return None


def language_names(codes: tuple[str, ...]) -> Callable[[Words], str]:
    """The partner's languages, named in the column's language (by Babel)."""

    def in_language(words: Words) -> str:
        names = Locale.parse(words.language).languages
        comma = "، " if words.right_to_left else ", "
        return comma.join(str(names.get(code, code)) for code in codes)

    return in_language


def referral_paper(referral: ReferralRecord, directory: Directory) -> Paper:
    entry = directory.office(referral.office)
    partner = find_partner(directory, referral.office, referral.partner_key)
    blocks: list[Block] = [
        Paragraph(N_("We have sent you to a partner who can help you with your matter.")),
        Field(N_("Partner"), partner.name if partner else referral.partner_key),
    ]
    if partner is not None:
        if partner.address is not None:
            blocks.append(Field(N_("Address"), str(partner.address)))
        blocks.append(Field(N_("Opening hours"), partner.opening_hours.strip()))
        blocks.append(Field(N_("Contact"), partner.contact))
        blocks.append(Field(N_("Languages spoken there"), language_names(partner.languages)))
        blocks.append(Items(N_("Please bring"), partner.bring))
    blocks += [
        Field(N_("Topic"), topic(directory, referral.topic)),
        Field(N_("Referral number"), str(referral.id)),
        Heading(N_("What happens now")),
    ]
    if referral.anonymous:
        blocks.append(
            Paragraph(
                N_(
                    "We have not given your name to the partner. Please contact the "
                    "partner yourself and show this paper."
                )
            )
        )
    else:
        blocks.append(
            Paragraph(
                N_(
                    "You agreed that we tell the partner about you and your matter. "
                    "Please show this paper when you go there."
                )
            )
        )
    day = referral.follow_up_on
    blocks.append(
        Paragraph(N_("Around {day} we will ask how it went."), {"day": lambda w: w.day(day)})
    )
    return Paper(
        title=N_("Referral to a partner"),
        sender=sender(entry),
        blocks=tuple(blocks),
        file_stem=f"referral-{referral.id}",
    )
