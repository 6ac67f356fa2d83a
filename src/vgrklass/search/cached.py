"""The search index of a data file, kept in the cache: `open_index(path)` (the CLI and
the web app), `load_index(structure)` (a structure already loaded), `cached_index(path)`
(only what is stored). Stored as an SQLite file (store.py) keyed on the data file's
content, the program's index format and the knowledge files; built by index.py when
nothing usable is stored.

Apart from index.py so that the index's types (index.py) and their store (store.py)
import in one direction only: store.py reads and writes index.py's types, this module
uses both.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vgrklass.search import text as tx
from vgrklass.search.index import INDEX_FORMAT, Index, build_index

__all__ = ["cached_index", "load_index", "open_index"]


def load_index(structure) -> Index:
    """The index for a structure: read from its store in the cache when the data file is
    unchanged (see store.py), else built and stored."""
    if not structure.digest:
        return build_index(structure)
    key = _index_key(structure.digest)
    return _stored(key) or _build_and_store(key, structure)  # type: ignore[return-value]


def cached_index(path) -> Index | None:  # path: pathlib.Path of the data file
    """The stored index of a data file without loading its structure; None if not stored.

    An index is only stored for a file that loaded without errors (it is built from
    the checked structure) under the same program code, so serving it is as safe as
    serving the structure from the cache, and a query reads only the parts it needs
    (issue 19: a warm lookup that does not grow with the file).
    """
    from vgrklass import cache

    def read() -> bytes:
        from vgrklass.load import read_bytes

        return read_bytes(path)

    try:
        digest = cache.file_digest(path, read)  # usually a stat: see file_digest
    except Exception:  # noqa: BLE001 - unreadable (DataError, OSError): the load reports it
        return None
    return _stored(_index_key(digest))  # type: ignore[return-value]


def _stored(key: str):
    from vgrklass import cache
    from vgrklass.search.store import open_store

    path = cache.own_file("search_index", key, ".sqlite")
    return open_store(path, key) if path is not None else None


def _build_and_store(key: str, structure) -> Index:
    index = build_index(structure)
    _store(key, index)
    return index


def _store(key: str, index: Index, settled: Callable[[], None] | None = None) -> None:
    """Write the index's store; `settled` (raising when the data file has errors) is
    called once it is written, before it is renamed into place: the store is written
    while the rules are still being checked, and kept only when they pass."""
    from vgrklass import cache
    from vgrklass.search.store import write_index

    def fill(tmp: Path) -> None:
        write_index(tmp, index, key)
        if settled is not None:
            settled()  # raises: the temporary file is removed, nothing kept

    cache.write_file("search_index", key, ".sqlite", fill)


class _Once:
    """A function called at most once; later calls give its outcome again (the error it
    raised, if any)."""

    def __init__(self, function: Callable[[], None]):
        self.function: Callable[[], None] | None = function
        self.error: BaseException | None = None

    def __call__(self) -> None:
        if self.function is not None:
            function, self.function = self.function, None
            try:
                function()
            except BaseException as exc:
                self.error = exc
                raise
        if self.error is not None:
            raise self.error


def _index_key(file_digest: str) -> str:
    from vgrklass import cache

    # The thesaurus is data, not code: its size and time stamp key the index too (a
    # stat, no read, so that a cached find stays fast).
    from vgrklass.knowledge.compile import knowledge_files
    from vgrklass.search.store import STORE_FORMAT

    stamps = [f"{st.st_size}:{st.st_mtime_ns}" for path in (tx.THESAURUS_PATH,
                                                              *knowledge_files())
              if (st := path.stat())]
    return cache.digest(f"{file_digest}:{INDEX_FORMAT}:{STORE_FORMAT}:"
                        f"{':'.join(stamps)}".encode())


def open_index(data: Path | None = None, rebuild: bool = False) -> Index:
    """The search index of a data file (--data, VGRKLASS_DATA, or the shipped one): from
    the cache when the file is unchanged, else loaded, checked and built (and cached).
    `rebuild`: build it anew whatever is stored (a store found damaged while a query
    read it, store.StoreError). Raises DataError when the file cannot be used. The one
    place that decides this, so the CLI and the web app neither resolve the path twice
    nor choose cache policy.

    A first run uses both cores: the knowledge the index needs (lexicon, Synlex) is
    prepared while the file is read, and the structure's cross-node rules are checked
    while the index is built (see knowledge.compile.prepare_in_background and
    load.load_structure_overlapped); nothing is stored or returned before they pass."""
    from vgrklass.datafile import resolve_data_path

    path = resolve_data_path(data)
    found = None if rebuild else cached_index(path)
    if found is not None:
        return found
    from vgrklass.gcpause import collector_paused

    with collector_paused():  # the structure and its index: all kept, no garbage
        return _load_and_build(path, rebuild)


def _load_and_build(path: Path, rebuild: bool) -> Index:
    from vgrklass.knowledge.compile import prepare_in_background
    from vgrklass.load import load_structure_overlapped  # the loader only when building

    prepared = prepare_in_background()  # on the other core while the file is read
    try:
        structure, rules = load_structure_overlapped(path)
    finally:
        prepared()
    key = _index_key(structure.digest)
    index = (None if rebuild else _stored(key)) or build_index(structure)
    settled = _Once(rules)
    if isinstance(index, Index):
        _store(key, index, settled)  # written while the rules are checked
    settled()  # raises DataError when the file has errors: nothing built is kept
    return index
