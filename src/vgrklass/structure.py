"""The structure as the program uses it: plain, immutable, quick to load from cache.

`Node.line` keeps where the node starts in the YAML so that rules and reports can
point at it. Nodes are kept in source order (depth first).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field, fields

from vgrklass.dates import in_force
from vgrklass.retention import Gallringsfrist, osl_references, parse_gallringsfrist

KIND_NAMES = {"VO": "Verksamhetsområde", "PG": "Processgrupp", "P": "Process"}


@dataclass(frozen=True, slots=True)
class Meta:
    title: str
    organisation: str
    version: str
    valid_from: dt.date
    diarienummer: str


@dataclass(frozen=True, slots=True)
class ExampleInfo:
    """What an archivist recorded for one document type (an example written as a mapping).

    Every field is optional text as written except `bevaras_gallras` ("bevaras" |
    "gallras"); the loader guarantees `gallringsfrist` only appears with "gallras" and can
    be read as a period (`frist`). `osl` reads the OSL provisions out of `sekretess`.
    """

    bevaras_gallras: str | None = None
    gallringsfrist: str | None = None
    gallringsstod: str | None = None
    sekretess: str | None = None
    personuppgifter: str | None = None
    forvaring: str | None = None
    registrering: str | None = None
    format: str | None = None
    anmarkning: str | None = None

    @property
    def frist(self) -> Gallringsfrist | None:
        """The gallringsfrist as a computable period (None when there is none)."""
        return parse_gallringsfrist(self.gallringsfrist) if self.gallringsfrist else None

    @property
    def osl(self) -> tuple[str, ...]:
        return osl_references(self.sekretess)


# The fields of ExampleInfo (the data file's keys), in the order they are shown.
EXAMPLE_INFO_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ExampleInfo))


@dataclass(frozen=True, slots=True)
class Node:
    code: str
    kind: str  # "VO" | "PG" | "P"
    title: str
    parent: str | None
    added: dt.date | None = None
    removed: dt.date | None = None
    removed_as: str | None = None
    description: str | None = None
    examples: tuple[str, ...] = ()
    comments: str | None = None
    handling: str | None = None
    children: tuple[str, ...] = ()
    line: int | None = None  # 1-based line of the node in its file
    # (text, info) for the examples written as mappings, in source order; plain-string
    # examples have no entry. `examples` keeps every text, so search code need not care.
    example_info: tuple[tuple[str, ExampleInfo], ...] = ()
    # Search terms an archivist added for what registrars call the process's documents.
    sokord: tuple[str, ...] = ()

    def in_force(self, on: dt.date) -> bool:
        return in_force(self.added, self.removed, on)

    def __reduce__(self) -> tuple:
        # Unpickle through __init__ with the field values: twice as fast as the
        # dataclass default (a setstate that looks up fields() per node), which
        # matters when the cache holds a whole region's structures (issue 9).
        return (Node, tuple(getattr(self, name) for name in _NODE_FIELDS))

    @property
    def removal_word(self) -> str:
        return self.removed_as or "Borttagen"

    def example_details(self) -> list[tuple[str, ExampleInfo | None]]:
        """Every example text with its info (None for a plain string), in order."""
        if not self.example_info:
            return [(text, None) for text in self.examples]
        pending = list(self.example_info)
        result: list[tuple[str, ExampleInfo | None]] = []
        for text in self.examples:
            match = next((i for i, (t, _) in enumerate(pending) if t == text), None)
            result.append((text, pending.pop(match)[1] if match is not None else None))
        return result


_NODE_FIELDS = tuple(f.name for f in fields(Node))


@dataclass(frozen=True, slots=True)
class Structure:
    meta: Meta
    nodes: dict[str, Node]  # by code, in source order
    source: str = "<okänd>"  # file the structure was read from, for messages
    roots: tuple[str, ...] = field(default=())
    digest: str = ""  # content hash of the file it was read from (keys derived caches)

    def get(self, code: str) -> Node | None:
        return self.nodes.get(normalise_code(code))

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes.values())

    def __len__(self) -> int:
        return len(self.nodes)

    def children(self, node: Node) -> list[Node]:
        return [self.nodes[c] for c in node.children]

    def ancestors(self, node: Node) -> list[Node]:
        """Parent chain from the root down to (not including) the node."""
        chain: list[Node] = []
        current = node.parent
        while current is not None:
            parent = self.nodes[current]
            chain.append(parent)
            current = parent.parent
        return chain[::-1]

    def in_force(self, on: dt.date) -> list[Node]:
        """Nodes in force on a date, also requiring every ancestor to be in force."""
        return [n for n in self if self.effective_in_force(n, on)]

    def effective_in_force(self, node: Node, on: dt.date) -> bool:
        if not node.in_force(on):
            return False
        return all(a.in_force(on) for a in self.ancestors(node))


def normalise_code(code: str) -> str:
    """Accept what users type: 'P 2.4.3', 'p2.4.3', '2.4.3.' → '2.4.3'."""
    text = code.strip().upper()
    for prefix in ("VO", "PG", "P"):
        if text.startswith(prefix):
            text = text[len(prefix):]
            break
    return text.strip().strip(".")


def lifetime_label(added: dt.date | None, removed: dt.date | None,
                   removal_word: str = "Borttagen") -> str:
    """'Tillagd 2019-01-01, Upphörd 2021-01-01' (either part may be missing; '' for none)."""
    parts = []
    if added:
        parts.append(f"Tillagd {added.isoformat()}")
    if removed:
        parts.append(f"{removal_word} {removed.isoformat()}")
    return ", ".join(parts)


def node_dict(node: Node) -> dict:
    """The stable JSON form of a node (documented in docs/json.md)."""
    return {
        "code": node.code,
        "kind": node.kind,
        "title": node.title,
        "parent": node.parent,
        "description": node.description,
        "examples": list(node.examples),
        "sokord": list(node.sokord),
        "comments": node.comments,
        "handling": node.handling,
        "added": node.added.isoformat() if node.added else None,
        "removed": node.removed.isoformat() if node.removed else None,
        "removed_as": node.removal_word if node.removed else None,
        "children": list(node.children),
        "example_details": [example_detail_dict(text, info)
                            for text, info in node.example_details()],
    }


def example_detail_dict(text: str, info: ExampleInfo | None) -> dict:
    """One example as JSON: its text and the archivist's fields (null when not given),
    with the gallringsfrist read as a period (`gallringsfrist_period`: ISO 8601 duration
    and what it runs from) and the OSL provisions of `sekretess` (`sekretess_osl`)."""
    result: dict = {"text": text}
    for name in EXAMPLE_INFO_FIELDS:
        result[name] = getattr(info, name) if info else None
    frist = info.frist if info else None
    result["gallringsfrist_period"] = frist.as_dict() if frist else None
    result["sekretess_osl"] = list(info.osl) if info else []
    return result
