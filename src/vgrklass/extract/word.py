"""DOCX: paragraphs with their styles, table cells, and the title, read as a stream.

A .docx is a zip of XML parts. The main part is read with lxml's `iterparse`, element by
element, each dropped once read, so memory stays small whatever the file's size, and
within `Limits`: each part's uncompressed size (checked before it is inflated, and
again while it is: a zip may lie about it), the number of XML elements, paragraphs, table
cells (a
merged cell counts once per column it spans: `gridSpan` 2³¹ is over the limit, not an
allocation), the characters of text and the time. lxml refuses nesting deeper than 256
and never resolves entities. A zip that is damaged, uses a compression other than
deflate, or is not a Word document gets its own message.

What is read matches python-docx's reading of a document (`Document.paragraphs`, the
cells of `Document.tables`, `core_properties.title`): the paragraphs directly in the
body and in the cells of its tables, the text of their runs and hyperlinks (tabs and
line breaks as characters), a paragraph's style by its name.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from vgrklass.extract.base import (
    MIB,
    Budget,
    Document,
    ExtractError,
    Limits,
    first_title_line,
    thousands,
    too_large,
)

MAIN_NAMESPACES = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                   "http://purl.oclc.org/ooxml/wordprocessingml/main")  # transitional, strict
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
SMALL_PART = 4 * MIB  # relationships and core properties: a few kilobytes in real files
CHECK_EVERY = 4096  # XML elements between checks of the time

# Where paragraphs python-docx reads sit: in the body, or in a cell of a table in it.
BODY = ("document", "body")
CELL = (*BODY, "tbl", "tr", "tc")
_PARAGRAPHS = frozenset({BODY, CELL})
_RUNS = frozenset(path + extra for path in _PARAGRAPHS for extra in (("p",), ("p", "hyperlink")))
_RUN_TEXT = frozenset(path + ("r",) for path in _RUNS)
_BREAKS = {"tab": "\t", "ptab": "\t", "cr": "\n", "noBreakHyphen": "-"}


class _Damaged(Exception):
    """Something in the zip or its XML that no Word document has."""


def read_docx(path: Path, name: str, limits: Limits) -> Document:
    from lxml.etree import LxmlError

    budget = Budget(name, limits)
    try:
        with zipfile.ZipFile(path) as archive:
            package = _Package(archive, name, limits)
            main = package.main_part()
            paragraphs, cells = _read_body(package, main, budget)
            styles = _read_styles(package, main)
            meta_title = package.title()
    except ExtractError:
        raise
    except OSError as exc:
        if isinstance(exc, (FileNotFoundError, PermissionError, IsADirectoryError)):
            from vgrklass.extract.plain import unreadable_os_error

            raise unreadable_os_error(name, exc) from None
        raise _not_docx(name) from None
    except MemoryError:
        raise too_large(name, "Word-filen kräver för mycket minne") from None
    except LxmlError as exc:
        if "depth" in str(exc).lower():
            raise ExtractError(name, "Word-filen är skadad: dess XML är nästlad djupare än "
                               "256 nivåer", "unreadable") from None
        raise ExtractError(name, "Word-filen är skadad: dess XML går inte att läsa",
                           "unreadable") from None
    except (_Damaged, zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError,
            UnicodeError, RuntimeError, NotImplementedError):
        raise _not_docx(name) from None
    title = meta_title or None
    headings: list[str] = []
    for text, style_id in paragraphs:
        if not text:
            continue
        style = styles.name(style_id)
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


def _not_docx(name: str) -> ExtractError:
    return ExtractError(name, "Word-filen är skadad eller inte en .docx-fil "
                        "(äldre .doc stöds inte; spara som .docx)", "unreadable")


class _Package:
    """The zip's parts as the readers need them: found through the relationships, each
    opened only within its size limit and with a compression zipfile can inflate."""

    def __init__(self, archive: zipfile.ZipFile, name: str, limits: Limits):
        self.archive = archive
        self.name = name
        self.limits = limits

    def open(self, part: str, limit: int) -> BinaryIO | None:
        """The part's uncompressed bytes as a stream, or None if the zip has no such part."""
        try:
            info = self.archive.getinfo(part)
        except KeyError:
            return None
        if info.flag_bits & 0x1:
            raise ExtractError(self.name, "Word-filen är krypterad eller lösenordsskyddad; "
                               "spara en oskyddad kopia och försök igen", "encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ExtractError(
                self.name, f"Word-filen är packad med en komprimering som inte stöds "
                f"(metod {info.compress_type}); spara den som .docx i Word och försök igen",
                "unreadable")
        if info.file_size > limit:
            raise self._over(part, info.file_size, limit)
        return _Capped(self.archive.open(info), lambda: self._over(part, None, limit), limit)

    def _over(self, part: str, size: int | None, limit: int) -> ExtractError:
        said = f" är {thousands(size / MIB)} MiB" if size is not None else ""
        return too_large(self.name, f"delen {part}{said} okomprimerad "
                         f"(högst {thousands(limit / MIB)} MiB)")

    def related(self, source: str, kind: str) -> str | None:
        """The part a relationship of that kind ('officeDocument', 'styles') points to
        from the source part ('' for the package)."""
        folder, base = posixpath.split(source)
        stream = self.open(posixpath.join(folder, "_rels", f"{base}.rels"), SMALL_PART)
        if stream is None:
            return None
        for element in _elements(stream, {RELATIONSHIP}):
            if element.get("Type", "").rsplit("/", 1)[-1] == kind and \
                    element.get("TargetMode") != "External":
                target = element.get("Target", "")
                if target.startswith("/"):
                    return target.lstrip("/")
                return posixpath.normpath(posixpath.join(folder, target))
        return None

    def main_part(self) -> str:
        part = self.related("", "officeDocument")
        if part is None:
            raise _Damaged("no main part")
        return part

    def title(self) -> str:
        part = self.related("", "core-properties")
        stream = self.open(part, SMALL_PART) if part else None
        if stream is None:
            return ""
        for element in _elements(stream, {DC_TITLE}):
            return (element.text or "").strip()
        return ""


class _Capped:
    """A stream that refuses to give more than `limit` bytes: a zip that understates a
    part's size is stopped here, not in memory."""

    def __init__(self, stream: BinaryIO, error, limit: int):
        self.stream = stream
        self.error = error
        self.left = limit

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size if size >= 0 else self.left + 1)
        self.left -= len(data)
        if self.left < 0:
            raise self.error()
        return data


def _iterparse(stream, events: tuple[str, ...], tags=None):
    from lxml import etree

    return etree.iterparse(stream, events=events, tag=tags, resolve_entities=False,
                           no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=True, remove_pis=True)


def _elements(stream, tags: set[str]):
    """The elements with these tags, each complete, and dropped after use."""
    for _, element in _iterparse(stream, ("end",), tags):
        yield element
        _drop(element)


def _drop(element) -> None:
    element.clear()
    while element.getprevious() is not None:
        del element.getparent()[0]


def _local(tag, cache: dict[str, str | None]) -> str | None:
    """The element's name in the WordprocessingML namespace, None for any other."""
    try:
        return cache[tag]
    except KeyError:
        pass
    local = None
    if isinstance(tag, str) and tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        if namespace in MAIN_NAMESPACES:
            local = name
    cache[tag] = local
    return local


def _read_body(package: _Package, main: str, budget: Budget
               ) -> tuple[list[tuple[str, str | None]], list[str]]:
    """(paragraph text stripped, its style id) for the body's paragraphs, and the text
    of each table cell, in order."""
    stream = package.open(main, budget.limits.part_bytes)
    if stream is None:
        raise _Damaged("main part missing")
    limits = budget.limits
    names: dict[str, str | None] = {}
    path: list[str | None] = []
    paragraphs: list[tuple[str, str | None]] = []
    cells: list[str] = []
    text: list[str] = []  # the current paragraph's
    cell: list[str] = []  # the current cell's paragraphs
    style: str | None = None
    merged_below = False  # the current cell continues the one above (vMerge)
    count = grid = seen = 0
    for event, element in _iterparse(stream, ("start", "end")):
        seen += 1
        if seen % CHECK_EVERY == 0:
            budget.check_time()
            if seen > 2 * limits.elements:  # a start and an end event each
                raise too_large(budget.name, f"fler än {thousands(limits.elements)} "
                                "XML-element")
        if event == "start":
            local = _local(element.tag, names)
            if local == "p":
                count += 1
                if count > limits.paragraphs:
                    raise too_large(budget.name, f"fler än {thousands(limits.paragraphs)} "
                                    "stycken")
                if tuple(path) in _PARAGRAPHS:  # not one in a text box inside a paragraph
                    text, style = [], None
            elif local == "tc" and tuple(path) == CELL[:-1]:
                cell, merged_below = [], False
            elif not path and local != "document":
                raise _Damaged("not a Word document")
            path.append(local)
            continue
        local = path.pop()
        where = tuple(path)
        if local in ("t", "tab", "ptab", "cr", "noBreakHyphen", "br") and where in _RUN_TEXT:
            if local == "t":
                text.append(element.text or "")
            elif local == "br":
                text.append("\n" if element.get(f"{{{_namespace(element)}}}type",
                                                 "textWrapping") == "textWrapping" else "")
            else:
                text.append(_BREAKS[local])
        elif local == "p" and where in _PARAGRAPHS:
            words = "".join(text)
            budget.add_text(len(words))
            if where == BODY:
                paragraphs.append((words.strip(), style))
            else:
                cell.append(words)
        elif local == "pStyle" and where[:-2] in _PARAGRAPHS and where[-2:] == ("p", "pPr"):
            style = element.get(f"{{{_namespace(element)}}}val")
        elif local in ("gridSpan", "vMerge") and where == (*CELL, "tcPr"):
            value = element.get(f"{{{_namespace(element)}}}val")
            if local == "vMerge":
                merged_below = value in (None, "continue")
            else:
                grid += _span(value) - 1
        elif local == "tc" and where == CELL[:-1]:
            grid += 1
            if grid > limits.cells:
                raise too_large(budget.name, f"tabellerna har fler än "
                                f"{thousands(limits.cells)} celler")
            if not merged_below:
                cells.append("\n".join(cell).strip())
        _drop(element)
    return paragraphs, cells


def _namespace(element) -> str:
    return element.tag[1:].partition("}")[0]


def _span(value: str | None) -> int:
    try:
        return max(int(value or "1"), 1)
    except ValueError:
        raise _Damaged("gridSpan") from None


class _Styles:
    """Paragraph styles by id: their names, lower case, and the default's."""

    def __init__(self, names: dict[str, str | None], default: str):
        self.names = names  # None: a style of another type (a character style)
        self.default = default

    def name(self, style_id: str | None) -> str:
        found = self.names.get(style_id) if style_id is not None else None
        return self.default if found is None else found


def _read_styles(package: _Package, main: str) -> _Styles:
    """The names of the paragraph styles (python-docx: a missing or non-paragraph style
    is the default paragraph style, the last one marked default)."""
    part = package.related(main, "styles")
    stream = package.open(part, package.limits.part_bytes) if part else None
    if stream is None:
        return _Styles({}, "")
    names: dict[str, str | None] = {}
    default = ""
    tags = {f"{{{ns}}}style" for ns in MAIN_NAMESPACES}
    for element in _elements(stream, tags):
        ns = _namespace(element)
        found = element.find(f"{{{ns}}}name")
        name = ((found.get(f"{{{ns}}}val") if found is not None else None) or "").lower()
        paragraph = element.get(f"{{{ns}}}type", "paragraph") == "paragraph"
        style_id = element.get(f"{{{ns}}}styleId")
        if style_id is not None and style_id not in names:
            names[style_id] = name if paragraph else None
        if paragraph and element.get(f"{{{ns}}}default") == "1":
            default = name
    return _Styles(names, default)


def _unique(items: list[str]) -> list[str]:
    """Merged table cells repeat their text once per grid cell."""
    seen: set[str] = set()
    return [x for x in items if x and not (x in seen or seen.add(x))]
