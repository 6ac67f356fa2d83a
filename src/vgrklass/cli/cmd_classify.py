"""vgrklass classify: suggest the process for whole documents (txt, md, pdf, docx)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from vgrklass.cli import app
from vgrklass.cli.common import (
    DataOption,
    DateOption,
    FormatOption,
    TextOrJson,
    console,
    err_console,
    load,
    parse_date_option,
    print_json,
)

# Exit codes (documented in docs/classify.md): the worst outcome over all files.
EXIT_OK = 0
EXIT_NO_SUGGESTION = 1
EXIT_UNREADABLE = 2
TEXT_EVIDENCE = 4  # evidence per hit in text output (JSON has all)
MAX_LINES = 2  # the document's lines shown per hit
# How the knowledge layer read a word, when it is the word itself: not worth saying.
PLAIN_READINGS = frozenset({"exakt", "stam", "lemma", "ordet"})
LINE_CHARS = 80


@app.command()
def classify(
    files: Annotated[list[str], typer.Argument(
        metavar="FIL...",
        help="Dokument att klassificera: .txt, .md, .pdf eller .docx; - läser text från "
             "standard in.", show_default=False)],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1,
                                       help="Antal förslag per dokument.")] = 3,
    date: DateOption = None,
    data: DataOption = None,
    output_format: FormatOption = TextOrJson.text,
) -> None:
    """Föreslå process för hela dokument, med orden i dokumentet som ledde dit.

    Rubrik och rubriker väger tyngst, handlingstyper ur strukturens exempel (protokoll,
    avtal, delårsrapport …) jämförs med exemplen och brödtexten med processernas
    beskrivningar. Bara processer som gäller på datumet (--date, standard i dag) föreslås.
    Slutstatus: 0 förslag för alla filer, 1 någon fil fick inget förslag, 2 någon fil
    kunde inte läsas (övriga filer behandlas ändå).
    """
    from vgrklass.classify import classify as classify_document
    from vgrklass.classify import load_profiles
    from vgrklass.extract import ExtractError, read_document

    structure = load(data)
    on = parse_date_option(date)
    profiles = load_profiles(structure)
    results: dict[str, Any] = {}
    exit_code = EXIT_OK
    for name in files:
        try:
            document = read_document(name)
        except ExtractError as exc:
            err_console().print(f"[bold red]fel:[/] {_escape(str(exc))}", highlight=False)
            results[name] = None
            exit_code = max(exit_code, EXIT_UNREADABLE)
            continue
        outcome = classify_document(document, structure, on, limit, profiles=profiles)
        if not outcome.hits:
            exit_code = max(exit_code, EXIT_NO_SUGGESTION)
        results[name] = outcome
        if output_format is TextOrJson.text:
            _render(outcome, on, several=len(files) > 1)
    if output_format is TextOrJson.json:
        as_json = {name: (None if r is None else r.as_list()) for name, r in results.items()}
        print_json(as_json if len(files) > 1 else as_json[files[0]])
    raise typer.Exit(exit_code)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _render(outcome: Any, on: Any, several: bool) -> None:
    out = console()
    shown = "standard in" if outcome.name == "-" else outcome.name
    out.print(f"[bold]{_escape(shown)}[/]")
    if not outcome.hits:
        out.print(f"  Inget förslag: dokumentet liknar ingen process som gäller {on} "
                  "tydligt nog. Prova 'vgrklass find' med dokumentets typ.")
        if several:
            out.print()
        return
    for rank, hit in enumerate(outcome.hits, start=1):
        out.print(f"  {rank}. [bold]P {hit.code}[/] {_escape(hit.title)}  "
                  f"[dim](poäng {hit.score:.1f})[/]")
        words, lines = evidence_text(hit.evidence[:TEXT_EVIDENCE])
        if words:
            out.print(f"     [dim]på grund av:[/] {_escape(words)}", soft_wrap=True)
        if lines:
            out.print(f"     [dim]rader:[/] {_escape(lines)}", soft_wrap=True)
    out.print(f"  {_escape(verdict(outcome))}", highlight=False)
    if several:
        out.print()


def evidence_text(evidence: Any) -> tuple[str, str]:
    """The evidence as two lines of text: the words and what they matched, and the
    document's lines they were read in (title, first lines, headings, body)."""
    from vgrklass.classify import FIELD_NAMES, ZONE_NAMES

    words, lines, seen = [], [], set()
    for item in evidence:
        field = FIELD_NAMES.get(item.field, item.field)
        via = f" ({item.via})" if item.via and item.via not in PLAIN_READINGS else ""
        words.append(f"”{item.text}” → {field} ”{item.match}”{via}")
        if item.line and item.line not in seen and len(lines) < MAX_LINES:
            seen.add(item.line)
            lines.append(f"{ZONE_NAMES.get(item.zone, item.zone)} ”{_shorten(item.line)}”")
    return "; ".join(words), "; ".join(lines)


def _shorten(line: str) -> str:
    line = " ".join(line.split())
    return line if len(line) <= LINE_CHARS else line[:LINE_CHARS - 1].rstrip() + "…"


def verdict(outcome: Any) -> str:
    """Säkert or Osäkert, and why: decided over all suggestions, not the ones shown
    (`--limit 1` says the same as the default)."""
    first = outcome.hits[0].code
    second = outcome.runner_up
    if outcome.confident:
        if outcome.ratio is None:
            return f"Säkert: ingen annan process än P {first} passar."
        return f"Säkert: P {first} ligger klart före (tvåan har {outcome.ratio:.0%} av poängen)."
    if outcome.doubt == "subject":
        return (f"Osäkert: titeln nämner en handlingstyp i P {first} men ett ämne som hör "
                f"till P {outcome.subject_of}; bedöm själv vilken som passar.")
    if outcome.doubt == "close":
        return (f"Osäkert: P {first} och P {second} ligger nära varandra "
                f"({outcome.ratio:.0%}); bedöm själv vilken som passar.")
    if outcome.doubt == "no_type":
        return (f"Osäkert: dokumentet nämner ingen handlingstyp som hör till P {first} "
                "(förslaget bygger på ämnesord); bedöm själv om det passar.")
    return (f"Osäkert: handlingstypen i titeln finns i flera processer (P {first}, "
            f"P {second}); bedöm själv vilken som passar.")
