"""XLSX export: the plan as an Excel workbook that archivists hand out.

Sheet 1 "Om planen" holds the document's facts; sheet 2 "Dokumenthanteringsplan" the
rows, with a styled and frozen header, frozen code columns, autofilter, column widths,
wrapped text, row heights and a repeated header when printed; the workbook opens on the
plan.

openpyxl (write-only) makes the workbook, its styles and both sheets' settings, with the
plan's header and one sample row. The plan's rows themselves are then written as XML
straight into the sheet (`_RowWriter`), in the styles openpyxl gave the sample row's
cells, streamed into the zip a batch at a time: openpyxl's cell objects cost 15 µs a
cell, half a million of them for a whole region's plan (issue 19: 9 s to under 2).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from vgrklass.export.rows import COLUMNS, Plan

SHEET_ABOUT = "Om planen"
SHEET_PLAN = "Dokumenthanteringsplan"
FROZEN_CELL = "D2"  # header row and the three code columns (VO, PG, P)
PROGRESS_EVERY = 1000  # rows between progress callbacks

_HEADER_FILL = "1F4E79"  # dark blue, white bold text
_WRAPPED = frozenset({"vo_title", "pg_title", "p_title", "document_type", "gallringsfrist",
                      "gallringsstod", "sekretess", "personuppgifter", "forvaring",
                      "registrering", "format", "anmarkning", "description", "comments",
                      "handling"})

COLUMN_NOTES: dict[str, str] = {
    "vo_code": "Verksamhetsområdets kod",
    "pg_code": "Processgruppens kod (tom för en process direkt under ett verksamhetsområde)",
    "p_code": "Processens kod – ange den när handlingen registreras",
    "document_type": "Handlingstyp (exempel på handlingar i processen)",
    "bevaras_gallras": "Om handlingstypen bevaras eller gallras",
    "gallringsfrist": "När handlingarna får gallras, t.ex. 2 år efter räkenskapsårets utgång "
                      "eller vid inaktualitet",
    "gallringsstod": "Föreskrift eller beslut som gallringen grundar sig på",
    "sekretess": "Om handlingarna kan omfattas av sekretess (OSL kapitel och paragraf)",
    "personuppgifter": "Om handlingarna innehåller personuppgifter",
    "forvaring": "Var handlingarna förvaras (system eller plats)",
    "registrering": "Hur handlingarna registreras (t.ex. diarieförs, hålls ordnad)",
    "format": "Medium och format",
    "sokord": "Sökord som arkivarien lagt till för processen (söks av vgrklass find)",
    "added": "Datum då processen tillkom (om det anges i strukturen)",
    "removed": "Datum då processen togs bort eller upphörde",
}

Progress = Callable[[int], None]

LINE_HEIGHT = 15.0  # points per line of 11 pt Calibri, Excel's default
MAX_LINES = 6  # taller rows are cut; the whole text is in the cell


def row_height(values: tuple[Any, ...], wrapped: list[tuple[int, int]]) -> float:
    """Points for a row: the most lines any wrapped cell needs, at most MAX_LINES.

    `wrapped` lists (column index, width) of the wrapped columns."""
    lines = 1
    for index, width in wrapped:
        value = values[index]
        if value and isinstance(value, str):
            lines = max(lines, _lines(value, width))
            if lines >= MAX_LINES:
                return MAX_LINES * LINE_HEIGHT
    return lines * LINE_HEIGHT


@lru_cache(maxsize=4096)
def _lines(text: str, width: int) -> int:
    # A column of width w holds about 1.15 w characters of proportional text; the -1
    # leaves room for the cell's padding and a word that does not break.
    per_line = max(1, int(width * 1.15) - 1)
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def render_xlsx(plan: Plan, progress: Progress | None = None) -> bytes:
    """The workbook as bytes (the caller writes it atomically)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    workbook.properties.title = _CONTROL.sub("", f"Dokumenthanteringsplan – {plan.meta.title}")
    workbook.properties.creator = "vgrklass"
    about = workbook.create_sheet(SHEET_ABOUT)
    sheet = workbook.create_sheet(SHEET_PLAN)
    # "Om planen" is the first tab, but staff open the file to read the plan.
    about.sheet_view.tabSelected = False
    sheet.sheet_view.tabSelected = True
    workbook.active = 1
    _about_sheet(about, plan)
    _plan_sheet(sheet, plan)
    skeleton = io.BytesIO()
    workbook.save(skeleton)
    return _with_rows(skeleton.getvalue(), plan, progress)


# Characters XML 1.0 (and so XLSX) cannot hold: control characters, lone surrogates and
# the noncharacters U+FFFE/U+FFFF. YAML escapes ("\a", "\x01", "\uFFFE") can put them in
# the data; validate refuses them, but a structure that skipped it must still export.
# They carry no meaning in a plan: dropped.
_CONTROL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text_cell(sheet: Any, value: str, template: Any | None = None) -> Any:
    """A string cell that is always text: openpyxl would store '=…' as a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, _CONTROL.sub("", value))
    cell.data_type = "s"
    if template is not None:
        cell._style = copy.copy(template._style)
    return cell


def _about_sheet(sheet: Any, plan: Plan) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 90
    sheet.sheet_view.showGridLines = False
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    label = _text_cell(sheet, "")
    label.font = Font(bold=True)
    label.alignment = Alignment(vertical="top")
    value = _text_cell(sheet, "")
    value.alignment = Alignment(wrap_text=True, vertical="top")

    def line(name: str, text: str) -> list[Any]:
        return [_text_cell(sheet, name, label), _text_cell(sheet, text, value)]

    title = _text_cell(sheet, "Dokumenthanteringsplan")
    title.font = Font(bold=True, size=16, color=_HEADER_FILL)
    subtitle = _text_cell(sheet, plan.meta.title)  # unwrapped: runs on over column B
    subtitle.font = Font(bold=True, size=12)
    meta = plan.meta
    rows: list[list[Any] | None] = [
        [title],
        [subtitle],
        None,
        line("Organisation", meta.organisation),
        line("Version", meta.version),
        line("Gäller från", meta.valid_from.isoformat()),
        line("Diarienummer", meta.diarienummer),
        line("Planen visar", plan.scope),
        line("Exporterad", plan.exported.isoformat()),
        line("Antal rader", str(len(plan.rows))),
        None,
        line("Så läser du planen",
             f"Fliken {SHEET_PLAN} har en rad per handlingstyp. Använd filterpilarna "
             "i rubrikraden för att välja verksamhetsområde, process eller handlingstyp. "
             "En process utan exempel på handlingar har en rad med tom handlingstyp. "
             "Långa texter syns i sin helhet när cellen markeras."),
        None,
        [_text_cell(sheet, "Kolumner", label)],
        *(line(c.heading, COLUMN_NOTES[c.key]) for c in COLUMNS if c.key in COLUMN_NOTES),
    ]
    for number, row in enumerate(rows, start=1):
        if row and len(row) == 2:  # a wrapped value: LibreOffice will not fit the height
            sheet.row_dimensions[number].height = _lines(row[1].value, 90) * LINE_HEIGHT
        sheet.append(row or [])


def _plan_sheet(sheet: Any, plan: Plan) -> None:
    """The plan sheet's settings, header and one sample row: a cell of every column in
    its style (see _with_rows)."""
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
    sheet.row_dimensions[1].height = 2 * LINE_HEIGHT  # 'Bevaras/gallras' takes two lines
    sheet.append([_text_cell(sheet, c.heading, header) for c in COLUMNS])

    from openpyxl.cell import WriteOnlyCell

    wrapped = _text_cell(sheet, "")
    wrapped.alignment = Alignment(wrap_text=True, vertical="top")
    top = _text_cell(sheet, "")
    top.alignment = Alignment(vertical="top")
    date_cell = WriteOnlyCell(sheet, _SAMPLE_DATE)
    date_cell.alignment = Alignment(vertical="top")
    date_cell.number_format = "yyyy-mm-dd"
    sheet.append([date_cell if c.key in _DATES else
                  _text_cell(sheet, "x", wrapped if c.key in _WRAPPED else top)
                  for c in COLUMNS])


_DATES = frozenset({"added", "removed"})
_SAMPLE_DATE = dt.date(2000, 1, 1)
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_ROWS_PER_WRITE = 500


def _with_rows(skeleton: bytes, plan: Plan, progress: Progress | None) -> bytes:
    """The workbook openpyxl made, with the plan sheet's sample row replaced by the plan's
    rows (see the module doc)."""
    import zipfile

    out = io.BytesIO()
    # Deflate at level 1: a whole region's sheet is ~60 MB of repetitive XML.
    with zipfile.ZipFile(io.BytesIO(skeleton)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        name = _sheet_part(source, SHEET_PLAN)
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info.filename))
                continue
            xml = source.read(name).decode("utf-8")
            start = xml.index('<row r="2"')
            end = xml.index("</row>", start) + len("</row>")
            writer = _RowWriter(_sample_styles(xml[start:end]))
            with target.open(name, "w", force_zip64=True) as handle:
                handle.write(xml[:start].encode("utf-8"))
                _write_rows(handle, writer, plan, progress)
                handle.write(xml[end:].encode("utf-8"))
    return out.getvalue()


def _sheet_part(workbook: Any, sheet_name: str) -> str:
    """The zip member holding a sheet, from workbook.xml and its relationships."""
    from xml.etree import ElementTree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    relation = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    sheets = ElementTree.fromstring(workbook.read("xl/workbook.xml"))
    rid = next(s.get(relation) for s in sheets.iter(f"{main}sheet")
               if s.get("name") == sheet_name)
    rels = ElementTree.fromstring(workbook.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _sample_styles(row: str) -> list[str]:
    """The style (`s`) of each column's cell in the sample row, in column order."""
    found = dict(re.findall(r'<c r="([A-Z]+)2" s="(\d+)"', row))
    from openpyxl.utils import get_column_letter

    return [found[get_column_letter(i)] for i in range(1, len(COLUMNS) + 1)]


class _RowWriter:
    """The XML of a plan row: inline strings (never formulas) and dates as Excel's day
    numbers, each cell in its column's style. A text is escaped once however many rows
    repeat it (a process's description is on each of its rows)."""

    __slots__ = ("_columns", "_ends", "_wrapped")

    def __init__(self, styles: list[str]):
        from openpyxl.utils import get_column_letter

        letters = [get_column_letter(i) for i in range(1, len(COLUMNS) + 1)]
        # (before the row number, after it for a text, after it for a date)
        self._columns = [(f'<c r="{letter}', f'" s="{style}" t="inlineStr"><is><t',
                          f'" s="{style}" t="n"><v>')
                         for letter, style in zip(letters, styles, strict=True)]
        self._wrapped = [(i, c.width) for i, c in enumerate(COLUMNS) if c.key in _WRAPPED]
        self._ends: dict[str, str] = {}  # text → the rest of its cell

    def row(self, number: int, values: tuple[Any, ...]) -> str:
        # Explicit heights: LibreOffice does not fit rows to wrapped text on import, and
        # Excel would make a row as tall as its longest comment. Capped so the plan scans.
        row = str(number)
        parts = [f'<row r="{row}" ht="{row_height(values, self._wrapped):g}" '
                 'customHeight="1">']
        for (before, text, date), value in zip(self._columns, values, strict=True):
            if value is None or value == "":
                continue
            if isinstance(value, dt.date):
                days = (value - _EXCEL_EPOCH).days
                parts.append(f"{before}{row}{date}{days - 1 if 0 < days <= 60 else days}"
                             "</v></c>")
                continue
            end = self._ends.get(value)
            if end is None:
                end = self._ends[value] = _text_end(value)
            parts.append(f"{before}{row}{text}{end}")
        parts.append("</row>")
        return "".join(parts)


def _text_end(value: str) -> str:
    """A text cell after its style: the text escaped, whitespace kept as openpyxl does."""
    if _CONTROL.search(value):
        value = _CONTROL.sub("", value)
    space = ' xml:space="preserve"' if value != value.strip() else ""
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace("\r", "&#13;")
    return f"{space}>{escaped}</t></is></c>"


def _write_rows(handle: Any, writer: _RowWriter, plan: Plan,
                progress: Progress | None) -> None:
    batch: list[str] = []
    for done, row in enumerate(plan.rows, start=1):
        batch.append(writer.row(done + 1, row.values()))
        if done % _ROWS_PER_WRITE == 0:
            handle.write("".join(batch).encode("utf-8"))
            batch = []
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    handle.write("".join(batch).encode("utf-8"))
    if progress is not None:
        progress(len(plan.rows))
