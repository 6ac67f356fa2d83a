"""vgrklass export: the structure as a dokumenthanteringsplan."""

from __future__ import annotations

import datetime as dt
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from vgrklass.cli import app
from vgrklass.cli.common import (
    AllOption,
    DataOption,
    DateOption,
    check_output,
    die,
    err_console,
    load,
    parse_date_option,
)
from vgrklass.fileio import is_device

# Above this many rows a terminal gets a progress bar while the XLSX is written.
PROGRESS_THRESHOLD = 20_000


class ExportFormat(str, Enum):
    xlsx = "xlsx"
    csv = "csv"
    html = "html"
    markdown = "markdown"
    json = "json"
    erms = "erms"


@app.command()
def export(
    output_format: Annotated[ExportFormat | None, typer.Option(
        "--format", "-f", help="Exportformat: xlsx (kräver -o), csv, html, markdown, json "
        "eller erms (E-ARK CITS ERMS-XML för arkivsystem). Standard: efter filändelsen i -o "
        "(.xlsx, .csv, .html, .md, .json, .xml); json till standard ut.",
        case_sensitive=False, show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Fil att skriva till. Standard: standard ut (ej för xlsx).",
        show_default=False)] = None,
    date: DateOption = None,
    all_: AllOption = False,
    data: DataOption = None,
    delimiter: Annotated[str, typer.Option(
        "--delimiter", help="Fältavgränsare för csv (ett tecken; \\t för tabb).")] = ";",
) -> None:
    """Exportera strukturen som dokumenthanteringsplan (som gäller ett datum, eller hela
    historiken med --all): en rad per handlingstyp. Med --format erms: strukturen som
    klassificeringsschema i E-ARK CITS ERMS (FGS Ärendehantering), en klass per nod."""
    from vgrklass.datafile import resolve_data_path

    if output is not None and str(output) == "-":
        output = None
    if output is not None:
        check_output(output, resolve_data_path(data))
    fmt = _choose_format(output_format, output)
    if fmt == "xlsx" and output is None:
        die("xlsx kan inte skrivas till standard ut; ange en fil med -o, "
            "t.ex. -o dokumenthanteringsplan.xlsx")
    delimiter = _check_delimiter(delimiter)
    on = parse_date_option(date)
    structure = load(data)

    if fmt == "erms":
        from vgrklass import __version__
        from vgrklass.export.erms_export import render_erms

        now = dt.datetime.now(dt.UTC)
        _write(render_erms(structure, None if all_ else on, now, f"vgrklass {__version__}"),
               output)
        if output is not None:
            count = len(structure) if all_ else len(structure.in_force(on))
            _done(f"Skrev {count} klasser till {output}")
        return

    if fmt == "json":
        from vgrklass.export.json_export import render_json

        nodes = list(structure) if all_ else structure.in_force(on)
        _write(render_json(nodes).encode("utf-8"), output)
        if output is not None:
            _done(f"Skrev {len(nodes)} noder till {output}")
        return

    from vgrklass.dates import today
    from vgrklass.export.rows import build_plan

    plan = build_plan(structure, None if all_ else on, today())
    _write(_render(plan, fmt, delimiter), output)
    if output is not None:
        _done(f"Skrev {len(plan.rows)} rader till {output}")


def _done(message: str) -> None:
    err_console().print(message, highlight=False, markup=False)


def _check_delimiter(value: str) -> str:
    if value in ("\\t", "tab", "tabb"):
        return "\t"
    if len(value) != 1 or value in "\"\r\n":
        die(f"ogiltig avgränsare {value!r}: ange ett enda tecken, t.ex. ; eller , (\\t för tabb)")
    return value


def _choose_format(given: ExportFormat | None, output: Path | None) -> str:
    """--format, else the one the file name asks for; a file name that asks for another
    format than --format, or for none we know, is refused (`-o plan.xls` would get JSON)."""
    from vgrklass.export import SUFFIX_NAMES, format_for

    if output is None or is_device(output):
        return given.value if given else "json"
    by_name = format_for(output)
    if given is None and by_name is None:
        what = f"filändelsen '{output.suffix}'" if output.suffix else "att filändelse saknas"
        die(f"{output}: {what} säger inte vilket format planen ska ha; ange --format "
            f"(xlsx, csv, html, markdown, json, erms) eller en filändelse ({SUFFIX_NAMES})")
    if given is not None and by_name not in (None, given.value):
        die(f"{output}: filändelsen '{output.suffix}' hör till formatet {by_name}, inte "
            f"{given.value}; byt filändelse eller --format")
    return given.value if given else by_name  # type: ignore[return-value]


def _write(content: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return
    from vgrklass.fileio import atomic_write_bytes

    try:
        atomic_write_bytes(output, content)
    except OSError as exc:
        from vgrklass.fileio import os_error_text

        die(f"kunde inte skriva {output}: {os_error_text(exc)}")


def _render(plan: Any, fmt: str, delimiter: str) -> bytes:
    """Render, with a progress bar on a terminal when a large XLSX takes a while."""
    from vgrklass.export import render_plan

    console = err_console()
    if fmt != "xlsx" or len(plan.rows) <= PROGRESS_THRESHOLD or not console.is_terminal:
        return render_plan(plan, fmt, delimiter=delimiter)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress("Skriver xlsx", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("xlsx", total=len(plan.rows))
        return render_plan(plan, fmt, delimiter=delimiter,
                           progress=lambda done: bar.update(task, completed=done))
