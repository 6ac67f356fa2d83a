"""vgrklass validate: the check CI runs on every edit of the YAML."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from vgrklass.cli import app
from vgrklass.cli.common import console, print_json


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def validate(
    path: Annotated[Path | None, typer.Argument(
        help="YAML-filen som ska kontrolleras. Standard: --data, $VGRKLASS_DATA "
             "eller strukturen som följer med.", show_default=False)] = None,
    data: Annotated[Path | None, typer.Option("--data", help="Samma som PATH.",
                                              show_default=False)] = None,
    output_format: Annotated[ValidateFormat, typer.Option(
        "--format", "-f", help="text, json eller github (annoteringar i pull requests).",
        case_sensitive=False)] = ValidateFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Varningar räknas som fel.")] = False,
) -> None:
    """Kontrollera datafilen: schema, koder, nivåer, datum och hänvisningar."""
    from vgrklass.datafile import resolve_data_path
    from vgrklass.report import validate_file

    target = resolve_data_path(path or data)
    outcome = validate_file(target)
    if output_format is ValidateFormat.json:
        print_json(outcome.as_json(strict))
    elif output_format is ValidateFormat.github:
        for line in outcome.github_lines():
            typer.echo(line)
        typer.echo(outcome.summary(strict))
    else:
        out = console()
        for problem in outcome.problems:
            style = "red" if problem.severity == "fel" else "yellow"
            out.print(problem.format_text(), style=style, markup=False)
        out.print(outcome.summary(strict), markup=False)
    raise typer.Exit(outcome.exit_code(strict))
