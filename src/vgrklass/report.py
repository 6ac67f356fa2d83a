"""The outcome of validating files, and its renderings (yamllint-style: problems are plain
values; the format — text, JSON, GitHub annotations — is chosen at the edge).

Exit codes: 0 valid (warnings allowed unless strict), 1 problems found, 2 a file could
not be read as text at all (missing, a directory, too large, binary, not UTF-8).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vgrklass.accepted import AcceptedWarning
from vgrklass.problems import MAX_PROBLEMS, DataError, Problem

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
    # Warnings taken out of `problems` by the list of accepted warnings, with their entry.
    accepted: list[tuple[Problem, AcceptedWarning]] = field(default_factory=list)
    ignored: int = 0  # problems of rules left out with --ignore

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
        counts = (f"{len(self.errors)} fel, "
                  f"{_plural(len(self.warnings), 'varning', 'varningar')}{self._set_aside()}")
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

    def _set_aside(self) -> str:
        """'; 4 godkända varningar (data/godkanda-varningar.yaml)' and the like."""
        parts = []
        if self.accepted:
            files = sorted({entry.file for _, entry in self.accepted})
            parts.append(f"{_plural(len(self.accepted), 'godkänd varning', 'godkända varningar')}"
                         f" ({', '.join(files)})")
        if self.ignored:
            parts.append(f"{self.ignored} ignorerade med --ignore")
        return "".join(f"; {part}" for part in parts)

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
            "accepted": [{**problem_json(p), "reason": entry.reason, "accepted_in": entry.file}
                         for o in self.outcomes for p, entry in o.accepted],
            "files": [
                {"file": o.file, "valid": o.valid(strict), "readable": not o.unreadable,
                 "complete": not (o.stopped or o.unchecked), "nodes": o.node_count,
                 "omitted": o.omitted, "accepted": len(o.accepted), "ignored": o.ignored}
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


@dataclass(frozen=True)
class Leniency:
    """What a run lets pass: rules left out (`--ignore`) and where accepted warnings are
    listed (`--godkanda`; else `godkanda-varningar.yaml` beside each data file, if any)."""

    ignore: frozenset[str] = frozenset()
    accepted_file: Path | None = None

    def accepted_for(self, data_file: Path) -> Path | None:
        from vgrklass.accepted import beside

        if self.accepted_file is not None:
            return self.accepted_file
        candidate = beside(data_file)
        return candidate if candidate.is_file() else None


def validate_file(path: Path, name: str | None = None,
                  leniency: Leniency = Leniency()) -> Outcome:
    """Check one file completely: every problem found, never an exception for bad input."""
    from vgrklass.check import check_text
    from vgrklass.load import read_text

    name = name or str(path)
    try:
        text = read_text(path)
    except DataError as exc:
        return Outcome(name, exc.problems, unreadable=exc.unreadable, stopped=exc.stopped,
                       omitted=exc.omitted)
    checked = check_text(text, name)
    problems = [p for p in checked.problems if p.rule not in leniency.ignore]
    outcome = Outcome(name, problems, stopped=checked.stopped,
                      node_count=len(checked.structure) if checked.structure else 0,
                      omitted=checked.omitted, unchecked=checked.unchecked,
                      ignored=len(checked.problems) - len(problems))
    accepted_file = leniency.accepted_for(path)
    if accepted_file is not None:
        from vgrklass.accepted import read_accepted, sort_problems

        complete = not (checked.stopped or checked.unchecked or checked.omitted
                        or checked.structure is None)
        found = sort_problems(problems, read_accepted(accepted_file), complete)
        outcome.problems = [p for p in found.problems if p.rule not in leniency.ignore]
        outcome.accepted = found.accepted
    return outcome


def validate_files(paths: Iterable[Path], leniency: Leniency = Leniency()) -> Outcomes:
    return Outcomes([validate_file(p, leniency=leniency) for p in paths])
