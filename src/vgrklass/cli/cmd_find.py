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
    parse_date_option,
    print_json,
)
from vgrklass.search.index import FIELD_NAMES

HOW = {
    "exakt": "exakt",
    "stam": "stam",
    "lemma": "stam",
    "huvudled": "sammansättning",
    "förled": "sammansättning",
    "sammansättning": "sammansättning",
    "delvis": "del av sammansättning",
    "felstavning": "felstavning",
    "synonym": "synonym",
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
    """Sök process för en handlingstyp: böjningsformer, sammansättningar, felstavningar,
    synonymer och ord som andra organisationer använder hittas också. Ett säkert svar
    avslutar med 0; inget svar eller bara osäkra förslag med 1."""
    text = " ".join(query).strip()
    if not text:
        die("sökfrågan är tom; skriv en handlingstyp, t.ex. vgrklass find leverantörsfaktura")
    from vgrklass.search.find import MAX_QUERY, find

    if len(text) > MAX_QUERY:
        die(f"sökfrågan är {len(text)} tecken; högst {MAX_QUERY} går att söka på. Skriv "
            "handlingstypen, eller använd vgrklass classify för ett helt dokument")
    on = parse_date_option(date)
    from vgrklass.problems import DataError
    from vgrklass.search.index import open_index
    from vgrklass.search.store import StoreError

    try:
        index = open_index(data)
        try:
            result = find(index, text, on=on, limit=limit, include_removed=all_)
        except StoreError:  # the stored index is damaged: build it anew, once
            index = open_index(data, rebuild=True)
            result = find(index, text, on=on, limit=limit, include_removed=all_)
    except DataError as exc:
        from vgrklass.cli.common import report_data_error

        report_data_error(exc)
        raise typer.Exit(2) from None
    if output_format is TextOrJson.json:
        from vgrklass.search.find import hit_dict

        print_json([hit_dict(h, index) for h in result.hits])
    else:
        _print_text(result, index, text, on, all_, explain)
    if not result.confident:
        raise typer.Exit(1)


def _print_text(result, index, text: str, on, all_: bool, explain: bool) -> None:
    hits = result.hits
    if not hits:
        scope = "i hela historiken" if all_ else f"som gäller {on}"
        _note(f"Ingen process {scope} matchar ”{text}”.")
        if explain:
            from vgrklass.search.find import explain_no_hit

            for line in explain_no_hit(index, result.words):
                _note(f"  {line}")
    else:
        if not result.confident:
            _note(f"Inget säkert svar för ”{text}”. Osäkra förslag, kontrollera "
                  "processen innan du registrerar:")
        if explain:
            _explain(hits)
        else:
            _table(hits)
        if result.total > len(hits):
            _note(f"Visar {len(hits)} av {result.total} träffar (fler med --limit).")
    if result.english:
        _note("Strukturen är på svenska: sök med svenska ord, t.ex. faktura, avtal, protokoll.")
    if not hits and looks_like_code(text):
        from vgrklass.structure import normalise_code

        _note(f"Söker du en kod? Prova: vgrklass show {normalise_code(text)}")


def _note(line: str) -> None:
    """A line for the registrar on stderr."""
    from vgrklass.cli.common import print_note

    print_note(line)


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

    rows = [[h.code, h.kind, h.title + _status(h), _sureness(h), _matched_text(h)]
            for h in hits]
    print_table(["Kod", "Typ", "Rubrik", "Säkerhet", "Matchade"], rows)


def _sureness(hit) -> str:
    return "säker" if hit.confident else "osäker"


def _explain(hits) -> None:
    from rich.markup import escape

    from vgrklass.cli.common import console

    out = console()
    for rank, hit in enumerate(hits, 1):
        p = hit.parts
        out.print(f"[bold]{rank}. {hit.kind} {hit.code} {escape(hit.title)}[/]"
                  f"{escape(_status(hit))}  poäng {hit.score:.2f} ({_sureness(hit)})")
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
