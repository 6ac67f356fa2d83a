"""vgrklass classify: suggest the process for whole documents (txt, md, pdf, docx), one
or a whole file share (--recursive, --jobs, --format jsonl, --resume).

The command parses options, builds the parts and runs them: which files
(classify/sources.py), the classifier and its runner (classify/bulk.py, pool.py), then
the output for the format (render_classify.py), a tally for the exit code and the
summary, and a progress bar on a terminal.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer

from vgrklass.cli.app import app
from vgrklass.cli.common import (
    DataOption,
    DateOption,
    console,
    die,
    err_console,
    load_data,
    parse_date_option,
)
from vgrklass.cli.render_classify import ClassifyFormat, output_for

# Exit codes (documented in docs/classify.md): the worst outcome over all files.
EXIT_OK = 0
EXIT_NO_SUGGESTION = 1
EXIT_UNREADABLE = 2
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


@app.command(short_help="Föreslå process för hela dokument (txt, md, pdf, docx).")
def classify(
    files: Annotated[list[str], typer.Argument(
        metavar="FIL|KATALOG...",
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
    loaded = load_data(data)
    on = parse_date_option(date)
    # Absolute: a worker reads the very file found here, whatever its working directory.
    index = Classifier(loaded.file.path.absolute(), on, limit, use_cache=cache.enabled(),
                       loaded_structure=loaded.structure)
    tally = _Tally()
    done = _read_done(resume)
    workers = jobs or _cores()
    items, parallel = _peek(tally.skipping(walk(files, recursive), done), workers)
    output = output_for(output_format, files, recursive, resume)
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


