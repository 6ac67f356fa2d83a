"""Classify many files: `run` classifies a stream of files in this process or in worker
processes (pool.py), holding at most a window of files at once: memory does not grow
with the number of files. The unit of work, `classify_file(path, index)` with its
`Classifier` and `FileResult`, is in onefile.py (re-exported here).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator

from vgrklass.classify.onefile import Classifier, FileResult, classify_file

__all__ = ["GC_THRESHOLDS", "Classifier", "FileResult", "classify_file", "run"]

# What the cyclic collector is set to while documents are read: the console entry point
# raises its thresholds for short runs that build large trees, which let each .docx
# keep megabytes of lxml and pypdf cycles alive until the end of a long run.
GC_THRESHOLDS = (700, 10, 10)  # Python's defaults


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
