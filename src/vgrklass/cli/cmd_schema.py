"""vgrklass schema: the data file's JSON Schema, for editors and other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vgrklass.cli.app import app


@app.command(short_help="Skriv datafilens JSON Schema, för editorer.")
def schema(
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Fil att skriva till (t.ex. schema/klassificering.schema.json). "
        "Standard: standard ut.", show_default=False)] = None,
) -> None:
    """Skriv datafilens JSON Schema (Draft 2020-12), så att editorer kan kontrollera YAML-filen
    medan den skrivs."""
    from vgrklass.cli.common import check_output, data_file, write_output
    from vgrklass.fileio import is_stdout
    from vgrklass.schema import render

    if not is_stdout(output):
        check_output(output, data_file(None).path)  # never onto the data file
    write_output(render(), output)
