"""The streaming cell reader gives what openpyxl gives, for every kind of cell import meets."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from vgrklass.importers.xlsxcells import XlsxError, open_workbook

VALUES = ["text", 42, 2.5, dt.datetime(2024, 5, 2), True, "=1+1", "#N/A", "", "å ä ö\nrad två"]


def make(path, epoch=None):
    book = openpyxl.Workbook()
    if epoch is not None:
        book.epoch = epoch
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(VALUES)
    sheet["A2"] = CellRichText(["fet ", TextBlock(InlineFont(b=True), "text")])
    sheet["C3"] = "långt bort"
    sheet.merge_cells("A5:B6")
    book.create_sheet("Andra")["A1"] = "annan flik"
    book.save(path)
    return path


def cells_of(path, sheet="Plan"):
    book = open_workbook(path)
    merged: list[str] = []
    try:
        rows = {number: {c.column: (c.kind, c.value) for c in cells}
                for number, cells in book.rows(sheet, merged=merged)}
        return list(book.sheets), rows, merged
    finally:
        book.close()


@pytest.mark.parametrize("epoch", [None, CALENDAR_MAC_1904], ids=["1900", "1904"])
def test_values_and_kinds_are_openpyxls(tmp_path, epoch):
    path = make(tmp_path / "bok.xlsx", epoch)
    sheets, rows, merged = cells_of(path)
    assert sheets == ["Plan", "Andra"]
    assert rows[1] == {0: ("s", "text"), 1: ("n", 42), 2: ("n", 2.5),
                       3: ("d", dt.datetime(2024, 5, 2)), 4: ("b", True), 5: ("f", "=1+1"),
                       6: ("e", "#N/A"), 8: ("s", "å ä ö\nrad två")}
    assert rows[2] == {0: ("s", "fet text")}
    assert rows[3] == {2: ("s", "långt bort")}
    assert merged == ["A5:B6"]


def test_reading_stops_at_the_last_row_asked_for(tmp_path):
    book = open_workbook(make(tmp_path / "bok.xlsx"))
    assert [number for number, _ in book.rows("Plan", last=2)] == [1, 2]
    book.close()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice saknas")
def test_a_workbook_libreoffice_wrote_reads_the_same(tmp_path):
    path = make(tmp_path / "bok.xlsx")
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profil",
                    "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=180)
    _, rows, merged = cells_of(out / "bok.xlsx")
    assert rows[1][0] == ("s", "text") and rows[1][3] == ("d", dt.datetime(2024, 5, 2))
    assert rows[1][5][0] == "f" and merged == ["A5:B6"]


@pytest.mark.parametrize("content", [b"", b"inte en zip", None])
def test_what_is_no_workbook_is_an_xlsx_error(tmp_path, content):
    path = tmp_path / "x.xlsx"
    if content is None:  # a zip without the workbook's parts
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("annat.txt", "hej")
    else:
        path.write_bytes(content)
    with pytest.raises(XlsxError):
        open_workbook(path)
