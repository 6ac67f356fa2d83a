"""PDF: the text of each page (pypdf), the metadata title, the first lines as headings.

PDFs carry no heading markup; their first lines usually are the document's title block.
pypdf bounds what a stream may decompress to; on top of that a PDF may have at most
`Limits.pages` pages and `Limits.text_chars` characters, a page with more drawing than
`Limits.page_bytes` (a map: pypdf parses some 0.5 MB a second) is left out, and the time
is checked between pages and enforced inside one (`Budget.alarm`). Encryption other than
an empty user password (a password, or a certificate), a filter pypdf does not know, and
a damaged file each get their message.
"""

from __future__ import annotations

import re
from pathlib import Path

from vgrklass.extract.base import (
    MIB,
    Budget,
    Document,
    ExtractError,
    Limits,
    first_title_line,
    has_content_word,
    thousands,
    too_large,
)

# How many lines at the top of a PDF's first page stand in for its headings.
PDF_TOP_LINES = 4


def read_pdf(path: Path, name: str, limits: Limits) -> Document:
    try:
        import pypdf  # noqa: F401
    except ImportError:  # pragma: no cover - a broken install
        raise ExtractError(name, "PDF kan inte läsas: paketet pypdf saknas", "unreadable") from None
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not for registrars
    budget = Budget(name, limits)
    with budget.alarm():
        return _read(path, name, budget)


def _read(path: Path, name: str, budget: Budget) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    limits = budget.limits
    broken = (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError,
              IndexError, RecursionError, AssertionError, ZeroDivisionError, OverflowError)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _encrypted(name)
    except ExtractError:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise _encrypted(name) from None
    except NotImplementedError:
        # Opening only fails so for encryption pypdf cannot undo (a certificate's).
        raise _encrypted(name, "med certifikat") from None
    except broken:
        raise _damaged(name) from None
    try:
        count = len(reader.pages)
        if count > limits.pages:
            raise too_large(name, f"{thousands(count)} sidor (högst {thousands(limits.pages)})")
        pages = []
        left_out = 0
        for page in reader.pages:
            budget.check_time()
            if _content_bytes(page) > limits.page_bytes:
                left_out += 1  # a map or a drawing: its text is not worth minutes
                pages.append("")
                continue
            text = page.extract_text() or ""
            budget.add_text(len(text))
            pages.append(text)
        if pages and left_out == len(pages):
            raise too_large(name, f"varje sida har mer än {limits.page_bytes // MIB} MiB "
                            "innehåll (ritningar eller kartor?)")
        meta_title = _pdf_meta_title(reader)
    except ExtractError:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise _encrypted(name) from None
    except NotImplementedError:
        raise ExtractError(name, "PDF:en använder en komprimering eller funktion som inte "
                           "stöds; spara den som en ny PDF och försök igen", "unreadable") \
            from None
    except MemoryError:
        raise too_large(name, "PDF:en kräver för mycket minne") from None
    except broken:
        raise _damaged(name) from None
    text = "\n".join(pages)
    if not any(ch.isalpha() for ch in text):
        raise ExtractError(
            name, f"PDF:en innehåller ingen text ({len(pages)} sidor) – troligen inskannad; "
            "kör textigenkänning (OCR) först", "no_text")
    first_lines = [line.strip() for line in pages[0].splitlines() if has_content_word(line)] \
        if pages else []
    title = meta_title or first_title_line(first_lines)
    return Document(name=name, format="pdf", title=title,
                    headings=tuple(first_lines[:PDF_TOP_LINES]), text=text)


def _content_bytes(page) -> int:
    """How much drawing a page has: its content streams, uncompressed (fast: zlib)."""
    contents = page.get_contents()
    return len(contents.get_data()) if contents is not None else 0


def _encrypted(name: str, how: str = "eller lösenordsskyddad") -> ExtractError:
    return ExtractError(name, f"PDF:en är krypterad {how}; spara en oskyddad kopia och "
                        "försök igen", "encrypted")


def _damaged(name: str) -> ExtractError:
    return ExtractError(name, "PDF:en är skadad eller går inte att läsa", "unreadable")


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
