"""vgrklass export through the CLI: formats, files, dates and clean errors."""

from __future__ import annotations

import json
import os

import openpyxl
import pytest
from tests.conftest import MINIMAL
from typer.testing import CliRunner

from vgrklass.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["export", *args])


def test_xlsx_without_output_file_is_a_clean_swedish_error(minimal_yaml):
    result = run("--format", "xlsx", "--data", str(minimal_yaml))
    assert result.exit_code == 2
    assert "-o" in result.stderr and "xlsx" in result.stderr
    assert "Traceback" not in result.output


def test_xlsx_to_file_leaves_no_temporary_file(minimal_yaml, tmp_path):
    target = tmp_path / "plan.xlsx"
    result = run("-f", "xlsx", "-o", str(target), "--data", str(minimal_yaml))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx", "struktur.yaml"]
    sheet = openpyxl.load_workbook(target)["Dokumenthanteringsplan"]
    assert sheet.max_row == 1 + 5
    assert target.stat().st_mode & 0o044  # readable by others, like any exported file


def test_text_formats_go_to_stdout(minimal_yaml):
    for fmt, marker in (("csv", "VO;PG;P"), ("html", "<!DOCTYPE html>"),
                        ("markdown", "# Dokumenthanteringsplan")):
        result = run("-f", fmt, "--data", str(minimal_yaml), "--date", "2024-01-01")
        assert result.exit_code == 0, result.output
        assert marker in result.stdout
        assert "leverantörsfaktura" in result.stdout


def test_delimiter_option(minimal_yaml):
    result = run("-f", "csv", "--delimiter", ",", "--data", str(minimal_yaml))
    assert result.stdout.lstrip("\ufeff").startswith("VO,PG,P,")
    tabbed = run("-f", "csv", "--delimiter", "\\t", "--data", str(minimal_yaml))
    assert tabbed.stdout.lstrip("\ufeff").startswith("VO\tPG\tP\t")


def test_bad_delimiter_is_refused(minimal_yaml):
    result = run("-f", "csv", "--delimiter", ";;", "--data", str(minimal_yaml))
    assert result.exit_code == 2 and "avgränsare" in result.stderr


def test_date_and_all_choose_the_processes(minimal_yaml):
    today = run("-f", "csv", "--data", str(minimal_yaml)).stdout
    before = run("-f", "csv", "--date", "2018-06-01", "--data", str(minimal_yaml)).stdout
    everything = run("-f", "csv", "--all", "--data", str(minimal_yaml)).stdout
    assert "Köpa in gammalt" not in today
    assert "Köpa in gammalt" in before and "Hantera bemanning" not in before
    assert "Köpa in gammalt" in everything and "Hantera bemanning" in everything


def test_missing_directory_is_reported_before_writing(minimal_yaml, tmp_path):
    result = run("-f", "html", "-o", str(tmp_path / "saknas" / "plan.html"),
                 "--data", str(minimal_yaml))
    assert result.exit_code == 2 and "finns inte" in result.stderr


def test_bad_date_is_a_clean_error(minimal_yaml):
    result = run("-f", "csv", "--date", "2021-02-30", "--data", str(minimal_yaml))
    assert result.exit_code == 2 and "ogiltigt datum" in result.stderr


def test_bad_data_file_names_file_and_line(write_yaml):
    path = write_yaml(MINIMAL.replace("              - följesedel\n",
                                      "              - text: följesedel\n"
                                      "                gallringsfrist: 2 år\n"))
    result = run("-f", "csv", "--data", str(path))
    assert result.exit_code == 2
    assert f"{path}:" in result.stderr and "gallringsfrist" in result.stderr


def test_json_stays_a_list_of_nodes(minimal_yaml):
    nodes = json.loads(run("-f", "json", "--all", "--data", str(minimal_yaml)).stdout)
    assert [n["code"] for n in nodes][:2] == ["1", "1.1"] and len(nodes) == 7


def test_format_follows_the_file_name_when_not_given(minimal_yaml, tmp_path):
    for name, start in (("plan.xlsx", b"PK"), ("plan.csv", b"\xef\xbb\xbfVO;"),
                        ("plan.HTML", b"<!DOCTYPE html>"), ("plan.md", b"# Dokument"),
                        ("noder.json", b"[")):
        target = tmp_path / name
        result = run("-o", str(target), "--data", str(minimal_yaml))
        assert result.exit_code == 0, result.output
        assert target.read_bytes().startswith(start), name


def test_explicit_format_applies_to_a_file_name_that_names_no_format(minimal_yaml, tmp_path):
    target = tmp_path / "plan.txt"
    assert run("-f", "csv", "-o", str(target), "--data", str(minimal_yaml)).exit_code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfVO;")


@pytest.mark.parametrize("name", ["plan.xls", "noder.txt", "plan"])
def test_a_file_name_that_names_no_format_is_refused_without_format(minimal_yaml, tmp_path,
                                                                    name):
    # issue 17: `-o plan.xls` silently wrote JSON into a file Excel would not open
    result = run("-o", str(tmp_path / name), "--data", str(minimal_yaml))
    assert result.exit_code == 2 and "--format" in result.stderr, result.output
    assert name.partition(".")[2] in result.stderr
    assert not (tmp_path / name).exists()


def test_a_file_name_of_another_format_than_format_is_refused(minimal_yaml, tmp_path):
    result = run("-f", "csv", "-o", str(tmp_path / "plan.xlsx"), "--data", str(minimal_yaml))
    assert result.exit_code == 2 and "xlsx" in result.stderr and "csv" in result.stderr
    assert not (tmp_path / "plan.xlsx").exists()


def _console_into(buffer, terminal: bool):
    from rich.console import Console

    console = Console(file=buffer, force_terminal=terminal, width=100)
    return lambda: console


def test_progress_bar_only_on_a_terminal_for_a_large_plan(minimal_yaml, tmp_path, monkeypatch):
    import io

    from vgrklass.cli import cmd_export

    target = str(tmp_path / "plan.xlsx")
    for terminal, threshold, expected in ((True, 0, True), (False, 0, False),
                                          (True, 1000, False)):
        buffer = io.StringIO()
        monkeypatch.setattr(cmd_export, "err_console", _console_into(buffer, terminal))
        monkeypatch.setattr(cmd_export, "PROGRESS_THRESHOLD", threshold)
        assert run("-o", target, "--data", str(minimal_yaml)).exit_code == 0
        assert ("Skriver xlsx" in buffer.getvalue()) is expected, (terminal, threshold)


# --- targets that must not be written (issue 17) ---------------------------------------

def _same_as_data(minimal_yaml, how: str):
    if how == "itself":
        return minimal_yaml
    other = minimal_yaml.parent / f"{how}.json"
    if how == "symlink":
        other.symlink_to(minimal_yaml)
    else:
        os.link(minimal_yaml, other)
    return other


@pytest.mark.parametrize("how", ["itself", "symlink", "hardlink"])
@pytest.mark.parametrize("fmt", ["json", "markdown", "csv"])
def test_export_onto_the_data_file_being_read_is_refused(minimal_yaml, how, fmt):
    before = minimal_yaml.read_bytes()
    target = _same_as_data(minimal_yaml, how)
    result = run("-f", fmt, "-o", str(target), "--data", str(minimal_yaml))
    assert result.exit_code == 2 and "datafilen som läses" in result.stderr, result.output
    assert minimal_yaml.read_bytes() == before


def test_schema_onto_the_data_file_is_refused(minimal_yaml, monkeypatch):
    before = minimal_yaml.read_bytes()
    monkeypatch.setenv("VGRKLASS_DATA", str(minimal_yaml))
    result = runner.invoke(app, ["schema", "-o", str(minimal_yaml)])
    assert result.exit_code == 2 and "datafilen som läses" in result.stderr
    result = runner.invoke(app, ["--data", str(minimal_yaml), "schema", "-o", str(minimal_yaml)])
    assert result.exit_code == 2
    assert minimal_yaml.read_bytes() == before


def test_a_read_only_target_is_refused_and_kept(minimal_yaml, tmp_path):
    target = tmp_path / "plan.json"
    target.write_text("[]\n", encoding="utf-8")
    target.chmod(0o444)
    result = run("-o", str(target), "--data", str(minimal_yaml))
    assert result.exit_code == 2 and "skrivskyddad" in result.stderr
    assert target.read_text(encoding="utf-8") == "[]\n" and target.stat().st_mode & 0o777 == 0o444


def test_a_hard_linked_target_is_refused_and_the_link_kept(minimal_yaml, tmp_path):
    target = tmp_path / "plan.json"
    target.write_text("[]\n", encoding="utf-8")
    os.link(target, tmp_path / "kopia.json")
    result = run("-o", str(target), "--data", str(minimal_yaml))
    assert result.exit_code == 2 and "hård länk" in result.stderr
    assert os.path.samefile(target, tmp_path / "kopia.json")
    assert target.read_text(encoding="utf-8") == "[]\n"


def test_a_249_character_file_name_can_be_written(minimal_yaml, tmp_path):
    target = tmp_path / ("p" * 244 + ".xlsx")
    result = run("-o", str(target), "--data", str(minimal_yaml))
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"PK")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([minimal_yaml.name,
                                                                target.name])
