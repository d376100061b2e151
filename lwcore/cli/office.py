"""``lw office new``: a new district office, running in an afternoon, with no core change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from zoneinfo import ZoneInfo

import click

from lwcore.cli.context import Context, fail, pass_context, warn

if TYPE_CHECKING:
    from lwcore.scaffold import OfficeRequest

T = TypeVar("T")


@click.group("office")
def office_group() -> None:
    """Start a new office."""


@office_group.command("new")
@click.argument("name")
@click.option("--districts", help="Comma-separated Dortmund districts (default: NAME, if one).")
@click.option("--welfare-org", help="The welfare association running the office with the city.")
@click.option("--welfare-law", help="The association's data-protection law: KDG, DSG-EKD, DSGVO.")
@click.option("--languages", help="Comma-separated ISO 639-1 codes (default: de).")
@click.option("--street", help="The office's street and number (default: a placeholder).")
@click.option("--postcode", help="The office's postcode (default: a placeholder).")
@click.option("--yes", "-y", is_flag=True, help="Ask nothing; take defaults for what is not given.")
@click.option(
    "--into",
    "repo_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(),
    show_default="the current folder",
    help="The repository (uv workspace) to add the office to.",
)
@click.option("--sync", "run_sync", is_flag=True, help="Run uv sync afterwards.")
@pass_context
def new_command(
    context: Context,
    name: str,
    districts: str | None,
    welfare_org: str | None,
    welfare_law: str | None,
    languages: str | None,
    street: str | None,
    postcode: str | None,
    yes: bool,
    repo_dir: Path,
    run_sync: bool,
) -> None:
    """Make the plugin and settings file of a new office called NAME (e.g. Eving).

    Creates plugins/<slug> (the package lw-<slug> with every office hook and
    its tests), config/offices/<slug>.toml (with placeholders and example
    records to replace; with lw --config DIR, DIR/offices/<slug>.toml) and
    adds the plugin to the workspace in pyproject.toml. Asks for what is not
    given, unless --yes.
    """
    from lwcore import naming, scaffold
    from lwcore.settings.paths import office_settings_path

    try:
        # Only an explicit --config moves the settings file: $LW_CONFIG_DIR and
        # the user's config folder are where lw runs, the repository is --into.
        workspace = scaffold.Workspace.open(repo_dir, context.config_option)
        slug = scaffold.slug_for(name)
        scaffold.check_free(workspace, slug)
        own_districts = ", ".join(scaffold.default_districts(name))
        if districts is None and yes and not own_districts:
            fail(f"--districts is needed: {name!r} is not one of Dortmund's districts")
        chosen_districts = _given_or_asked(
            districts, yes, "Districts (comma-separated)", own_districts, scaffold.parse_districts
        )
        association = _given_or_asked(
            welfare_org,
            yes,
            "Welfare association",
            scaffold.PLACEHOLDER_WELFARE_ASSOCIATION,
            _non_empty("the welfare association"),
        )
        law = _given_or_asked(
            welfare_law,
            yes,
            f"Its data-protection law ({', '.join(naming.WELFARE_LAWS)})",
            scaffold.default_welfare_law(association),
            scaffold.parse_welfare_law,
        )
        codes = _given_or_asked(
            languages, yes, "Languages (ISO 639-1, comma-separated)", "de", scaffold.parse_languages
        )
        request = scaffold.OfficeRequest(
            name=name.strip(),
            districts=chosen_districts,
            welfare_association=association,
            welfare_law=law,
            languages=codes,
            opened=datetime.now(ZoneInfo("Europe/Berlin")).date(),
            street=_given_or_asked(
                street, yes, "Street", scaffold.PLACEHOLDER_STREET, _non_empty("the street")
            ),
            postcode=_given_or_asked(
                postcode, yes, "Postcode", scaffold.PLACEHOLDER_POSTCODE, scaffold.parse_postcode
            ),
        )
        created = scaffold.create_office(workspace, request)
        if run_sync:
            click.echo("running uv sync ...", err=True)
            scaffold.sync(workspace, created)
    except scaffold.ScaffoldError as error:
        fail(str(error))
    click.echo(f"created {created.plugin_dir} ({request.distribution}, module {request.module})")
    click.echo(f"created {created.settings_path}: {_to_fill_in(request)}")
    click.echo(f"added {request.distribution} to the workspace in {created.pyproject}")
    source = created.source
    if source.commit is not None:
        click.echo(
            f"made from commit {source.commit[:12]} of {source.path}: later template "
            f"changes reach it with copier update in {created.plugin_dir}"
        )
    else:
        warn(
            f"{source.reason}: the plugin records the template folder {source.path}, "
            "so copier update cannot bring template changes to it, only copier recopy, "
            "which overwrites the office's own edits"
        )
    default_settings = office_settings_path(workspace.root / "config", slug)
    if created.settings_path.resolve() != default_settings.resolve():
        warn(
            f"the plugin's tests read {default_settings}, not {created.settings_path}: "
            "copy the file there or change SETTINGS in its tests"
        )
    click.echo(
        f'staff: add the office\'s staff to lwcore.toml ([staff.KEY] with office = "{slug}"); '
        "until then nobody can work in it"
    )
    if not run_sync:
        click.echo("next: uv sync, then uv run lw offices and uv run pytest plugins/" + slug)


def _to_fill_in(request: OfficeRequest) -> str:
    """What the office still has to put into its new settings file."""
    from lwcore.scaffold import placeholder_keys

    keys = placeholder_keys(request.welfare_association, request.street, request.postcode)
    if not keys:
        return "replace its example records"
    return (
        f"fill in {', '.join(keys)} (lw doctor reports the placeholders until then) "
        "and replace its example records"
    )


def _non_empty(what: str) -> Callable[[str], str]:
    from lwcore.scaffold import ScaffoldError

    def check(text: str) -> str:
        if not text.strip():
            raise ScaffoldError(f"{what} must not be empty")
        return text.strip()

    return check


def _given_or_asked(
    given: str | None, yes: bool, prompt: str, default: str, parse: Callable[[str], T]
) -> T:
    """An option's value checked; else the default (``--yes``) or the answer to a prompt.

    A bad value given as an option is refused (exit 2); a bad answer at the
    prompt is explained and asked again.
    """
    from lwcore.scaffold import ScaffoldError

    if given is not None:
        return parse(given)
    if yes:
        return parse(default)

    def parse_answer(text: str) -> T:
        try:
            return parse(text)
        except ScaffoldError as error:
            raise click.UsageError(str(error)) from None

    answer: T = click.prompt(prompt, default=default or None, value_proc=parse_answer)
    return answer
