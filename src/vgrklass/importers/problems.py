"""What is wrong with a workbook, as values that name the file and the cell."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class ImportProblem:
    file: str  # the workbook (or the data file, for a problem of the result)
    cell: str | None  # "Dokumenthanteringsplan!H14"; None for the file as a whole
    message: str  # Swedish

    def as_dict(self) -> dict:
        return asdict(self)

    def format_text(self) -> str:
        where = f"{self.file}: {self.cell}" if self.cell else self.file
        return f"{where}: {self.message}"


class WorkbookError(Exception):
    """The workbook cannot be imported; carries every problem found. Nothing was written."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        super().__init__("\n".join(p.format_text() for p in problems))


_CELL = re.compile(r"!([A-Z]+)([0-9]+)$")


def in_sheet_order(problems: list[ImportProblem]) -> list[ImportProblem]:
    """Problems of the file as a whole first, then by row and column of their cell."""

    def key(problem: ImportProblem) -> tuple[int, int, str]:
        match = _CELL.search(problem.cell or "")
        if match is None:
            return (0, 0, "") if problem.cell is None else (1, 0, problem.cell)
        return (2, int(match[2]), f"{len(match[1]):02}{match[1]}")

    return sorted(problems, key=key)
