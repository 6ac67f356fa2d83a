#!/usr/bin/env python3
"""Convert the PDF text extract of the classification structure into data/klassificering.yaml.

Usage:
    python tools/seed_to_yaml.py [SEED] [OUT]

SEED defaults to ../shared/seed/klassificeringsstruktur-rs.txt (relative to the repo root),
OUT to data/klassificering.yaml. Re-running it reproduces the data file exactly.

The seed is text extracted from a three-column PDF table (description | comments |
handling principle). Extraction flattened the columns, so a node's text comes in
this order: header line (code + title, often followed by the start of the
description), rest of the description, "Exempel på handlingar:" block, comment
paragraphs, handling principle. Titles wrap over several lines, blank lines
sometimes appear in the middle of a wrapped title or description, page headers
repeat, and one process lacks its "P" prefix ("12.6").

The parser is generic; the few places where the source is ambiguous are settled
in EXAMPLE_MERGES / EXTRA_HARD_BREAKS / OVERRIDES, so that the output is reproducible.

Judgement calls (see also the comments at each table):
* Text is verbatim, typos included ("delegeringssbeslut", "krishanteringspla", ...).
  Runs of spaces are collapsed, also inside titles ("Utveckla  och införa IS/IT").
* The seed has a capital P where the PDF text probably had "p." at the end of a
  line ("värdskaP", "beredskaP", "krisberedskaP", "KoncerninköP",
  "kvalitetsregisterkunskaP"); kept as in the seed.
* Text between the description and "Exempel på handlingar:" belongs to the
  description column (4.1 "Omfattar även bolagen.").
* "Exempel på handlingstyper:" (3.7) is read like "Exempel på handlingar:";
  "Exempel på de olika försäkringar som kan tecknas är: ..." (2.4.6, 9.7) is a comment.
* Comments: wrapped lines are joined with a space; real line breaks (a short line,
  list items "- "/"1) ") are kept as single newlines, paragraphs as blank lines.
* Examples: duplicates inside one list are kept as in the source (13.5, 18.5);
  "m.m." stays on its item.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SEED = REPO.parent / "shared" / "seed" / "klassificeringsstruktur-rs.txt"
DEFAULT_OUT = REPO / "data" / "klassificering.yaml"

SCHEMA_COMMENT = "yaml-language-server: $schema=../schema/klassificering.schema.json"
ORGANISATION = "Västra Götalandsregionen"

# --------------------------------------------------------------------------- page furniture

PAGE_FURNITURE = [
    re.compile(
        r"^\s*Processbeskrivning med exempel på handlingar Övriga kommentarer"
        r" Principer för hantering\s*$"
    ),
    re.compile(r"^\s*Klassificeringsstruktur för regionstyrelsen .*Gäller från datum:.*$"),
    re.compile(r"^\s*Version:\s*\S+\s*$"),
    re.compile(r"^\s*Diarienummer:.*$"),
    re.compile(r"^\s*(VO|PG|P)\s*$"),
    re.compile(r"^\s*Nr Verksamhetsområde\s*$"),
    re.compile(r"^\s*Processgrupp\s*$"),
    re.compile(r"^\s*Process\s*$"),
    re.compile(r"^\s*\d{1,3}\s*$"),  # lone page number
]

# --------------------------------------------------------------------------- node headers

# "VO 1. TITLE", "PG 2.1 Title", "P 2.1.1 Title", and the bare "12.6 Title".
HEADER_RE = re.compile(r"^\s*(?:(VO|PG|P)\s+)?(\d+(?:\.\d+)*)\.?\s+(\S.*)$")

# Where the description starts when it follows the title on the same line.
DESC_START_RE = re.compile(
    r"\b(?:Processen\b|Här\b|(?:Tillagd|Borttagen|Upphörd) \d{4}-\d{2}-\d{2})"
)
DATE_SENTENCE_RE = re.compile(r"^(Tillagd|Borttagen|Upphörd) (\d{4}-\d{2}-\d{2})\.\s*")
EXAMPLES_RE = re.compile(r"^\s*Exempel på (?:handlingar|handlingstyper):\s*")
HANDLING = "Handlingar och ärenden stannar kvar i regionstyrelsen."

# Per-node corrections of things the generic rules cannot know. Keys are codes.
# (Kept deliberately tiny; every entry is explained.)
OVERRIDES: dict[str, dict] = {}

# Example lists where a comma does NOT separate document types: the source means
# the whole phrase as one item. (Checked by hand against the seed.)
EXAMPLE_MERGES: dict[str, list[str]] = {
    # "…till nämnder och styrelser, bolag, rättsinstanser, stiftelser, mm" is one
    # document type (nomination papers to all those bodies), not four plus "mm".
    "3.1.1": [
        "underlag till partiernas nomineringar till nämnder och styrelser, bolag, "
        "rättsinstanser, stiftelser, mm"
    ],
    # Same wording as 2.4.6, where the source sets it off with semicolons.
    "9.7": ["Handlingar rörande ansvarsfrågor, ansvarsskador och egendomsskador"],
}

# Comment lines after which the source breaks the line although the next word
# would have fitted only just (so the width rule in comment_text cannot see it):
# (code, start of the line that begins a new line).
EXTRA_HARD_BREAKS: set[tuple[str, str]] = {
    ("2.5.4", "Beställning av upphandling"),
    ("2.9.2", "Säkerhetsklassning av analoga"),  # four separate notes, one a line
    ("2.14", "Handlingar om tillträde"),  # ditto
    ("14.1", "Regional strategi"),
    ("14.4", "Regional strategi"),
    ("15.1", "Analysera extraordinära"),
}


@dataclass
class Node:
    code: str
    kind: str
    lines: list[str]  # raw lines of the node, header line first (header line already cut)
    title: str = ""
    added: dt.date | None = None
    removed: dt.date | None = None
    removed_as: str | None = None
    description: str | None = None
    examples: list[str] = field(default_factory=list)
    comments: str | None = None
    handling: str | None = None
    children: list[Node] = field(default_factory=list)


# --------------------------------------------------------------------------- text helpers


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines with one space and collapse whitespace.

    A line that ends in a hyphen with no trailing space was broken inside a word
    ("IS/IT-" + "strategisk"), so it is joined without a space; so is a line whose
    continuation starts with a comma ("Uppdrags-" + ", och").
    """
    out = ""
    prev_raw = ""
    for raw in lines:
        if not raw.strip():
            continue
        piece = raw.strip()
        cut_in_word = out.endswith("-") and not prev_raw.endswith(" ")
        if not out:
            out = piece
        elif cut_in_word or piece.startswith(","):
            out += piece
        else:
            out += " " + piece
        prev_raw = raw
    return re.sub(r"\s+", " ", out).strip()


def _split_top(text: str, seps: str) -> list[str]:
    """Split on any of `seps` outside parentheses."""
    parts: list[str] = []
    depth = 0
    cur = ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if depth == 0 and ch in seps:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def _split_sentences(text: str) -> list[str]:
    """Split at a sentence break inside a list ("uppdragshandling. Registerutdrag ...")."""
    parts: list[str] = []
    depth = 0
    cur = ""
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if (
            depth == 0
            and ch == "."
            and text[i + 1 : i + 2] == " "
            and text[i + 2 : i + 3].isupper()
            and not re.search(r"(?:\b\w\.\w|\bm\.m|\bt\.ex|\bmm|\bfl)$", cur)
        ):
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def split_examples(text: str, code: str = "") -> list[str]:
    """Split an example list into document types.

    * commas and semicolons outside parentheses separate items;
    * but where the source uses semicolons as the stronger separator, a segment
      standing between two semicolons is ONE item even if it contains commas
      ("…sökandeförteckning; dokumentation av referenstagning, anställningsintervju
      och test; beslut om tillsättning");
    * a sentence break inside the list also separates items;
    * suspended compounds ("Order-, Uppdrags-, och Beställningsbekräftelser") are
      one item: an item that ends with a hyphen is glued to the next one;
    * a single period closing the list is dropped (not the one of "m.m.");
    * EXAMPLE_MERGES re-joins the few comma-lists that the source means as one item.
    """
    raw: list[str] = []
    for sentence in _split_sentences(text):
        segs = _split_top(sentence, ";")
        for k, seg in enumerate(segs):
            if 0 < k < len(segs) - 1:
                raw.append(seg)
            else:
                raw.extend(_split_top(seg, ","))
    items = [re.sub(r"\s+", " ", it).strip() for it in raw]
    glued: list[str] = []
    pending = ""
    for it in items:
        if pending:
            it = pending + ", " + it if it else pending
            pending = ""
        if it.endswith("-"):
            pending = it
            continue
        glued.append(it)
    if pending:
        glued.append(pending)
    glued = [it for it in glued if it]
    if glued:
        last = glued[-1]
        if last.endswith(".") and not re.search(r"\bm\.m\.$", last):
            glued[-1] = last[:-1].rstrip()
    for merged in EXAMPLE_MERGES.get(code, []):
        glued = _merge(glued, merged, code)
    return [it for it in glued if it]


def _merge(items: list[str], merged: str, code: str) -> list[str]:
    for i in range(len(items)):
        for j in range(i + 2, len(items) + 1):
            if ", ".join(items[i:j]) == merged:
                return items[:i] + [merged] + items[j:]
    raise SystemExit(f"{code}: EXAMPLE_MERGES entry not found: {merged!r}")


def paragraphs(lines: list[str]) -> list[list[str]]:
    paras: list[list[str]] = []
    cur: list[str] = []
    for ln in lines:
        if ln.strip():
            cur.append(ln)
        elif cur:
            paras.append(cur)
            cur = []
    if cur:
        paras.append(cur)
    return paras


# --------------------------------------------------------------------------- parsing


def clean_lines(text: str) -> tuple[list[str], dict]:
    meta: dict = {}
    lines = text.split("\n")
    out = []
    for ln in lines:
        m = re.match(
            r"^\s*(Klassificeringsstruktur för regionstyrelsen i .+?) Gäller från datum: (\S+)", ln
        )
        if m:
            meta.setdefault("title", m.group(1).strip())
            meta.setdefault("valid_from", dt.date.fromisoformat(m.group(2)))
        m = re.match(r"^\s*Version:\s*(\S+)", ln)
        if m:
            meta.setdefault("version", m.group(1))
        m = re.match(r"^\s*Diarienummer:\s*(.+?)\s*$", ln)
        if m:
            meta.setdefault("diarienummer", m.group(1))
        if any(p.match(ln) for p in PAGE_FURNITURE):
            out.append("")
        else:
            out.append(ln.rstrip("\n"))
    return out, meta


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def find_nodes(lines: list[str]) -> list[Node]:
    """Cut the line list into nodes.

    A line is a node header when it starts with a code (with VO/PG/P prefix, or bare),
    the previous line is blank, a header or a closing handling principle, the code is
    new, and its parent code has already been seen (or it is a VO). This rejects
    cross-references that happen to start a wrapped comment line
    ("PG 2.3 Hantera ...", "2.5.4 Hantera ...").
    """
    nodes: list[Node] = []
    seen: set[str] = set()
    prev_is_break = True
    for ln in lines:
        m = HEADER_RE.match(ln)
        is_header = False
        if m and prev_is_break:
            kind, code, rest = m.group(1), m.group(2), m.group(3)
            par = parent_code(code)
            if kind == "VO":
                ok = "." not in code
            elif kind in ("PG", "P"):
                ok = par is not None and par in seen
            else:  # bare code: only a process can be written without prefix
                ok = par is not None and par in seen and rest[:1].isupper()
                kind = "P"
            if ok and code not in seen:
                is_header = True
                seen.add(code)
                nodes.append(Node(code=code, kind=kind, lines=[rest]))
        if not is_header:
            if nodes:
                nodes[-1].lines.append(ln)
            elif ln.strip():
                raise SystemExit(f"text before first node: {ln!r}")
        # a header follows a blank line, another header, or the handling principle that
        # closes the previous node (page breaks sometimes eat the blank line)
        prev_is_break = is_header or not ln.strip() or ln.strip().endswith(HANDLING)
    return nodes


def take_date(node: Node, text: str) -> str:
    m = DATE_SENTENCE_RE.match(text)
    if not m:
        return text
    word, date = m.group(1), dt.date.fromisoformat(m.group(2))
    if word == "Tillagd":
        node.added = date
    else:
        node.removed = date
        if word == "Upphörd":
            node.removed_as = "Upphörd"
    return text[m.end() :]


def parse_group(node: Node) -> None:
    """VO/PG: title wraps until a blank line; a date sentence may follow the title."""
    title_lines: list[str] = []
    rest: list[str] = []
    in_title = True
    for ln in node.lines:
        if in_title and ln.strip():
            title_lines.append(ln)
        elif in_title and title_lines:
            in_title = False
        else:
            rest.append(ln)
    title = join_lines(title_lines)
    m = DESC_START_RE.search(title)
    tail = ""
    if m:
        title, tail = title[: m.start()].strip(), title[m.start() :]
    node.title = title
    tail = take_date(node, tail).strip()
    body = join_lines([tail, *rest]) if tail or any(x.strip() for x in rest) else ""
    if body:
        node.description = body


def parse_process(node: Node) -> None:
    lines = list(node.lines)
    first = lines[0]
    m = DESC_START_RE.search(first)
    if m:
        title_lines = [first[: m.start()]]
        body = [first[m.start() :], *lines[1:]]
    else:
        # The title wraps; it ends where a line starts with the description.
        title_lines = [first]
        i = 1
        while i < len(lines):
            s = lines[i].strip()
            if s and (DESC_START_RE.match(s) or EXAMPLES_RE.match(s)):
                break
            if s:
                m2 = DESC_START_RE.search(s)
                if m2:  # title continuation followed by description start on same line
                    title_lines.append(s[: m2.start()])
                    lines[i] = s[m2.start() :]
                    break
                title_lines.append(lines[i])
            i += 1
        body = lines[i:]
    node.title = join_lines(title_lines)

    # description: everything up to "Exempel på handlingar:"
    ex_idx = next((k for k, ln in enumerate(body) if EXAMPLES_RE.match(ln)), None)
    if ex_idx is None:
        raise SystemExit(f"{node.code}: no 'Exempel på handlingar' block")
    desc = join_lines(body[:ex_idx])
    desc = take_date(node, desc).strip()
    node.description = desc or None

    # examples: from the marker to the first blank line
    j = ex_idx
    ex_lines = [EXAMPLES_RE.sub("", body[j])]
    j += 1
    # "Exempel på handlingar:" alone on its line: the list starts on the next line
    while j < len(body) and (body[j].strip() or not join_lines(ex_lines)):
        ex_lines.append(body[j])
        j += 1
    node.examples = split_examples(join_lines(ex_lines), node.code)

    # comments + handling principle
    rest = body[j:]
    handling = None
    comment_paras: list[str] = []
    for para in paragraphs(rest):
        text = comment_text(node.code, para)
        k = text.find(HANDLING)
        if k >= 0:
            if handling is not None:
                raise SystemExit(f"{node.code}: two handling principles")
            handling = HANDLING
            before, after = text[:k].strip(), text[k + len(HANDLING) :].strip()
            if after:
                raise SystemExit(f"{node.code}: text after handling principle: {after!r}")
            text = before
        if text:
            comment_paras.append(text)
    node.handling = handling
    node.comments = "\n\n".join(comment_paras) or None


# Width of the comment column in characters (longest comment line in the seed is 72).
# A line break is a real one, not a wrap, when the next word would have fitted on
# the line with room to spare.
HARD_BREAK_WIDTH = 60
LIST_ITEM_RE = re.compile(r"^\s*(?:- |\d\) )")


def comment_text(code: str, para: list[str]) -> str:
    """A comment paragraph: wrapped lines joined with a space.

    Line breaks that are not wraps (short line, list items "- " / "1) ", and the few
    in EXTRA_HARD_BREAKS) are kept as single newlines: joining them would run
    separate notes, references and list items together.
    """
    groups: list[list[str]] = []
    for ln in para:
        if groups:
            prev = groups[-1][-1].rstrip()
            first_word = ln.split()[0]
            hard = (
                len(prev) + 1 + len(first_word) <= HARD_BREAK_WIDTH
                or LIST_ITEM_RE.match(ln)
                or any(code == c and ln.strip().startswith(start) for c, start in EXTRA_HARD_BREAKS)
            )
            if not hard:
                groups[-1].append(ln)
                continue
        groups.append([ln])
    return "\n".join(join_lines(g) for g in groups)


def build_tree(nodes: list[Node]) -> list[Node]:
    by_code: dict[str, Node] = {}
    roots: list[Node] = []
    for n in nodes:
        by_code[n.code] = n
        par = parent_code(n.code)
        if par is None:
            roots.append(n)
        else:
            by_code[par].children.append(n)
    return roots


def parse(text: str) -> tuple[dict, list[Node], list[Node]]:
    lines, meta = clean_lines(text)
    nodes = find_nodes(lines)
    for n in nodes:
        if n.kind == "P":
            parse_process(n)
        else:
            parse_group(n)
        for key, value in OVERRIDES.get(n.code, {}).items():
            setattr(n, key, value)
    by_code = {n.code: n for n in nodes}
    for c, start in EXTRA_HARD_BREAKS:
        if "\n" + start not in (by_code[c].comments or ""):
            raise SystemExit(f"{c}: EXTRA_HARD_BREAKS entry not used: {start!r}")
    return meta, nodes, build_tree(nodes)


# --------------------------------------------------------------------------- output


def to_map(n: Node) -> CommentedMap:
    m = CommentedMap()
    m["code"] = DoubleQuotedScalarString(n.code)
    m["kind"] = n.kind
    m["title"] = n.title
    if n.added:
        m["added"] = n.added
    if n.removed:
        m["removed"] = n.removed
    if n.removed_as:
        m["removed_as"] = n.removed_as
    if n.description:
        m["description"] = n.description
    if n.examples:
        seq = CommentedSeq(n.examples)
        m["examples"] = seq
    if n.comments:
        m["comments"] = LiteralScalarString(n.comments)
    if n.handling:
        m["handling"] = n.handling
    if n.children:
        m["children"] = CommentedSeq([to_map(c) for c in n.children])
    return m


def render(meta: dict, roots: list[Node], out) -> None:
    doc = CommentedMap()
    mm = CommentedMap()
    mm["title"] = meta["title"]
    mm["organisation"] = ORGANISATION
    mm["version"] = DoubleQuotedScalarString(meta["version"])
    mm["valid_from"] = meta["valid_from"]
    mm["diarienummer"] = meta["diarienummer"]
    doc["meta"] = mm
    doc["nodes"] = CommentedSeq([to_map(r) for r in roots])
    doc.yaml_set_start_comment(SCHEMA_COMMENT)
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.dump(doc, out)


def main(argv: list[str]) -> int:
    seed = Path(argv[1]) if len(argv) > 1 else DEFAULT_SEED
    out = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUT
    meta, nodes, roots = parse(seed.read_text(encoding="utf-8"))
    counts: dict[str, int] = {}
    for n in nodes:
        counts[n.kind] = counts.get(n.kind, 0) + 1
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        render(meta, roots, fh)
    n_ex = sum(len(n.examples) for n in nodes)
    print(f"{out}: {counts} nodes={len(nodes)} examples={n_ex}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
