"""What every reader shares: the Document, its errors, and what one file may cost.

A records team feeds classify whole file shares, where some files are broken and a few
are hostile (a zip bomb renamed .docx, a PDF with a filter nobody knows). Each reader
therefore works within `Limits` (bytes, paragraphs, cells, pages, characters, seconds)
and fails with an `ExtractError`: one Swedish line naming the file, never an exception
that ends the run.
"""

from __future__ import annotations

import contextlib
import re
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

STDIN = "-"
MIB = 1024 * 1024
ALARM_REPEAT = 0.05  # seconds between rings once a reader is past its time


class ExtractError(Exception):
    """A document that could not be turned into text; the message is for the user."""

    def __init__(self, name: str, message: str, kind: str):
        self.name = name
        # missing | unknown_format | unreadable | encrypted | no_text | empty | too_large
        self.kind = kind
        self.reason = message  # without the file's name
        super().__init__(f"{shown_name(name)}: {message}")


def shown_name(name: str) -> str:
    return "standard in" if name == STDIN else name


@dataclass(frozen=True, slots=True)
class Document:
    name: str  # the file as the user gave it ("-" for standard input)
    format: str  # txt | md | pdf | docx
    title: str | None  # the document's own title, when it has one
    headings: tuple[str, ...]  # headings (and for PDF, the first lines), in order
    text: str  # all the text, title and headings included

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Limits:
    """What one document may cost. The defaults are far above real documents (a
    1 000-page report has some 2 million characters) and far below what would take a
    worker's memory or minutes of its time; a file over one is reported as such."""

    text_bytes: int = 16 * MIB  # a text or markdown file, or standard in
    text_chars: int = 3_000_000  # the text of any document (about 1 500 pages)
    part_bytes: int = 64 * MIB  # one part of a DOCX (its XML), uncompressed
    paragraphs: int = 100_000  # of a DOCX, table cells' paragraphs included
    cells: int = 100_000  # of a DOCX's tables, a merged cell counted once per column
    elements: int = 2_000_000  # XML elements of a DOCX's document (about 2 µs each)
    pages: int = 2_000  # of a PDF
    # A PDF page's content (its drawing operators), uncompressed: pypdf reads some 0.5 MB a
    # second of it. A bigger page (a map, a drawing) is left out; a PDF of only such pages
    # is too large.
    page_bytes: int = 1 * MIB
    seconds: float = 60.0  # reading one file


DEFAULT_LIMITS = Limits()


def too_large(name: str, what: str) -> ExtractError:
    return ExtractError(name, f"för stor att läsa: {what}", "too_large")


def thousands(number: float) -> str:
    """1 000 000, as Swedish writes numbers."""
    return f"{number:,.0f}".replace(",", " ")


class OutOfTime(BaseException):
    """Raised by the alarm inside a reader's own code; a BaseException, so that a library's
    `except Exception` cannot swallow it."""


class Budget:
    """The time and text one document may still use; readers check it as they go, and
    `alarm` stops one that does not (pypdf inside one page)."""

    __slots__ = ("name", "limits", "deadline", "chars")

    def __init__(self, name: str, limits: Limits):
        self.name = name
        self.limits = limits
        self.deadline = time.monotonic() + limits.seconds
        self.chars = 0

    def out_of_time(self) -> ExtractError:
        return too_large(self.name, f"läsningen tog mer än {thousands(self.limits.seconds)} "
                         "sekunder")

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise self.out_of_time()

    @contextlib.contextmanager
    def alarm(self) -> Iterator[None]:
        """Interrupt the reading at the deadline, wherever it is (SIGALRM, so only in a
        process's main thread on a system that has it; elsewhere the checks between pages
        and paragraphs remain)."""
        if not hasattr(signal, "setitimer") or \
                threading.current_thread() is not threading.main_thread():
            yield
            return

        armed = [True]  # never rings outside the reading, not even in its cleanup

        def ring(signum: int, frame: object) -> None:
            if armed[0]:
                raise OutOfTime

        previous = signal.signal(signal.SIGALRM, ring)
        # Rings again and again after the deadline: an exception raised where Python can
        # only print it (in a garbage collector's callback) must not end the alarm.
        signal.setitimer(signal.ITIMER_REAL, max(self.deadline - time.monotonic(), 0.001),
                         ALARM_REPEAT)
        try:
            yield
        except OutOfTime:
            armed[0] = False
            raise self.out_of_time() from None
        finally:
            armed[0] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def add_text(self, chars: int) -> None:
        self.chars += chars
        if self.chars > self.limits.text_chars:
            raise too_large(self.name, f"mer än {thousands(self.limits.text_chars)} tecken "
                            "text")


def checked(document: Document) -> Document:
    if not any(ch.isalpha() for ch in document.text):
        raise ExtractError(document.name, "dokumentet är tomt (ingen text att klassificera)",
                           "empty")
    return document


_BOILERPLATE_WORD = re.compile(r"^[\d\W_]+$")


def has_content_word(line: str) -> bool:
    """Not just numbers, dates, page numbers or punctuation."""
    return any(not _BOILERPLATE_WORD.match(w) and len(w) > 2 for w in line.split())


def first_title_line(lines: list[str]) -> str | None:
    """The first line with a word in it (skipping lines of only dates, numbers, dashes)."""
    for line in lines:
        if has_content_word(line):
            return line.strip()
    return None
