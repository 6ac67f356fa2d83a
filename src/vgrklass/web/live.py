"""The structure a running server answers from, re-read when the data file's content
changes, without a restart.

Archivists edit the YAML while registrars keep working. So the server watches the file
(a stat every `poll` seconds in a background thread; the content hash decides whether
it really changed) and swaps in the new structure and its search index in one step.
An edit that does not load (a YAML error, a broken rule, a deleted file) never takes
the service down: it goes on answering from the last good structure and reports the
problem at /api/health until a good version of the file appears.

A request reads `LiveData.current` once and uses that `Snapshot` throughout, so a swap
in the middle of a request cannot mix two versions.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vgrklass.problems import DataError, Problem
from vgrklass.search.index import Index
from vgrklass.structure import Structure

POLL_SECONDS = 2.0  # how often the data file is looked at (a stat; read only on change)
# find answers remembered per snapshot (registrars repeat queries, typing repeats them
# more); $VGRKLASS_RESULT_CACHE sets another size, 0 turns it off.
RESULT_CACHE_SIZE = 2048
RESULT_CACHE_ENV = "VGRKLASS_RESULT_CACHE"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class _LruCache:
    """A small thread-safe least-recently-used map."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        if self._size <= 0:
            return compute()
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()  # outside the lock: other queries go on meanwhile
        with self._lock:
            self._items[key] = value
            if len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


def _result_cache_size() -> int:
    value = os.environ.get(RESULT_CACHE_ENV, "")
    return int(value) if value.strip().isdigit() else RESULT_CACHE_SIZE


@dataclass(eq=False)
class Snapshot:
    """One loaded version of the data file: the structure, its index and derived data."""

    structure: Structure
    index: Index
    loaded_at: dt.datetime
    results: _LruCache = field(default_factory=lambda: _LruCache(_result_cache_size()))
    _profiles: Any = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def digest(self) -> str:
        return self.structure.digest

    def profiles(self) -> Any:
        """classify's per-process profiles, built (or read from the cache) on first use."""
        with self._lock:
            if self._profiles is None:
                from vgrklass.classify import load_profiles

                self._profiles = load_profiles(self.structure)
            return self._profiles


def load_snapshot(path: Path) -> Snapshot:
    """Load, check and index a data file; raises DataError when it cannot be used."""
    from vgrklass.load import load_structure
    from vgrklass.search.cached import load_index

    structure = load_structure(path)
    return Snapshot(structure, load_index(structure), _now())


@dataclass(frozen=True)
class ReloadFailure:
    """Why the newest content of the data file is not being served."""

    at: dt.datetime
    digest: str | None  # of the content that failed (None: the file could not be read)
    problems: tuple[Problem, ...]

    def as_dict(self) -> dict:
        return {"at": self.at.isoformat(), "problems": [p.as_dict() for p in self.problems]}


class LiveData:
    """The current snapshot of one data file, kept up to date with the file."""

    def __init__(self, path: Path, poll: float | None = POLL_SECONDS) -> None:
        self.path = path
        self.poll = poll
        self._signature = self._stat()
        self.current: Snapshot = load_snapshot(path)  # DataError here: nothing to serve
        self.failure: ReloadFailure | None = None
        self._refresh_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def refresh(self) -> bool:
        """Look at the file now; load it if its content changed. True if a new
        structure is being served. Never raises for a bad file: see `failure`."""
        with self._refresh_lock:
            signature = self._stat()
            if signature == self._signature and signature is not None:
                return False
            self._signature = signature
            return self._reload()

    def _reload(self) -> bool:
        from vgrklass import cache
        from vgrklass.load import read_bytes

        try:
            digest = cache.digest(read_bytes(self.path))
        except DataError as exc:  # deleted, unreadable, too big
            self.failure = ReloadFailure(_now(), None, tuple(exc.problems))
            return False
        if digest == self.current.digest:  # touched, or changed back
            self.failure = None
            return False
        if self.failure is not None and self.failure.digest == digest:
            return False  # the same broken content: already reported
        try:
            snapshot = load_snapshot(self.path)
        except DataError as exc:
            self.failure = ReloadFailure(_now(), digest, tuple(exc.problems))
            return False
        self.current = snapshot
        self.failure = None
        return True

    def start(self) -> None:
        """Watch the file in a background thread (every `poll` seconds)."""
        if self.poll is None or self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._watch, name="vgrklass-data-watch",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _watch(self) -> None:
        assert self.poll is not None
        while not self._stop.wait(self.poll):
            try:
                self.refresh()
            except Exception:  # a bug must not stop the watching; the next poll retries
                self._signature = None

    def health(self) -> dict:
        """/api/health: what is served, and whether the file's newest content is."""
        snapshot = self.current
        meta = snapshot.structure.meta
        return {
            "status": "ok" if self.failure is None else "fel",
            "data_file": str(self.path),
            "digest": snapshot.digest,
            "loaded_at": snapshot.loaded_at.isoformat(),
            "structure": {"title": meta.title, "version": meta.version,
                          "organisation": meta.organisation,
                          "nodes": len(snapshot.structure)},
            "reload_error": self.failure.as_dict() if self.failure else None,
        }
