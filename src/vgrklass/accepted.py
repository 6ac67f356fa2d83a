"""Accepted warnings: the ones an archivist has looked at and decided to keep, each with
its reason, in a YAML file beside the data file (`godkanda-varningar.yaml`):

    godkanda:
      - regel: fel-titel
        kod: "12.1"
        motivering: Hänvisningen står ordagrant så i källan.

`validate` lists an accepted warning no more (it counts it, and JSON lists it apart), so
that `--strict` in CI stops every other warning. An entry that matches no warning any
more is itself a warning (`oanvänd-godkännande`), so the list cannot grow stale; an
entry that cannot be read is an error (`ogiltig-godkännande`). Only warnings can be
accepted: an error must be fixed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vgrklass.problems import DataError, Problem, error, warning

FILE_NAME = "godkanda-varningar.yaml"
_KEYS = ("regel", "kod", "motivering")


@dataclass(frozen=True, slots=True)
class AcceptedWarning:
    """One entry: every warning of `rule` about the node `code` is accepted."""

    rule: str
    code: str
    reason: str
    file: str
    line: int | None

    def matches(self, problem: Problem) -> bool:
        return (problem.severity == "varning" and problem.rule == self.rule
                and problem.code == self.code)


@dataclass(frozen=True)
class AcceptedList:
    """The entries of an accepted-warnings file, and what was wrong with it."""

    file: str
    entries: tuple[AcceptedWarning, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class Sorted:
    """A file's problems sorted by an accepted list."""

    problems: list[Problem]  # what is still reported, the list's own problems included
    accepted: list[tuple[Problem, AcceptedWarning]]  # the warnings the list accepted


def beside(data_file: Path) -> Path:
    """Where a data file's accepted warnings are kept."""
    return data_file.parent / FILE_NAME


def read_accepted(path: Path) -> AcceptedList:
    """Read an accepted-warnings file; its problems are values, never an exception."""
    from vgrklass.load import read_text
    from vgrklass.yamlread import parse_yaml

    name = str(path)
    try:
        data, positions, problems = parse_yaml(read_text(path), name)
    except DataError as exc:
        return AcceptedList(name, (), tuple(exc.problems))
    found = list(problems)
    items = data.get("godkanda") if isinstance(data, dict) else None
    if data is not None and (not isinstance(data, dict) or set(data) - {"godkanda"}
                             or not isinstance(items, list)):
        line, column = positions.of(())
        found.append(_bad(name, line or 1, column or 1, "filen ska vara en mappning med "
                          "listan 'godkanda' (poster med regel, kod och motivering)"))
        return AcceptedList(name, (), tuple(found))
    entries = []
    for i, item in enumerate(items or []):
        line, column = positions.of(("godkanda", i))
        entry = _entry(item, name, line, column, found)
        if entry is not None:
            entries.append(entry)
    return AcceptedList(name, tuple(entries), tuple(found))


def _entry(item: Any, name: str, line: int | None, column: int | None,
           found: list[Problem]) -> AcceptedWarning | None:
    from vgrklass.rules import RULES

    if not isinstance(item, dict) or set(item) != set(_KEYS) or not all(
            isinstance(item[key], str) and item[key].strip() for key in _KEYS):
        found.append(_bad(name, line, column, "en post ska ha precis regel, kod och "
                          "motivering, var och en en text som inte är tom (kod inom "
                          "citattecken: kod: \"2.4\")"))
        return None
    rule = RULES.get(item["regel"])
    if rule is None:
        found.append(_bad(name, line, column, f"okänd regel '{item['regel']}'; reglerna står "
                          "i docs/validate.md"))
        return None
    if rule.severity != "varning":
        found.append(_bad(name, line, column, f"regeln '{rule.id}' ger fel, inte varningar; "
                          "ett fel kan inte godkännas utan ska rättas"))
        return None
    return AcceptedWarning(rule.id, item["kod"].strip(), item["motivering"].strip(), name, line)


def _bad(name: str, line: int | None, column: int | None, message: str) -> Problem:
    return error(name, line, column, "ogiltig-godkännande", message)


def sort_problems(problems: list[Problem], accepted: AcceptedList, complete: bool) -> Sorted:
    """Take the accepted warnings out of `problems`; add the list's own problems and, when
    the file was `complete`ly checked, a warning for each entry that accepted nothing."""
    kept: list[Problem] = []
    taken: list[tuple[Problem, AcceptedWarning]] = []
    used: set[AcceptedWarning] = set()
    for problem in problems:
        entry = next((e for e in accepted.entries if e.matches(problem)), None)
        if entry is None:
            kept.append(problem)
        else:
            taken.append((problem, entry))
            used.add(entry)
    unused = [warning(e.file, e.line, None, "oanvänd-godkännande",
                      f"ingen varning {e.rule} om {e.code} finns längre; ta bort posten",
                      e.code)
              for e in accepted.entries if complete and e not in used]
    return Sorted([*kept, *accepted.problems, *unused], taken)
