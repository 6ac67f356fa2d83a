"""vgrklass refs: cross-references between processes, in both directions."""

from __future__ import annotations

from typing import Annotated

import typer

from vgrklass.cli.app import app
from vgrklass.cli.common import (
    AllOption,
    DataOption,
    DateOption,
    FormatOption,
    TextOrJson,
    console,
    die,
    load_data,
    not_found,
    parse_date_option,
    print_json,
    print_table,
)


@app.command(short_help="Visa hänvisningar mellan processer (\"hanteras i P 2.4.1\").")
def refs(
    code: Annotated[str | None, typer.Argument(
        metavar="KOD",
        help="Visa bara hänvisningar från och till denna kod, t.ex. 1.3 eller 'P 2.4.1'.",
        show_default=False)] = None,
    all_: AllOption = False,
    date: DateOption = None,
    data: DataOption = None,
    output_format: FormatOption = TextOrJson.text,
) -> None:
    """Visa hänvisningar mellan processer ("hanteras i P 2.4.1") som en graf.

    Utan KOD: alla hänvisningar. Med KOD: de som går från och till koden. Som standard
    bara hänvisningar från noder som gäller i dag (eller --date); --all tar med alla.
    """
    from vgrklass.refs import all_refs, source_in_force

    if code is not None and not code.strip():
        die("koden är tom; utelämna den för alla hänvisningar, eller skriv t.ex. 1.3")
    loaded = load_data(data)
    structure = loaded.structure
    on = parse_date_option(date)
    edges = all_refs(structure)
    if not all_:
        edges = [r for r in edges if source_in_force(structure, r, on)]
    target = None
    if code is not None:
        target = structure.get(code)
        if target is None:
            die(not_found(code, loaded.name), 1)
        edges = [r for r in edges if target.code in (r.source, r.target)]
    if output_format is TextOrJson.json:
        print_json([r.as_dict() for r in edges])
        return
    scope = "alla noder" if all_ else f"noder som gäller {on}"
    if not edges:
        console().print(f"Inga hänvisningar ({scope}).", markup=False)
        return
    if target is None:
        _table(edges, f"Hänvisningar ({len(edges)}, från {scope})")
        return
    out_edges = [r for r in edges if r.source == target.code]
    in_edges = [r for r in edges if r.target == target.code]
    if out_edges:
        _table(out_edges, f"{target.kind} {target.code} hänvisar till ({len(out_edges)})")
    if in_edges:
        _table(in_edges, f"Hänvisar till {target.kind} {target.code} ({len(in_edges)}, "
                         f"från {scope})")


def _table(edges: list, title: str) -> None:
    rows = [[r.source, f"{r.target_kind or '?'} {r.target}", r.text] for r in edges]
    print_table(["Från", "Till", "Mening"], rows, title=title)
