"""XLSX export: the plan as an Excel workbook that archivists hand out.

Sheet 1 "Om planen" holds the document's facts; sheet 2 "Dokumenthanteringsplan" the
rows, with a styled and frozen header, frozen code columns, autofilter, column widths,
wrapped text and a repeated header when printed. openpyxl's write-only mode streams
the rows, so a plan of ~100 000 rows stays fast and small in memory. Only cells that
need a style get one (a styled cell costs openpyxl about twice a plain one).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from vgrklass.export.rows import COLUMNS, Plan

SHEET_ABOUT = "Om planen"
SHEET_PLAN = "Dokumenthanteringsplan"
FROZEN_CELL = "D2"  # header row and the three code columns (VO, PG, P)
PROGRESS_EVERY = 1000  # rows between progress callbacks

_HEADER_FILL = "1F4E79"  # dark blue, white bold text
_WRAPPED = frozenset({"vo_title", "pg_title", "p_title", "document_type", "gallringsfrist",
                      "sekretess", "personuppgifter", "forvaring", "format", "anmarkning",
                      "description", "comments", "handling"})

COLUMN_NOTES: dict[str, str] = {
    "vo_code": "Verksamhetsområdets kod",
    "pg_code": "Processgruppens kod (tom för en process direkt under ett verksamhetsområde)",
    "p_code": "Processens kod – ange den när handlingen registreras",
    "document_type": "Handlingstyp (exempel på handlingar i processen)",
    "bevaras_gallras": "Om handlingstypen bevaras eller gallras",
    "gallringsfrist": "När handlingarna får gallras",
    "sekretess": "Om handlingarna kan omfattas av sekretess",
    "personuppgifter": "Om handlingarna innehåller personuppgifter",
    "forvaring": "Var handlingarna förvaras (system eller plats)",
    "format": "Medium och format",
    "added": "Datum då processen tillkom (om det anges i strukturen)",
    "removed": "Datum då processen togs bort eller upphörde",
}

Progress = Callable[[int], None]


def render_xlsx(plan: Plan, progress: Progress | None = None) -> bytes:
    """The workbook as bytes (the caller writes it atomically)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.properties.title = f"Dokumenthanteringsplan – {plan.meta.title}"
    workbook.properties.creator = "vgrklass"
    _about_sheet(workbook.create_sheet(SHEET_ABOUT), plan)
    _plan_sheet(workbook.create_sheet(SHEET_PLAN), plan, progress)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet: Any, value: str, template: Any | None = None) -> Any:
    """A string cell that is always text: openpyxl would store '=…' as a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    if template is not None:
        cell._style = copy.copy(template._style)
    return cell


def _about_sheet(sheet: Any, plan: Plan) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 90
    sheet.sheet_view.showGridLines = False
    label = _text_cell(sheet, "")
    label.font = Font(bold=True)
    label.alignment = Alignment(vertical="top")
    value = _text_cell(sheet, "")
    value.alignment = Alignment(wrap_text=True, vertical="top")

    def line(name: str, text: str) -> list[Any]:
        return [_text_cell(sheet, name, label), _text_cell(sheet, text, value)]

    title = _text_cell(sheet, "Dokumenthanteringsplan")
    title.font = Font(bold=True, size=16, color=_HEADER_FILL)
    meta = plan.meta
    sheet.append([title])
    sheet.append([_text_cell(sheet, meta.title, value)])
    sheet.append([])
    sheet.append(line("Organisation", meta.organisation))
    sheet.append(line("Version", meta.version))
    sheet.append(line("Gäller från", meta.valid_from.isoformat()))
    sheet.append(line("Diarienummer", meta.diarienummer))
    sheet.append(line("Planen visar", plan.scope))
    sheet.append(line("Exporterad", plan.exported.isoformat()))
    sheet.append(line("Antal rader", str(len(plan.rows))))
    sheet.append([])
    sheet.append(line("Så läser du planen",
                      f"Fliken {SHEET_PLAN} har en rad per handlingstyp. Använd filterpilarna "
                      "i rubrikraden för att välja verksamhetsområde, process eller "
                      "handlingstyp. En process utan exempel på handlingar har en rad med "
                      "tom handlingstyp."))
    sheet.append([])
    sheet.append([_text_cell(sheet, "Kolumner", label)])
    for column in COLUMNS:
        note = COLUMN_NOTES.get(column.key)
        if note:
            sheet.append(line(column.heading, note))


def _plan_sheet(sheet: Any, plan: Plan, progress: Progress | None) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    last_column = get_column_letter(len(COLUMNS))
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = FROZEN_CELL
    sheet.auto_filter.ref = f"A1:{last_column}{len(plan.rows) + 1}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    header = _text_cell(sheet, "")
    header.font = Font(bold=True, color="FFFFFF")
    header.fill = PatternFill("solid", start_color=_HEADER_FILL)
    header.alignment = Alignment(wrap_text=True, vertical="center")
    header.border = Border(bottom=Side(style="medium", color="000000"))
    sheet.append([_text_cell(sheet, c.heading, header) for c in COLUMNS])

    from openpyxl.cell import WriteOnlyCell

    wrapped = _text_cell(sheet, "")
    wrapped.alignment = Alignment(wrap_text=True, vertical="top")
    top = _text_cell(sheet, "")
    top.alignment = Alignment(vertical="top")
    date_template = WriteOnlyCell(sheet, dt.date(2000, 1, 1))
    date_template.alignment = Alignment(vertical="top")
    date_template.number_format = "yyyy-mm-dd"
    # One styled cell per column, reused for every row: append() writes a row out before
    # it returns, and building ~20 styled cells per row was most of the time taken.
    text_cells = [_text_cell(sheet, "", wrapped if c.key in _WRAPPED else top) for c in COLUMNS]
    date_cells = [_text_cell(sheet, "", date_template) for _ in COLUMNS]
    for date_cell in date_cells:
        date_cell.value = dt.date(2000, 1, 1)  # binds the date type once

    for done, row in enumerate(plan.rows, start=1):
        cells: list[Any] = []
        for index, value in enumerate(row.values()):
            if value is None or value == "":
                cells.append(None)
            elif isinstance(value, dt.date):
                date_cells[index].value = value
                cells.append(date_cells[index])
            else:
                cell = text_cells[index]
                cell.value = value
                cell.data_type = "s"  # never a formula, whatever the text starts with
                cells.append(cell)
        sheet.append(cells)
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    if progress is not None:
        progress(len(plan.rows))
