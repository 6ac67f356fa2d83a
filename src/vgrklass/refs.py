"""Cross-references between nodes, derived from the node texts at load time.

The text is the single source of truth: "Underlag till budget hanteras i P 2.4.1" is
an edge 1.2 → 2.4.1. Nothing about references is stored in the YAML, so the edges can
never drift from what the registrar reads.

Recognised forms (whitespace, including line breaks, may separate the parts):
- an explicit kind: `P 2.4.1`, `PG 2.3`, `VO 7`, and lists `P 2.5.3 och 2.5.4`;
- a bare code after `process`/`processen`/`processerna`: `process 13.2 "…"`;
- a bare dotted code after a referring word (`i`, `under`, `se`, `jämför`) when a
  title follows (a quote or a capital letter): `hanteras i 1.3 "Utföra …"`,
  `Jämför 1.8 Besvara remisser och enkäter`.
Paragraphs (`§ 85`), dates, diarienummer (`RS 2020-07454`), `RF 2014/§120`, SFS
numbers (`2003:1210`), version numbers (`1.3:2017`) and list items (`1)`) never match:
they lack the kind or the referring word, or the code is glued to more digits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from vgrklass.structure import Node, Structure, normalise_code

# Text fields that can hold references, in the order they are shown.
TEXT_FIELDS = ("description", "comments", "handling")

# A code: 1–3 digit parts without leading zeros; not glued to further digits, so
# `2014-05`, `1.3:2017`, `2.0` and `2003:1210` are not codes.
_NOT_GLUED = r"(?![\d]|[.,:/\-–]\d)"
_CODE = rf"[1-9]\d{{0,2}}(?:\.[1-9]\d{{0,2}})*{_NOT_GLUED}"
_DOTTED_CODE = rf"[1-9]\d{{0,2}}(?:\.[1-9]\d{{0,2}})+{_NOT_GLUED}"
_LIST_SEP = r"\s*(?:,|\boch\b|\beller\b|\bsamt\b|\brespektive\b)\s*"
# Not preceded by a letter/digit (so `värdskaP 1` or `XP 2` is no reference).
_KIND = r"(?<![\w§/\-])(?P<kind>VO|PG|P)"
_EXPLICIT = re.compile(
    rf"{_KIND}\s+(?P<codes>{_CODE}(?:{_LIST_SEP}{_CODE})*)"
)
_PROCESS_WORD = re.compile(
    rf"(?<![\w])[Pp]rocess(?:en|erna)?\s+(?P<codes>{_CODE}(?:{_LIST_SEP}{_CODE})*)"
)
_REFERRING_WORD = re.compile(
    rf"(?<![\w])(?:i|under|[Ss]e|[Jj]ämför)\s+(?P<codes>{_DOTTED_CODE})"
    r"(?=\s*[\"“”A-ZÅÄÖ])"
)
_ONE_CODE = re.compile(_CODE)
_CODE_START = re.compile(r"[1-9]")  # every code pattern needs one
_QUOTED = re.compile(r"\s*[\"“”](?P<title>[^\"“”]*)[\"“”]")
# Sentence boundaries: a paragraph break, end punctuation before a capital, or a line
# break before a capital (the comments often put one statement per line).
_BOUNDARY = re.compile(r"\n\s*\n|(?<=[.!?])\s+(?=[\"“A-ZÅÄÖ])|\n(?=\s*[\"“A-ZÅÄÖ•\-])")


@dataclass(frozen=True, slots=True)
class Ref:
    """One reference: `source` mentions `target` in the sentence `text`."""

    source: str
    target: str
    target_kind: str | None  # as written (P/PG/VO), else the target's kind; None if unknown
    text: str  # the sentence the reference stands in, whitespace collapsed
    field: str  # where it was found: description, comments, handling or examples
    index: int | None = None  # position in examples when field == "examples"
    title: str | None = None  # the title written after the code, if any
    title_quoted: bool = False  # True when that title was in quotes

    def as_dict(self) -> dict:
        """The stable JSON form of an edge (documented in docs/hanvisningar.md)."""
        return {"source": self.source, "target": self.target,
                "target_kind": self.target_kind, "text": self.text}


def extract_refs(node: Node, structure: Structure | None = None) -> list[Ref]:
    """Every reference in the node's texts, in text order.

    `structure` resolves the kind of a bare code (`process 13.2`); without it that
    kind is None.
    """
    refs: list[Ref] = []
    for field, index, text in _texts(node):
        for start, end, kind, code, _, title, quoted in _matches(text):
            target = normalise_code(code)
            if kind is None and structure is not None:
                found = structure.nodes.get(target)
                kind = found.kind if found else None
            ref = Ref(node.code, target, kind, _sentence(text, start, end), field, index,
                      title, quoted)
            if ref not in refs:
                refs.append(ref)
    return refs


def all_refs(structure: Structure) -> list[Ref]:
    """Every edge in the structure, in source order of the referring nodes.

    Remembered with the structure (`Structure.derived`): validate's four reference rules
    and show's incoming list would otherwise each scan every text again (issue 9).
    """
    found = structure.derived.get("refs")
    if found is None:
        found = structure.derived["refs"] = _cached_all_refs(structure)
    return list(found)


def _cached_all_refs(structure: Structure) -> list[Ref]:
    """From the cache when the structure came from a file (keyed by its content hash);
    a structure that validate builds has no digest and is always scanned afresh."""

    def build() -> list[Ref]:
        return [ref for node in structure for ref in extract_refs(node, structure)]

    if not structure.digest:
        return build()
    from vgrklass import cache

    return cache.cached("refs", structure.digest, build, expect=list)


def outgoing(structure: Structure, code: str) -> list[Ref]:
    node = structure.get(code)
    return extract_refs(node, structure) if node else []


def incoming(structure: Structure, code: str) -> list[Ref]:
    target = normalise_code(code)
    return [ref for ref in all_refs(structure) if ref.target == target]


def source_in_force(structure: Structure, ref: Ref, on: dt.date) -> bool:
    node = structure.nodes.get(ref.source)
    return node is not None and structure.effective_in_force(node, on)


def _texts(node: Node) -> Iterator[tuple[str, int | None, str]]:
    for field in TEXT_FIELDS:
        text = getattr(node, field)
        if text:
            yield field, None, text
    for i, example in enumerate(node.examples):
        yield "examples", i, example


def code_positions(text: str) -> list[tuple[int, str]]:
    """(position, code) of each code the text refers to, in text order; the position is
    where the code itself is written. The one reading of references in a text: search
    asks it for the target of a comment that sends a document type elsewhere
    (`search.index.redirect`)."""
    return [(at, code) for _, _, _, code, at, _, _ in _matches(text)]


def _matches(text: str
             ) -> Iterator[tuple[int, int, str | None, str, int, str | None, bool]]:
    """(start, end, kind or None, code, where the code is, title, title quoted) for each
    code referred to."""
    if _CODE_START.search(text) is None:  # most texts have no code at all: skip the patterns
        return
    taken: list[tuple[int, int]] = []
    found = []
    for pattern, has_kind in ((_EXPLICIT, True), (_PROCESS_WORD, False),
                              (_REFERRING_WORD, False)):
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if _is_list_item(text, m):
                continue
            taken.append((m.start(), m.end()))
            kind = m.group("kind") if has_kind else None
            title, quoted, end = _title_after(text, m.end())
            codes = list(_ONE_CODE.finditer(m.group("codes")))
            # A list continues with codes of the same shape: "P 1.3 och 1.7", but not
            # "P 1.3 och 5" (a count, not a code).
            dotted = "." in codes[0].group()
            codes = [c for c in codes if ("." in c.group()) == dotted]
            for i, c in enumerate(codes):
                # Only the last code of a list can carry the title that follows.
                last = i == len(codes) - 1
                found.append((m.start(), end if last else m.end(), kind, c.group(),
                              m.start("codes") + c.start(), title if last else None,
                              quoted and last))
    found.sort(key=lambda f: f[0])
    yield from found


def _is_list_item(text: str, m: re.Match) -> bool:
    """`P\\n1) Avtal …`: a numbered list item that happens to follow a kind letter."""
    start = m.start("codes")
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip() and text[m.end("codes"):].startswith(")")


def _title_after(text: str, pos: int) -> tuple[str | None, bool, int]:
    """The title written after a code: quoted, or the rest of its sentence if it starts
    with a capital letter. Returns (title, quoted, end of the reference)."""
    quoted = _QUOTED.match(text, pos)
    if quoted:
        return " ".join(quoted.group("title").split()), True, quoted.end()
    rest = text[pos:]
    stop = _BOUNDARY.search(rest)
    tail = rest[: stop.start() if stop else len(rest)]
    tail = " ".join(tail.split()).rstrip(".!?;: ")
    if tail[:1].isupper():
        return tail, False, pos
    return None, False, pos


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence that contains text[start:end], whitespace collapsed."""
    begin, finish = 0, len(text)
    for b in _BOUNDARY.finditer(text):
        if b.end() <= start:
            begin = b.end()
        elif b.start() >= end:
            finish = b.start()
            break
    return " ".join(text[begin:finish].split())


def normalise_title(title: str) -> str:
    """For comparing titles: case, whitespace and end punctuation do not matter."""
    return " ".join(title.casefold().split()).strip(" .,;:")


def title_matches(written: str, actual: str, quoted: bool) -> bool:
    """A quoted title must be the title; an unquoted one is the rest of the sentence,
    so it only has to start with the title (or be cut short of it)."""
    w, a = normalise_title(written), normalise_title(actual)
    if quoted:
        return w == a
    return w.startswith(a) or a.startswith(w)
