"""Codes and levels: every code once, each code one level below its parent's, and the
kinds in their places (VO at the top; PG and P under a VO; P under a PG)."""

from __future__ import annotations

from collections.abc import Iterator

from vgrklass.parsed import Parsed, raw_nodes
from vgrklass.problems import Problem, error
from vgrklass.rules.base import Check, RuleInfo

DUPLICATE = RuleInfo("dubblett-kod", "fel", "koden finns redan på en annan nod (raden för den "
                                            "första anges)")


def unique_codes(parsed: Parsed) -> Iterator[Problem]:
    """Read from the raw data, so that it holds for every node, kept or not."""
    first: dict[str, int | None] = {}
    for loc, raw in raw_nodes(parsed.data):
        code = raw.get("code")
        if not isinstance(code, str):
            continue
        line, column = parsed.positions.of(loc + ("code",))
        if code in first:
            yield error(parsed.name, line, column, DUPLICATE.id,
                        f"koden {code} finns redan (rad {first[code]})", code)
        else:
            first[code] = line


CODE_PARENT = RuleInfo("kod-förälder", "fel", "koden passar inte under föräldern (`2.1.1` ska "
                                              "ligga under `2.1`)")
CODE_LEVEL = RuleInfo("kod-nivå", "fel", "ett VO har en kod med punkt")
KIND = RuleInfo("fel-nivå", "fel", "fel nivå: bara VO överst, PG och P under VO, bara P "
                                   "under PG, inget under P")



def nesting_and_kinds(parsed: Parsed) -> Iterator[Problem]:
    """Judged only on fields that passed the schema: `kind: V0` on a VO is a schema
    error, and says nothing about where its children may sit."""
    s = parsed.structure
    assert s is not None
    for node in s:
        parent = s.nodes.get(node.parent) if node.parent else None
        line, column = parsed.at(node, "code")
        kind_known = parsed.sound(node, "kind")
        if parent is None:
            if kind_known and node.kind != "VO":
                yield error(parsed.name, line, column, KIND.id,
                            f"{node.kind} {node.code} ligger överst men bara VO får ligga där",
                            node.code)
            elif kind_known and "." in node.code and parsed.sound(node, "code"):
                yield error(parsed.name, line, column, CODE_LEVEL.id,
                            f"ett VO ska ha en kod utan punkt, inte {node.code}", node.code)
            continue
        if (parsed.sound(node, "code") and parsed.sound(parent, "code")
                and (node.code.rsplit(".", 1)[0] != parent.code or "." not in node.code)):
            yield error(parsed.name, line, column, CODE_PARENT.id,
                        f"koden {node.code} passar inte under {parent.kind} {parent.code}; "
                        f"den ska börja med {parent.code}. och ha en nivå till", node.code)
        if not (kind_known and parsed.sound(parent, "kind")):
            continue
        allowed = {"VO": {"PG", "P"}, "PG": {"P"}, "P": set()}[parent.kind]
        if node.kind not in allowed:
            yield error(parsed.name, line, column, KIND.id,
                        f"{node.kind} {node.code} kan inte ligga under {parent.kind} "
                        f"{parent.code}", node.code)


CHECKS = (Check(unique_codes, (DUPLICATE,), needs_structure=False),
          Check(nesting_and_kinds, (CODE_PARENT, CODE_LEVEL, KIND)))
