"""The `vgrklass` typer application and its global options (--data, --no-cache,
--version). The command modules (cli/cmd_*.py) import `app` from here and register on it;
`vgrklass.cli` imports them all, so this module never imports a command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vgrklass.cli.common import DATA_HELP, GLOBAL_DATA
from vgrklass.cli.swedish import install as _install_swedish

_install_swedish()

app = typer.Typer(
    name="vgrklass",
    help="Klassificeringsstrukturen för regionstyrelsen i Västra Götalandsregionen: "
    "sök handlingstyper, visa processer, jämför versioner, exportera och validera.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

@app.callback(invoke_without_command=True)
def _options(
    ctx: typer.Context,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Läs datafilen utan cache (cachen byggs inte heller om).")] = False,
    data: Annotated[Path | None, typer.Option(
        "--data", metavar="FIL", show_default=False, help=DATA_HELP)] = None,
    version: Annotated[bool, typer.Option(
        "--version", help="Visa versionen och vilken struktur (titel, version, fil) "
                          "kommandona läser, och avsluta.")] = False,
) -> None:
    from vgrklass import cache

    cache.set_disabled(no_cache)  # set on every invocation: nothing carries over
    if data is not None:
        ctx.meta[GLOBAL_DATA] = data  # read by each command's --data (common.DataOption)
    if version:
        _print_version(data)
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(2)


def _print_version(data: Path | None) -> None:
    """The tool's version, then the structure the commands would read and where it is."""
    from vgrklass import __version__
    from vgrklass.cli.common import data_file, report_data_error
    from vgrklass.cli.terminal import safe
    from vgrklass.load import load_structure
    from vgrklass.problems import DataError

    found = data_file(data)
    typer.echo(f"vgrklass {__version__}")
    try:
        meta = load_structure(found.path).meta
    except DataError as exc:
        typer.echo(safe(f"datafil: {found.shown()} ({found.reason()})"))
        report_data_error(exc)
        raise typer.Exit(2) from None
    typer.echo(safe(f"struktur: {meta.title}, version {meta.version}"))
    typer.echo(safe(f"datafil: {found.shown()} ({found.reason()})"))
