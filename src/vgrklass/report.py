"""The outcome of validating files, and its renderings (yamllint-style: problems are plain
values; the format — text, JSON, GitHub annotations — is chosen at the edge).

Exit codes: 0 valid (warnings allowed unless strict), 1 problems found, 2 a file could
not be read as text at all (missing, a directory, too large, binary, not UTF-8).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from vgrklass.problems import MAX_PROBLEMS, DataError, Problem, keep_first

SEVERITY_JSON = {"fel": "error", "varning": "warning"}


@dataclass
class Outcome:
    file: str
    problems: list[Problem]
    unreadable: bool = False  # could not be read as text: exit 2
    stopped: bool = False  # checking stopped early (e.g. a YAML syntax error)
    node_count: int = 0
    omitted: int = 0  # problems found but not listed (past MAX_PROBLEMS)
    unchecked: int = 0  # nodes and list items not checked: MAX_PROBLEMS were found first

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "fel"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "varning"]

    def valid(self, strict: bool = False) -> bool:
        return not self.unreadable and not self.errors and not (strict and self.warnings)

    def exit_code(self, strict: bool = False) -> int:
        if self.unreadable:
            return 2
        return 0 if self.valid(strict) else 1

    def summary(self, strict: bool = False) -> str:
        if self.unreadable:
            return f"{self.file}: filen kunde inte läsas; inget kontrollerades."
        counts = f"{len(self.errors)} fel, {_plural(len(self.warnings), 'varning', 'varningar')}"
        if self.omitted or self.unchecked:
            return (f"{self.file}: ogiltig ({counts} visas); bara de första {MAX_PROBLEMS} "
                    f"problemen visas: {self.omitted} till utelämnades"
                    + (f" och {self.unchecked} noder eller listposter kontrollerades inte"
                       if self.unchecked else "") + " – rätta dem och kör igen.")
        if self.stopped:
            return (f"{self.file}: ogiltig ({counts}); kontrollen avbröts vid felet, så "
                    "fler fel kan finnas – rätta det och kör igen.")
        if self.valid(strict):
            return f"{self.file}: giltig ({self.node_count} noder, {counts})."
        reason = " (varningar räknas som fel med --strict)" if not self.errors else ""
        return f"{self.file}: ogiltig ({counts}){reason}."

    def as_json(self, strict: bool = False) -> dict:
        return {"valid": self.valid(strict), "problems": [problem_json(p) for p in self.problems]}

    def github_lines(self) -> list[str]:
        return [github_annotation(p) for p in self.problems]


@dataclass
class Outcomes:
    """Several files checked in one run (pre-commit passes every changed file at once)."""

    outcomes: list[Outcome]

    @property
    def problems(self) -> list[Problem]:
        return [p for o in self.outcomes for p in o.problems]

    def valid(self, strict: bool = False) -> bool:
        return all(o.valid(strict) for o in self.outcomes)

    def exit_code(self, strict: bool = False) -> int:
        return max((o.exit_code(strict) for o in self.outcomes), default=0)

    def summaries(self, strict: bool = False) -> list[str]:
        return [o.summary(strict) for o in self.outcomes]

    def as_json(self, strict: bool = False) -> dict:
        return {
            "valid": self.valid(strict),
            "problems": [problem_json(p) for p in self.problems],
            "files": [
                {"file": o.file, "valid": o.valid(strict), "readable": not o.unreadable,
                 "complete": not (o.stopped or o.unchecked), "nodes": o.node_count,
                 "omitted": o.omitted}
                for o in self.outcomes
            ],
        }

    def github_lines(self) -> list[str]:
        return [github_annotation(p) for p in self.problems]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def problem_json(p: Problem) -> dict:
    return {
        "file": p.file,
        "line": p.line,
        "column": p.column,
        "severity": SEVERITY_JSON[p.severity],
        "rule": p.rule,
        "code": p.code,
        "message": p.message,
    }


def github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command that shows the problem on the PR's line."""
    level = SEVERITY_JSON[problem.severity]
    props = [f"file={_escape_property(problem.file)}"]
    if problem.line is not None:
        props.append(f"line={problem.line}")
    if problem.column is not None:
        props.append(f"col={problem.column}")
    props.append(f"title={_escape_property(problem.rule)}")
    about = f" ({problem.code})" if problem.code else ""
    return f"::{level} {','.join(props)}::{_escape_data(problem.message + about)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def validate_file(path: Path, name: str | None = None) -> Outcome:
    """Check one file completely: every problem found, never an exception for bad input."""
    from vgrklass.load import parse_file
    from vgrklass.validate import check

    name = name or str(path)
    try:
        parsed = parse_file(path, name)
    except DataError as exc:
        return Outcome(name, exc.problems, unreadable=exc.unreadable, stopped=exc.stopped,
                       omitted=exc.omitted)
    problems = parsed.problems + check(parsed)
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    problems, more = keep_first(problems)
    count = len(parsed.structure) if parsed.structure else 0
    return Outcome(name, problems, node_count=count, omitted=parsed.omitted + more,
                   unchecked=parsed.unchecked)


def validate_files(paths: Iterable[Path]) -> Outcomes:
    return Outcomes([validate_file(p) for p in paths])
