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
in OVERRIDES / the rules documented next to the code, so that the output is
reproducible.
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
    re.compile(r"^\s*Processbeskrivning med exempel på handlingar Övriga kommentarer Principer för hantering\s*$"),
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
DESC_START_RE = re.compile(r"\b(?:Processen\b|Här\b|(?:Tillagd|Borttagen|Upphörd) \d{4}-\d{2}-\d{2})")
DATE_SENTENCE_RE = re.compile(r"^(Tillagd|Borttagen|Upphörd) (\d{4}-\d{2}-\d{2})\.\s*")
EXAMPLES_RE = re.compile(r"^\s*Exempel på (?:handlingar|handlingstyper):\s*")
HANDLING = "Handlingar och ärenden stannar kvar i regionstyrelsen."

# Per-node corrections of things the generic rules cannot know. Keys are codes.
# (Kept deliberately tiny; every entry is explained.)
OVERRIDES: dict[str, dict] = {}


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
    for raw in lines:
        if not raw.strip():
            continue
        piece = raw.strip()
        if not out:
            out = piece
        elif (out.endswith("-") and not prev_raw.rstrip("\n").endswith(" ")) or piece.startswith(","):
            out += piece
        else:
            out += " " + piece
        prev_raw = raw
    return re.sub(r"\s+", " ", out).strip()


def split_examples(text: str) -> list[str]:
    """Split an example list on commas/semicolons (and sentence breaks) outside parentheses.

    Suspended compounds ("Order-, Uppdrags-, och Beställningsbekräftelser") are kept
    as one item: an item that ends with a hyphen is glued to the next one.
    """
    items: list[str] = []
    depth = 0
    cur = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if depth == 0 and ch in ",;":
            items.append(cur)
            cur = ""
        elif (
            depth == 0
            and ch == "."
            and i + 2 < len(text)
            and text[i + 1] == " "
            and text[i + 2].isupper()
            and not re.search(r"(?:\b\w\.\w|\bm\.m|\bt\.ex|\bmm|\bfl)$", cur)
        ):
            # A sentence break inside the list ("uppdragshandling. Registerutdrag ...").
            items.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    items.append(cur)
    items = [re.sub(r"\s+", " ", it).strip() for it in items]
    # glue suspended compounds: "Order-" , "Uppdrags-" , "och Beställningsbekräftelser"
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
        # a single period closing the list goes, but not the one of "m.m."
        if last.endswith(".") and not re.search(r"\bm\.m\.$", last):
            glued[-1] = last[:-1].rstrip()
    return [it for it in glued if it]


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
        m = re.match(r"^\s*(Klassificeringsstruktur för regionstyrelsen i .+?) Gäller från datum: (\S+)", ln)
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
    the previous line is blank, a header or a closing handling principle, the code is new, and its parent
    code has already been seen (or it is a VO). This rejects cross-references that
    happen to start a wrapped comment line ("PG 2.3 Hantera ...", "2.5.4 Hantera ...").
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
    return text[m.end():]


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
        title, tail = title[: m.start()].strip(), title[m.start():]
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
        body = [first[m.start():], *lines[1:]]
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
                    lines[i] = s[m2.start():]
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
    node.examples = split_examples(join_lines(ex_lines))

    # comments + handling principle
    rest = body[j:]
    text_paras = paragraphs(rest)
    handling = None
    comment_paras: list[str] = []
    for para in text_paras:
        joined = join_lines(para)
        k = joined.find(HANDLING)
        if k >= 0:
            if handling is not None:
                raise SystemExit(f"{node.code}: two handling principles")
            handling = HANDLING
            before, after = joined[:k].strip(), joined[k + len(HANDLING):].strip()
            if after:
                raise SystemExit(f"{node.code}: text after handling principle: {after!r}")
            if before:
                comment_paras.append(comment_text(para, before))
        else:
            comment_paras.append(comment_text(para, joined))
    node.handling = handling
    node.comments = "\n\n".join(comment_paras) or None


def comment_text(para: list[str], joined: str) -> str:
    """A comment paragraph: lines joined with a space (wrapped text).

    Where the source has a visible list (lines starting with "- " or "1) "), the line
    breaks are kept, since joining them would destroy the list.
    """
    if not any(re.match(r"^\s*(?:- |\d\) )", ln) for ln in para):
        return joined
    # keep hard breaks before list items; join other wrapped lines
    out_lines: list[list[str]] = []
    for ln in para:
        if not out_lines or re.match(r"^\s*(?:- |\d\) )", ln) or _starts_new_line(out_lines[-1], ln):
            out_lines.append([ln])
        else:
            out_lines[-1].append(ln)
    text = "\n".join(join_lines(group) for group in out_lines)
    # the handling principle may have been cut off the end of `joined`
    if HANDLING in text:
        text = text.replace(HANDLING, "").rstrip()
    return text


def _starts_new_line(prev_group: list[str], ln: str) -> bool:
    """In a list paragraph, a line after a finished list item starts a new line."""
    prev = join_lines(prev_group)
    return bool(re.match(r"^\s*- ", prev_group[0])) and prev.endswith(",") or (
        prev.endswith((",", ":")) is False and re.match(r"^\s*- ", prev_group[0]) is not None
    )


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
        m["comments"] = LiteralScalarString(n.comments) if "\n" in n.comments else n.comments
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
