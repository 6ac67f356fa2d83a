"""vgrklass find: from a document type, as people write it, to its process."""

from __future__ import annotations

from typing import Annotated

import typer

from vgrklass.cli import app
from vgrklass.cli.common import (
    AllOption,
    DataOption,
    DateOption,
    FormatOption,
    TextOrJson,
    die,
    load,
    parse_date_option,
    print_json,
)
from vgrklass.structure import normalise_code

HOW = {
    "exakt": "exakt",
    "stam": "stam",
    "lemma": "stam",
    "huvudled": "sammansättning",
    "förled": "sammansättning",
    "sammansättning": "sammansättning",
    "delvis": "del av sammansättning",
    "felstavning": "felstavning",
}
FIELD_NAMES = {
    "examples": "exempel",
    "title": "rubrik",
    "description": "beskrivning",
    "comments": "kommentar",
    "reference": "hänvisning",
    "away": "hänvisas bort",
}


@app.command()
def find(
    query: Annotated[list[str], typer.Argument(
        help="Handlingstyp eller sökord, t.ex. leverantörsfaktura eller 'kvitto på friskvård'.",
        show_default=False)],
    date: DateOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1,
                                       help="Högst så många träffar.")] = 10,
    output_format: FormatOption = TextOrJson.text,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Visa varför varje träff rankas där den gör (fält, ord, poäng).")
    ] = False,
    all_: AllOption = False,
    data: DataOption = None,
) -> None:
    """Sök process för en handlingstyp: böjningsformer, sammansättningar, felstavningar och
    vanliga synonymer (kontrakt → avtal) hittas också. Avslutar med 1 om inget matchar."""
    text = " ".join(query).strip()
    if not text:
        die("sökfrågan är tom; skriv en handlingstyp, t.ex. vgrklass find leverantörsfaktura")
    on = parse_date_option(date)
    from vgrklass.datafile import resolve_data_path
    from vgrklass.search.index import cached_index, load_index
    from vgrklass.search.rank import search

    # The index alone answers the query; the structure is only loaded to build it.
    index = cached_index(resolve_data_path(data)) or load_index(load(data))
    hits = search(index, text, on=on, limit=limit, include_removed=all_)
    if output_format is TextOrJson.json:
        print_json([h.to_dict() for h in hits])
    elif not hits:
        from vgrklass.cli.common import err_console

        scope = "i hela historiken" if all_ else f"som gäller {on}"
        err_console().print(f"Ingen process {scope} matchar ”{text}”.", highlight=False,
                            markup=False)
        if looks_like_code(text):
            err_console().print(f"Söker du en kod? Prova: vgrklass show {normalise_code(text)}",
                                highlight=False, markup=False)
    elif explain:
        _explain(hits)
    else:
        _table(hits)
    if not hits:
        raise typer.Exit(1)


def looks_like_code(text: str) -> bool:
    """'2.4.3', 'P 2.4.1', 'VO 7': a code typed where a document type was expected."""
    import re

    return re.fullmatch(r"(?:VO|PG|P)?\s*\d+(?:\.\d+)*\.?", text.strip(), re.I) is not None


def _status(hit) -> str:
    return f" ({hit.removed_as} {hit.removed})" if hit.removed and not hit.in_force else ""


def _matched_text(hit) -> str:
    parts = []
    for m in hit.matched:
        if m.field == "away":
            continue
        parts.append(f"{FIELD_NAMES[m.field]}: {m.text}")
    return "; ".join(parts[:2])


def _table(hits) -> None:
    from vgrklass.cli.common import print_table

    rows = [[h.code, h.kind, h.title + _status(h), _matched_text(h)] for h in hits]
    print_table(["Kod", "Typ", "Rubrik", "Matchade"], rows)


def _explain(hits) -> None:
    from rich.markup import escape

    from vgrklass.cli.common import console

    out = console()
    for rank, hit in enumerate(hits, 1):
        p = hit.parts
        out.print(f"[bold]{rank}. {hit.kind} {hit.code} {escape(hit.title)}[/]"
                  f"{escape(_status(hit))}  poäng {hit.score:.2f}")
        penalty = f" × avdrag {p['penalty']:.2f}" if p["penalty"] != 1.0 else ""
        out.print(f"   = (ordträffar {p['base']:.2f} + fras {p['phrase']:.2f})"
                  f" × täckning {p['coverage']:.2f}{penalty}", style="dim")
        for m in hit.matched:
            words = ", ".join(
                f"{q}→{w} ({HOW.get(how, how)})" for q, w, how in m.words)
            where = FIELD_NAMES[m.field]
            if m.field == "reference":
                where += f" från {m.other}"
            elif m.field == "away" and m.other:
                where += f" till {m.other}"
            out.print(f"   {where}: ”{escape(m.text)}”  " + escape(f"[{words}]"))
