"""vgrklass classify end to end: every format, JSON shapes, errors and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_classify import STRUCTURE
from test_extract import blank_pdf, encrypt_pdf, make_docx, make_pdf
from typer.testing import CliRunner

from vgrklass.cli import app

runner = CliRunner()

INVOICE = "Leverantörsfaktura\n\nFakturanummer 123. Att betala 500 kronor. Följesedel bifogas.\n"
MINUTES = "# Protokoll från nämndens sammanträde\n\nNämnden beslutade enligt förslaget.\n"


@pytest.fixture
def data(write_yaml) -> Path:
    return write_yaml(STRUCTURE)


def run(data: Path, *args: str, stdin: str | None = None):
    return runner.invoke(app, ["classify", "--data", str(data), "--date", "2024-06-01", *args],
                         input=stdin)


def top_code(result) -> str:
    return json.loads(result.stdout)[0]["code"]


def test_txt_file_text_output_shows_process_and_evidence(data, tmp_path):
    path = tmp_path / "faktura.txt"
    path.write_text(INVOICE, encoding="utf-8")
    result = run(data, str(path))
    assert result.exit_code == 0, result.output
    assert "P 2.1 Hantera kostnader från leverantör" in result.stdout
    assert "på grund av:" in result.stdout and "leverantörsfaktura" in result.stdout


def test_markdown_file(data, tmp_path):
    path = tmp_path / "protokoll.md"
    path.write_text(MINUTES, encoding="utf-8")
    result = run(data, str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert top_code(result) == "1.1"


def test_pdf_file(data, tmp_path):
    path = make_pdf(tmp_path / "faktura.pdf", ["Leverantörsfaktura", "Att betala 500 kronor",
                                               "Följesedel bifogas"])
    result = run(data, str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert top_code(result) == "2.1"


def test_docx_file(data, tmp_path):
    path = make_docx(tmp_path / "remiss.docx", [("Title", "Remissvar"),
                                                ("Normal", "Vi tillstyrker förslaget.")])
    result = run(data, str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert top_code(result) == "1.4"


def test_stdin_dash(data):
    result = run(data, "-", "--format", "json", stdin=INVOICE)
    assert result.exit_code == 0, result.output
    assert top_code(result) == "2.1"


def test_empty_stdin_is_named_standard_in(data):
    result = run(data, "-", stdin="\n  \n")
    assert result.exit_code == 2
    assert "standard in: dokumentet är tomt" in result.stderr


def test_json_for_one_file_is_a_list_of_hits_with_documented_fields(data, tmp_path):
    path = tmp_path / "faktura.txt"
    path.write_text(INVOICE, encoding="utf-8")
    hits = json.loads(run(data, str(path), "--format", "json").stdout)
    assert isinstance(hits, list) and hits
    assert set(hits[0]) == {"code", "title", "score", "confident", "evidence"}
    assert set(hits[0]["evidence"][0]) == {"text", "field", "match", "score", "zone", "line",
                                           "via"}
    assert hits[0]["confident"] is True
    assert all(hit["confident"] is False for hit in hits[1:])
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_json_for_several_files_is_keyed_by_file(data, tmp_path):
    first = tmp_path / "a.txt"
    first.write_text(INVOICE, encoding="utf-8")
    second = tmp_path / "b.md"
    second.write_text(MINUTES, encoding="utf-8")
    result = run(data, str(first), str(second), "--format", "json")
    assert result.exit_code == 0, result.output
    outcome = json.loads(result.stdout)
    assert list(outcome) == [str(first), str(second)]
    assert outcome[str(first)][0]["code"] == "2.1"
    assert outcome[str(second)][0]["code"] == "1.1"


def test_limit(data, tmp_path):
    path = tmp_path / "blandat.txt"
    path.write_text("Protokoll\n\nLeverantörsfaktura, delårsrapport och remissvar.\n",
                    encoding="utf-8")
    assert len(json.loads(run(data, str(path), "-n", "2", "-f", "json").stdout)) == 2
    assert len(json.loads(run(data, str(path), "--limit", "1", "-f", "json").stdout)) == 1


def test_date_excludes_processes_not_in_force(data, tmp_path):
    path = tmp_path / "best.txt"
    path.write_text("Beställningsblankett\n\nBeställning av pennor.\n", encoding="utf-8")
    now = run(data, str(path), "-f", "json")
    before = runner.invoke(app, ["classify", "--data", str(data), "--date", "2020-06-01",
                                 str(path), "-f", "json"])
    assert "2.4" not in [h["code"] for h in json.loads(now.stdout)]
    assert top_code(before) == "2.4"


def test_close_call_says_uncertain_in_text(data, tmp_path):
    path = tmp_path / "delar.txt"
    path.write_text("Delårsrapport\n", encoding="utf-8")
    result = run(data, str(path))
    assert result.exit_code == 0
    assert "Osäkert:" in result.stdout and "ligger nära varandra" in result.stdout
    hits = json.loads(run(data, str(path), "-f", "json").stdout)
    assert hits[0]["confident"] is False


def test_type_and_subject_of_different_processes_says_so_in_text(data, tmp_path):
    path = tmp_path / "remissvar.txt"
    path.write_text("Remissvar om arkivvård och leveranser\n\nVi lämnar svar.\n",
                    encoding="utf-8")
    result = run(data, str(path))
    assert result.exit_code == 0
    assert "Osäkert: titeln nämner en handlingstyp i P 1.4 men ett ämne som hör till P 2.3" \
        in " ".join(result.stdout.split())
    assert json.loads(run(data, str(path), "-f", "json").stdout)[0]["confident"] is False


@pytest.mark.parametrize("text", [
    "Delårsrapport\n",  # close: 1.2 and 2.2 share the type
    "Remissvar om arkivvård och leveranser\n\nVi lämnar svar.\n",  # subject elsewhere
    INVOICE,  # confident
])
def test_confidence_does_not_depend_on_the_limit(data, tmp_path, text):
    path = _write(tmp_path / "dok.txt", text.encode())
    verdicts = []
    for limit in ("1", "3"):
        out = " ".join(run(data, str(path), "-n", limit).stdout.split())
        verdicts.append(out[out.index("Säkert:" if "Säkert:" in out else "Osäkert:"):])
        first = json.loads(run(data, str(path), "-n", limit, "-f", "json").stdout)[0]
        verdicts.append(first["confident"])
    assert verdicts[:2] == verdicts[2:]


def test_text_output_names_the_lines_that_decided(data, tmp_path):
    path = _write(tmp_path / "faktura.txt", INVOICE.encode())
    out = " ".join(run(data, str(path)).stdout.split())
    assert "rader: titel ”Leverantörsfaktura”" in out
    hits = json.loads(run(data, str(path), "-f", "json").stdout)
    first = hits[0]["evidence"][0]
    assert first["zone"] == "title" and first["line"] == "Leverantörsfaktura"


def test_no_suggestion_exits_1(data, tmp_path):
    path = tmp_path / "glass.txt"
    path.write_text("Glasskiosk\n\nVanilj och choklad.\n", encoding="utf-8")
    result = run(data, str(path))
    assert result.exit_code == 1
    assert "Inget förslag" in result.stdout
    assert json.loads(run(data, str(path), "-f", "json").stdout) == []


@pytest.mark.parametrize(("kind", "message"), [
    ("encrypted", "krypterad"),
    ("scanned", "ingen text"),
    ("unknown", "okänt filformat"),
    ("empty", "tomt"),
    ("missing", "finns inte"),
])
def test_unreadable_file_message_exit_2_and_other_files_still_processed(
        data, tmp_path, kind, message):
    bad = {
        "encrypted": lambda: encrypt_pdf(make_pdf(tmp_path / "p.pdf", ["Protokoll"]),
                                         tmp_path / "hemlig.pdf"),
        "scanned": lambda: blank_pdf(tmp_path / "skannad.pdf"),
        "unknown": lambda: _write(tmp_path / "bild.png", b"\x89PNG"),
        "empty": lambda: _write(tmp_path / "tom.txt", b"\n \n"),
        "missing": lambda: tmp_path / "finns-inte.docx",
    }[kind]()
    good = tmp_path / "faktura.txt"
    good.write_text(INVOICE, encoding="utf-8")
    result = run(data, str(bad), str(good), "--format", "json")
    assert result.exit_code == 2
    assert message in result.stderr and bad.name in result.stderr
    assert "Traceback" not in result.output
    outcome = json.loads(result.stdout)
    assert outcome[str(bad)] is None
    assert outcome[str(good)][0]["code"] == "2.1"


def test_unreadable_beats_no_suggestion_in_exit_code(data, tmp_path):
    nothing = _write(tmp_path / "glass.txt", b"Glasskiosk\n\nVanilj.\n")
    result = run(data, str(nothing), str(tmp_path / "saknas.txt"))
    assert result.exit_code == 2
    assert "Inget förslag" in result.stdout and "finns inte" in result.stderr


def test_bad_date_is_a_clean_error(data, tmp_path):
    path = _write(tmp_path / "a.txt", INVOICE.encode())
    result = runner.invoke(app, ["classify", "--data", str(data), "--date", "2024-02-30",
                                 str(path)])
    assert result.exit_code == 2 and "ogiltigt datum" in result.output


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


VGRKLASS = Path(sys.executable).with_name("vgrklass")


@pytest.mark.skipif(not VGRKLASS.exists(), reason="konsolskriptet vgrklass är inte installerat")
def test_real_subprocess_all_formats_and_an_error(data, tmp_path):
    txt = _write(tmp_path / "faktura.txt", INVOICE.encode())
    pdf = make_pdf(tmp_path / "faktura.pdf", ["Leverantörsfaktura", "Följesedel bifogas"])
    docx = make_docx(tmp_path / "remiss.docx", [("Title", "Remissvar")])
    md = _write(tmp_path / "prot.md", MINUTES.encode())
    locked = encrypt_pdf(make_pdf(tmp_path / "p.pdf", ["Protokoll"]), tmp_path / "hemlig.pdf")
    proc = subprocess.run(
        [str(VGRKLASS), "classify", "--data", str(data), "--date", "2024-06-01", "-f", "json",
         str(txt), str(pdf), str(docx), str(md), str(locked)],
        capture_output=True, text=True, timeout=60, env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 2, proc.stderr
    outcome = json.loads(proc.stdout)
    assert {name: hits[0]["code"] for name, hits in outcome.items() if hits} == {
        str(txt): "2.1", str(pdf): "2.1", str(docx): "1.4", str(md): "1.1"}
    assert outcome[str(locked)] is None
    assert "krypterad" in proc.stderr and "Traceback" not in proc.stderr


def test_heavy_readers_not_imported_by_the_cli_for_text(data, tmp_path):
    path = _write(tmp_path / "faktura.txt", INVOICE.encode())
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom vgrklass.cli import app\n"
            f"r = CliRunner().invoke(app, ['classify', '--data', {str(data)!r}, {str(path)!r}])\n"
            "assert r.exit_code == 0, r.output\n"
            "print('pypdf' in sys.modules, 'docx' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["False", "False"]
