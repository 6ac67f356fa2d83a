"""What every command shares: options, loading with clean errors, and output helpers."""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, NoReturn

import typer

from vgrklass.problems import DataError

if TYPE_CHECKING:
    from vgrklass.datafile import DataFile
    from vgrklass.structure import Structure

# Where `vgrklass --data FIL` keeps its value for the command that follows (the
# invocation's context, so nothing carries over to the next invocation).
GLOBAL_DATA = "vgrklass.data"
DATA_HELP = ("Datafilen (YAML). Standard: $VGRKLASS_DATA, annars närmaste "
             "data/klassificering.yaml i arbetskatalogen eller uppåt, annars den medföljande "
             "strukturen (se vgrklass --version).")


def with_global_data(ctx: typer.Context, value: Path | None) -> Path | None:
    """A command's --data, else `vgrklass --data` given before the command. With neither,
    a pyproject.toml that cannot be read stops here, in Swedish, before anything runs."""
    if value is None:
        value = ctx.meta.get(GLOBAL_DATA)
    if value is None:
        data_file(None)
    return value


DataOption = Annotated[
    Path | None,
    typer.Option("--data", metavar="FIL", help=DATA_HELP, show_default=False,
                 callback=with_global_data),
]
DateOption = Annotated[
    str | None,
    typer.Option("--date", metavar="DATUM", show_default=False,
                 help="Datum (ÅÅÅÅ-MM-DD) som strukturen ska gälla. Standard: i dag."),
]
AllOption = Annotated[
    bool, typer.Option("--all", help="Ta med borttagna och upphörda noder (hela historiken).")
]


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


FormatOption = Annotated[
    TextOrJson, typer.Option("--format", "-f", help="Utdataformat.", case_sensitive=False)
]


def die(message: str, code: int = 2) -> NoReturn:
    """Print a Swedish error on stderr and exit, never with a traceback."""
    from rich.markup import escape

    # Messages quote user input ("[/x]" as a code): never let rich read it as markup.
    err_console().print(f"[bold red]fel:[/] {escape(message)}", highlight=False, markup=True)
    raise typer.Exit(code)


def check_output(path: Path, *reading: Path) -> None:
    """Exit with a Swedish error when `path` must not be written: a directory, in a missing
    directory, read-only, hard-linked, or a data file being read (`reading`, and always
    the data file shipped in the package)."""
    from vgrklass.datafile import shipped_data_path
    from vgrklass.fileio import TargetRefused, check_target

    try:
        check_target(path, protected=(*reading, shipped_data_path()))
    except TargetRefused as exc:
        die(str(exc), 2)


def write_output(content: str | bytes, output: Path | None) -> None:
    """fileio.write_output, with a Swedish error naming the file when it cannot be
    written (standard out's own errors are main()'s: a closed pipe ends quietly)."""
    from vgrklass.fileio import is_stdout, os_error_text
    from vgrklass.fileio import write_output as write

    try:
        write(content, output)
    except OSError as exc:
        if is_stdout(output):
            raise
        die(f"kunde inte skriva {output}: {os_error_text(exc)}", 2)


def parse_date_option(value: str | None) -> dt.date:
    from vgrklass.dates import DateInputError, parse_date, today

    if value is None:
        return today()
    try:
        return parse_date(value)
    except DateInputError as exc:
        die(str(exc), 2)


def data_file(data: Path | None) -> DataFile:
    """The DataFile a command reads (datafile.find_data_file), or a Swedish error."""
    from vgrklass.datafile import DataFileError, find_data_file

    try:
        return find_data_file(data)
    except DataFileError as exc:
        die(str(exc), 2)


class Loaded(NamedTuple):
    """A loaded structure and the file it came from, for messages that name it."""

    file: DataFile
    structure: Structure

    @property
    def name(self) -> str:
        """'den medföljande strukturen 1.3:2017' or 'data/klassificering.yaml, version 1.3:2017'."""
        return self.file.name(self.structure.meta.version)


def load_data(data: Path | None, *, exit_code: int = 2) -> Loaded:
    """Load the structure or exit with every error, one per line, naming file and line."""
    from vgrklass.load import load_structure

    found = data_file(data)
    try:
        return Loaded(found, load_structure(found.path))
    except DataError as exc:
        report_data_error(exc)
        raise typer.Exit(exit_code) from None


def load(data: Path | None, *, exit_code: int = 2) -> Any:
    """The structure alone (see load_data)."""
    return load_data(data, exit_code=exit_code).structure


def not_found(code: str, structure_name: str) -> str:
    """'koden 9.9 finns inte i …'; for text that is no code, the way to search for it."""
    from vgrklass.structure import looks_like_code

    if looks_like_code(code):
        return f"koden {code.strip()} finns inte i {structure_name}"
    import re
    import shlex

    words = code.strip()  # quoted for the shell only when it needs it (å, ä, ö do not)
    typed = words if re.fullmatch(r"[\w.,:/+-]+", words) else shlex.quote(words)
    return (f"{words!r} är ingen kod (som 2.4.3 eller 'P 2.4.3'). Söker du en "
            f"handlingstyp? Prova: vgrklass find {typed}")


def report_data_error(exc: DataError, limit: int = 20) -> None:
    console = err_console()
    console.print("[bold red]fel:[/] datafilen kan inte användas:", highlight=False)
    for problem in exc.problems[:limit]:
        console.print(f"  {problem.format_text()}", highlight=False, markup=False,
                      soft_wrap=True)  # one problem per line, paths never folded
    more = max(len(exc.problems) - limit, 0) + exc.omitted
    if more:
        console.print(f"  … och {more} fel till (kör 'vgrklass validate' för fler)",
                      highlight=False)


def print_json(value: Any) -> None:
    import json  # here: only JSON output needs it

    from vgrklass.invisible import escape_json

    text = json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)
    sys.stdout.write(escape_json(text))  # the same JSON, but nothing invisible printed raw
    sys.stdout.write("\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"kan inte skriva {type(value).__name__} som JSON")


_console = None
_err_console = None


def console() -> Any:
    """Rich console for stdout; rich itself honours NO_COLOR and plain output when piped.

    When piped, lines are not wrapped at 80 columns: grep and files get whole lines.
    """
    global _console
    if _console is None:
        from vgrklass.cli.terminal import make_console

        _console = make_console()
    return _console


def err_console() -> Any:
    global _err_console
    if _err_console is None:
        from vgrklass.cli.terminal import make_console

        _err_console = make_console(stderr=True)
    return _err_console


def print_note(line: str) -> None:
    """A plain line for the user on standard error. Piped or redirected, it is written
    without importing rich (tens of milliseconds of start-up), as print_table does."""
    if _err_console is None and not sys.stderr.isatty() and not (
            os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE")):
        from vgrklass.cli.terminal import safe

        sys.stderr.write(safe(line) + "\n")
        return
    err_console().print(line, highlight=False, markup=False)


def stdout_is_terminal() -> bool:
    """Whether stdout gets colours and tables. Piped or redirected output is told without
    importing rich (tens of milliseconds of start-up) unless colour is forced."""
    if _console is None and not sys.stdout.isatty() and not (
            os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE")):
        return False
    return console().is_terminal


def print_table(headers: list[str], rows: list[list[str]], title: str | None = None) -> None:
    """A rich table on a terminal; tab-separated plain lines when piped (grep-friendly)."""
    if not stdout_is_terminal():
        from vgrklass.cli.terminal import safe

        if title:
            sys.stdout.write(safe(f"{title}\n"))
        sys.stdout.write("\t".join(headers) + "\n")
        for row in rows:
            sys.stdout.write(safe("\t".join(cell.replace("\n", " ") for cell in row)) + "\n")
        return
    from rich.table import Table

    out = console()
    table = Table(title=title, title_justify="left", show_lines=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*row)
    out.print(table)


def print_hanging(prefix: str, markup: Any) -> None:
    """`prefix` then `markup` (rich markup, or a rich Text); on a terminal a long text
    wraps under itself, not at column 0, so lists and trees stay readable. Piped: one
    whole line, for grep."""
    out = console()
    if not out.is_terminal:
        out.print(prefix, markup, sep="")
        return
    from rich.table import Table

    grid = Table.grid()
    grid.add_column(no_wrap=True, width=len(prefix))
    grid.add_column(overflow="fold")
    grid.add_row(prefix, markup)
    out.print(grid)
