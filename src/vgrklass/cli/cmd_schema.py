"""vgrklass schema: the data file's JSON Schema, for editors and other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vgrklass.cli import app


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Fil att skriva till (t.ex. schema/klassificering.schema.json). "
        "Standard: standard ut.", show_default=False)] = None,
) -> None:
    """Skriv datafilens JSON Schema (Draft 2020-12), så att editorer kan kontrollera YAML-filen
    medan den skrivs."""
    from vgrklass.cli.common import check_output, die
    from vgrklass.datafile import resolve_data_path
    from vgrklass.fileio import is_stdout, write_output
    from vgrklass.schema import render

    if not is_stdout(output):
        check_output(output, resolve_data_path(None))  # never onto the data file
    try:
        write_output(render(), output)
    except OSError as exc:
        from vgrklass.fileio import os_error_text

        die(f"kunde inte skriva {output}: {os_error_text(exc)}", 2)
