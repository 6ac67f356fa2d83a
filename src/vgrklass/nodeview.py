"""What `show` and `tree` present about the structure, as named results that know their
stable JSON (docs/json.md).

The CLI renders these as text or prints their JSON; the web app (`vgrklass serve`)
renders them as pages and serves the very same JSON, so the two can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from vgrklass.refs import Ref, incoming, outgoing
from vgrklass.structure import Node, Structure, node_dict, normalise_code


def brief(node: Node) -> dict:
    """A node in a list (ancestors, children): `{code, kind, title}`."""
    return {"code": node.code, "kind": node.kind, "title": node.title}


@dataclass(frozen=True, slots=True)
class NodeView:
    """One node with its parent chain, children and references in both directions."""

    node: Node
    ancestors: tuple[Node, ...]  # from the root down, not including the node
    children: tuple[Node, ...]
    refs_out: tuple[Ref, ...]  # this node's texts name these
    refs_in: tuple[Ref, ...]  # these nodes' texts name this one

    def as_dict(self) -> dict:
        """`show --format json`: the node object with brief children, plus ancestors and
        the references."""
        result = node_dict(self.node)
        result["ancestors"] = [brief(a) for a in self.ancestors]
        result["children"] = [brief(c) for c in self.children]
        result["refs_out"] = [r.as_dict() for r in self.refs_out]
        result["refs_in"] = [r.as_dict() for r in self.refs_in]
        return result


def node_view(structure: Structure, code: str) -> NodeView | None:
    """The node with this code (as users type it: 'P 2.4.3'), or None if there is none."""
    node = structure.get(code)
    if node is None:
        return None
    return NodeView(node, tuple(structure.ancestors(node)), tuple(structure.children(node)),
                    tuple(outgoing(structure, node.code)), tuple(incoming(structure, node.code)))


class TreeEntry(NamedTuple):
    node: Node
    depth: int  # 0 for a VO


@dataclass(frozen=True, slots=True)
class TreeView:
    """The hierarchy in source order (depth first): what is in force on a date, or all."""

    on: dt.date
    include_removed: bool
    entries: tuple[TreeEntry, ...]

    def as_list(self) -> list[dict]:
        """`tree --format json`: `{code, kind, title, parent, added, removed}` per node."""
        return [{**brief(n), "parent": n.parent,
                 "added": n.added.isoformat() if n.added else None,
                 "removed": n.removed.isoformat() if n.removed else None}
                for n, _ in self.entries]


def tree_view(structure: Structure, on: dt.date, include_removed: bool = False,
              under: str | None = None) -> TreeView:
    """The hierarchy, or with `under` only that node and what lies below it (depth 0 at
    it). Raises KeyError when `under` is no code in the structure."""
    if under is None:
        nodes = list(structure)
    else:
        top = structure.nodes[normalise_code(under)]
        nodes = [top, *structure.descendants(top)]
    if not include_removed:
        nodes = [n for n in nodes if structure.effective_in_force(n, on)]
    depth: dict[str, int] = {}
    entries = []
    for node in nodes:  # parents come before their children
        depth[node.code] = depth[node.parent] + 1 if node.parent in depth else 0
        entries.append(TreeEntry(node, depth[node.code]))
    return TreeView(on, include_removed, tuple(entries))
