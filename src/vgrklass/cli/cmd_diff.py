"""vgrklass diff: what changed between two dates, two files or a file and a git revision.

Exit codes follow diff(1): 0 no differences, 1 differences, 2 trouble.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

import typer

from vgrklass.cli import app
from vgrklass.cli.common import (
    DataOption,
    console,
    die,
    parse_date_option,
    print_json,
    report_data_error,
)


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


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
        "--from", help="Jämför strukturen som gäller detta datum (ÅÅÅÅ-MM-DD) …",
        show_default=False)] = None,
    date_to: Annotated[str | None, typer.Option(
        "--to", help="… med den som gäller detta datum. Standard med --from: i dag.",
        show_default=False)] = None,
    data: DataOption = None,
    output_format: Annotated[DiffFormat, typer.Option(
        "--format", "-f", help="text, json eller markdown (för en kommentar i en pull request).",
        case_sensitive=False)] = DiffFormat.text,
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
    result = diff_structures(before, after, old_on, new_on)
    print_diff(result, output_format)
    raise typer.Exit(0 if result.empty else 1)


def print_diff(result: Any, output_format: DiffFormat) -> None:
    """A Diff as `vgrklass diff` prints it (import --into prints its changes so too)."""
    if output_format is DiffFormat.json:
        print_json(result.as_dict())
    elif output_format is DiffFormat.markdown:
        from vgrklass.cli.terminal import safe
        from vgrklass.diff import to_markdown

        typer.echo(safe(to_markdown(result)), nl=False)
    else:
        _render_text(result)


def _render_text(result: Any) -> None:
    from rich.markup import escape

    from vgrklass.diff import META_HEADING, describe_side, summary

    out = console()
    out.print(f"Jämför {escape(describe_side(result.old_label, result.old_on))} med "
              f"{escape(describe_side(result.new_label, result.new_on))}")
    if result.empty:
        out.print("Inga skillnader.")
        return
    out.print(f"[bold]{summary(result)}[/]")
    if result.meta:
        out.print(f"\n[bold]{META_HEADING}[/]")
        for f in result.meta:
            _print_change(out, f, "  ", meta=True)
    for heading, nodes, sign, style in (("Tillagda", result.added, "+", "green"),
                                        ("Borttagna", result.removed, "-", "red")):
        if not nodes:
            continue
        out.print(f"\n[bold]{heading} ({len(nodes)})[/]")
        for n in nodes:
            from vgrklass.structure import lifetime_label

            dates = lifetime_label(n.added, n.removed, n.removal_word)
            note = f"  [dim]({dates})[/]" if dates else ""
            out.print(f"  [{style}]{sign} {n.kind} {n.code} {escape(n.title)}[/]{note}")
    if not result.changed:
        return
    out.print(f"\n[bold]Ändrade ({len(result.changed)})[/]")
    for change in result.changed:
        out.print(f"  [bold]{change.new.kind} {change.code} {escape(change.new.title)}[/]")
        for f in change.changes:
            _print_change(out, f, "    ")


def _print_change(out: Any, f: Any, indent: str, meta: bool = False) -> None:
    """One changed field: `name: old → new`, or - and + lines for long texts."""
    from rich.markup import escape

    from vgrklass.diff import cell, field_label

    name = escape(field_label(f, meta))
    old, new = escape(cell(f.old)), escape(cell(f.new))
    if f.field in ("examples", "sokord", "refs") and f.example is None:
        line = f"[green]+ {new}[/]" if f.old is None else f"[red]- {old}[/]"
        out.print(f"{indent}{name}: {line}")
    elif len(old) + len(new) <= 60 and "\n" not in old + new:
        out.print(f"{indent}{name}: [red]{old or '(tomt)'}[/] → [green]{new or '(tomt)'}[/]")
    else:
        out.print(f"{indent}{name}:")
        if f.old is not None:
            out.print(f"{indent}  [red]- {old}[/]")
        if f.new is not None:
            out.print(f"{indent}  [green]+ {new}[/]")
