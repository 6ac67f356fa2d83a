"""vgrklass import: a dokumenthanteringsplan workbook back into the data file.

Exit codes as for diff: 0 no changes, 1 changes (shown, and written with --write or -o),
2 trouble (nothing written).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vgrklass.cli import app
from vgrklass.cli.cmd_diff import DiffFormat, print_diff
from vgrklass.cli.common import die, err_console, report_data_error

if TYPE_CHECKING:
    from vgrklass.importers import WorkbookError
    from vgrklass.roundtrip import Edited

# `import` is a Python keyword: the function has another name, the command this one.


@app.command("import")
def import_(
    workbook: Annotated[Path, typer.Argument(
        metavar="FIL.xlsx", help="Arbetsboken: den som export --format xlsx skriver, eller en "
        "dokumenthanteringsplan med rubrikrad (Kod/Process, Handlingstyp, Bevaras/gallras, "
        "Gallringsfrist …).", show_default=False)],
    into: Annotated[Path | None, typer.Option(
        "--into", help="Datafilen (YAML) att jämföra med och ändra. Standard: datafilen "
        "(--data, $VGRKLASS_DATA eller den som följer med).", show_default=False)] = None,
    write: Annotated[bool, typer.Option(
        "--write", help="Skriv ändringarna i datafilen (--into krävs); kommentarer, "
        "ordning och citattecken i resten av filen behålls.")] = False,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Skriv den ändrade datafilen till en ny fil i stället.",
        show_default=False)] = None,
    sheet: Annotated[str | None, typer.Option(
        "--sheet", help="Fliken att läsa. Standard: Dokumenthanteringsplan, annars den "
        "första fliken med en rubrikrad.", show_default=False)] = None,
    output_format: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help="Ändringarna som text, json eller markdown (som vgrklass diff).",
        case_sensitive=False)] = DiffFormat.text,
) -> None:
    """Läs en dokumenthanteringsplan (xlsx) och visa vad den ändrar i datafilen, precis som
    vgrklass diff. Med --write skrivs ändringarna in i datafilen, med -o till en ny fil.
    Inget skrivs om något fel hittas; varje fel anger flik och cell. Slutkod: 0 inga
    ändringar, 1 ändringar, 2 fel."""
    from vgrklass.datafile import resolve_data_path
    from vgrklass.importers import WorkbookError, import_workbook
    from vgrklass.problems import DataError

    if write and output is not None:
        die("ange antingen --write (ändra datafilen) eller -o (skriv en ny fil), inte båda")
    if write and into is None:
        die("--write ändrar datafilen: ange den med --into, t.ex. "
            "--into data/klassificering.yaml")
    target = resolve_data_path(into)
    if output is not None and output.resolve() == target.resolve():
        die(f"-o {output} är datafilen själv; använd --write för att ändra den")
    try:
        result = import_workbook(workbook, target, sheet)
    except WorkbookError as exc:
        _report(exc)
        raise typer.Exit(2) from None
    except DataError as exc:
        report_data_error(exc)
        raise typer.Exit(2) from None
    notes = err_console()
    notes.print(result.summary(), highlight=False, markup=False)
    print_diff(result.diff, output_format)
    if result.changed and (write or output is not None):
        _save(result.edited, output)
        notes.print(f"Skrev ändringarna till {output or result.edited.path}", highlight=False,
                    markup=False)
    raise typer.Exit(1 if result.changed else 0)


def _report(exc: WorkbookError, limit: int = 30) -> None:
    problems = exc.problems
    console = err_console()
    console.print("[bold red]fel:[/] arbetsboken kan inte importeras (inget har skrivits):",
                  highlight=False)
    for problem in problems[:limit]:
        console.print(f"  {problem.format_text()}", highlight=False, markup=False,
                      soft_wrap=True)
    if len(problems) > limit:
        console.print(f"  … och {len(problems) - limit} fel till", highlight=False)


def _save(edited: Edited, output: Path | None) -> None:
    from vgrklass.fileio import os_error_text
    from vgrklass.roundtrip import write_edited

    try:
        write_edited(edited, output)
    except OSError as exc:
        die(f"kunde inte skriva {output or edited.path}: {os_error_text(exc)}")
