"""XLSX export: a workbook that opens with meta first, frozen panes, autofilter, styles,
no formulas from data, and the shipped structure in force today."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from tests.conftest import MINIMAL
from tests.export_data import DANGEROUS_EXAMPLES, DETAILED, dangerous_yaml

from vgrklass.datafile import shipped_data_path
from vgrklass.export.rows import COLUMNS, build_plan
from vgrklass.export.xlsx_export import (
    LINE_HEIGHT,
    MAX_LINES,
    SHEET_ABOUT,
    SHEET_PLAN,
    render_xlsx,
    row_height,
)
from vgrklass.load import load_structure

DAY = dt.date(2024, 5, 1)


def workbook_of(plan):
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(plan)))


def plan_of(write_yaml, text, on=DAY):
    return build_plan(load_structure(write_yaml(text)), on, DAY)


def test_about_sheet_comes_first_with_the_document_facts(write_yaml):
    book = workbook_of(plan_of(write_yaml, MINIMAL))
    assert book.sheetnames == [SHEET_ABOUT, SHEET_PLAN]
    assert book.active.title == SHEET_PLAN  # opens on the plan itself
    facts = {r[0]: r[1] for r in book[SHEET_ABOUT].iter_rows(values_only=True) if r and r[0]}
    assert facts["Organisation"] == "Testregionen"
    assert facts["Version"] == "1.0:2020"
    assert facts["Gäller från"] == "2021-01-01"
    assert facts["Diarienummer"] == "RS 2020-1"
    assert facts["Exporterad"] == "2024-05-01"
    assert facts["Planen visar"] == "strukturen som gäller 2024-05-01"
    assert facts["Antal rader"] == "5"
    assert "Testafter struktur" in [r[0] for r in book[SHEET_ABOUT].iter_rows(values_only=True)]


def test_plan_sheet_has_header_frozen_panes_filter_and_widths(write_yaml):
    sheet = workbook_of(plan_of(write_yaml, MINIMAL))[SHEET_PLAN]
    header = [c.value for c in sheet[1]]
    assert header == [c.heading for c in COLUMNS]
    assert sheet.freeze_panes == "D2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(COLUMNS))}{sheet.max_row}"
    assert sheet.max_row == 1 + 5
    assert sheet["A1"].font.b and sheet["A1"].fill.fgColor.rgb.endswith("1F4E79")
    assert sheet.column_dimensions["G"].width == 40  # Handlingstyp
    assert sheet.print_title_rows == "$1:$1"


def test_long_texts_wrap_and_dates_are_dates(write_yaml):
    sheet = workbook_of(plan_of(write_yaml, MINIMAL, on=None))[SHEET_PLAN]
    rows = list(sheet.iter_rows(min_row=2))
    keys = [c.key for c in COLUMNS]
    process = next(r for r in rows if r[keys.index("p_code")].value == "2.1.2")
    removed = process[keys.index("removed")]
    assert removed.value.date() == dt.date(2021, 1, 1) and removed.number_format == "yyyy-mm-dd"
    first = rows[0]
    assert first[keys.index("description")].alignment.wrap_text
    assert first[keys.index("document_type")].value == "protokoll"


def test_formula_like_text_is_stored_as_text(write_yaml):
    sheet = workbook_of(plan_of(write_yaml, dangerous_yaml()))[SHEET_PLAN]
    column = [c.key for c in COLUMNS].index("document_type")
    cells = [r[column] for r in sheet.iter_rows(min_row=2) if r[2].value == "2.1.1"]
    assert [c.value for c in cells] == list(DANGEROUS_EXAMPLES)
    assert all(c.data_type == "s" for c in cells)
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_detail_fields_are_written(write_yaml):
    sheet = workbook_of(plan_of(write_yaml, DETAILED))[SHEET_PLAN]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True)
               if r[header.index("Handlingstyp")] == "följesedel")
    assert row[header.index("Gallringsfrist")] == "2 år"
    assert row[header.index("Personuppgifter")] == "ja"


def test_progress_is_reported_up_to_the_row_count(write_yaml):
    seen: list[int] = []
    plan = plan_of(write_yaml, MINIMAL)
    render_xlsx(plan, seen.append)
    assert seen and seen[-1] == len(plan.rows)


@pytest.fixture(scope="module")
def shipped():
    return load_structure(shipped_data_path())


def test_shipped_structure_in_force_today_exports_without_removed_processes(shipped):
    today = dt.date.today()
    sheet = workbook_of(build_plan(shipped, today, today))[SHEET_PLAN]
    assert sheet.max_row - 1 >= 700
    assert sheet.freeze_panes == "D2" and sheet.auto_filter.ref
    exported = {r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
    removed = {n.code for n in shipped
               if n.kind == "P" and not shipped.effective_in_force(n, today)}
    assert removed, "the shipped structure has removed processes to leave out"
    assert not exported & removed
    in_force = {n.code for n in shipped.in_force(today) if n.kind == "P"}
    assert exported == in_force


def test_row_heights_follow_wrapped_text_up_to_a_cap(write_yaml):
    long_text = "ord " * 400
    text = MINIMAL.replace("        description: Här ligger det politiska arbetet.",
                           f"        description: {long_text.strip()}")
    sheet = workbook_of(plan_of(write_yaml, text))[SHEET_PLAN]
    keys = [c.key for c in COLUMNS]
    heights = {r[keys.index("p_code")].value: sheet.row_dimensions[r[0].row].height
               for r in sheet.iter_rows(min_row=2)}
    assert heights["1.1"] == MAX_LINES * LINE_HEIGHT  # capped
    assert heights["2.2"] == LINE_HEIGHT  # one short line
    assert sheet.row_dimensions[1].height == 2 * LINE_HEIGHT


def test_row_height_counts_line_breaks_and_width():
    wrapped = [(0, 10)]
    assert row_height(("kort",), wrapped) == LINE_HEIGHT
    assert row_height(("a\nb\nc",), wrapped) == 3 * LINE_HEIGHT
    assert row_height(("x" * 25,), wrapped) == 3 * LINE_HEIGHT  # 10 characters a line
    assert row_height(("x" * 25,), [(0, 40)]) == LINE_HEIGHT


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice är inte installerat")
def test_libreoffice_opens_it_and_shows_formula_like_text_as_text(write_yaml, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(render_xlsx(plan_of(write_yaml, dangerous_yaml())))
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,"
         "false,false,-1", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180)
    text = (tmp_path / f"plan-{SHEET_PLAN}.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    # header, two examples of 1.1, the dangerous ones of 2.1.1, one row for 2.2
    assert rows[0][:3] == ["VO", "PG", "P"] and len(rows) == 1 + 2 + len(DANGEROUS_EXAMPLES) + 1
    cells = [r[6] for r in rows[1:] if r[2] == "2.1.1"]
    assert cells == list(DANGEROUS_EXAMPLES)  # '-2+3' stays text, not 1


def test_control_characters_from_yaml_escapes_are_dropped(write_yaml):
    # validate refuses such text; a structure that skipped validate must still export.
    from vgrklass.load import parse_file

    text = MINIMAL.replace("              - följesedel\n",
                           '              - "följe\\asedel\\x01"\n')
    structure = parse_file(write_yaml(text)).structure
    sheet = workbook_of(build_plan(structure, DAY, DAY))[SHEET_PLAN]
    types = {r[6] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert "följesedel" in types


HOSTILE = "a\x01b\x1bc\x85d\x9be\u202ef\u200bg\ufeffh\ufffei\uffffj"


def test_characters_xml_cannot_hold_are_dropped_from_every_cell(write_yaml):
    # issue 17: U+FFFE/U+FFFF passed validate and made lxml fail (exit 70, tracebacks)
    from vgrklass.load import parse_file

    escaped = HOSTILE.encode("unicode_escape").decode("ascii").replace("\\\\", "\\\\")
    text = (MINIMAL.replace("title: Testafter struktur", f'title: "{escaped}"')
            .replace("              - följesedel\n",
                     f'              - text: "{escaped}"\n'
                     f'                anmarkning: "{escaped}"\n'))
    structure = parse_file(write_yaml(text)).structure
    book = workbook_of(build_plan(structure, DAY, DAY))
    cells = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row
             if isinstance(c, str) and "a" in c and "j" in c and "b" in c]
    assert cells and all("\ufffe" not in c and "\uffff" not in c and "\x01" not in c
                         for c in cells)
    assert any("\u202e" in c for c in cells)  # what XML can hold is kept as written
