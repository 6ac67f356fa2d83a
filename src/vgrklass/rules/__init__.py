"""The rules `validate` checks, in one place.

`RULES` is the registry: every rule id that can be reported, with its severity and
Swedish description (docs/validate.md lists the same, a test holds them equal). The
rules across nodes are `Check`s, one module per rule or small family (as yamllint keeps
one module per rule); `check(parsed)` runs them on a schema-checked file. The rules
checked while reading and by the schema are described in `reading.py`.
"""

from __future__ import annotations

from vgrklass.parsed import Parsed
from vgrklass.problems import MAX_PROBLEMS, Problem
from vgrklass.rules import characters, codes, dates, reading, references, sokord
from vgrklass.rules.base import Check, RuleInfo

# In the order their reports read best.
CHECKS: tuple[Check, ...] = (*codes.CHECKS, *characters.CHECKS, *dates.CHECKS,
                             *sokord.CHECKS, *references.CHECKS)

RULES: dict[str, RuleInfo] = {info.id: info for info in
                              (*reading.RULES, *(r for c in CHECKS for r in c.rules))}

__all__ = ["CHECKS", "RULES", "Check", "RuleInfo", "check"]


def check(parsed: Parsed) -> list[Problem]:
    """Every problem the rules across nodes find, in file order; the schema's problems
    are already in `parsed.problems`. Rules that judge the structure run only when one
    could be built."""
    problems: list[Problem] = []
    if len(parsed.problems) >= MAX_PROBLEMS:
        return problems  # the schema check stopped there: the report is full already
    for rule in CHECKS:
        if parsed.structure is not None or not rule.needs_structure:
            problems.extend(rule.run(parsed))
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
