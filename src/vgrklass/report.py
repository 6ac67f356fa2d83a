"""The outcome of validating one file, and its renderings (yamllint-style: values in,
formats chosen at the edge)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vgrklass.problems import DataError, Problem


@dataclass
class Outcome:
    file: str
    problems: list[Problem]
    unreadable: bool = False
    node_count: int = 0

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
            extra = "; inga fler kontroller kunde göras" if any(
                p.rule == "yaml-syntax" for p in self.problems) else ""
            return f"{self.file}: filen kunde inte läsas{extra}."
        counts = f"{len(self.errors)} fel, {len(self.warnings)} varningar"
        if self.valid(strict):
            return f"{self.file}: giltig ({self.node_count} noder, {counts})."
        return f"{self.file}: ogiltig ({counts})."

    def as_json(self, strict: bool = False) -> dict:
        return {
            "valid": self.valid(strict),
            "problems": [
                {
                    "file": p.file,
                    "line": p.line,
                    "column": p.column,
                    "severity": "error" if p.severity == "fel" else "warning",
                    "rule": p.rule,
                    "code": p.code,
                    "message": p.message,
                }
                for p in self.problems
            ],
        }

    def github_lines(self) -> list[str]:
        return [github_annotation(p) for p in self.problems]


def github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command that shows the problem on the PR's line."""
    level = "error" if problem.severity == "fel" else "warning"
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
    from vgrklass.load import parse_file
    from vgrklass.validate import check

    name = name or str(path)
    try:
        parsed = parse_file(path, name)
    except DataError as exc:
        return Outcome(name, exc.problems, unreadable=exc.unreadable)
    problems = parsed.problems + check(parsed)
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    count = len(parsed.structure) if parsed.structure else 0
    return Outcome(name, problems, node_count=count)
