"""``lw print``: a paper for a client, in German and the client's language, as a
PDF in the user's documents folder (or ``--folder``), readable by its owner only."""

from __future__ import annotations

from pathlib import Path

import click

from lwcore.cli.context import Context, fail, pass_context, refused_as_bad_input
from lwcore.papers.catalogue import shipped_languages
from lwcore.papers.printing import KINDS, print_paper
from lwcore.settings.paths import documents_dir


@click.command("print")
@click.argument("kind", metavar="KIND", type=click.Choice(list(KINDS)))
@click.argument("key", metavar="ID")
@click.option(
    "--lang",
    "language",
    metavar="CODE",
    help="The client's language, ISO 639-1 (default: as recorded for the client); "
    "languages without texts of their own get English.",
)
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the PDF into this folder (default: your documents folder).",
)
@pass_context
def print_command(
    context: Context, kind: str, key: str, language: str | None, folder: Path | None
) -> None:
    """Print a client's paper as PDF: appointment, referral, consent or data-copy.

    ID is the appointment's or the referral's number, or, for consent and
    data-copy, the household's code (e.g. BR-7K4Q2M) or number.
    """
    if kind in ("appointment", "referral") and not key.isdigit():
        fail(f"ID: the {kind}'s number, e.g. 12 (not {key!r})")
    chosen = folder if folder is not None else documents_dir()
    try:
        with refused_as_bad_input():
            printed = print_paper(
                context.services,
                kind,
                key,
                chosen,
                language=language,
                make_folders=folder is None,
            )
    except OSError as error:
        fail(f"--folder: cannot write into {chosen}: {error.strerror or error}")
    if language and printed.language != language.lower():
        click.echo(
            f"no texts in {language!r} yet ({', '.join(shipped_languages())}): "
            f"printed in German and {printed.language}",
            err=True,
        )
    click.echo(str(printed.path))
