"""vgrklass diff: what changed between two dates, two files or a file and a git revision.

Exit codes follow diff(1): 0 no differences, 1 differences, 2 trouble.
"""

from __future__ import annotations

from typing import Annotated

import typer

from vgrklass.cli.app import app
from vgrklass.cli.common import (
    DataOption,
    die,
    parse_date_option,
    report_data_error,
)
from vgrklass.cli.render_diff import DiffFormat, print_diff

OldArgument = Annotated[str | None, typer.Argument(
    metavar="GAMMAL", help="Den gamla versionen: en YAML-fil eller en git-revision "
    "REV:SÖKVÄG, t.ex. HEAD~1:data/klassificering.yaml.", show_default=False)]
NewArgument = Annotated[str | None, typer.Argument(
    metavar="NY", help="Den nya versionen (fil eller REV:SÖKVÄG). Standard: datafilen.",
    show_default=False)]


@app.command()
def diff(
    old: OldArgument = None,
    new: NewArgument = None,
    date_from: Annotated[str | None, typer.Option(
        "--from", metavar="DATUM",
        help="Jämför strukturen som gäller detta datum (ÅÅÅÅ-MM-DD) …",
        show_default=False)] = None,
    date_to: Annotated[str | None, typer.Option(
        "--to", metavar="DATUM",
        help="… med den som gäller detta datum. Standard med --from: i dag.",
        show_default=False)] = None,
    data: DataOption = None,
    output_format: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help="text, json eller markdown (för en kommentar i en pull request).",
        case_sensitive=False)] = DiffFormat.text,
    ignore_whitespace: Annotated[bool, typer.Option(
        "--ignore-whitespace", "-w",
        help="Bortse från ändringar i blanksteg och radbrytningar (ett stycke som bara har "
             "radbrutits om).")] = False,
) -> None:
    """Visa vad som har ändrats: tillagda, borttagna och ändrade noder, fält för fält.

    vgrklass diff --from 2018-06-01 --to 2021-06-01 jämför två datum i samma fil.
    vgrklass diff GAMMAL NY jämför två filer (eller git-revisioner). Med bara GAMMAL
    jämförs den med datafilen (--data). Slutkod som diff(1): 0 inga skillnader,
    1 skillnader, 2 fel.
    """
    from vgrklass.datafile import resolve_data_path
    from vgrklass.diff import VersionError, diff_structures, load_version
    from vgrklass.problems import DataError

    if old is None and new is None and date_from is None:
        die("ange två versioner att jämföra (GAMMAL NY) eller ett datum med --from "
            "(se vgrklass diff --help)", 2)
    if new is not None and data is not None:
        die("--data kan inte användas när både GAMMAL och NY anges", 2)
    if old is None:  # two dates in one file; --to defaults to today
        old_on, new_on = parse_date_option(date_from), parse_date_option(date_to)
    else:  # two versions: one date alone applies to both
        given = date_from or date_to
        old_on = parse_date_option(date_from or date_to) if given else None
        new_on = parse_date_option(date_to or date_from) if given else None
    data_spec = str(resolve_data_path(data))
    try:
        if old is None:  # two dates, one file
            before = after = load_version(data_spec)
        else:
            before = load_version(old)
            after = load_version(new if new is not None else data_spec)
    except VersionError as exc:
        die(str(exc), 2)
    except DataError as exc:
        report_data_error(exc)
        raise typer.Exit(2) from None
    result = diff_structures(before, after, old_on, new_on,
                             ignore_whitespace=ignore_whitespace)
    print_diff(result, output_format)
    raise typer.Exit(0 if result.empty else 1)
