"""Classify many files: one plain call per file, and a runner for a whole file share.

`classify_file(path, index)` is the unit of work: a file in, a `FileResult` out, never
an exception: every failure (unreadable, over a limit, a bug in a reader) is a Swedish
line in the result, so that one bad file among a million never ends a run. It is a
plain function of picklable values, so any scheduler can run it: the runner below on
one machine, Dask over many (docs/classify.md).

`Classifier` is the index it needs: the structure and the processes' profiles, loaded
once per process. Pickled, it is only the data file's path and the options; another
process (a worker, a Dask node) opens it again from the cache on first use.

`run` classifies a stream of files in this process or in worker processes, holding at
most a window of files at once: memory does not grow with the number of files.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from vgrklass.classify.results import Classification
from vgrklass.extract import DEFAULT_LIMITS, ExtractError, Limits

# What the cyclic collector is set to while documents are read: the console entry point
# raises its thresholds for short runs that build large trees, which let each .docx
# keep megabytes of lxml and pypdf cycles alive until the end of a long run.
GC_THRESHOLDS = (700, 10, 10)  # Python's defaults


@dataclass(frozen=True, slots=True)
class FileResult:
    """One file's outcome: its suggestions, or why it has none."""

    file: str  # the path as given or found
    outcome: Classification | None  # None when the file could not be read
    error: str = ""  # Swedish, one line, without the file's name
    kind: str = ""  # missing | unknown_format | unreadable | encrypted | no_text | empty |
    #                 too_large | crashed | unexpected

    @property
    def ok(self) -> bool:
        return self.outcome is not None

    def as_dict(self) -> dict[str, Any]:
        """The record of `classify --format jsonl`: the file, then its hits or its error."""
        if self.outcome is None:
            return {"file": self.file, "error": self.error, "kind": self.kind}
        return {"file": self.file, "hits": self.outcome.as_list()}


@dataclass(eq=False)
class Classifier:
    """What classify_file needs: the structure, its profiles and the options. Loaded
    when first used (or given, as the CLI has the structure already); pickled as the
    data file and the options only."""

    source: Path  # the data file
    on: dt.date
    limit: int = 3
    limits: Limits = DEFAULT_LIMITS
    use_cache: bool = True
    loaded_structure: Any = field(default=None, repr=False)
    loaded_profiles: Any = field(default=None, repr=False)

    @classmethod
    def open(cls, data: str | os.PathLike[str] | None = None, on: dt.date | None = None,
             limit: int = 3, limits: Limits = DEFAULT_LIMITS) -> Classifier:
        """The classifier for a data file (default: as `vgrklass` finds it), loaded now:
        a data file that cannot be used raises DataError here, not per file."""
        from vgrklass.cache import enabled
        from vgrklass.datafile import resolve_data_path
        from vgrklass.dates import today

        source = resolve_data_path(Path(data) if data is not None else None)
        index = cls(source, on or today(), limit, limits, enabled())
        index.profiles  # noqa: B018 - load now
        return index

    @property
    def structure(self) -> Any:
        if self.loaded_structure is None:
            self.loaded_structure, self.loaded_profiles = _open(self.source, self.use_cache)
        return self.loaded_structure

    @property
    def profiles(self) -> Any:
        if self.loaded_profiles is None:
            if self.loaded_structure is None:
                self.loaded_structure, self.loaded_profiles = _open(self.source,
                                                                    self.use_cache)
            else:
                from vgrklass.classify.profiles import load_profiles

                self.loaded_profiles = load_profiles(self.loaded_structure)
        return self.loaded_profiles

    def __reduce__(self):
        return (Classifier, (self.source, self.on, self.limit, self.limits, self.use_cache))


def _open(source: Path, use_cache: bool) -> tuple:
    """The structure and profiles of a data file, once per process and version of the
    file (a Dask worker unpickles the Classifier with every task)."""
    try:
        st = source.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = (0, 0)
    return _opened(source, stamp, use_cache)


@lru_cache(maxsize=2)
def _opened(source: Path, stamp: tuple[int, int], use_cache: bool) -> tuple:
    from vgrklass import cache
    from vgrklass.classify.profiles import load_profiles
    from vgrklass.load import load_structure

    if not use_cache:  # --no-cache in the process that started this one
        cache.set_disabled(True)
    structure = load_structure(source)
    return structure, load_profiles(structure)


def classify_file(path: str | os.PathLike[str], index: Classifier) -> FileResult:
    """Classify one file (txt, md, pdf, docx; "-" is standard in): its suggestions, or a
    Swedish line saying why there are none. Never raises for anything about the file."""
    from vgrklass.classify.rank import classify
    from vgrklass.extract import read_document

    name = os.fspath(path)
    try:
        document = read_document(name, limits=index.limits)
        return FileResult(name, classify(document, index.structure, index.on, index.limit,
                                         profiles=index.profiles))
    except ExtractError as exc:
        return FileResult(name, None, exc.reason, exc.kind)
    except MemoryError:
        return FileResult(name, None, "för stor att läsa: dokumentet kräver för mycket minne",
                          "too_large")
    except RecursionError:
        return FileResult(name, None, "kan inte läsas: dokumentet är för djupt nästlat",
                          "unreadable")
    except Exception as exc:  # a reader's bug must not end a run over a million files
        if os.environ.get("VGRKLASS_DEBUG"):
            raise
        return FileResult(name, None, f"kan inte läsas: oväntat fel ({type(exc).__name__}: "
                          f"{_one_line(str(exc))}); rapportera gärna filen", "unexpected")


def _one_line(text: str, width: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def run(items: Iterable[str | FileResult], index: Classifier, jobs: int = 1,
        ordered: bool = True) -> Iterator[FileResult]:
    """Classify each file; a FileResult among the items (a directory that could not be
    listed) is passed on as it is. With jobs > 1, in that many worker processes (see
    pool.py); `ordered=False` yields each result as soon as it is done."""
    if jobs > 1:
        from vgrklass.classify.pool import run_parallel

        yield from run_parallel(items, index, jobs, ordered)
        return
    thresholds = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        for item in items:
            yield item if isinstance(item, FileResult) else classify_file(item, index)
    finally:
        gc.set_threshold(*thresholds)
