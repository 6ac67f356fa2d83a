"""Which files a run classifies: the paths given, directories walked, files already done.

A walk (`--recursive`) goes depth first, directory by directory, streaming each listing
(a directory of a million files costs no memory). It never follows a symbolic link (a link to a
directory would walk outside the share or in circles; a link to a file would classify
it twice), skips hidden files and directories (`.git`, `.DS_Store`, `~$` lock files of
Office) and yields every other file, whatever its type: one a reader cannot read is
reported as such, so that the output accounts for every file of the share. A directory
that cannot be listed is reported as a failed file.

`Done` is a previous run's output (`--resume`): the files it has a complete record
for, kept as 64-bit hashes in a sorted array, 8 bytes a file, so that resuming a run
over a million files costs 8 MB.
"""

from __future__ import annotations

import hashlib
import json
import os
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from pathlib import Path

from vgrklass.classify.bulk import FileResult
from vgrklass.extract import STDIN


def walk(paths: Iterable[str], recursive: bool) -> Iterator[str | FileResult]:
    """The files to classify: each path as given, or with `recursive` the files under
    each directory. A directory given without `recursive` is passed on as it is (the
    reader says what to do)."""
    for path in paths:
        if path != STDIN and recursive and os.path.isdir(path):
            yield from _walk(path)
        else:
            yield path


def _walk(top: str) -> Iterator[str | FileResult]:
    stack = [top]
    while stack:
        directory = stack.pop()
        subdirectories = []
        try:
            with os.scandir(directory) as listing:
                for entry in listing:  # streamed: a directory of a million files is fine
                    if _hidden(entry.name) or entry.is_symlink():
                        continue
                    if _is_dir(entry):
                        subdirectories.append(entry.path)
                    else:
                        yield entry.path
        except OSError as exc:
            from vgrklass.fileio import os_error_text

            yield FileResult(directory, None, f"katalogen kan inte läsas ({os_error_text(exc)})",
                             "unreadable")
        stack.extend(sorted(subdirectories, reverse=True))  # the first by name comes next


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))


class Done:
    """The files a previous run's JSON Lines output has a complete record for."""

    def __init__(self, hashes: array):
        self.hashes = hashes  # sorted

    @classmethod
    def read(cls, path: Path) -> Done:
        """Every line that is a whole record ({"file": …, "hits"/"error": …}); a line cut
        short by an interrupted run, or anything else, is not a done file. Raises
        OSError for a file that cannot be read."""
        hashes = array("Q")
        with path.open("rb") as stream:
            for line in stream:
                name = _record_file(line)
                if name is not None:
                    hashes.append(file_hash(name))
        return cls(array("Q", sorted(hashes)))

    def __len__(self) -> int:
        return len(self.hashes)

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        key = file_hash(name)
        at = bisect_left(self.hashes, key)
        return at < len(self.hashes) and self.hashes[at] == key


def _record_file(line: bytes) -> str | None:
    if not line.startswith(b'{"file": ') or not line.rstrip().endswith(b"}"):
        return None
    try:
        record = json.loads(line)
    except ValueError:
        return None
    name = record.get("file") if isinstance(record, dict) else None
    if isinstance(name, str) and ("hits" in record or "error" in record):
        return name
    return None


def file_hash(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8", "surrogateescape"),
                                          digest_size=8).digest(), "big")


def ends_cleanly(path: Path) -> bool:
    """Whether the file is empty or ends with a newline (an interrupted run may have
    left half a line, which the next record must not be glued to)."""
    try:
        with path.open("rb") as stream:
            stream.seek(0, os.SEEK_END)
            if stream.tell() == 0:
                return True
            stream.seek(-1, os.SEEK_END)
            return stream.read(1) == b"\n"
    except OSError:
        return True
