"""vgrklass classify: suggest the process for whole documents (txt, md, pdf, docx), one
or a whole file share (--recursive, --jobs, --format jsonl, --resume).

The command parses options, builds the parts and runs them: which files
(classify/sources.py), the classifier and its runner (classify/bulk.py, pool.py), then
one renderer per format below, a tally for the exit code and the summary, and a progress
bar on a terminal.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from vgrklass.cli import app
from vgrklass.cli.common import (
    DataOption,
    DateOption,
    console,
    die,
    err_console,
    load,
    parse_date_option,
    print_json,
)
from vgrklass.invisible import escape_json

# Exit codes (documented in docs/classify.md): the worst outcome over all files.
EXIT_OK = 0
EXIT_NO_SUGGESTION = 1
EXIT_UNREADABLE = 2
TEXT_EVIDENCE = 4  # evidence per hit in text output (JSON has all)
MAX_LINES = 2  # the document's lines shown per hit
# How the knowledge layer read a word, when it is the word itself: not worth saying.
PLAIN_READINGS = frozenset({"exakt", "stam", "lemma", "ordet"})
LINE_CHARS = 80
# Fewer files than this are classified in this process: starting workers takes longer.
PARALLEL_FROM = 16
KIND_NAMES = {  # the summary's words for why files failed
    "missing": "finns inte",
    "unknown_format": "okänt filformat",
    "unreadable": "kan inte läsas",
    "encrypted": "krypterade",
    "no_text": "utan text",
    "empty": "tomma",
    "too_large": "för stora",
    "crashed": "avbröts",
    "unexpected": "oväntat fel",
}


class ClassifyFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


@app.command()
def classify(
    files: Annotated[list[str], typer.Argument(
        metavar="SÖKVÄG...",
        help="Dokument att klassificera: .txt, .md, .pdf eller .docx, eller kataloger med "
             "--recursive; - läser text från standard in.", show_default=False)],
    recursive: Annotated[bool, typer.Option(
        "--recursive", "-r", help="Gå igenom kataloger och deras underkataloger (dolda filer "
        "och symboliska länkar hoppas över).")] = False,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, show_default=False,
        help="Antal processer som klassificerar samtidigt. Standard: antalet kärnor.")] = None,
    output_format: Annotated[ClassifyFormat, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="Utdataformat; jsonl skriver en rad per fil så fort den är klar.")
    ] = ClassifyFormat.text,
    resume: Annotated[Path | None, typer.Option(
        "--resume", metavar="FIL", show_default=False,
        help="Hoppa över filerna som redan finns i FIL, jsonl-utdata från en tidigare "
             "körning som avbröts.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1,
                                       help="Antal förslag per dokument.")] = 3,
    date: DateOption = None,
    data: DataOption = None,
) -> None:
    """Föreslå process för hela dokument, med orden i dokumentet som ledde dit.

    Rubrik och rubriker väger tyngst, handlingstyper ur strukturens exempel (protokoll,
    avtal, delårsrapport …) jämförs med exemplen och brödtexten med processernas
    beskrivningar. Bara processer som gäller på datumet (--date, standard i dag) föreslås.
    En fil som inte kan läsas rapporteras och de andra behandlas ändå. Slutstatus: 0
    förslag för alla filer, 1 någon fil fick inget förslag, 2 någon fil kunde inte läsas.
    """
    from vgrklass import cache
    from vgrklass.classify.bulk import Classifier, run
    from vgrklass.classify.pool import WorkerFailed
    from vgrklass.classify.sources import walk
    from vgrklass.datafile import resolve_data_path

    structure = load(data)
    on = parse_date_option(date)
    index = Classifier(resolve_data_path(data), on, limit, use_cache=cache.enabled(),
                       loaded_structure=structure)
    tally = _Tally()
    done = _read_done(resume)
    workers = jobs or _cores()
    items, parallel = _peek(tally.skipping(walk(files, recursive), done), workers)
    output = _output(output_format, files, recursive, resume)
    try:
        with _progress(files, recursive, done) as advance:
            for result in run(items, index, workers if parallel else 1,
                              ordered=output_format is not ClassifyFormat.jsonl):
                tally.add(result)
                output.add(result, on)
                advance()
    except WorkerFailed as exc:
        die(str(exc))
    output.finish()
    if recursive or resume or output_format is ClassifyFormat.jsonl:
        tally.summary(resume)
    raise typer.Exit(tally.exit_code)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _peek(items: Any, jobs: int) -> tuple[Any, bool]:
    """The items again, and whether there are enough of them for worker processes."""
    if jobs <= 1:
        return items, False
    import itertools

    first = list(itertools.islice(items, PARALLEL_FROM))
    return itertools.chain(first, items), len(first) == PARALLEL_FROM


def _read_done(resume: Path | None) -> Any:
    if resume is None:
        return None
    from vgrklass.classify.sources import Done

    try:
        return Done.read(resume)
    except OSError as exc:
        from vgrklass.fileio import os_error_text

        die(f"--resume {resume}: kan inte läsas ({os_error_text(exc)})")


class _Tally:
    """How the files went: the exit code, and the summary a long run ends with."""

    def __init__(self) -> None:
        self.classified = self.without = self.skipped = 0
        self.failed: Counter[str] = Counter()
        self.exit_code = EXIT_OK

    def skipping(self, items: Any, done: Any) -> Any:
        for item in items:
            if done is not None and isinstance(item, str) and item in done:
                self.skipped += 1
                continue
            yield item

    def add(self, result: Any) -> None:
        if result.outcome is None:
            self.failed[result.kind] += 1
            self.exit_code = max(self.exit_code, EXIT_UNREADABLE)
        elif result.outcome.hits:
            self.classified += 1
        else:
            self.without += 1
            self.exit_code = max(self.exit_code, EXIT_NO_SUGGESTION)

    def summary(self, resume: Path | None) -> None:
        failed = sum(self.failed.values())
        total = self.classified + self.without + failed
        parts = [f"{_n(self.classified)} med förslag", f"{_n(self.without)} utan förslag"]
        if failed:
            why = ", ".join(f"{KIND_NAMES.get(kind, kind)} {_n(n)}"
                            for kind, n in self.failed.most_common())
            parts.append(f"{_n(failed)} kunde inte läsas ({why})")
        line = f"klassificerade {_n(total)} filer: " + ", ".join(parts)
        if resume is not None:
            line += f"; {_n(self.skipped)} fanns redan i {resume}"
        err_console().print(_escape(line), highlight=False)


def _n(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def _output(fmt: ClassifyFormat, files: list[str], recursive: bool,
            resume: Path | None) -> Any:
    if fmt is ClassifyFormat.jsonl:
        return _JsonLines(resume)
    single = len(files) == 1 and not (recursive and os.path.isdir(files[0]))
    if fmt is ClassifyFormat.json:
        return _JsonList() if single else _JsonObject()
    return _Text(several=not single)


class _Text:
    """Each file's suggestions as a registrar reads them; errors on standard error."""

    def __init__(self, several: bool):
        self.several = several

    def add(self, result: Any, on: Any) -> None:
        if result.outcome is None:
            _error_line(result)
        else:
            _render(result.outcome, on, self.several)

    def finish(self) -> None:
        pass


class _JsonList:
    """One file: the list of its suggestions (null if it could not be read)."""

    def __init__(self) -> None:
        self.value: Any = None

    def add(self, result: Any, on: Any) -> None:
        if result.outcome is None:
            _error_line(result)
        else:
            self.value = result.outcome.as_list()

    def finish(self) -> None:
        print_json(self.value)


class _JsonObject:
    """Several files: one object, file → suggestions, written as each file is done so that
    nothing is held back (the same text json.dumps(…, indent=2) gives)."""

    def __init__(self) -> None:
        self.first = True

    def add(self, result: Any, on: Any) -> None:
        if result.outcome is None:
            _error_line(result)
        value = None if result.outcome is None else result.outcome.as_list()
        body = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        name = json.dumps(result.file, ensure_ascii=False)
        sys.stdout.write(("{\n" if self.first else ",\n") + escape_json(f"  {name}: {body}"))
        self.first = False

    def finish(self) -> None:
        sys.stdout.write("{}\n" if self.first else "\n}\n")


class _JsonLines:
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


def _error_line(result: Any) -> None:
    from vgrklass.extract.base import shown_name

    err_console().print(f"[bold red]fel:[/] {_escape(shown_name(result.file))}: "
                        f"{_escape(result.error)}", highlight=False)


class _progress:
    """A progress bar on standard error while results go elsewhere (a file, a pipe):
    files done, of how many (counted in the background), and the pace. Silent when
    standard error is no terminal, and for a single file."""

    def __init__(self, files: list[str], recursive: bool, done: Any):
        self.files, self.recursive, self.done = files, recursive, done
        self.bar: Any = None

    def __enter__(self):
        bulk = self.recursive or len(self.files) > 1
        if not bulk or not err_console().is_terminal or console().is_terminal:
            return lambda: None
        import threading

        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(TextColumn("Klassificerar"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
                            console=err_console(), transient=True,
                            redirect_stdout=False)  # the results go to their file
        self.bar.start()
        task = self.bar.add_task("filer", total=None, rate="")
        threading.Thread(target=self._count, args=(task,), daemon=True).start()
        started = _now()

        def advance() -> None:
            done = self.bar.tasks[0].completed + 1
            rate = done / max(_now() - started, 1e-6)
            self.bar.update(task, advance=1, rate=f"{rate:.1f} filer/s")

        return advance

    def _count(self, task: Any) -> None:
        """How many files there are, found by a walk of its own (a share's size is not
        known before; until then the bar has no end)."""
        from vgrklass.classify.sources import walk

        done = self.done
        total = sum(1 for item in walk(self.files, self.recursive)
                    if done is None or not isinstance(item, str) or item not in done)
        if self.bar is not None:
            self.bar.update(task, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _now() -> float:
    import time

    return time.monotonic()


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
