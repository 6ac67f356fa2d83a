"""vgrklass find: from a document type, as people write it, to its process."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from vgrklass.cli.app import app
from vgrklass.cli.common import (
    AllOption,
    DataOption,
    DateOption,
    data_file,
    die,
    err_console,
    parse_date_option,
    print_json,
)
from vgrklass.search.find import hit_dict
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


class FindFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


@app.command(short_help="Sök process för en handlingstyp, som folk skriver den.")
def find(
    query: Annotated[list[str], typer.Argument(
        metavar="FRÅGA...", show_default=False,
        help="Handlingstyp eller sökord, t.ex. leverantörsfaktura eller 'kvitto på "
             "friskvård'; - läser en fråga per rad från standard in.")],
    date: DateOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1,
                                       help="Högst så många träffar.")] = 10,
    output_format: Annotated[FindFormat, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="Utdataformat; jsonl ger ett objekt per rad och fråga.")] = FindFormat.text,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Visa varför varje träff rankas där den gör (fält, ord, poäng).")
    ] = False,
    all_: AllOption = False,
    data: DataOption = None,
) -> None:
    """Sök process för en handlingstyp: böjningsformer, sammansättningar, felstavningar,
    synonymer och ord som andra organisationer använder hittas också. Ett säkert svar
    avslutar med 0; inget svar eller bara osäkra förslag med 1.

    Med - som FRÅGA läses en fråga per rad från standard in (tomma rader hoppas över;
    högst 10 000 rader, 500 tecken per rad, 8 MiB) och varje fråga besvaras. Slutkod: 0
    när alla fick ett säkert svar, 1 när någon inte fick det, 2 när indata inte går att
    använda (då besvaras ingen).
    """
    from vgrklass.search.find import MAX_QUERY

    if query == ["-"]:
        _find_many(date, limit, output_format, explain, all_, data)
        return
    text = " ".join(query).strip()
    if not text:
        die("sökfrågan är tom; skriv en handlingstyp, t.ex. vgrklass find leverantörsfaktura")
    if len(text) > MAX_QUERY:
        die(f"sökfrågan är {len(text)} tecken; högst {MAX_QUERY} går att söka på. Skriv "
            "handlingstypen, eller använd vgrklass classify för ett helt dokument")
    from vgrklass.queries import Query

    on = parse_date_option(date)
    index, answer = next(_answered(data, [Query(None, text)], on, limit, all_))
    if output_format is FindFormat.json:
        print_json([hit_dict(h, index) for h in answer.result.hits])
    elif output_format is FindFormat.jsonl:
        _print_line(answer.as_dict(index))
    else:
        _print_text(answer.result, index, text, on, all_, explain)
    if not answer.confident:
        raise typer.Exit(1)


def _find_many(date: str | None, limit: int, output_format: FindFormat, explain: bool,
               all_: bool, data) -> None:
    """`find -`: every line of standard in answered, in order (see the docstring above)."""
    import sys

    from vgrklass.cli.common import console
    from vgrklass.queries import QueryInputError, read_queries
    from vgrklass.search.find import MAX_QUERY

    on = parse_date_option(date)
    if sys.stdin.isatty():
        err_console().print("Skriv en sökfråga per rad; avsluta med Ctrl+D.", markup=False)
    try:
        queries = read_queries(sys.stdin.buffer, MAX_QUERY)
    except QueryInputError as exc:
        die(str(exc), 2)
    answers, all_confident = [], True
    for n, (index, answer) in enumerate(_answered(data, queries, on, limit, all_)):
        all_confident = all_confident and answer.confident
        if output_format is FindFormat.jsonl:
            _print_line(answer.as_dict(index))
        elif output_format is FindFormat.json:
            answers.append(answer.as_dict(index))
        else:
            out = console()
            if n:
                out.print()
            out.print(f"Sökfråga (rad {answer.query.line}): {answer.query.text}",
                      style="bold", markup=False, highlight=False)
            _print_text(answer.result, index, answer.query.text, on, all_, explain, notes=out)
    if output_format is FindFormat.json:
        print_json(answers)
    if not all_confident:
        raise typer.Exit(1)


def _answered(data, queries, on, limit: int, all_: bool):
    """Each query answered, with the index it was answered from. A stored index found
    damaged while a query read it (search.store.StoreError) is built anew, once, and the
    query asked again."""
    from vgrklass.queries import answer
    from vgrklass.search.store import StoreError

    index, rebuilt = _open_index(data), False
    for query in queries:
        try:
            answered = answer(index, query, on, limit, all_)
        except StoreError:
            if rebuilt:
                raise
            index, rebuilt = _open_index(data, rebuild=True), True
            answered = answer(index, query, on, limit, all_)
        yield index, answered


def _open_index(data, rebuild: bool = False):
    from vgrklass.problems import DataError
    from vgrklass.search.cached import open_index

    try:
        return open_index(data_file(data).path, rebuild=rebuild)
    except DataError as exc:
        from vgrklass.cli.common import report_data_error

        report_data_error(exc)
        raise typer.Exit(2) from None


def _print_line(value: dict) -> None:
    """One JSON object on one line, flushed: a reader of jsonl sees each as it comes."""
    import json
    import sys

    from vgrklass.invisible import escape_json

    sys.stdout.write(escape_json(json.dumps(value, ensure_ascii=False)) + "\n")
    sys.stdout.flush()


def _print_text(result, index, text: str, on, all_: bool, explain: bool,
                notes=None) -> None:
    """The hits as a table (or explained); notes to standard error, or to `notes`."""
    def _note(line: str) -> None:
        _print_note(line, notes)

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
    if not hits:
        from vgrklass.structure import looks_like_code, normalise_code

        if looks_like_code(text):
            _note(f"Söker du en kod? Prova: vgrklass show {normalise_code(text)}")


def _print_note(line: str, notes=None) -> None:
    """A line for the registrar: on stderr, or on `notes` (find -'s blocks)."""
    if notes is not None:
        notes.print(line, highlight=False, markup=False)
        return
    from vgrklass.cli.common import print_note

    print_note(line)


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
