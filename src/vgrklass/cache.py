"""A cache of derived data (the checked structure, the search index) keyed by the data
file's content hash, in the user's cache directory.

The cache is an optimisation, never a source of truth:
- an entry is only ever looked up by the hash of the exact bytes it was built from, and
  by a fingerprint of the program's own code, so an edited data file or an upgraded (or
  locally edited) vgrklass never sees an old entry;
- a corrupt, truncated, foreign or unreadable entry is ignored, rebuilt and overwritten;
- entries are written atomically (temp file + rename), so concurrent runs never see
  half a file; two runs building the same entry at once both succeed, last rename wins;
- a cache directory that cannot be written never breaks a command;
- old entries are pruned whenever a new one is written: only the newest `KEEP_PER_KIND`
  per kind are kept, entries unused for `MAX_AGE_DAYS` go, and so do temp files left by
  a crashed run;
- `--no-cache` or VGRKLASS_NO_CACHE=1 bypasses it (nothing read, nothing written);
  VGRKLASS_CACHE_DIR moves it.

Trust: entries are pickles, and unpickling runs code, so nothing is unpickled unless
three things hold (see docs/prestanda.md):
- the directory is the user's own and private: on POSIX owned by the user and writable
  by nobody else (a directory someone else created, or a group- or world-writable one,
  is not used at all: nothing read, nothing written);
- the entry is a regular file owned by the user, opened without following a symlink
  (O_NOFOLLOW: a planted link to a file the user owns, holding someone else's bytes, is
  refused);
- the entry carries an HMAC-SHA256 of its name and content under a per-user secret key
  (32 random bytes in `.hmac-key` in the private directory, mode 0600, created once):
  an entry not written by vgrklass for this user is never unpickled.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import hmac
import os
import re
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

T = TypeVar("T")

# Bump when the pickled types change shape, so old entries are never misread. (The code
# fingerprint below catches edits too; this stays as the explicit switch.)
FORMAT = "4"  # 2: Node.example_info; 3: entries carry an HMAC; 4: ExampleInfo.gallringsstod

MAGIC = b"vgrklass-cache\n"  # then the 32-byte HMAC, then the pickle of (key, value)
KEY_FILE = ".hmac-key"
_MAC_SIZE = 32
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)

KEEP_PER_KIND = 4  # newest entries kept per kind: a few data files or versions side by side
MAX_AGE_DAYS = 30  # entries not used for this long are deleted
_TMP_MAX_AGE = 3600.0  # a temp file this old belongs to a run that died
_TOUCH_AFTER = 86400.0  # refresh an entry's mtime on use at most once a day

_KIND = re.compile(r"[a-z0-9_]+\Z")
_SEP = "--"

_disabled = False
_fingerprint: str | None = None

# Set by the console entry point (cli.main) only: the process ends soon, so objects
# loaded from the cache may be frozen (gc.freeze) for the rest of it. Never in a
# long-lived process such as the test suite, where frozen cycles would never be freed.
freeze_after_load = False


def set_disabled(disabled: bool = True) -> None:
    """--no-cache for this invocation (the CLI sets it on every invocation)."""
    global _disabled
    _disabled = disabled


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


def code_fingerprint() -> str:
    """A short hash over the names, sizes and mtimes of the package's own modules.

    Any change to the code that builds or shapes cached values (a new rule, a new
    field) then misses the old entries. Stat only, no reading: well under a millisecond.
    """
    global _fingerprint
    if _fingerprint is None:
        from vgrklass import __version__

        package = Path(__file__).resolve().parent
        h = hashlib.sha256(f"{FORMAT}|{__version__}|{sys.version_info[:2]}".encode())
        for root, dirs, files in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    st = os.stat(os.path.join(root, name))
                    rel = os.path.relpath(os.path.join(root, name), package)
                    h.update(f"{rel}|{st.st_size}|{st.st_mtime_ns};".encode())
        _fingerprint = h.hexdigest()[:12]
    return _fingerprint


def entry_path(kind: str, key: str, suffix: str = ".pickle") -> Path:
    if not _KIND.match(kind):
        raise ValueError(f"cache kind must match [a-z0-9_]+: {kind!r}")
    if suffix not in _SUFFIXES:
        raise ValueError(f"cache entries end in one of {_SUFFIXES}: {suffix!r}")
    return cache_dir() / f"{kind}{_SEP}{code_fingerprint()}{_SEP}{key[:32]}{suffix}"


# Pickles (read by `cached` and `peek`), and files their readers parse themselves without
# running code (`own_file`, `write_file`: the SQLite search index, a file's digest).
_SUFFIXES = (".pickle", ".sqlite", ".digest")
# A file changed within this many seconds of being hashed may change again within the
# same time stamp: its digest is not remembered (git's "racy" entries).
_RACY = 2.0
_DIGEST_ENTRY = re.compile(rb"[0-9a-f]{128}\Z")  # the digest, then its HMAC


def file_digest(path: Path, read: Callable[[], bytes]) -> str:
    """The content hash of a file: `digest(read())`, or, when this user's cache holds the
    digest of the file as it is now (the same device, inode, size, modification and
    change time), that digest without reading and hashing the file (~10 MB for a whole
    region's structures). The change time cannot be set back by anyone but the system
    clock, and a digest is only remembered for a file that was last changed more than a
    moment before it was hashed, so an edited file is always read anew. The remembered
    digest carries an HMAC as a pickled entry does. Raises what `read` and os.stat raise."""
    key = _stat_key(os.stat(path))
    found = own_file("digest", key, ".digest")
    if found is not None:
        secret = _secret(found.parent, create=False)
        with contextlib.suppress(OSError), open(found, "rb") as handle:
            text = handle.read(64 + 2 * _MAC_SIZE + 1)
            if secret is not None and _DIGEST_ENTRY.match(text) and hmac.compare_digest(
                    bytes.fromhex(text[64:].decode("ascii")), _mac(secret, found.name, text[:64])):
                return text[:64].decode("ascii")
    data = read()
    found_digest = digest(data).encode("ascii")
    after = os.stat(path)
    if _stat_key(after) == key and time.time() - max(after.st_mtime, after.st_ctime) > _RACY:
        name = entry_path("digest", key, ".digest").name

        def fill(tmp: Path) -> None:
            secret = _secret(tmp.parent, create=True)
            if secret is None:
                raise OSError("not a private directory")
            tmp.write_bytes(found_digest + _mac(secret, name, found_digest).hex().encode())

        write_file("digest", key, ".digest", fill)
    return found_digest.decode("ascii")


def _stat_key(st: os.stat_result) -> str:
    return digest(f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:"
                  f"{st.st_ctime_ns}".encode())


def own_file(kind: str, key: str, suffix: str) -> Path | None:
    """The entry file for (kind, key) if it is there and this user's own: a regular file,
    not a link, owned by the user. Never builds; None when the cache is off or there is no
    such file. The caller checks the key stored inside (see search/store.py)."""
    if not enabled():
        return None
    path = entry_path(kind, key, suffix)
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or not _ours(st) or not _private(path.parent):
        return None  # a link, planted by someone else, or not in our private directory
    _mark_used(path, st)
    return path


def write_file(kind: str, key: str, suffix: str, fill: Callable[[Path], None]) -> Path | None:
    """Write the entry file for (kind, key) by `fill(temporary path)`, then rename it into
    place in one step and prune, as `cached` does for a pickle. The entry's path, or None
    when the cache is off or the directory unusable (never raises for that)."""
    if not enabled():
        return None
    import tempfile

    path = entry_path(kind, key, suffix)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(path.parent):
            return None  # not our private directory: never write there either
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        os.close(fd)
        try:
            fill(Path(tmp))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except Exception:
        return None  # a read-only, full or misconfigured cache directory: no entry
    prune(kind, keep=path)
    return path


def _mark_used(path: Path, st: os.stat_result) -> None:
    """Refresh an entry's mtime on use (at most daily), so that pruning by age only
    removes entries nobody reads."""
    if time.time() - st.st_mtime > _TOUCH_AFTER:
        with contextlib.suppress(OSError):
            os.utime(path)


_MISSING = object()


def cached(kind: str, key: str, build: Callable[[], T], expect: type | None = None) -> T:
    """Return the cached value for (kind, key), or build, store and return it.

    `key` must identify the input completely (normally `digest(data)`); `expect`, when
    given, is the type the value must have (anything else counts as corrupt).
    """
    if not enabled():
        return build()
    path = entry_path(kind, key)
    value = _read(path, key, expect)
    if value is not _MISSING:
        return value  # type: ignore[return-value]
    value = build()
    if _write(path, key, value):
        prune(kind, keep=path)
    return value


def peek(kind: str, key: str, expect: type | None = None) -> Any | None:
    """The cached value for (kind, key) if there is a good one, else None; never builds.

    For a command that can skip work when a derived value is already cached (find
    needs only the search index, not the structure it was built from).
    """
    if not enabled():
        return None
    value = _read(entry_path(kind, key), key, expect)
    return None if value is _MISSING else value


def _read(path: Path, key: str, expect: type | None) -> object:
    secret = _secret(path.parent, create=False)
    if secret is None:
        return _MISSING
    try:
        content, st = _read_own_file(path)
        if content is None or not content.startswith(MAGIC):
            return _MISSING
        mac = content[len(MAGIC):len(MAGIC) + _MAC_SIZE]
        payload = memoryview(content)[len(MAGIC) + _MAC_SIZE:]
        if not hmac.compare_digest(mac, _mac(secret, path.name, payload)):
            return _MISSING  # not written by us for this name: never unpickled
        stored_key, value = _load_without_gc(payload)
    except Exception:  # missing, truncated, corrupt, from another version: rebuild
        return _MISSING
    if stored_key != key or (expect is not None and not isinstance(value, expect)):
        return _MISSING
    _mark_used(path, st)
    return value


def _read_own_file(path: Path) -> tuple[bytes | None, os.stat_result]:
    """The bytes of a regular file owned by us, opened without following a symlink."""
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _BINARY)
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if not stat.S_ISREG(st.st_mode) or not _ours(st):
            return None, st  # planted by someone else: never unpickle it
        return handle.read(), st


def _ours(st: os.stat_result) -> bool:
    return not hasattr(os, "geteuid") or st.st_uid == os.geteuid()


def _private(directory: Path) -> bool:
    """The directory is ours and nobody else can write in it (on POSIX)."""
    try:
        st = os.stat(directory)  # a symlink the user made to elsewhere is followed
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    return not hasattr(os, "geteuid") or (_ours(st) and not st.st_mode & 0o022)


_secrets: dict[str, bytes] = {}


def _secret(directory: Path, create: bool) -> bytes | None:
    """This user's HMAC key for entries in `directory`, or None when the directory or the
    key cannot be trusted (then the cache is not used)."""
    if not _private(directory):  # checked every time: a directory can change hands
        return None
    cached_secret = _secrets.get(str(directory))
    if cached_secret is not None:
        return cached_secret
    path = directory / KEY_FILE
    try:
        secret, _ = _read_own_file(path)
    except FileNotFoundError:
        if not create:
            return None
        secret = _create_secret(path)
    except OSError:
        return None
    try:
        mode = os.stat(path, follow_symlinks=False).st_mode
    except OSError:
        return None
    if secret is None or len(secret) != _MAC_SIZE or (
            hasattr(os, "geteuid") and mode & 0o077):
        return None  # someone else's, readable by others, or damaged: trust nothing
    _secrets[str(directory)] = secret
    return secret


def _create_secret(path: Path) -> bytes | None:
    """Write a new random key; if another run got there first, use theirs."""
    import secrets
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=KEY_FILE + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:  # mkstemp: mode 0600
            handle.write(secrets.token_bytes(_MAC_SIZE))
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)  # atomic, and never over a key that is there already
    finally:
        Path(tmp).unlink(missing_ok=True)
    secret, _ = _read_own_file(path)
    return secret


def _mac(secret: bytes, name: str, payload: Any) -> bytes:
    digest = hmac.new(secret, name.encode("utf-8") + b"\0", hashlib.sha256)
    digest.update(payload)
    return digest.digest()


def _load_without_gc(payload: Any) -> Any:
    """Unpickle with the cyclic garbage collector paused.

    Unpickling a large index creates hundreds of thousands of tuples, and each batch
    of them set off a collection that walks everything made so far: pausing it makes a
    100× structure's index load three times faster. Nothing unpickled is garbage. In a
    short run (`freeze_after_load`, set by the console entry point) the loaded objects
    are then frozen out of the collector's sight, sparing it one more walk over them all
    (another 0.1 s for the index of 100×).
    """
    import pickle  # here: a query that reads no pickle need not import it

    from vgrklass.gcpause import collector_paused

    with collector_paused():
        value = pickle.loads(payload)
        if freeze_after_load:
            gc.freeze()
        return value


def _write(path: Path, key: str, value: object) -> bool:
    """Store atomically; False (and nothing left behind) if the directory is unusable."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        secret = _secret(path.parent, create=True)
        if secret is None:
            return False  # not our private directory: never write there either
        write_entry(path, key, value, secret)
    except Exception:
        # A read-only, full or misconfigured cache directory must never break a command.
        return False
    return True


def write_entry(path: Path, key: str, value: object, secret: bytes | None = None) -> None:
    """Write one entry atomically: MAGIC, the HMAC of its name and pickle, the pickle."""
    import pickle
    import tempfile

    secret = secret or _secret(path.parent, create=True)
    if secret is None:
        raise OSError(f"cachekatalogen {path.parent} är inte privat")
    mac = hmac.new(secret, path.name.encode("utf-8") + b"\0", hashlib.sha256)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + bytes(_MAC_SIZE))
            pickle.dump((key, value), _MacWriter(handle, mac), protocol=pickle.HIGHEST_PROTOCOL)
            handle.seek(len(MAGIC))
            handle.write(mac.digest())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_entry(path: Path) -> tuple[str, Any] | None:
    """(key, value) of an authentic entry, else None (for tests and inspection)."""
    secret = _secret(path.parent, create=False)
    try:
        content, _ = _read_own_file(path)
    except OSError:
        return None
    if secret is None or content is None or not content.startswith(MAGIC):
        return None
    payload = memoryview(content)[len(MAGIC) + _MAC_SIZE:]
    if not hmac.compare_digest(content[len(MAGIC):len(MAGIC) + _MAC_SIZE],
                               _mac(secret, path.name, payload)):
        return None
    import pickle

    return pickle.loads(payload)


class _MacWriter:
    """A file wrapper that feeds everything written through it to an HMAC as well."""

    def __init__(self, handle: BinaryIO, mac: Any):
        self.handle, self.mac = handle, mac

    def write(self, data: Any) -> int:
        self.mac.update(data)
        return self.handle.write(data)


def prune(kind: str, keep: Path | None = None, now: float | None = None) -> list[Path]:
    """Delete old entries; returns what was deleted. Never raises.

    Keeps the newest KEEP_PER_KIND entries of `kind` (and always `keep`), deletes any
    entry unused for MAX_AGE_DAYS and temp files older than an hour. Entries of other
    kinds are only removed by age, so pruning one kind never empties another.
    """
    now = time.time() if now is None else now
    deleted: list[Path] = []
    try:
        entries = list(os.scandir(cache_dir()))
    except OSError:
        return deleted
    same_kind: list[tuple[float, Path]] = []
    for entry in entries:
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        path = Path(entry.path)
        if entry.name.endswith(".tmp"):
            if age > _TMP_MAX_AGE:
                deleted += _unlink(path)
        elif entry.name.endswith(_SUFFIXES):
            if age > MAX_AGE_DAYS * 86400 and path != keep:
                deleted += _unlink(path)
            elif entry.name.split(_SEP, 1)[0] == kind:
                same_kind.append((age, path))
    same_kind.sort(key=lambda item: item[0])
    room = KEEP_PER_KIND - (1 if keep is not None else 0)
    surplus = [p for _, p in same_kind if p != keep][max(room, 0):]
    for path in surplus:
        deleted += _unlink(path)
    return deleted


def _unlink(path: Path) -> list[Path]:
    try:
        path.unlink()
    except OSError:  # already gone (another run pruned it) or not ours
        return []
    return [path]
