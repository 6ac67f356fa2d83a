"""Writing files safely: atomically (temp file + rename), so nothing is ever half-written."""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from pathlib import Path


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    if path.exists() and not path.is_file() and not path.is_dir():
        # A device or pipe (/dev/null, /dev/stdout, a FIFO): write into it. Renaming over
        # it would replace the device with a regular file (as root, /dev/null itself).
        with path.open("wb") as handle:
            handle.write(data)
        return
    if path.is_symlink():  # replace the file it points to, not the link
        path = Path(os.path.realpath(path))
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        os.chmod(tmp, _target_mode(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _target_mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# strerror is English whatever the locale; users read Swedish.
_OS_ERRORS = {
    errno.ENOENT: "filen eller katalogen finns inte",
    errno.EACCES: "åtkomst nekad",
    errno.EPERM: "åtgärden är inte tillåten",
    errno.EISDIR: "är en katalog",
    errno.ENOTDIR: "en del av sökvägen är inte en katalog",
    errno.ENOSPC: "disken är full",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.EEXIST: "finns redan",
    errno.ENAMETOOLONG: "filnamnet är för långt",
    errno.EMFILE: "för många öppna filer",
    errno.EIO: "in- eller utmatningsfel",
    errno.EXDEV: "kan inte flyttas mellan filsystem",
    errno.EPIPE: "mottagaren slutade läsa",
}


def os_error_text(exc: OSError) -> str:
    """A Swedish reason for an OSError, for messages like 'kunde inte skriva X: <reason>'."""
    if exc.errno in _OS_ERRORS:
        return _OS_ERRORS[exc.errno]
    if exc.errno is not None:
        return f"systemfel {errno.errorcode.get(exc.errno, exc.errno)}"
    return str(exc)


def is_stdout(path: Path | None) -> bool:
    """No path, or '-' as Unix tools take it, means standard out."""
    return path is None or str(path) == "-"


def write_output(text: str, path: Path | None) -> None:
    """Write text to a file atomically, or to stdout when no path (or '-') is given."""
    if is_stdout(path):
        sys.stdout.write(text)
        return
    atomic_write_bytes(path, text.encode("utf-8"))
