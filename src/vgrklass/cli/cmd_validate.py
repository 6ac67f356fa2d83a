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
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="FIL", help="YAML-filen eller -filerna som ska kontrolleras. Standard: --data, "
             "$VGRKLASS_DATA eller strukturen som följer med.", show_default=False)] = None,
    data: Annotated[Path | None, typer.Option("--data", help="Samma som en PATH.",
                                              show_default=False)] = None,
    output_format: Annotated[ValidateFormat, typer.Option(
        "--format", "-f", help="text, json eller github (annoteringar i pull requests).",
        case_sensitive=False)] = ValidateFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Varningar räknas som fel.")] = False,
) -> None:
    """Kontrollera datafilen: YAML, schema, koder, nivåer, datum och hänvisningar.

    Alla fel visas på en gång, med fil, rad och kolumn. Slutstatus: 0 giltig, 1 fel
    (eller varningar med --strict), 2 filen kunde inte läsas.
    """
    from vgrklass.datafile import resolve_data_path
    from vgrklass.report import validate_files

    targets = list(paths or [])
    if data is not None or not targets:
        targets.append(resolve_data_path(data))
    outcomes = validate_files(targets)
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
