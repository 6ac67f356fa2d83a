"""The answers the web app gives, each from the library call its CLI command makes.

One function per question, used by both the pages and the JSON API, so that a page
shows exactly what `/api/...` returns and that is exactly what `vgrklass find/show/tree/
classify --format json` prints. Nothing here ranks, classifies or shapes JSON itself.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePath
from typing import TypeVar

from vgrklass.web.live import Snapshot

T = TypeVar("T")
_SUFFIX = re.compile(r"\.[a-z0-9]{1,10}")


# Ranking and classifying take the CPU for tens of milliseconds on a large structure:
# one at a time per process, first come first served, so that the cheap requests
# (pages, remembered answers) running beside them never queue behind a crowd of
# searches sharing the interpreter, and no search waits longer than its turn.
_HEAVY = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vgrklass-heavy")


def _heavy(work: Callable[[], T]) -> T:
    return _HEAVY.submit(work).result()


def find(snapshot: Snapshot, query: str, on: dt.date, limit: int,
         include_removed: bool = False) -> list[dict]:
    """`find --format json`: the hits as dicts, best first (remembered per snapshot)."""
    from vgrklass.search.find import find as find_hits
    from vgrklass.search.find import hit_dict

    def compute() -> list[dict]:
        result = _heavy(lambda: find_hits(snapshot.index, query, on=on, limit=limit,
                                          include_removed=include_removed))
        return [hit_dict(hit, snapshot.index) for hit in result.hits]

    return snapshot.results.get_or_compute((query, on, limit, include_removed), compute)


def classify_upload(snapshot: Snapshot, filename: str, data: bytes, on: dt.date,
                    limit: int):
    """`classify --format json` for one uploaded file: its Classification.

    The bytes go to a private temporary file with the upload's suffix (the readers
    pick the format by it); messages name the file as the user did.
    Raises ExtractError for a file that cannot be read.
    """
    from vgrklass.classify import classify
    from vgrklass.extract import read_document

    name = PurePath(filename.replace("\\", "/")).name or "dokument"
    suffix = PurePath(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="vgrklass-") as tmp:
        path = Path(tmp) / ("upload" + (suffix if _SUFFIX.fullmatch(suffix) else ""))
        path.write_bytes(data)
        document = read_document(name, path)
    return _heavy(lambda: classify(document, snapshot.structure, on, limit,
                                   profiles=snapshot.profiles()))
