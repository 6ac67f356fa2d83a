"""Text out of a document (txt, md, pdf, docx), keeping the parts that say what it is.

A registrar's document says what it is in its title and headings ("Delårsrapport
augusti 2024", "Protokoll ledningsgrupp"), so extraction keeps them apart from the
body. The heavy readers (pypdf, python-docx) are imported only when such a file is
read, so that `vgrklass` starts fast for every other command.

Every failure is an `ExtractError` with a Swedish message naming the file; callers
report it and go on with the next file.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".pdf": "pdf",
    ".docx": "docx",
}
STDIN = "-"

# How many lines at the top of a PDF's first page stand in for its headings: PDFs
# carry no heading markup, and their first lines usually are the document's title block.
PDF_TOP_LINES = 4
# A line of plain text this short, standing alone, without a sentence's end, reads as a heading.
HEADING_MAX_WORDS = 8


class ExtractError(Exception):
    """A document that could not be turned into text; the message is for the user."""

    def __init__(self, name: str, message: str, kind: str):
        self.name = name
        self.kind = kind  # missing | unknown_format | unreadable | encrypted | no_text | empty
        super().__init__(f"{'standard in' if name == STDIN else name}: {message}")


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


def read_document(name: str, path: Path | None = None) -> Document:
    """Read a file (or "-" for standard input) into a Document, or raise ExtractError.

    `path`, when given, is where the file's bytes are (an upload saved to a temporary
    file by the web app); messages still name the file by `name`.
    """
    if name == STDIN and path is None:
        return _checked(document_from_text(_read_stdin(), STDIN, "txt"))
    path = Path(name) if path is None else path
    if path.is_dir():  # before the suffix: "okänt filformat" would hide what is wrong
        raise ExtractError(name, "är en katalog; ange filerna i den, t.ex. katalog/*.pdf",
                           "unreadable")
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted({s for s in SUFFIXES.values()}))
        shown = path.suffix or "(inget)"
        raise ExtractError(name, f"okänt filformat {shown}; kan läsa {known}", "unknown_format")
    if not path.exists():
        raise ExtractError(name, "filen finns inte", "missing")
    if not path.is_file():
        raise ExtractError(name, "är inte en fil", "unreadable")
    if fmt == "pdf":
        document = _read_pdf(path, name)
    elif fmt == "docx":
        document = _read_docx(path, name)
    else:
        document = document_from_text(_read_text_file(path, name), name, fmt)
    return _checked(document)


def _checked(document: Document) -> Document:
    if not any(ch.isalpha() for ch in document.text):
        raise ExtractError(document.name, "dokumentet är tomt (ingen text att klassificera)",
                           "empty")
    return document


# --- plain text and markdown -------------------------------------------------------------

def _read_text_file(path: Path, name: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        from vgrklass.fileio import os_error_text

        raise ExtractError(name, f"kan inte läsas ({os_error_text(exc)})", "unreadable") from None
    return _decode_text(data, name)


def _read_stdin() -> str:
    """Standard in as bytes, so a piped binary file is refused like a binary file on disk."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text-only stream (tests, embedding)
        return sys.stdin.read()
    return _decode_text(buffer.read(), STDIN)


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
    if len(line.split()) > HEADING_MAX_WORDS or not _has_content_word(line):
        return False
    return i == 0 or not lines[i - 1].strip()


_BOILERPLATE_WORD = re.compile(r"^[\d\W_]+$")
_LABEL_VALUE = re.compile(r"^[\w.-]+(?: [\w.-]+)?:\s+\S")


def _has_content_word(line: str) -> bool:
    """Not just numbers, dates, page numbers or punctuation."""
    return any(not _BOILERPLATE_WORD.match(w) and len(w) > 2 for w in line.split())


def first_title_line(lines: list[str]) -> str | None:
    """The first line with a word in it (skipping lines of only dates, numbers, dashes)."""
    for line in lines:
        if _has_content_word(line):
            return line.strip()
    return None


# --- PDF -----------------------------------------------------------------------------------

def _read_pdf(path: Path, name: str) -> Document:
    try:
        from pypdf import PdfReader
        from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError
    except ImportError:  # pragma: no cover - a broken install
        raise ExtractError(name, "PDF kan inte läsas: paketet pypdf saknas", "unreadable") from None
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not for registrars
    encrypted = ExtractError(
        name, "PDF:en är krypterad eller lösenordsskyddad; spara en oskyddad kopia och "
        "försök igen", "encrypted")
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise encrypted
        pages = [page.extract_text() or "" for page in reader.pages]
        meta_title = _pdf_meta_title(reader)
    except ExtractError:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise encrypted from None
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError, AssertionError):
        raise ExtractError(name, "PDF:en är skadad eller går inte att läsa", "unreadable") \
            from None
    text = "\n".join(pages)
    if not any(ch.isalpha() for ch in text):
        raise ExtractError(
            name, f"PDF:en innehåller ingen text ({len(pages)} sidor) – troligen inskannad; "
            "kör textigenkänning (OCR) först", "no_text")
    first_lines = [line.strip() for line in pages[0].splitlines() if _has_content_word(line)] \
        if pages else []
    title = meta_title or first_title_line(first_lines)
    return Document(name=name, format="pdf", title=title,
                    headings=tuple(first_lines[:PDF_TOP_LINES]), text=text)


def _pdf_meta_title(reader: object) -> str | None:
    """The metadata title, unless it is a file name or tool default ("Microsoft Word - x.docx")."""
    try:
        title = (reader.metadata or {}).get("/Title")  # type: ignore[attr-defined]
    except Exception:  # metadata is optional and often broken; the text still counts
        return None
    title = str(title).strip() if title else ""
    if not title or re.search(r"\.(docx?|pdf|odt|rtf|txt)$", title, re.I) \
            or title.lower() in {"untitled", "namnlös", "dokument1", "document1"}:
        return None
    return title


# --- DOCX ----------------------------------------------------------------------------------

def _read_docx(path: Path, name: str) -> Document:
    import zipfile

    try:
        import docx
        from docx.opc.exceptions import OpcError
    except ImportError:  # pragma: no cover - a broken install
        raise ExtractError(name, "Word-filen kan inte läsas: paketet python-docx saknas",
                           "unreadable") from None
    try:
        word = docx.Document(str(path))
        paragraphs = [(p.text.strip(), _style_name(p)) for p in word.paragraphs]
        cells = [cell.text.strip() for table in word.tables for row in table.rows
                 for cell in row.cells]
        meta_title = (word.core_properties.title or "").strip()
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ExtractError(name, "Word-filen är skadad eller inte en .docx-fil "
                           "(äldre .doc stöds inte; spara som .docx)", "unreadable") from None
    title = meta_title or None
    headings: list[str] = []
    for text, style in paragraphs:
        if not text:
            continue
        if style == "title":
            title = title or text
            headings.insert(0, text)
        elif style.startswith(("heading", "rubrik")) or style == "subtitle":
            headings.append(text)
    body = [text for text, _ in paragraphs if text] + _unique(cells)
    if title is None:
        title = headings[0] if headings else first_title_line(body)
    return Document(name=name, format="docx", title=title, headings=tuple(headings),
                    text="\n".join(body))


def _style_name(paragraph: object) -> str:
    try:
        return (paragraph.style.name or "").lower()  # type: ignore[attr-defined]
    except Exception:  # a style missing from styles.xml: treat as body text
        return ""


def _unique(items: list[str]) -> list[str]:
    """Merged table cells repeat their text once per grid cell."""
    seen: set[str] = set()
    return [x for x in items if x and not (x in seen or seen.add(x))]
