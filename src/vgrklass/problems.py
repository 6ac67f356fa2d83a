"""Problems found in a data file, as plain values (in the spirit of yamllint).

Checking produces Problems; reporting them (text, JSON, GitHub annotations) is
done at the edge, in the CLI.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["fel", "varning"]

# At most this many problems are reported per file; past it they are counted, and the
# schema check stops (a 2 MB flow list of wrong nodes would otherwise give a million
# problems, minutes of work and gigabytes of JSON). Nobody reads past the first screens.
MAX_PROBLEMS = 1000


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int | None
    column: int | None
    severity: Severity
    rule: str
    message: str
    code: str | None = None  # the node code the problem concerns, when there is one

    def as_dict(self) -> dict:
        return asdict(self)

    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format_text(self) -> str:
        about = f" ({self.code})" if self.code else ""
        return f"{self.location()}: {self.severity}: {self.message}{about} [{self.rule}]"


class DataError(Exception):
    """The data file could not be used. Carries every problem that was found."""

    def __init__(self, problems: list[Problem], unreadable: bool = False,
                 stopped: bool = False, omitted: int = 0):
        self.problems = problems
        # Problems found past MAX_PROBLEMS: counted, not listed.
        self.omitted = omitted
        # True when the file could not be read as text at all (validate exits 2 then).
        self.unreadable = unreadable
        # True when checking had to stop early (e.g. a YAML syntax error): the problems
        # listed are not necessarily all there are.
        self.stopped = stopped or unreadable
        super().__init__("\n".join(p.format_text() for p in problems))


def error(file: str, line: int | None, column: int | None, rule: str, message: str,
          code: str | None = None) -> Problem:
    return Problem(file, line, column, "fel", rule, message, code)


def warning(file: str, line: int | None, column: int | None, rule: str, message: str,
            code: str | None = None) -> Problem:
    return Problem(file, line, column, "varning", rule, message, code)


def keep_first(problems: list[Problem], limit: int = MAX_PROBLEMS) -> tuple[list[Problem], int]:
    """The first `limit` problems, and how many were left out."""
    return problems[:limit], max(len(problems) - limit, 0)
