"""Writing files safely: atomically (temp file + rename), so nothing is ever half-written,
and never onto something that must not be replaced.

`check_target` refuses, before any work is done, a target that is a directory, lies in a
missing directory, is one of the files being read (the data file, through any symlink or
hard link), is read-only, or has other hard links (renaming over it would silently break
them). `atomic_write_bytes` writes a short hidden temporary name beside the target (a
249-character file name still works), holds a lock on it while writing, and first clears
away the temporaries of runs that were killed (kill -9 leaves one behind).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

TEMP_PREFIX = ".vgrklass-"
TEMP_SUFFIX = ".tmp"
_STALE_AFTER = 60.0  # seconds: a temporary this old and unlocked belongs to a dead run


class TargetRefused(Exception):
    """A file we will not write; the message is Swedish and names the file."""


def check_target(path: Path, protected: Iterable[Path] = ()) -> None:
    """Refuse an output path before the work, with a Swedish reason (TargetRefused)."""
    path = Path(path)

    def refuse(reason: str) -> TargetRefused:
        return TargetRefused(f"kunde inte skriva {path}: {reason}")

    if path.is_dir():
        raise refuse("det är en katalog; ange ett filnamn")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise refuse(f"katalogen {parent} finns inte")
    for other in protected:
        with contextlib.suppress(OSError):
            if path.exists() and os.path.samefile(path, other):
                raise refuse("det är datafilen som läses; välj ett annat filnamn")
    try:
        st = path.stat()
    except OSError:
        return  # a new file
    if not stat.S_ISREG(st.st_mode):
        return  # a device or pipe: written into, never replaced
    if not st.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise refuse("filen är skrivskyddad; ta bort skrivskyddet eller välj ett annat namn")
    if st.st_nlink > 1:
        raise refuse(f"filen har {st.st_nlink - 1} hård länk(ar) till; att ersätta den skulle "
                     "bryta dem – välj ett annat namn")


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
    remove_stale_temporaries(directory, path.name)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            _lock(handle.fileno(), wait=True)  # held while writing: not stale, whatever its age
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        os.chmod(tmp, _target_mode(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale_temporaries(directory: Path, target_name: str = "",
                             now: float | None = None) -> list[Path]:
    """Delete the temporaries that runs killed mid-write left in `directory`: ours
    (`.vgrklass-*.tmp`, and `.<target>.*.tmp` from before they were renamed), regular
    files owned by this user, older than a minute and not locked by a live writer.
    Returns what was deleted; never raises."""
    now = time.time() if now is None else now
    legacy = f".{target_name}." if target_name else None
    deleted = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return deleted
    for entry in entries:
        name = entry.name
        if not name.endswith(TEMP_SUFFIX) or not (
                name.startswith(TEMP_PREFIX) or (legacy and name.startswith(legacy)
                                                 and len(name) == len(legacy) + 8 + 4)):
            continue
        with contextlib.suppress(OSError):
            st = entry.stat(follow_symlinks=False)
            if (not stat.S_ISREG(st.st_mode) or now - st.st_mtime < _STALE_AFTER
                    or (hasattr(os, "geteuid") and st.st_uid != os.geteuid())):
                continue
            fd = os.open(entry.path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
            try:
                if _lock(fd, wait=False):  # nobody holds it: its writer is dead
                    os.unlink(entry.path)
                    deleted.append(Path(entry.path))
            finally:
                os.close(fd)
    return deleted


def _lock(fd: int, wait: bool) -> bool:
    """An exclusive lock on an open file; False when another process holds one. Where
    there are no such locks (Windows), the age of a temporary alone decides."""
    try:
        import fcntl
    except ImportError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    except OSError:
        return not wait  # a filesystem without locks: fall back on age
    return True


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
    errno.EBADF: "filbeskrivaren är stängd",
}


def os_error_text(exc: OSError) -> str:
    """A Swedish reason for an OSError, for messages like 'kunde inte skriva X: <reason>'."""
    if exc.errno in _OS_ERRORS:
        return _OS_ERRORS[exc.errno]
    if exc.errno is not None:
        return f"systemfel {errno.errorcode.get(exc.errno, exc.errno)}"
    return str(exc)


def is_device(path: Path) -> bool:
    """An existing path that is neither a regular file nor a directory (/dev/null, a FIFO)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def is_stdout(path: Path | None) -> bool:
    """No path, or '-' as Unix tools take it, means standard out."""
    return path is None or str(path) == "-"


def write_output(text: str, path: Path | None) -> None:
    """Write text to a file atomically, or to stdout when no path (or '-') is given."""
    if is_stdout(path):
        sys.stdout.write(text)
        return
    atomic_write_bytes(path, text.encode("utf-8"))
