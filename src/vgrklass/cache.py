"""A cache of derived data (the parsed structure, the search index) keyed by the data
file's content hash, in the user's cache directory.

The cache is an optimisation, never a source of truth: an entry is only ever looked up
by the hash of the exact bytes it was built from, a corrupt or unreadable entry is
ignored and rebuilt, and entries are written atomically (temp file + rename) so that
concurrent runs never see half a file. `--no-cache` or VGRKLASS_NO_CACHE=1 bypasses it;
VGRKLASS_CACHE_DIR moves it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# Bump when the pickled types change shape, so old entries are never misread.
FORMAT = "1"

_disabled = False


def disable() -> None:
    global _disabled
    _disabled = True


def enabled() -> bool:
    return not _disabled and not os.environ.get("VGRKLASS_NO_CACHE")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cache_dir() -> Path:
    override = os.environ.get("VGRKLASS_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("vgrklass", appauthor=False))


def _entry_path(kind: str, key: str) -> Path:
    from vgrklass import __version__

    tag = f"{kind}-{FORMAT}-{__version__}-py{sys.version_info[0]}{sys.version_info[1]}"
    return cache_dir() / f"{tag}-{key[:32]}.pickle"


def cached(kind: str, key: str, build: Callable[[], T], expect: type | None = None) -> T:
    """Return the cached value for (kind, key), or build, store and return it."""
    if not enabled():
        return build()
    path = _entry_path(kind, key)
    value = _read(path, key, expect)
    if value is not None:
        return value
    value = build()
    _write(path, key, value)
    return value


def _read(path: Path, key: str, expect: type | None) -> object | None:
    try:
        with path.open("rb") as handle:
            stored_key, value = pickle.load(handle)
    except Exception:  # missing, truncated, corrupt, from another version: rebuild
        return None
    if stored_key != key or (expect is not None and not isinstance(value, expect)):
        return None
    return value


def _write(path: Path, key: str, value: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((key, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except Exception:
        # A read-only or full cache directory must never break a command.
        pass
