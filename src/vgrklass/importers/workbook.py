"""Reading a dokumenthanteringsplan workbook into rows of the plan's columns.

The workbook is the one `export --format xlsx` writes, or any DHP sheet whose header row
names the columns (Kod/Process, Handlingstyp, Bevaras/gallras, Gallringsfrist, …; an
optional Klassa VT column above VO is read and not used). Columns are found by their
headers, so their order is free and missing optional columns leave those fields alone.

Every cell becomes text (or a date in the date columns) with its reference
(`Dokumenthanteringsplan!H14`). What cannot be trusted is refused at its cell: a formula
(its value is whatever the spreadsheet last computed), a merged cell (one value meant
for several rows), an error value (#REF!), TRUE/FALSE, a code typed as a decimal number
(Excel turns 2.10 into 2.1). The cells are streamed from the sheet's XML (xlsxcells).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vgrklass.export.rows import COLUMNS
from vgrklass.importers.problems import ImportProblem, WorkbookError
from vgrklass.importers.xlsxcells import Workbook, XlsxError, open_workbook

PLAN_SHEET = "Dokumenthanteringsplan"
HEADER_SEARCH_ROWS = 20  # a DHP may have a title and notes above its header row
VT = "vt"  # Klassa's verksamhetstyp: read, not used (the structure has no level above VO)

# Headings that name each column besides its own heading in the plan (rows.COLUMNS),
# compared casefolded with spaces collapsed and a trailing ':' or '*' dropped.
ALIASES: dict[str, tuple[str, ...]] = {
    VT: ("vt", "verksamhetstyp"),
    "vo_code": ("vo-kod", "kod vo", "verksamhetsområdeskod"),
    "pg_code": ("pg-kod", "kod pg", "processgruppskod"),
    "p_code": ("kod", "kod/process", "processkod", "processnummer", "p-kod", "klassificering",
               "klassificeringskod"),
    "p_title": ("processnamn", "processrubrik"),
    "document_type": ("handlingstyper", "handlingsslag", "dokumenttyp", "handling"),
    "bevaras_gallras": ("bevara/gallra", "b/g", "bevaras eller gallras", "bevaras el. gallras"),
    "gallringsfrist": ("gallringstid", "gallras efter"),
    "gallringsstod": ("gallringsbeslut", "stöd för gallring", "lagstöd", "föreskrift"),
    "sekretess": ("sekretessbestämmelse", "osl"),
    "personuppgifter": ("pu", "innehåller personuppgifter"),
    "forvaring": ("förvaringsplats", "förvaras", "it-system", "system"),
    "registrering": ("registreras", "diarieföring"),
    "format": ("format", "medium", "format och medium"),
    "anmarkning": ("anmärkningar",),
    "description": ("beskrivning",),
    "comments": ("kommentarer",),
    "removed": ("borttagen", "upphörd"),
}
REQUIRED = ("p_code", "document_type")
DATE_KEYS = frozenset({"added", "removed"})
CODE_KEYS = frozenset({"vo_code", "pg_code", "p_code"})
HEADINGS = {c.key: c.heading for c in COLUMNS} | {VT: "VT"}


def _fold(heading: str) -> str:
    text = " ".join(heading.split()).casefold().rstrip(":*").strip()
    return re.sub(r"\s*/\s*", "/", text)


_BY_HEADING: dict[str, str] = {_fold(c.heading): c.key for c in COLUMNS} | {
    _fold(alias): key for key, aliases in ALIASES.items() for alias in aliases}


def column_key(heading: str) -> str | None:
    """The plan column a header names ('Kod/Process' → 'p_code'), or None."""
    return _BY_HEADING.get(_fold(heading))


def expected_headings() -> str:
    """The headings import knows, for messages: the plan's own, in order."""
    return ", ".join(c.heading for c in COLUMNS)


Value = str | dt.date | None


@dataclass(frozen=True, slots=True)
class Cell:
    ref: str  # "Dokumenthanteringsplan!H14"
    value: Value  # text ("" when empty), or a date in the date columns


@dataclass(frozen=True, slots=True)
class SheetRow:
    number: int  # 1-based row number in the sheet
    values: dict[str, Value]  # by column key: every column the sheet has ("" when empty)
    letters: dict[str, str]  # column key → column letter (one dict for all rows)
    sheet: str

    def __contains__(self, key: str) -> bool:
        return key in self.values

    def cell(self, key: str) -> Cell:
        return Cell(self.ref(key), self.values[key])

    def text(self, key: str) -> str:
        value = self.values.get(key)
        return value if isinstance(value, str) else ""

    def ref(self, key: str) -> str:
        """'Dokumenthanteringsplan!H14'; the row's first column for a column it lacks."""
        letter = self.letters.get(key) or next(iter(self.letters.values()))
        return f"{self.sheet}!{letter}{self.number}"

    def with_value(self, key: str, value: Value, at: str) -> SheetRow:
        """The row with one more column, whose cell is the one of column `at`."""
        return SheetRow(self.number, {**self.values, key: value},
                        {**self.letters, key: self.letters[at]}, self.sheet)


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    keys: tuple[str, ...]  # the columns the sheet has, by key, in its order
    rows: tuple[SheetRow, ...]
    problems: tuple[ImportProblem, ...]  # cells refused (their value in `rows` is "")


def read_workbook(path: Path, sheet_name: str | None = None) -> Sheet:
    """The plan's rows from a workbook, with the cells it refuses. Raises WorkbookError
    when there is no sheet to read (no such file or sheet, no usable header row)."""
    book = _open(path)
    try:
        sheet, header_row, columns = _choose_sheet(book, path, sheet_name)
        problems: list[ImportProblem] = []
        rows = _rows(book, sheet, header_row, columns, str(path), problems)
    finally:
        book.close()
    keys = tuple(dict.fromkeys(columns.values()))
    return Sheet(sheet, keys, tuple(rows), tuple(problems))


def _open(path: Path) -> Workbook:
    name = str(path)
    if not path.is_file():
        what = "finns inte" if not path.exists() else "är ingen vanlig fil"
        raise WorkbookError([ImportProblem(name, None, f"filen {what}")])
    try:
        return open_workbook(path)
    except OSError as exc:
        from vgrklass.fileio import os_error_text

        raise WorkbookError([ImportProblem(name, None, f"filen kunde inte läsas "
                                                       f"({os_error_text(exc)})")]) from None
    except XlsxError:
        raise WorkbookError([ImportProblem(
            name, None, "filen är ingen Excel-arbetsbok som kan läsas (.xlsx); spara den "
                        "som Excel-arbetsbok (.xlsx), inte .xls, .ods eller .csv")]) from None


def _choose_sheet(book: Workbook, path: Path, wanted: str | None
                  ) -> tuple[str, int, dict[int, str]]:
    """The sheet to read, its header row and its columns (index → key)."""
    name = str(path)
    names = list(book.sheets)
    if wanted is not None and wanted not in names:
        raise WorkbookError([ImportProblem(name, None, f"fliken '{wanted}' finns inte; flikarna "
                                                       f"är: {', '.join(names)}")])
    order = [wanted] if wanted else sorted(names, key=lambda n: n != PLAN_SHEET)
    for sheet in order:
        found = _header(book, sheet, name)
        if found is not None:
            return (sheet, *found)
    where = f"fliken '{wanted}'" if wanted else "någon flik"
    raise WorkbookError([ImportProblem(
        name, None, f"hittade ingen rubrikrad på {where} (de första {HEADER_SEARCH_ROWS} "
                    "raderna) med kolumnerna P (eller Kod/Process) och Handlingstyp; kända "
                    f"rubriker: {expected_headings()}")])


def _header(book: Workbook, sheet: str, name: str) -> tuple[int, dict[int, str]] | None:
    """(row number, columns) of the first row naming a code and a document type column;
    unknown, repeated or unnamed-but-used headers in it are errors."""
    from openpyxl.utils import get_column_letter

    for number, cells in book.rows(sheet, last=HEADER_SEARCH_ROWS):
        texts = {c.column: str(c.value).strip() for c in cells if str(c.value).strip()}
        keys = {i: column_key(t) for i, t in texts.items()}
        if not set(REQUIRED) <= set(keys.values()):
            continue
        problems = []
        columns: dict[int, str] = {}
        for i, key in keys.items():
            ref = f"{sheet}!{get_column_letter(i + 1)}{number}"
            if key is None:
                problems.append(ImportProblem(name, ref, f"okänd kolumn '{texts[i]}'; kända "
                                                         f"rubriker: {expected_headings()}"))
            elif key in columns.values():
                first = next(j for j, k in columns.items() if k == key)
                problems.append(ImportProblem(name, ref, f"kolumnen '{texts[i]}' finns redan "
                                                         f"({get_column_letter(first + 1)}"
                                                         f"{number}: '{texts[first]}')"))
            else:
                columns[i] = key
        if problems:
            raise WorkbookError(problems)
        return number, columns
    return None


def _rows(book: Workbook, sheet: str, header_row: int, columns: dict[int, str], name: str,
          problems: list[ImportProblem]) -> list[SheetRow]:
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import range_boundaries

    letters = {key: get_column_letter(i + 1) for i, key in columns.items()}
    empty = dict.fromkeys(columns.values(), "")
    merged: list[str] = []
    result = []
    for number, cells in book.rows(sheet, merged=merged):
        if number <= header_row:
            continue
        values: dict[str, Value] = {}
        for cell in cells:
            if isinstance(cell.value, str) and not cell.value.strip():
                continue
            key = columns.get(cell.column)
            if key is None:
                problems.append(ImportProblem(name, f"{sheet}!{get_column_letter(cell.column + 1)}"
                                                    f"{number}", "värde i en kolumn utan "
                                                    "rubrik; ge kolumnen en rubrik eller töm den"))
                continue
            try:
                values[key] = _value(cell.kind, cell.value, key)
            except _Refused as refused:
                problems.append(ImportProblem(name, f"{sheet}!{letters[key]}{number}",
                                              str(refused)))
                values[key] = ""
        if values:
            result.append(SheetRow(number, {**empty, **values}, letters, sheet))
    for cells in merged:
        _, low_row, _, _ = range_boundaries(cells)
        if low_row > header_row:
            problems.append(ImportProblem(name, f"{sheet}!{cells.split(':')[0]}",
                                          f"sammanfogade celler ({cells}): dela upp dem så att "
                                          "varje rad har sina egna värden"))
    return result


class _Refused(ValueError):
    """A cell that cannot be trusted; the message says why."""


def _value(kind: str, value: Any, key: str) -> Value:
    """A cell's value as the row model holds it. Raises _Refused."""
    heading = HEADINGS.get(key, key)
    if kind == "f":
        raise _Refused(f"formel i kolumnen {heading} ({value}); skriv värdet i stället")
    if kind == "e":
        raise _Refused(f"felvärdet {value} i kolumnen {heading}")
    if kind == "b":
        raise _Refused(f"sanningsvärdet {'SANT' if value else 'FALSKT'} i kolumnen {heading}; "
                       "skriv text, t.ex. ja eller nej")
    if kind == "d":
        day = value.date() if isinstance(value, dt.datetime) else value
        return day if key in DATE_KEYS else day.isoformat()
    if kind == "n":
        if isinstance(value, float) and not value.is_integer():
            if key in CODE_KEYS:
                raise _Refused(f"koden är talet {value:g}, inte text (Excel gör 2.10 till "
                               "2.1); skriv koden som text, t.ex. '2.10")
            return str(value)
        return str(int(value))
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip() if key in CODE_KEYS | DATE_KEYS else text


def cells_in(rows: Iterable[SheetRow], key: str) -> list[Cell]:
    return [row.cell(key) for row in rows if key in row]
