"""Import: a dokumenthanteringsplan workbook → the same row model as the export → changes
to the data file, made through the round trip (ruamel) so that only the changed values'
lines change.

`import_workbook(workbook, into)` reads the sheet (`workbook.py`), decides from its rows
what to edit in which node (`apply.py`), makes those edits in the nodes' round-trip
blocks (`roundtrip.edit_nodes`), checks the result with every rule the data file is held
to, and compares it with the file as it was (`diff.diff_structures`, the
same comparison `vgrklass diff` makes). Nothing is written here: the caller writes
`ImportResult.edited` with `roundtrip.write_edited` (in place, atomically) or to a new
file. Any problem, in the workbook or in the result, raises WorkbookError naming the
sheet and cell, so that nothing is written when anything is wrong.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from vgrklass.diff import Diff, diff_structures
from vgrklass.importers.apply import Applied, plan_sheet
from vgrklass.importers.problems import ImportProblem, WorkbookError, in_sheet_order
from vgrklass.importers.workbook import Sheet, read_workbook
from vgrklass.roundtrip import Edited, edit_nodes
from vgrklass.structure import Structure

__all__ = ["ImportProblem", "ImportResult", "WorkbookError", "import_workbook"]


@dataclass(frozen=True, slots=True)
class ImportResult:
    sheet: Sheet
    processes: int  # how many processes the sheet has rows for
    edited: Edited  # the data file's text before and after
    diff: Diff  # the changes, as `vgrklass diff` reports them

    @property
    def changed(self) -> bool:
        return self.edited.changed

    def summary(self) -> str:
        """'Läste 757 rader (135 processer) från fliken Dokumenthanteringsplan.'"""
        rows = len(self.sheet.rows)
        return (f"Läste {rows} {'rad' if rows == 1 else 'rader'} ({self.processes} "
                f"{'process' if self.processes == 1 else 'processer'}) från fliken "
                f"{self.sheet.name}.")


def import_workbook(workbook: Path, into: Path, sheet_name: str | None = None) -> ImportResult:
    """What the workbook changes in the data file `into`. Raises WorkbookError (the
    workbook, or the result, has problems) or DataError (the data file cannot be used)."""
    from vgrklass.load import load_structure

    sheet = read_workbook(workbook, sheet_name)
    before = load_structure(into)
    applied = plan_sheet(sheet, before, str(workbook))
    problems = [*sheet.problems, *applied.problems]
    if problems:
        raise WorkbookError(in_sheet_order(problems))
    edited = edit_nodes(into, before, applied.edits, applied.apply)
    if not edited.changed:  # nothing to compare: the file stays as it is
        return ImportResult(sheet, applied.processes, edited,
                            Diff((), (), (), before.source, str(workbook)))
    after = _checked(edited, applied, str(workbook))
    diff = diff_structures(before, dataclasses.replace(after, source=str(workbook)))
    return ImportResult(sheet, applied.processes, edited, diff)


def _checked(edited: Edited, applied: Applied, workbook: str) -> Structure:
    """The changed file as a structure, held to every rule; a broken rule is reported at
    the first row of the process it concerns (or at the data file's line)."""
    from vgrklass.load import parse_text
    from vgrklass.validate import check

    name = str(edited.path)
    parsed = parse_text(edited.new_text, name)
    errors = [p for p in parsed.problems + check(parsed) if p.severity == "fel"]
    if errors or parsed.structure is None:
        problems = []
        for p in errors:
            row = applied.first_rows.get(p.code or "")
            message = f"ändringen skulle göra datafilen ogiltig: {p.message}"
            if row is not None:
                problems.append(ImportProblem(workbook, row.ref("p_code"), message))
            else:
                problems.append(ImportProblem(name, f"rad {p.line} i den ändrade filen"
                                              if p.line else None, message))
        raise WorkbookError(problems or [ImportProblem(name, None, "ändringen skulle göra "
                                                                   "datafilen oläslig")])
    return parsed.structure
