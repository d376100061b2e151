"""The readable copy of a household's data (Art. 15 GDPR): the same content as
``lw privacy export``'s JSON, every table and field under a plain name, for a
family that cannot read JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from lwcore.directory import Directory
from lwcore.papers.catalogue import N_, Words
from lwcore.papers.consent import controller_name
from lwcore.papers.document import Block, Entry, Field, Heading, Paper, Paragraph, Value
from lwcore.papers.field_names import FIELDS, TABLES
from lwcore.papers.office_lines import sender

EMPTY = "–"


def plain_value(value: Any) -> Value:
    """A stored value as printed: yes or no in words, lists joined, nothing as a
    dash, the rest as stored."""
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        answer = N_("yes") if value else N_("no")
        return lambda words: words(answer)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or EMPTY
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _lines(row: Mapping[str, Any]) -> tuple[tuple[str, Value], ...]:
    return tuple((FIELDS.get(name, name), plain_value(value)) for name, value in row.items())


def _entry(number: int, row: Mapping[str, Any]) -> Entry:
    def title(words: Words) -> str:
        return words(N_("Entry {number}"), number=number)

    return Entry(title, _lines(row))


def data_copy_paper(document: Mapping[str, Any], directory: Directory) -> Paper:
    """The paper of ``document``, as ExportService.household returns it."""
    entry = directory.office(document["office"])
    blocks: list[Block] = [
        Paragraph(
            N_(
                "This is a copy of everything we keep about your household (Article 15 "
                "of the General Data Protection Regulation). You can also get it as a "
                "computer file."
            )
        ),
        Field(N_("Household code"), str(document["code"])),
        Field(N_("Office"), entry.office.name),
        Field(
            N_("Responsible for your data"),
            controller_name(document["controller"], document["office"], directory),
        ),
        Field(N_("Copy made at"), str(document["exported_at"])),
        Heading(TABLES["household"]),
        Entry("", _lines(document["household"])),
    ]
    sections = [*document["records"].items(), ("audit_trail", document["audit_trail"])]
    for table, rows in sections:
        if not rows:
            continue
        blocks.append(Heading(TABLES.get(table, table)))
        blocks += [_entry(number, row) for number, row in enumerate(rows, start=1)]
    return Paper(
        title=N_("Copy of your data"),
        sender=sender(entry),
        blocks=tuple(blocks),
        file_stem=f"data-copy-{document['code']}",
    )
