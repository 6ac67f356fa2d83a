"""What a rule is: its id, severity and Swedish description (`RuleInfo`), and the check
that finds its problems (`Check`). Each module of `rules/` holds one rule or a small
family, with the `Check`s it defines; `rules/__init__.py` lists them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from vgrklass.parsed import Parsed
from vgrklass.problems import Problem, Severity


class RuleInfo(NamedTuple):
    """One rule id as `validate` reports it and docs/validate.md lists it."""

    id: str
    severity: Severity
    description: str  # Swedish, one line (the table in docs/validate.md)
    unreadable: bool = False  # the file could not be read as text: exit status 2


@dataclass(frozen=True)
class Check:
    """A function that finds the problems of some rules across nodes."""

    run: Callable[[Parsed], Iterable[Problem]]
    rules: tuple[RuleInfo, ...]
    # True: it judges the structure (parent, kind, dates) and runs only when one could be
    # built (meta valid); False: it reads the raw data and always runs.
    needs_structure: bool = True
