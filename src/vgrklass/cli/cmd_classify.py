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
    from vgrklass.classify import FIELD_NAMES

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
        words = []
        for item in hit.evidence[:TEXT_EVIDENCE]:
            field = FIELD_NAMES.get(item.field, item.field)
            words.append(f"”{item.text}” → {field} ”{item.match}”")
        if words:
            out.print(f"     [dim]på grund av:[/] {_escape('; '.join(words))}", soft_wrap=True)
    first = outcome.hits[0]
    if outcome.subject_of is not None:
        out.print(f"  [yellow]Osäkert:[/] titeln nämner en handlingstyp i P {first.code} men "
                  f"ett ämne som hör till P {outcome.subject_of}; bedöm själv vilken som passar.")
    elif len(outcome.hits) > 1 and not outcome.confident:
        second = outcome.hits[1]
        out.print(f"  [yellow]Osäkert:[/] P {first.code} och P {second.code} ligger nära "
                  f"varandra ({outcome.ratio:.0%}); bedöm själv vilken som passar.")
    elif outcome.ratio is not None:
        out.print(f"  Säkert: P {first.code} ligger klart före (tvåan har "
                  f"{outcome.ratio:.0%} av poängen).")
    else:
        out.print(f"  Säkert: ingen annan process än P {first.code} passar.")
    if several:
        out.print()
