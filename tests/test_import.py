"""vgrklass import: the exported workbook (or a general DHP sheet) back into the data file,
as exactly the changes its cells make, never a traceback, nothing written on any error."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from tests.conftest import MINIMAL
from tests.export_data import EVERY_FIELD
from typer.testing import CliRunner

from vgrklass.cli import app
from vgrklass.datafile import shipped_data_path
from vgrklass.dates import today
from vgrklass.export.rows import COLUMNS, build_plan
from vgrklass.export.xlsx_export import SHEET_PLAN, render_xlsx
from vgrklass.importers import WorkbookError, import_workbook
from vgrklass.load import load_structure
from vgrklass.structure import node_dict

runner = CliRunner()
HEADINGS = [c.heading for c in COLUMNS]


def export(data: Path, target: Path, all_: bool = True) -> Path:
    structure = load_structure(data)
    target.write_bytes(render_xlsx(build_plan(structure, None if all_ else today(), today())))
    return target


def run(*args: str):
    return runner.invoke(app, ["import", *args])


def edit(workbook: Path, changes: list[tuple[str, str, str, object]]) -> dict[str, str]:
    """Set cells: (P code, Handlingstyp, column heading, value). Returns their refs."""
    book = openpyxl.load_workbook(workbook)
    sheet = book[SHEET_PLAN]
    refs = {}
    for code, document_type, heading, value in changes:
        for row in range(2, sheet.max_row + 1):
            if (sheet.cell(row, 3).value == code
                    and (sheet.cell(row, 7).value or "") == document_type):
                cell = sheet.cell(row, HEADINGS.index(heading) + 1)
                cell.value = value
                refs[heading] = f"{SHEET_PLAN}!{cell.coordinate}"
                break
        else:
            raise AssertionError(f"no row {code} {document_type}")
    book.save(workbook)
    return refs


def only_problem(workbook: Path, data: Path):
    """The one problem the import finds."""
    with pytest.raises(WorkbookError) as info:
        import_workbook(workbook, data)
    [problem] = info.value.problems
    return problem


def refused_edit(data: Path, tmp_path: Path, change: tuple[str, str, str, object]):
    """(the one problem, the edited cell's reference) of importing an exported plan with
    one cell changed."""
    workbook = export(data, tmp_path / "plan.xlsx")
    [ref] = edit(workbook, [change]).values()
    return only_problem(workbook, data), ref


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                   lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.fixture
def every(write_yaml) -> Path:
    return write_yaml(EVERY_FIELD, "every.yaml")


# --- the round trip ------------------------------------------------------------------

@pytest.mark.parametrize("all_", [False, True], ids=["i-kraft", "hela-historiken"])
def test_shipped_data_round_trips_without_a_change(tmp_path, all_):
    data = tmp_path / "klassificering.yaml"
    shutil.copy(shipped_data_path(), data)
    workbook = export(data, tmp_path / "plan.xlsx", all_)
    result = import_workbook(workbook, data)
    assert result.diff.empty and not result.changed
    assert result.edited.new_text == data.read_text(encoding="utf-8")
    cli = run(str(workbook), "--into", str(data), "--write")
    assert cli.exit_code == 0, cli.output
    assert "Inga skillnader" in cli.stdout


def test_every_retention_field_round_trips(every, tmp_path):
    workbook = export(every, tmp_path / "plan.xlsx")
    result = import_workbook(workbook, every)
    assert result.diff.empty and result.edited.new_text == every.read_text(encoding="utf-8")


def test_the_workbook_rebuilds_every_field_into_a_file_without_them(every, write_yaml, tmp_path):
    """Import into the structure without the fields gives the structure with them, as
    the same text: the examples' fields, the new document types, sökord and comments."""
    workbook = export(every, tmp_path / "plan.xlsx")
    bare = write_yaml(MINIMAL, "bare.yaml")
    result = import_workbook(workbook, bare)
    assert result.edited.new_text == EVERY_FIELD
    rebuilt = load_structure(write_yaml(result.edited.new_text, "rebuilt.yaml"))
    original = load_structure(every)
    assert [node_dict(n) for n in rebuilt] == [node_dict(n) for n in original]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice saknas")
def test_a_workbook_saved_again_by_libreoffice_round_trips(every, tmp_path):
    workbook = export(every, tmp_path / "plan.xlsx")
    out = tmp_path / "libreoffice"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "xlsx", "--outdir", str(out), str(workbook)],
                   check=True, capture_output=True, timeout=180)
    result = import_workbook(out / "plan.xlsx", every)
    assert result.diff.empty, result.diff.as_dict()


# --- one edited cell -----------------------------------------------------------------

def test_one_edited_cell_is_exactly_one_change_and_one_line(every, tmp_path):
    workbook = export(every, tmp_path / "plan.xlsx")
    edit(workbook, [("2.1.1", "leverantörsfaktura", "Gallringsfrist", "7 år")])
    before = every.read_text(encoding="utf-8")
    shown = run(str(workbook), "--into", str(every), "--format", "json")
    assert shown.exit_code == 1, shown.output
    assert json.loads(shown.stdout)["changed"] == [{"code": "2.1.1", "changes": [
        {"field": "gallringsfrist", "old": "10 år efter räkenskapsårets utgång", "new": "7 år",
         "example": "leverantörsfaktura"}]}]
    assert every.read_text(encoding="utf-8") == before  # shown, not written
    written = run(str(workbook), "--into", str(every), "--write")
    assert written.exit_code == 1, written.output
    assert changed_lines(before, every.read_text(encoding="utf-8")) == [
        "-                gallringsfrist: 10 år efter räkenskapsårets utgång",
        "+                gallringsfrist: 7 år"]
    assert "Skrev ändringarna" in written.stderr
    again = run(str(workbook), "--into", str(every))
    assert again.exit_code == 0 and "Inga skillnader" in again.stdout


def test_one_edited_cell_of_the_shipped_plan(tmp_path):
    data = tmp_path / "klassificering.yaml"
    shutil.copy(shipped_data_path(), data)
    before = data.read_text(encoding="utf-8")
    workbook = export(data, tmp_path / "plan.xlsx", all_=False)
    edit(workbook, [("2.4.3", "leverantörsfaktura", "Bevaras/gallras", "gallras"),
                    ("2.4.3", "leverantörsfaktura", "Gallringsfrist",
                     "10 år efter räkenskapsårets utgång")])
    result = run(str(workbook), "--into", str(data), "--write", "--format", "json")
    assert result.exit_code == 1, result.output
    [change] = json.loads(result.stdout)["changed"]
    assert change["code"] == "2.4.3"
    assert [(c["field"], c["new"]) for c in change["changes"]] == [
        ("bevaras_gallras", "gallras"), ("gallringsfrist", "10 år efter räkenskapsårets utgång")]
    assert changed_lines(before, data.read_text(encoding="utf-8")) == [
        "-              - leverantörsfaktura",
        "+              - text: leverantörsfaktura",
        "+                bevaras_gallras: gallras",
        "+                gallringsfrist: 10 år efter räkenskapsårets utgång"]
    assert load_structure(data).get("2.4.3").example_info[0][1].frist.duration == "P10Y"


def test_comments_and_quotes_elsewhere_are_kept(write_yaml, tmp_path):
    text = "# Huvudkommentar\n" + MINIMAL.replace(
        '    title: STYRA\n', "    title: 'STYRA'  # ordagrant\n")
    data = write_yaml(text)
    workbook = export(data, tmp_path / "plan.xlsx")
    edit(workbook, [("2.2", "", "Processbeskrivning", "Bemanning och schema.\nAndra raden.")])
    assert run(str(workbook), "--into", str(data), "--write").exit_code == 1
    assert changed_lines(text, data.read_text(encoding="utf-8")) == [
        "+        description: |-", "+          Bemanning och schema.", "+          Andra raden."]


def test_a_process_text_edited_on_one_of_its_rows_is_taken(every, tmp_path):
    workbook = export(every, tmp_path / "plan.xlsx")
    edit(workbook, [("2.1.1", "följesedel", "Process", "Hantera leverantörskostnader")])
    result = import_workbook(workbook, every)
    [change] = result.diff.changed
    assert [(f.field, f.new) for f in change.changes] == [("title",
                                                           "Hantera leverantörskostnader")]


def test_two_different_edits_of_one_process_text_are_refused_naming_both(every, tmp_path):
    workbook = export(every, tmp_path / "plan.xlsx")
    first = edit(workbook, [("2.1.1", "följesedel", "Process", "Ett")])["Process"]
    second = edit(workbook, [("2.1.1", "påminnelse", "Process", "Två")])["Process"]
    problem = only_problem(workbook, every)
    assert problem.cell == second and first in problem.message


# --- rows added and removed, dates, new processes --------------------------------------

def test_new_row_is_a_new_example_after_the_row_before_it(every, tmp_path):
    workbook = export(every, tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(workbook)
    sheet = book[SHEET_PLAN]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    at = next(i for i, r in enumerate(rows) if r[6] == "följesedel")
    new = list(rows[at])
    new[6:17] = ["kreditfaktura", "gallras", "2 år", None, None, None, None, None, None, None,
                 None]
    rows.insert(at + 1, new)
    rows = [r for r in rows if r[6] != "påminnelse"]  # and one document type removed
    sheet.delete_rows(2, sheet.max_row)
    for r in rows:
        sheet.append(r)
    book.save(workbook)
    result = import_workbook(workbook, every)
    [change] = result.diff.changed
    assert [(f.field, f.old, f.new) for f in change.changes] == [
        ("examples", "påminnelse", None), ("examples", None, "kreditfaktura")]
    node = load_structure(every).get("2.1.1")
    updated = result.edited.new_text
    assert updated.index("- text: följesedel") < updated.index("- text: kreditfaktura") < \
        updated.index("- text: avtal med leverantör")
    assert "påminnelse" not in updated and node.examples[-1] == "påminnelse"


def test_a_removal_date_removes_the_process(every, tmp_path):
    workbook = export(every, tmp_path / "plan.xlsx")
    for document_type in ("protokoll", "kallelse till sammanträde"):
        edit(workbook, [("1.1", document_type, "Borttagen/upphörd", dt.datetime(2025, 1, 1))])
    result = import_workbook(workbook, every)
    [change] = result.diff.changed
    assert [(f.field, f.new) for f in change.changes] == [("removed", "2025-01-01")]
    assert "        removed: 2025-01-01\n" in result.edited.new_text


def test_an_inherited_removal_cannot_be_cleared_on_the_process(write_yaml, tmp_path):
    text = MINIMAL.replace("        title: Administrera ekonomi\n",
                           "        title: Administrera ekonomi\n        removed: 2030-01-01\n")
    text = text.replace("            title: Hantera kostnader från leverantör\n",
                        "            title: Hantera kostnader från leverantör\n"
                        "            removed: 2030-01-01\n")
    problem, ref = refused_edit(write_yaml(text), tmp_path, (
        "2.1.1", "leverantörsfaktura", "Borttagen/upphörd", "2031-01-01"))
    assert problem.cell == ref and "PG 2.1" in problem.message


def test_a_new_process_goes_under_its_processgrupp_in_code_order(every, tmp_path):
    workbook = export(every, tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(workbook)
    book[SHEET_PLAN].append(["2", "2.1", "2.1.3", "GE VERKSAMHETSSTÖD", "Administrera ekonomi",
                             "Hantera resor", "reseräkning", "gallras", "2 år"])
    book.save(workbook)
    result = import_workbook(workbook, every)
    assert [n.code for n in result.diff.added] == ["2.1.3"]
    updated = result.edited.new_text
    assert updated.index('code: "2.1.2"') < updated.index('code: "2.1.3"') < \
        updated.index('code: "2.2"')
    assert '          - code: "2.1.3"\n            kind: P\n            title: Hantera resor\n' \
        in updated


def test_a_new_process_under_a_missing_processgrupp_is_refused(every, tmp_path):
    workbook = export(every, tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(workbook)
    book[SHEET_PLAN].append(["2", "2.7", "2.7.1", "GE VERKSAMHETSSTÖD", "Ny grupp", "Ny",
                             "dokument"])
    book.save(workbook)
    problem = only_problem(workbook, every)
    assert problem.cell.endswith("!B10") and "2.7" in problem.message


def test_a_process_placed_under_another_group_is_refused(every, tmp_path):
    problem, ref = refused_edit(every, tmp_path, ("2.1.1", "följesedel", "PG", "2.2"))
    assert problem.cell == ref and "ligger under processgruppen 2.1" in problem.message


def test_a_broken_rule_of_the_result_is_reported_at_the_process_row(every, tmp_path):
    problem, _ = refused_edit(every, tmp_path, ("2.2", "", "Borttagen/upphörd",
                                                "2018-01-01"))  # before its added
    assert problem.cell.startswith(SHEET_PLAN + "!C") and "ogiltig" in problem.message


# --- refused cells and sheets ------------------------------------------------------------

@pytest.mark.parametrize(("heading", "value", "says"), [
    ("Anmärkning", "=1+1", "formel"),
    ("Personuppgifter", True, "sanningsvärdet"),
    ("P", 2.1, "talet 2.1"),
    ("Gallringsfrist", "snart", "kan inte läsas"),
    ("Bevaras/gallras", "spara", "bevaras eller gallras"),
    ("Tillagd", "i fjol", "inget datum"),
])
def test_a_cell_that_cannot_be_trusted_is_refused_at_its_reference(every, tmp_path, heading,
                                                                    value, says):
    workbook = export(every, tmp_path / "plan.xlsx")
    refs = edit(workbook, [("2.1.1", "följesedel", heading, value)])
    before = every.read_text(encoding="utf-8")
    result = run(str(workbook), "--into", str(every), "--write")
    assert result.exit_code == 2
    assert f"{workbook}: {refs[heading]}: " in result.stderr and says in result.stderr
    assert "Traceback" not in result.output
    assert every.read_text(encoding="utf-8") == before


def test_merged_cells_are_refused(every, tmp_path):
    workbook = export(every, tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(workbook)
    book[SHEET_PLAN].merge_cells("K3:K4")
    book.save(workbook)
    with pytest.raises(WorkbookError) as info:
        import_workbook(workbook, every)
    assert [p.cell for p in info.value.problems] == [f"{SHEET_PLAN}!K3"]
    assert "sammanfogade" in info.value.problems[0].message


def test_an_unknown_header_lists_the_expected_ones(every, tmp_path):
    workbook = export(every, tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(workbook)
    book[SHEET_PLAN].cell(1, len(COLUMNS) + 1).value = "Kostnad"
    book.save(workbook)
    result = run(str(workbook), "--into", str(every))
    assert result.exit_code == 2
    assert "okänd kolumn 'Kostnad'" in result.stderr and "Gallringsfrist" in result.stderr


def test_a_sheet_without_the_required_headers_says_what_is_expected(every, tmp_path):
    workbook = tmp_path / "annat.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Namn", "Belopp"])
    book.save(workbook)
    result = run(str(workbook), "--into", str(every))
    assert result.exit_code == 2
    assert "Handlingstyp" in result.stderr and "Kod/Process" in result.stderr


@pytest.mark.parametrize("content", [b"", b"VO;PG;P\n", b"PK\x03\x04trasig"])
def test_a_file_that_is_no_workbook_is_refused(every, tmp_path, content):
    workbook = tmp_path / "plan.xlsx"
    workbook.write_bytes(content)
    result = run(str(workbook), "--into", str(every))
    assert result.exit_code == 2 and "Excel-arbetsbok" in result.stderr
    assert "Traceback" not in result.output


# --- a general dokumenthanteringsplan ------------------------------------------------------

def test_a_general_dhp_sheet_changes_only_the_columns_it_has(every, tmp_path):
    workbook = tmp_path / "dhp.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Försättsblad"
    sheet = book.create_sheet("DHP Ekonomi")
    sheet.append(["Dokumenthanteringsplan för ekonomi"])
    sheet.append([])
    sheet.append(["VT", "Kod/Process", "Handlingstyp", "Bevaras/Gallras", "Gallringsfrist",
                  "Anmärkning"])
    sheet.append(["Stöd", "2.1.1 Hantera kostnader från leverantör", "leverantörsfaktura",
                  "Gallras", "10 år efter räkenskapsårets utgång", "Original i ekonomisystemet."])
    sheet.append(["Stöd", "2.1.1", "följesedel", "gallras", "vid inaktualitet", None])
    sheet.append(["Stöd", "2.1.1", "avtal med leverantör", "bevaras", None, None])
    sheet.append(["Stöd", "2.1.1", "påminnelse", None, None, "Ny anmärkning"])
    book.save(workbook)
    result = run(str(workbook), "--into", str(every), "--format", "json")
    assert result.exit_code == 1, result.output
    assert "fliken DHP Ekonomi" in result.stderr
    assert json.loads(result.stdout)["changed"] == [{"code": "2.1.1", "changes": [
        {"field": "anmarkning", "old": None, "new": "Ny anmärkning", "example": "påminnelse"}]}]


# --- the command line -----------------------------------------------------------------

def test_output_file_gets_the_changes_and_the_data_file_stays(every, tmp_path):
    workbook = export(every, tmp_path / "plan.xlsx")
    edit(workbook, [("2.1.1", "påminnelse", "Anmärkning", "Ny")])
    before = every.read_text(encoding="utf-8")
    target = tmp_path / "ny.yaml"
    result = run(str(workbook), "--into", str(every), "-o", str(target))
    assert result.exit_code == 1, result.output
    assert every.read_text(encoding="utf-8") == before
    assert changed_lines(before, target.read_text(encoding="utf-8")) == [
        "-              - påminnelse", "+              - text: påminnelse",
        "+                anmarkning: Ny"]


@pytest.mark.parametrize(("args", "says"), [
    (["--write"], "--into"),
    (["--write", "-o", "x.yaml", "--into", "y.yaml"], "inte båda"),
])
def test_write_options_are_checked_first(tmp_path, args, says):
    result = run(str(tmp_path / "plan.xlsx"), *args)
    assert result.exit_code == 2 and says in result.stderr


def test_markdown_output_is_diffs_pull_request_comment(every, tmp_path):
    workbook = export(every, tmp_path / "plan.xlsx")
    edit(workbook, [("2.1.1", "följesedel", "Gallringsstöd", "RA-FS 2021:6")])
    result = run(str(workbook), "--into", str(every), "-f", "markdown")
    assert result.exit_code == 1
    assert "| P 2.1.1 | gallringsstöd för ”följesedel” | RS 2020-01234 | RA-FS 2021:6 |" \
        in result.stdout


def test_a_group_code_in_the_process_column_is_refused(every, tmp_path):
    problem, ref = refused_edit(every, tmp_path, ("2.2", "", "P", "2.1"))
    assert problem.cell == ref and "en processgrupp, inte en process" in problem.message


def test_an_unknown_sheet_lists_the_sheets(every, tmp_path):
    workbook = export(every, tmp_path / "plan.xlsx")
    result = run(str(workbook), "--into", str(every), "--sheet", "Blad1")
    assert result.exit_code == 2
    assert "'Blad1' finns inte" in result.stderr and "Dokumenthanteringsplan" in result.stderr
