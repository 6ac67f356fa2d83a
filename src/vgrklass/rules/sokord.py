"""Sökord are searched for the process they stand in: one written twice, one that is
already an example, or one on a VO or PG (never searched) is a slip."""

from __future__ import annotations

from collections.abc import Iterator

from vgrklass.parsed import Parsed
from vgrklass.problems import Problem, warning
from vgrklass.rules.base import Check, RuleInfo

DUPLICATE = RuleInfo("dubblett-sökord", "varning", "samma sökord står två gånger i en process")
IS_EXAMPLE = RuleInfo("sökord-är-exempel", "varning", "sökordet är redan ett exempel i "
                                                      "processen (det söks ändå)")
NO_EFFECT = RuleInfo("sökord-utan-verkan", "varning", "sökord på ett VO eller en PG: bara "
                                                      "processer söks")


def useful_sokord(parsed: Parsed) -> Iterator[Problem]:
    from vgrklass.search.text import normalise

    assert parsed.structure is not None
    for node in parsed.structure:
        if not node.sokord:
            continue
        loc = parsed.loc_of(node.code)
        examples = {normalise(e) for e in node.examples}
        seen: set[str] = set()
        for n, word in enumerate(node.sokord):
            line, column = (parsed.positions.of(loc + ("sokord", n)) if loc is not None
                            else (node.line, None))
            key = normalise(word)
            if node.kind != "P":
                if parsed.sound(node, "kind"):
                    yield warning(parsed.name, line, column, NO_EFFECT.id,
                                  f"sökordet ”{word}” står på {node.kind} {node.code}; bara "
                                  "processer (P) söks", node.code)
            elif key in seen:
                yield warning(parsed.name, line, column, DUPLICATE.id,
                              f"sökordet ”{word}” står två gånger i {node.code}", node.code)
            elif key in examples:
                yield warning(parsed.name, line, column, IS_EXAMPLE.id,
                              f"”{word}” är redan ett exempel i {node.code}; sökordet "
                              "behövs inte", node.code)
            seen.add(key)


CHECKS = (Check(useful_sokord, (NO_EFFECT, DUPLICATE, IS_EXAMPLE)),)
