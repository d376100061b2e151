"""The consent form: each purpose a household may agree to, in plain words, with
a box for yes and a box for no, the client's rights, and the consents already
recorded. The client signs it; staff record what was ticked (the consent
form of the case file)."""

from __future__ import annotations

from lwcore.directory import Directory
from lwcore.papers.catalogue import N_
from lwcore.papers.document import Block, Field, Heading, Paper, Paragraph, Signature, TickBox
from lwcore.papers.office_lines import sender
from lwcore.processing_record import CITY_CONTROLLER
from lwcore.services.household_records import ConsentRecord, HouseholdRecord

#: Each purpose (lwcore.db.models.privacy.CONSENT_PURPOSES, in that order, a test
#: keeps them equal): its title, and what it means for the family, plainly.
PURPOSES = {
    "referral": (
        N_("Passing your data to a partner"),
        N_(
            "We may tell one partner (for example an advice centre) your name and what "
            "you need help with, so that the partner can help you. Only the partner "
            "written here gets it."
        ),
    ),
    "volunteer_matching": (
        N_("Finding a volunteer for you"),
        N_(
            "We may give your name and how to reach you to a volunteer who helps "
            "families, for example with homework or with going to an office."
        ),
    ),
    "photos": (
        N_("Photos"),
        N_(
            "We may take photos of you or your children at our meetings and events, "
            "and show them, for example in our office or on a flyer."
        ),
    ),
    "handover": (
        N_("Passing your file to another office"),
        N_(
            "If you move to another part of Dortmund, we may give your file to the "
            "lokal willkommen office there, so that you do not have to tell "
            "everything again."
        ),
    ),
}
#: Where staff write the partner or office agreed to.
BLANK = "_" * 32


def controller_name(controller: str, office: str, directory: Directory) -> str:
    """Who is responsible for a household's data: the city, or the welfare
    association of the household's office."""
    if controller == "city":
        return CITY_CONTROLLER
    return directory.office(office).office.welfare_association


def tandem(office: str, directory: Directory) -> str:
    """The office's two employers (the city and the welfare association), one of
    which is responsible for the household's data."""
    return f"{CITY_CONTROLLER}; {directory.office(office).office.welfare_association}"


def consent_paper(
    household: HouseholdRecord,
    consents: list[ConsentRecord],
    directory: Directory,
    partner_names: dict[str, str],
) -> Paper:
    """The form for ``household``; ``consents`` are those already recorded,
    ``partner_names`` names the partners (and offices) they are given to."""
    blocks: list[Block] = [
        Paragraph(
            N_(
                "We keep some information about your household so that we can help you. "
                "For the things below we need your permission. You decide. If you say "
                "no, you still get our help."
            )
        ),
        Field(N_("Household"), household.label),
        Field(N_("Household code"), household.code),
        Field(N_("This office is run by"), tandem(household.office, directory)),
    ]
    for purpose, (title, meaning) in PURPOSES.items():
        blocks += [Heading(title), Paragraph(meaning)]
        if purpose == "referral":
            blocks.append(Field(N_("Partner"), BLANK))
        if purpose == "handover":
            blocks.append(Field(N_("New office"), BLANK))
        blocks += [TickBox(N_("Yes, I agree.")), TickBox(N_("No, I do not agree."))]
    blocks += [
        Heading(N_("Your rights")),
        Paragraph(
            N_(
                "You can take back your permission at any time. Just tell us. This does "
                "not change the help you get."
            )
        ),
        Paragraph(N_("You can ask us at any time what we keep about you. You then get a copy.")),
    ]
    if consents:
        blocks.append(Heading(N_("Permissions you have already given")))
        blocks += [_recorded(consent, partner_names) for consent in consents]
    blocks += [Signature(N_("Place and date")), Signature(N_("Signature"))]
    return Paper(
        title=N_("Consent"),
        sender=sender(directory.office(household.office)),
        blocks=tuple(blocks),
        file_stem=f"consent-{household.code}",
    )


def _recorded(consent: ConsentRecord, partner_names: dict[str, str]) -> Block:
    """One recorded consent: what, to whom, since when, and whether it still holds."""
    title = PURPOSES.get(consent.purpose, (consent.purpose, ""))[0]
    to = partner_names.get(consent.partner_key or "", consent.partner_key or "")
    given, ends, withdrawn = consent.given_on, consent.expires_on, consent.withdrawn_on
    values = {
        "purpose": lambda words: words(title),
        "given": lambda words: words.day(given),
    }
    if withdrawn is not None:
        message = N_("{purpose}: given on {given}, taken back on {withdrawn}.")
        values["withdrawn"] = lambda words: words.day(withdrawn)
    elif ends is not None:
        message = N_("{purpose}: given on {given}, until {ends}.")
        values["ends"] = lambda words: words.day(ends)
    else:
        message = N_("{purpose}: given on {given}.")
    if to:
        values["purpose"] = lambda words: f"{words(title)} ({to})"
    return Paragraph(message, values)
