"""Text out of a document (txt, md, pdf, docx), keeping the parts that say what it is.

A registrar's document says what it is in its title and headings ("Delårsrapport
augusti 2024", "Protokoll ledningsgrupp"), so extraction keeps them apart from the
body. One module per format (plain.py, pdf.py, word.py); the heavy readers (pypdf,
lxml) are imported only when such a file is read, so that `vgrklass` starts fast for
every other command.

Every failure is an `ExtractError` with a Swedish message naming the file, also for a
file over one of the `Limits` (size, paragraphs, cells, pages, text, time); callers
report it and go on with the next file.
"""

from __future__ import annotations

from pathlib import Path

from vgrklass.extract.base import (
    DEFAULT_LIMITS,
    STDIN,
    Document,
    ExtractError,
    Limits,
    checked,
    first_title_line,
)
from vgrklass.extract.plain import document_from_text

SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".pdf": "pdf",
    ".docx": "docx",
}

__all__ = [
    "DEFAULT_LIMITS",
    "STDIN",
    "SUFFIXES",
    "Document",
    "ExtractError",
    "Limits",
    "document_format",
    "document_from_text",
    "first_title_line",
    "read_document",
]


def document_format(name: str, path: Path | None = None) -> str:
    """The format a file is read as (txt, md, pdf, docx), by its suffix; raises
    ExtractError for one no reader knows."""
    path = Path(name) if path is None else path
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(set(SUFFIXES.values())))
        shown = path.suffix or "(inget)"
        raise ExtractError(name, f"okänt filformat {shown}; kan läsa {known}", "unknown_format")
    return fmt


def read_document(name: str, path: Path | None = None,
                  limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a file (or "-" for standard input) into a Document, or raise ExtractError.

    `path`, when given, is where the file's bytes are (an upload saved to a temporary
    file by the web app); messages still name the file by `name`.
    """
    from vgrklass.extract import plain

    if name == STDIN and path is None:
        return checked(plain.read_stdin(limits))
    path = Path(name) if path is None else path
    if path.is_dir():  # before the suffix: "okänt filformat" would hide what is wrong
        raise ExtractError(name, "är en katalog; ange filerna i den, t.ex. katalog/*.pdf, "
                           "eller --recursive", "unreadable")
    fmt = document_format(name, path)
    if not path.exists():
        raise ExtractError(name, "filen finns inte", "missing")
    if not path.is_file():
        raise ExtractError(name, "är inte en fil", "unreadable")
    try:
        path.open("rb").close()  # unreadable (permissions) said as such, in every format
    except OSError as exc:
        raise plain.unreadable_os_error(name, exc) from None
    if fmt == "pdf":
        from vgrklass.extract.pdf import read_pdf

        document = read_pdf(path, name, limits)
    elif fmt == "docx":
        from vgrklass.extract.word import read_docx

        document = read_docx(path, name, limits)
    else:
        document = plain.read_text_file(path, name, fmt, limits)
    return checked(document)
