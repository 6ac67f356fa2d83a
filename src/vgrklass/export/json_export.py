"""JSON export: a list of node objects (the stable interface documented in docs/json.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from vgrklass.structure import Node, node_dict


def render_json(nodes: Iterable[Node]) -> str:
    return json.dumps([node_dict(n) for n in nodes], ensure_ascii=False, indent=2) + "\n"
