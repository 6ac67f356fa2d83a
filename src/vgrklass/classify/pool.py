"""Worker processes for classifying many files at once, one file per worker at a time.

Why not `concurrent.futures`: a file share holds the odd file that makes a reader hang
in C code or take the whole process down, and a process pool can neither stop one task
nor tell which task killed a worker (every pending one fails with it). Here each worker
has its own pipe and one file at a time, so a worker that dies or runs past the time a
file may take (`Limits.seconds` plus a grace) costs that file only: it is reported, the
worker replaced, and the run goes on. Workers are spawned (not forked) with Ctrl-C
ignored; the parent stops them.

The parent holds only a window of files in flight (in order: at most WINDOW per worker
ahead of the oldest unfinished one), so memory does not grow with the number of files.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import sys
import threading
import time
import types
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait

from vgrklass.classify.bulk import Classifier, FileResult, classify_file
from vgrklass.extract import STDIN

WINDOW = 8  # files a worker may run ahead of the oldest unfinished one (ordered output)
HARD_GRACE = 30.0  # seconds past Limits.seconds before a worker is stopped
STOP_WAIT = 2.0  # seconds a worker gets to exit when the run is over


class WorkerFailed(RuntimeError):
    """A worker could not start (it could not load the structure); the message is Swedish."""


Work = Callable[[str, Classifier], FileResult]


def run_parallel(items: Iterable[str | FileResult], index: Classifier, jobs: int,
                 ordered: bool = True, work: Work = classify_file) -> Iterator[FileResult]:
    """Each file's result from `work` (a module-level function, so that a spawned
    worker can import it), run in `jobs` worker processes."""
    pool = _Pool(index, jobs, work)
    try:
        yield from pool.run(items, ordered)
    finally:
        pool.close()


class _Worker:
    __slots__ = ("process", "conn", "ready", "seq", "path", "started")

    def __init__(self, process, conn: Connection):
        self.process = process
        self.conn = conn
        self.ready = False
        self.seq: int | None = None  # the file it works on
        self.path = ""
        self.started = 0.0

    def give(self, seq: int, path: str) -> None:
        self.conn.send((seq, path))
        self.seq, self.path, self.started = seq, path, time.monotonic()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(STOP_WAIT)
        self.conn.close()


class _Pool:
    def __init__(self, index: Classifier, jobs: int, work: Work):
        self.context = multiprocessing.get_context("spawn")
        self.index = index
        self.work = work
        self.timeout = index.limits.seconds + HARD_GRACE
        self.workers = [self._start() for _ in range(jobs)]

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(child, self.index, self.work),
                                       daemon=True, name="vgrklass-classify")
        main = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
        script = sys.modules.get("__main__")
        # A spawned process imports the parent's main script first, here the whole command
        # line (typer, rich, every command): 20 MB a worker that never uses them. The
        # worker's code is all in importable modules, so it is started without it.
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            process.start()  # inherits the ignored Ctrl-C: the parent stops it
        finally:
            if script is not None:
                sys.modules["__main__"] = script
            if main:
                signal.signal(signal.SIGINT, previous)
        child.close()
        return _Worker(process, parent)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self.workers[self.workers.index(worker)] = self._start()

    def run(self, items: Iterable[str | FileResult], ordered: bool) -> Iterator[FileResult]:
        source = iter(items)
        finished: dict[int, FileResult] = {}
        next_out = next_seq = 0
        more = True
        window = WINDOW * len(self.workers)
        while True:
            for worker in self.workers:
                while more and worker.ready and worker.seq is None and \
                        (not ordered or next_seq - next_out < window):
                    item = next(source, None)
                    if item is None:
                        more = False
                        break
                    seq, next_seq = next_seq, next_seq + 1
                    if isinstance(item, FileResult):
                        finished[seq] = item
                    elif item == STDIN:  # only this process can read its standard in
                        finished[seq] = self.work(item, self.index)
                    else:
                        worker.give(seq, item)
            waiting = [w for w in self.workers if w.seq is not None or not w.ready]
            if not more and all(w.seq is None for w in self.workers):
                waiting = []
            if waiting:
                self._collect(waiting, finished)
            if ordered:
                while next_out in finished:
                    yield finished.pop(next_out)
                    next_out += 1
            else:
                for seq in list(finished):
                    yield finished.pop(seq)
            if not waiting and not more:
                return

    def _collect(self, waiting: list[_Worker], finished: dict[int, FileResult]) -> None:
        """Wait for a worker to finish a file (or to be ready, die, or run out of time)."""
        busy = [w for w in waiting if w.seq is not None]
        deadline = min((w.started + self.timeout for w in busy), default=None)
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        ready = wait([w.conn for w in waiting], timeout)
        now = time.monotonic()
        for worker in waiting:
            if worker.conn in ready:
                try:
                    message = worker.conn.recv()
                except (EOFError, OSError):
                    message = None
                if message is None:  # the worker died
                    if worker.seq is None:
                        raise WorkerFailed("en arbetsprocess avslutades innan den startat")
                    finished[worker.seq] = FileResult(
                        worker.path, None, "kan inte läsas: processen som läste filen "
                        "avslutades oväntat (för lite minne, eller en skadad fil)", "crashed")
                    self._replace(worker)
                elif message[0] == "ready":
                    worker.ready = True
                elif message[0] == "failed":
                    raise WorkerFailed(message[1])
                else:
                    seq, result = message
                    finished[seq] = result
                    worker.seq = None
            elif worker.seq is not None and now - worker.started > self.timeout:
                finished[worker.seq] = FileResult(
                    worker.path, None, f"för stor att läsa: läsningen tog mer än "
                    f"{self.timeout:.0f} sekunder", "too_large")
                self._replace(worker)

    def close(self) -> None:
        for worker in self.workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)  # "stop"
        deadline = time.monotonic() + STOP_WAIT
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            worker.kill()


def _serve(conn: Connection, index: Classifier, work: Work) -> None:
    """A worker: load the structure once, then classify each file it is given."""
    try:
        index.profiles  # noqa: B018 - load before saying ready
    except Exception as exc:  # a data file that the parent could read: say why, in Swedish
        conn.send(("failed", f"arbetsprocessen kunde inte läsa datafilen ({exc})"))
        return
    conn.send(("ready",))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if task is None:
            return
        seq, path = task
        conn.send((seq, work(path, index)))
