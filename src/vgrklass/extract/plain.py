"""Plain text and markdown: the title and headings a registrar sees in them.

A file or standard in is read up to `Limits.text_bytes` and no further, so that a pipe
that never ends (`yes | vgrklass classify -`) is refused, not swallowed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import BinaryIO

from vgrklass.extract.base import (
    MIB,
    STDIN,
    Budget,
    Document,
    ExtractError,
    Limits,
    first_title_line,
    has_content_word,
    too_large,
)

CHUNK = 1024 * 1024
# A line of plain text this short, standing alone, without a sentence's end, reads as a heading.
HEADING_MAX_WORDS = 8


def read_text_file(path: Path, name: str, fmt: str, limits: Limits) -> Document:
    try:
        with path.open("rb") as stream:
            data = _read_capped(stream, name, limits)
    except OSError as exc:
        raise unreadable_os_error(name, exc) from None
    return _document(_decode_text(data, name), name, fmt, limits)


def read_stdin(limits: Limits) -> Document:
    """Standard in as bytes, so a piped binary file is refused like a binary file on disk;
    never more than the limit, however much is piped (`yes | vgrklass classify -`)."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text-only stream (tests, embedding)
        text = sys.stdin.read(limits.text_bytes + 1)
        if len(text) > limits.text_bytes:
            raise _too_many_bytes(STDIN, limits)
        return _document(text, STDIN, "txt", limits)
    return _document(_decode_text(_read_capped(buffer, STDIN, limits), STDIN), STDIN, "txt",
                     limits)


def _read_capped(stream: BinaryIO, name: str, limits: Limits) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size <= limits.text_bytes:
        chunk = stream.read(min(CHUNK, limits.text_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise _too_many_bytes(name, limits)


def _too_many_bytes(name: str, limits: Limits) -> ExtractError:
    return too_large(name, f"mer än {limits.text_bytes // MIB} MiB text")


def unreadable_os_error(name: str, exc: OSError) -> ExtractError:
    from vgrklass.fileio import os_error_text

    return ExtractError(name, f"kan inte läsas ({os_error_text(exc)})", "unreadable")


def _document(text: str, name: str, fmt: str, limits: Limits) -> Document:
    Budget(name, limits).add_text(len(text))
    return document_from_text(text, name, fmt)


def _decode_text(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise ExtractError(name, "är ingen textfil (innehåller binärdata)", "unreadable")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Swedish Windows files are cp1252; every byte string decodes, so check it reads.
        return data.decode("cp1252", errors="replace")


_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_INLINE = re.compile(r"(\*\*|__|\*|_|`)")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def document_from_text(text: str, name: str, fmt: str = "txt") -> Document:
    """Plain text or markdown: `#` headings in both, the first real line as the title."""
    lines = [_clean_markdown(line) if fmt == "md" else line.rstrip() for line in
             text.splitlines()]
    headings: list[str] = []
    title: str | None = None
    body: list[str] = []
    for i, raw in enumerate(lines):
        match = _MD_HEADING.match(raw)
        if match:
            heading = match.group(2).strip()
            if heading:
                headings.append(heading)
                title = title or (heading if match.group(1) == "#" else None)
            body.append(heading)
            continue
        if _MD_SETEXT.match(raw) and i > 0 and lines[i - 1].strip():
            underlined = lines[i - 1].strip()  # "Rubrik\n=====": the line above is a heading
            if underlined not in headings[-1:]:
                headings.append(underlined)
            continue
        body.append(raw)
        if _looks_like_heading(lines, i):
            headings.append(raw.strip())
    if title is None:
        title = first_title_line(body)
    return Document(name=name, format=fmt, title=title, headings=tuple(headings),
                    text="\n".join(body))


def _clean_markdown(line: str) -> str:
    line = _MD_LINK.sub(r"\1", line)
    if not _MD_HEADING.match(line):
        line = _MD_LIST.sub("", line)
    return _MD_INLINE.sub("", line).rstrip()


def _looks_like_heading(lines: list[str], i: int) -> bool:
    """A short line standing alone (blank or start before it) that does not end a sentence."""
    line = lines[i].strip()
    if not line or line.endswith((".", ",", ";")) or _MD_LIST.match(lines[i]):
        return False
    if line.startswith("|") or "   " in line or _LABEL_VALUE.match(line):
        return False  # a table row, columns of figures, or a "Datum: 2024-05-14" field
    if len(line.split()) > HEADING_MAX_WORDS or not has_content_word(line):
        return False
    return i == 0 or not lines[i - 1].strip()


_LABEL_VALUE = re.compile(r"^[\w.-]+(?: [\w.-]+)?:\s+\S")
