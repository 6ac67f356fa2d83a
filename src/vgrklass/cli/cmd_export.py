"""vgrklass export: the structure as a dokumenthanteringsplan."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from vgrklass.cli import app
from vgrklass.cli.common import AllOption, DataOption, DateOption, load, parse_date_option
from vgrklass.structure import Structure


class ExportFormat(str, Enum):
    json = "json"


@app.command()
def export(
    output_format: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help="Exportformat.", case_sensitive=False)] = ExportFormat.json,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Fil att skriva till. Standard: standard ut.",
        show_default=False)] = None,
    date: DateOption = None,
    all_: AllOption = False,
    data: DataOption = None,
) -> None:
    """Exportera strukturen (som gäller ett datum, eller hela historiken med --all)."""
    from vgrklass.export.json_export import render_json
    from vgrklass.fileio import write_output

    structure: Structure = load(data)
    on = parse_date_option(date)
    nodes = list(structure) if all_ else structure.in_force(on)
    write_output(render_json(nodes), output)
