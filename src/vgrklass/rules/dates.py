"""Dates: a node is removed after it was added, `removed_as` needs a `removed`, and a node
is in force only within its parent's lifetime. A date that failed the schema is not
judged (it is not known), nor is `removed_as` when the `removed` beside it failed."""

from __future__ import annotations

from collections.abc import Iterator

from vgrklass.parsed import Parsed
from vgrklass.problems import Problem, error
from vgrklass.rules.base import Check, RuleInfo

ORDER = RuleInfo("datumordning", "fel", "`removed` är inte efter `added`")
MISSING = RuleInfo("datum-saknas", "fel", "`removed_as` anges utan `removed`")
OUTSIDE_PARENT = RuleInfo("utanför-förälder", "fel", "noden gäller före sin förälder eller "
                                                     "efter att föräldern togs bort")


def dates_ordered(parsed: Parsed) -> Iterator[Problem]:
    assert parsed.structure is not None
    for node in parsed.structure:
        if node.added and node.removed and node.removed <= node.added:
            line, column = parsed.at(node, "removed")
            yield error(parsed.name, line, column, ORDER.id,
                        f"{node.removal_word.lower()} {node.removed} är inte efter "
                        f"tillagd {node.added}", node.code)
        if node.removed_as and not node.removed and parsed.sound(node, "removed"):
            line, column = parsed.at(node, "removed_as")
            yield error(parsed.name, line, column, MISSING.id,
                        "'removed_as' anges men 'removed' (datum) saknas", node.code)


def within_parent_lifetime(parsed: Parsed) -> Iterator[Problem]:
    s = parsed.structure
    assert s is not None
    for node in s:
        parent = s.nodes.get(node.parent) if node.parent else None
        if parent is None:
            continue
        if (parent.added and parsed.sound(node, "added")
                and (node.added is None or node.added < parent.added)):
            line, column = parsed.at(node, "added" if node.added else None)
            yield error(parsed.name, line, column, OUTSIDE_PARENT.id,
                        f"{node.code} gäller före sin förälder {parent.code} "
                        f"(tillagd {parent.added})", node.code)
        if (parent.removed and parsed.sound(node, "removed")
                and (node.removed is None or node.removed > parent.removed)):
            line, column = parsed.at(node, "removed" if node.removed else None)
            yield error(parsed.name, line, column, OUTSIDE_PARENT.id,
                        f"{node.code} gäller efter att {parent.code} togs bort "
                        f"({parent.removed}); ange removed för {node.code}", node.code)


CHECKS = (Check(dates_ordered, (ORDER, MISSING)),
          Check(within_parent_lifetime, (OUTSIDE_PARENT,)))
