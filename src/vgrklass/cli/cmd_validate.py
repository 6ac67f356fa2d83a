"""vgrklass validate: the check CI runs on every edit of the YAML."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vgrklass.cli.app import app
from vgrklass.cli.common import DataOption, console, data_file, print_json

if TYPE_CHECKING:
    from vgrklass.datafile import DataFile


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="FIL...", help="YAML-filen eller -filerna som ska kontrolleras. Standard: "
             "datafilen, som för --data.", show_default=False)] = None,
    data: DataOption = None,
    output_format: Annotated[ValidateFormat, typer.Option(
        "--format", "-f", help="text, json eller github (annoteringar i pull requests).",
        case_sensitive=False)] = ValidateFormat.text,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Varningar räknas som fel (utom de godkända).")] = False,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", metavar="REGEL", help="Hoppa över problem med regeln (kan anges flera "
        "gånger), t.ex. --ignore fel-titel.", show_default=False)] = None,
    accepted: Annotated[Path | None, typer.Option(
        "--godkanda", metavar="FIL", help="Listan över godkända varningar. Standard: "
        "godkanda-varningar.yaml bredvid datafilen, om den finns.", show_default=False)] = None,
) -> None:
    """Kontrollera datafilen: YAML, schema, koder, nivåer, datum och hänvisningar.

    Alla fel visas på en gång, med fil, rad och kolumn. Godkända varningar (med en
    motivering i godkanda-varningar.yaml) räknas men visas inte. Slutstatus: 0 giltig,
    1 fel (eller varningar med --strict), 2 filen kunde inte läsas.
    """
    from vgrklass.report import Leniency, Outcomes, validate_file
    from vgrklass.rules import RULES

    unknown = [rule for rule in ignore or [] if rule not in RULES]
    if unknown:
        raise typer.BadParameter(f"okänd regel '{unknown[0]}'; reglerna står i "
                                 "docs/validate.md", param_hint="--ignore")
    named = [(path, str(path)) for path in paths or []]
    if data is not None or not named:
        found = data_file(data)
        if not any(path.resolve() == found.path.resolve() for path, _ in named):
            named.append((found.path, _name(found)))
    leniency = Leniency(frozenset(ignore or []), accepted)
    outcomes = Outcomes([validate_file(path, name, leniency) for path, name in named])
    if output_format is ValidateFormat.json:
        print_json(outcomes.as_json(strict))
    elif output_format is ValidateFormat.github:
        from vgrklass.cli.terminal import safe

        for line in [*outcomes.github_lines(), *outcomes.summaries(strict)]:
            typer.echo(safe(line))
    else:
        out = console()
        for problem in outcomes.problems:
            style = "red" if problem.severity == "fel" else "yellow"
            out.print(problem.format_text(), style=style, markup=False, soft_wrap=True)
        for line in outcomes.summaries(strict):
            out.print(line, markup=False, soft_wrap=True)
    raise typer.Exit(outcomes.exit_code(strict))


def _name(found: DataFile) -> str:
    """How the data file is named in problems and the summary: its path as the user
    would type it, or 'den medföljande strukturen (1.3:2017)' for the shipped copy (in
    brackets: a problem's place follows the name after a colon)."""
    if not found.shipped:
        return found.shown()
    from vgrklass.load import load_structure
    from vgrklass.problems import DataError

    try:
        return f"{found.shown()} ({load_structure(found.path).meta.version})"
    except DataError:
        return found.shown()
