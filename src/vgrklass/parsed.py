"""The parsed form of a data file: what the rules look at.

`Parsed` holds the plain data and the source position of every value (from `yamlread`),
the structure built from the nodes the schema check could keep (`parse.parse_text`), the
schema problems, and which fields of which nodes failed the schema (`broken`), so that a
rule can stay quiet about what it cannot judge instead of reporting a follow-on error.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from vgrklass.problems import Problem
from vgrklass.structure import Node, Structure
from vgrklass.yamlread import Loc, Positions


@dataclass
class Parsed:
    """A schema-checked file: the structure (if meta held) and where everything is."""

    name: str
    data: Any
    positions: Positions
    structure: Structure | None
    problems: list[Problem]
    # Codes of nodes left out of `structure` with their subtrees (a node whose code is
    # missing or not text, and every node below it). They exist in the file, so a rule
    # that reports a code as missing (e.g. a reference) stays quiet about them.
    skipped: set[str] = field(default_factory=set)
    # Fields of a node (by code) that failed the schema. The node is in `structure`, but
    # a broken field holds the value as written (kind, title, code) or nothing (the
    # optional ones): a rule about such a field of the node has nothing to judge.
    broken: dict[str, frozenset[str]] = field(default_factory=dict)
    omitted: int = 0  # problems found past MAX_PROBLEMS, counted only
    unchecked: int = 0  # nodes not schema-checked because MAX_PROBLEMS came first
    _code_locs: dict[str, Loc] | None = None

    def sound(self, node: Node | str, *fields: str) -> bool:
        """True when none of these fields of the node failed the schema."""
        code = node if isinstance(node, str) else node.code
        bad = self.broken.get(code)
        return not bad or bad.isdisjoint(fields)

    def exists(self, code: str) -> bool:
        """The code is a node in the file (in the structure or left out of it)."""
        return (self.structure is not None and code in self.structure.nodes) \
            or code in self.skipped

    def loc_of(self, code: str) -> Loc | None:
        """Path of the first node mapping with this code in the raw data."""
        if self._code_locs is None:
            self._code_locs = {}
            for loc, raw in raw_nodes(self.data):
                code_value = written_code(raw, loc, self.positions)
                if code_value is not None:
                    self._code_locs.setdefault(code_value, loc)
        return self._code_locs.get(code)

    def at(self, node: Node, key: str | None = None) -> tuple[int | None, int | None]:
        """Line and column of a node (or one of its keys), found through the raw data."""
        loc = self.loc_of(node.code)
        if loc is None:
            return (node.line, None)
        return self.positions.of(loc + ((key,) if key else ()))


def raw_nodes(data: Any) -> Iterator[tuple[Loc, dict[str, Any]]]:
    """Every node mapping in the raw data with its path, depth first in source order."""
    stack: list[tuple[Loc, dict[str, Any]]] = []

    def push(items: Any, loc: Loc) -> None:
        if isinstance(items, list):
            stack.extend(reversed([(loc + (i,), item) for i, item in enumerate(items)
                                   if isinstance(item, dict)]))

    push(data.get("nodes") if isinstance(data, dict) else None, ("nodes",))
    while stack:
        loc, item = stack.pop()
        yield loc, item
        push(item.get("children"), loc + ("children",))


def written_code(raw: dict[str, Any], loc: Loc, positions: Positions) -> str | None:
    """A node's code as written: the text, or the source of a scalar YAML made into
    something else (`code: 2.4` is the number 2.4, written "2.4"); None when there is none."""
    code = raw.get("code")
    if isinstance(code, str):
        return code
    if isinstance(code, int | float) and not isinstance(code, bool):
        return positions.source.get(loc + ("code",), str(code))
    return None


def node_code_at(data: Any, loc: Loc, positions: Positions) -> str | None:
    """The code (as written) of the innermost node mapping that contains loc; None when
    that node has none (a problem in it is not its parent's)."""
    best = None
    current = data
    for i, part in enumerate(loc):
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            break
        if i >= 1 and loc[i - 1] in ("nodes", "children") and isinstance(part, int):
            best = (written_code(current, loc[:i + 1], positions)
                    if isinstance(current, dict) else None)
    return best
