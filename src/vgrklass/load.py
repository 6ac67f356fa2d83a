"""Read a data file: bytes → text (UTF-8, BOM allowed), every failure a `DataError` with a
Swedish message naming the file (and line, where there is one).

`load_structure` is what commands use: the file's bytes, then the `Structure` cached on
their content hash, or judged by `check` (a clean file the fast way,
`check.clean_structure`; otherwise `check.check_text`: parse, schema, rules) and cached
when it has no errors. Nothing here parses or checks: that is `parse.py` and `rules/`.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path

from vgrklass.problems import DataError, error
from vgrklass.structure import Structure

# Refuse absurd inputs before parsing them. The real file is about 100 kB, but a whole
# region's structures (one per nämnd and styrelse) are ~10 MB and must load (issue 9,
# benchmarks/scale.py); 64 MiB leaves room for that and still stops a wrong file.
_MAX_BYTES = 64 * 1024 * 1024

def read_bytes(path: Path) -> bytes:
    """Read a data file's bytes, or raise DataError(unreadable=True) with a Swedish message."""
    name = str(path)
    try:
        if not path.exists():
            raise _unreadable(name, "filen finns inte", "fil-saknas")
        if path.is_dir():
            raise _unreadable(name, "sökvägen är en katalog, inte en YAML-fil", "inte-en-fil")
        if not path.is_file():
            # A FIFO or device (/dev/zero) could block or never end.
            raise _unreadable(name, "sökvägen är inte en vanlig fil", "inte-en-fil")
        size = path.stat().st_size
        if size > _MAX_BYTES:
            raise _unreadable(name, f"filen är för stor ({size:,} byte; högst {_MAX_BYTES:,} "
                                    "byte tillåts) – är det rätt fil?".replace(",", " "),
                              "för-stor-fil")
        with path.open("rb") as handle:
            data = handle.read(_MAX_BYTES + 1)
        if len(data) > _MAX_BYTES:  # grew while we looked
            raise _unreadable(name, f"filen är för stor (mer än {_MAX_BYTES} byte)",
                              "för-stor-fil")
        return data
    except OSError as exc:
        from vgrklass.fileio import os_error_text

        raise _unreadable(name, f"filen kunde inte läsas ({os_error_text(exc)})") from None


def decode(data: bytes, name: str) -> str:
    """Bytes → text: UTF-8 (a BOM is fine); binary, other encodings and empty files refused."""
    wide = wide_encoding(data)
    if wide:
        raise _unreadable(name, f"filen är sparad som {wide}, inte UTF-8; spara den som UTF-8 "
                                "(i Anteckningar: Spara som → Kodning: UTF-8)", "inte-utf8")
    if b"\x00" in data:
        line, column = _byte_position(data, data.index(b"\x00"))
        raise _unreadable(name, "filen är binär (innehåller NUL-tecken), inte en YAML-fil",
                          "binär-fil", line, column)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(data, exc.start)
        raise _unreadable(
            name,
            f"filen är inte giltig UTF-8 (byte 0x{data[exc.start]:02x}); "
            "spara den som UTF-8 (t.ex. inte Latin-1)",
            "inte-utf8",
            line,
            column,
        ) from None
    if not text.strip():
        # Readable, but nothing in it: a content problem (exit 1), not an unreadable file;
        # and nothing more to find, so not "stopped" either.
        raise DataError([error(name, 1, 1, "tom-fil", "filen är tom")])
    return text


_WIDE_BOMS = (  # UTF-32 first: its little-endian BOM begins like UTF-16's
    (b"\xff\xfe\x00\x00", "UTF-32 (little endian)"), (b"\x00\x00\xfe\xff", "UTF-32 (big endian)"),
    (b"\xff\xfe", "UTF-16 (little endian)"), (b"\xfe\xff", "UTF-16 (big endian)"),
)


def wide_encoding(data: bytes) -> str | None:
    """The name of a UTF-16 or UTF-32 encoding the bytes are in (by BOM, or by where the
    zero bytes of mostly-ASCII text fall), or None. Windows tools save 'Unicode' so."""
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            return encoding
    sample = data[:4096]
    if len(sample) < 8 or sample.count(0) < len(sample) // 4:
        return None
    zeros = [sample[i::4].count(0) / len(sample[i::4]) for i in range(4)]
    mostly, rarely = (lambda share: share > 0.9), (lambda share: share < 0.1)
    if all(mostly(z) for z in zeros[1:]) and rarely(zeros[0]):
        return "UTF-32 (little endian)"
    if all(mostly(z) for z in zeros[:3]) and rarely(zeros[3]):
        return "UTF-32 (big endian)"
    if mostly(zeros[1]) and mostly(zeros[3]) and rarely(zeros[0]) and rarely(zeros[2]):
        return "UTF-16 (little endian)"
    if mostly(zeros[0]) and mostly(zeros[2]) and rarely(zeros[1]) and rarely(zeros[3]):
        return "UTF-16 (big endian)"
    return None


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and (character) column of a byte offset, as an editor shows it."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    before = data[line_start:offset].decode("utf-8", errors="replace")
    if line_start == 0:
        before = before.removeprefix("\ufeff")
    return data.count(b"\n", 0, offset) + 1, len(before) + 1


def read_text(path: Path) -> str:
    return decode(read_bytes(path), str(path))


def _unreadable(name: str, message: str, rule: str = "oläsbar-fil",
                line: int | None = None, column: int | None = None) -> DataError:
    return DataError([error(name, line, column, rule, message)], unreadable=True)


def load_structure(path: Path) -> Structure:
    """Load a file for use by a command: any error (not warnings) raises DataError.

    A structure that passed every check is cached by the file's content hash, so the
    next run skips parsing and validation entirely (see cache.py).
    """
    from vgrklass import cache

    data = read_bytes(path)
    return _cached_structure(data, str(path), cache.digest(data))


def _cached_structure(data: bytes, name: str, key: str, fast: bool = True) -> Structure:
    """load_structure for bytes already read (`key`: their content hash). `fast`: try the
    fast read first (see _checked_structure); False when it already failed on them."""
    from vgrklass import cache

    structure = cache.cached("structure", key, lambda: _checked_structure(data, name, fast),
                             expect=Structure)
    return dataclasses.replace(structure, source=name, digest=key)


def load_structure_overlapped(path: Path) -> tuple[Structure, Callable[[], None]]:
    """`load_structure` for a caller with more work to do on the structure (find
    building its index on a first run): the cross-node rules run in a child process
    meanwhile, on the other core, and cache the structure. The structure comes back as
    soon as it is parsed and schema-checked, with a function that waits for the rules
    and raises DataError as load_structure would when the file has errors: call it
    before anything made from the structure is kept or shown. Without fork, or with the
    structure cached already, this is load_structure and the function does nothing."""
    import os
    import threading

    from vgrklass import cache
    from vgrklass.check import passes_rules
    from vgrklass.parse import parse_clean

    data = read_bytes(path)
    name = str(path)
    key = cache.digest(data)
    if not cache.enabled() or not hasattr(os, "fork") or threading.active_count() > 1 or \
            cache.peek("structure", key, expect=Structure) is not None:
        return _cached_structure(data, name, key), _done
    parsed = parse_clean(decode(data, name), name)
    if parsed is None or parsed.structure is None:  # not clean: the careful read judges
        return _cached_structure(data, name, key, fast=False), _done
    checked = parsed.structure
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: the rules, and the structure cached if they pass
        code = 1
        try:
            if not passes_rules(parsed):
                code = 3
            else:
                cache.cached("structure", key, lambda: checked, expect=Structure)
                code = 0
        finally:
            os._exit(code)
    del parsed  # the parser's data and positions: the child has its own copy
    structure = dataclasses.replace(checked, source=name, digest=key)

    def rules() -> None:
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            _checked_structure(data, name, fast=False)  # for its errors: raises DataError

    return structure, rules


def _done() -> None:
    pass


def _checked_structure(data: bytes, name: str, fast: bool = True) -> Structure:
    """The structure of a file without errors, else DataError: the fast read of a clean
    file (check.clean_structure) when `fast`, then the careful one that places every
    problem (check.check_text)."""
    from vgrklass.check import check_text, clean_structure

    text = decode(data, name)
    return (fast and clean_structure(text, name)) or check_text(text, name).usable()
