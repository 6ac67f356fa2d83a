"""How `vgrklass classify` prints its results: text for a registrar, one JSON value, or
JSON lines written as each file is done. The JSON of a file is the library's
(`Classification.as_list`, `FileResult.as_dict` in classify/); here it is only framed: a
list for one file, an object of file → list for several (written as each file is done, so
that nothing is held back), a line per file for jsonl. One output per format, looked up
by name in `RENDERERS`, as check-jsonschema looks up its reporters; each takes the
results one at a time (`add`) and ends the output (`finish`).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple

from vgrklass.cli.common import console, err_console, print_json
from vgrklass.invisible import escape_json

TEXT_EVIDENCE = 4  # evidence per hit in text output (JSON has all)
MAX_LINES = 2  # the document's lines shown per hit
# How the knowledge layer read a word, when it is the word itself: not worth saying.
PLAIN_READINGS = frozenset({"exakt", "stam", "lemma", "ordet"})
LINE_CHARS = 80


class ClassifyFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


class Run(NamedTuple):
    """What an output needs to know about the run before the first result."""

    single: bool  # one file (not a directory with --recursive): JSON is its list
    resume: Path | None  # --resume FIL: jsonl output may be appended to that file


def output_for(fmt: ClassifyFormat, files: list[str], recursive: bool,
               resume: Path | None) -> Any:
    """The output for `--format`, ready for the first result."""
    single = len(files) == 1 and not (recursive and os.path.isdir(files[0]))
    return RENDERERS[fmt](Run(single, resume))


class TextOutput:
    """Each file's suggestions as a registrar reads them; errors on standard error."""

    def __init__(self, several: bool):
        self.several = several

    def add(self, result: Any, on: Any) -> None:
        if result.outcome is None:
            error_line(result)
        else:
            render_outcome(result.outcome, on, self.several)

    def finish(self) -> None:
        pass


class JsonListOutput:
    """One file: the list of its suggestions (null if it could not be read)."""

    def __init__(self) -> None:
        self.value: Any = None

    def add(self, result: Any, on: Any) -> None:
        if result.outcome is None:
            error_line(result)
        else:
            self.value = result.outcome.as_list()

    def finish(self) -> None:
        print_json(self.value)


class JsonObjectOutput:
    """Several files: one object, file → suggestions, written as each file is done so that
    nothing is held back (the same text json.dumps(…, indent=2) gives)."""

    def __init__(self) -> None:
        self.first = True

    def add(self, result: Any, on: Any) -> None:
        if result.outcome is None:
            error_line(result)
        value = None if result.outcome is None else result.outcome.as_list()
        body = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        name = json.dumps(result.file, ensure_ascii=False)
        sys.stdout.write(("{\n" if self.first else ",\n") + escape_json(f"  {name}: {body}"))
        self.first = False

    def finish(self) -> None:
        sys.stdout.write("{}\n" if self.first else "\n}\n")


class JsonLinesOutput:
    """One line per file, written (and flushed) as soon as it is done: an interrupted run
    loses nothing it finished, and --resume carries on from there."""

    def __init__(self, resume: Path | None):
        from vgrklass.classify.sources import ends_cleanly

        # Resuming into the same file a killed run left half a line in: start anew.
        self.newline = resume is not None and _same_file(resume) and not ends_cleanly(resume)

    def add(self, result: Any, on: Any) -> None:
        line = escape_json(json.dumps(result.as_dict(), ensure_ascii=False))
        sys.stdout.write(("\n" if self.newline else "") + line + "\n")
        sys.stdout.flush()
        self.newline = False

    def finish(self) -> None:
        pass


def _same_file(path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(sys.stdout.fileno()), os.stat(path))
    except (OSError, ValueError, AttributeError):  # no file behind standard out
        return False


def error_line(result: Any) -> None:
    from vgrklass.extract.base import shown_name

    err_console().print(f"[bold red]fel:[/] {_escape(shown_name(result.file))}: "
                        f"{_escape(result.error)}", highlight=False)


def render_outcome(outcome: Any, on: Any, several: bool) -> None:
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
    if outcome.doubt == "sender":
        return (f"Osäkert: P {outcome.other} gäller handlingar från staten eller EU, och "
                f"dokumentet nämner ingen sådan avsändare; bedöm själv om P {first} eller "
                f"P {outcome.other} passar.")
    if outcome.doubt == "case":
        return (f"Osäkert: dokumentet svarar på något som både P {first} och "
                f"P {outcome.other} hanterar; bedöm själv vilken som passar.")
    if outcome.doubt == "no_type":
        return (f"Osäkert: dokumentet nämner ingen handlingstyp som hör till P {first} "
                "(förslaget bygger på ämnesord); bedöm själv om det passar.")
    return (f"Osäkert: handlingstypen i titeln finns i flera processer (P {first}, "
            f"P {second}); bedöm själv vilken som passar.")


RENDERERS: dict[ClassifyFormat, Callable[[Run], Any]] = {
    ClassifyFormat.text: lambda run: TextOutput(several=not run.single),
    ClassifyFormat.json: lambda run: JsonListOutput() if run.single else JsonObjectOutput(),
    ClassifyFormat.jsonl: lambda run: JsonLinesOutput(run.resume),
}


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
