"""Writing files safely: atomically (temp file + rename), so nothing is ever half-written."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_output(text: str, path: Path | None) -> None:
    """Write text to a file atomically, or to stdout when no path is given."""
    if path is None:
        sys.stdout.write(text)
        return
    atomic_write_bytes(path, text.encode("utf-8"))
