"""Classifying a file share: classify_file as a library call, the worker pool, walking
directories, JSON Lines, --resume, the summary and the exit codes."""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import time
from pathlib import Path

import pytest
from test_classify import STRUCTURE
from test_classify_cli import INVOICE, MINUTES
from test_cli_tty import run_on_tty
from test_extract import make_docx, make_pdf
from typer.testing import CliRunner

from vgrklass.classify import bulk, pool
from vgrklass.classify.bulk import Classifier, FileResult, classify_file
from vgrklass.classify.sources import Done, walk
from vgrklass.cli import app
from vgrklass.extract import Limits

runner = CliRunner()
ON = dt.date(2024, 6, 1)


@pytest.fixture
def data(write_yaml) -> Path:
    return write_yaml(STRUCTURE)


@pytest.fixture
def index(data) -> Classifier:
    return Classifier.open(data, ON)


@pytest.fixture
def share(tmp_path) -> Path:
    """A small file share: documents of every format, in subdirectories, with a hidden
    directory, an Office lock file, a picture and a symbolic link to outside."""
    root = tmp_path / "share"
    (root / "ekonomi" / "2024").mkdir(parents=True)
    (root / "styrelse").mkdir()
    (root / ".git").mkdir()
    (root / "ekonomi" / "faktura.txt").write_text(INVOICE, encoding="utf-8")
    make_pdf(root / "ekonomi" / "2024" / "faktura.pdf", ["Leverantörsfaktura", "Att betala"])
    (root / "styrelse" / "protokoll.md").write_text(MINUTES, encoding="utf-8")
    make_docx(root / "styrelse" / "remissvar.docx", [("Title", "Remissvar"),
                                                     ("Normal", "Vi tillstyrker förslaget.")])
    (root / "styrelse" / "bild.png").write_bytes(b"\x89PNG\r\n")
    (root / "styrelse" / "~$remissvar.docx").write_bytes(b"lock")
    (root / ".git" / "HEAD.txt").write_text("Protokoll", encoding="utf-8")
    outside = tmp_path / "utanför"
    outside.mkdir()
    (outside / "hemlig.txt").write_text(INVOICE, encoding="utf-8")
    os.symlink(outside, root / "länk")
    os.symlink(outside / "hemlig.txt", root / "länk.txt")
    return root


def invoke(data: Path, *args: str):
    return runner.invoke(app, ["classify", "--data", str(data), "--date", ON.isoformat(), *args])


def records(output: str) -> dict[str, dict]:
    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    return {record["file"]: record for record in lines}


# --- classify_file: the unit of work -------------------------------------------------------

def test_classify_file_returns_the_suggestions(index, tmp_path):
    path = tmp_path / "faktura.txt"
    path.write_text(INVOICE, encoding="utf-8")
    result = classify_file(path, index)
    assert result.ok and result.file == str(path)
    assert result.outcome.hits[0].code == "2.1"
    assert result.as_dict()["hits"][0]["code"] == "2.1"


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("saknas.txt", None, "missing"),
    ("bild.png", b"\x89PNG", "unknown_format"),
    ("trasig.pdf", b"%PDF-1.4 nothing", "unreadable"),
    ("gammal.docx", b"\xd0\xcf\x11\xe0 old doc", "unreadable"),
    ("tom.txt", b"\n\n", "empty"),
])
def test_classify_file_never_raises_for_a_bad_file(index, tmp_path, name, content, kind):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = classify_file(str(path), index)
    assert not result.ok and result.kind == kind
    assert result.as_dict() == {"file": str(path), "error": result.error, "kind": kind}
    assert name not in result.error  # the record names the file once, in "file"


def test_a_bug_in_a_reader_is_a_per_file_error_not_the_end_of_the_run(index, tmp_path,
                                                                     monkeypatch):
    def broken(*args, **kwargs):
        raise TypeError("oops")

    monkeypatch.setattr("vgrklass.extract.read_document", broken)
    result = classify_file(tmp_path / "x.txt", index)
    assert result.kind == "unexpected" and "TypeError: oops" in result.error


def test_classifier_pickles_as_a_reference_and_opens_again(index, tmp_path):
    path = tmp_path / "protokoll.md"
    path.write_text(MINUTES, encoding="utf-8")
    pickled = pickle.dumps(index)
    assert len(pickled) < 2000  # the data file's path and the options, not the structure
    again = pickle.loads(pickled)
    assert again.loaded_profiles is None
    assert classify_file(path, again).as_dict() == classify_file(path, index).as_dict()


# --- the worker pool -------------------------------------------------------------------------

def documents(folder: Path, count: int) -> list[str]:
    folder.mkdir(exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"dok{number:03}.txt"
        path.write_text(INVOICE if number % 2 else MINUTES, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_two_workers_give_the_same_results_in_the_same_order(index, tmp_path):
    paths = documents(tmp_path / "docs", 12) + [str(tmp_path / "saknas.txt")]
    alone = [r.as_dict() for r in bulk.run(paths, index, jobs=1)]
    together = [r.as_dict() for r in bulk.run(paths, index, jobs=2)]
    assert together == alone
    assert [r["file"] for r in together] == paths


def test_unordered_results_come_as_they_are_done_and_all_come(index, tmp_path):
    paths = documents(tmp_path / "docs", 10)
    got = [r.file for r in bulk.run(paths, index, jobs=2, ordered=False)]
    assert sorted(got) == sorted(paths)


def crash_or_hang(path: str, index: Classifier) -> FileResult:
    """A worker's work for the tests: dies on 'krasch', hangs on 'häng'."""
    if "krasch" in path:
        os._exit(3)
    if "häng" in path:
        time.sleep(600)
    return classify_file(path, index)


def test_a_worker_that_dies_or_hangs_costs_that_file_only(data, tmp_path, monkeypatch):
    monkeypatch.setattr(pool, "HARD_GRACE", 2.0)
    index = Classifier.open(data, ON, limits=Limits(seconds=3.0))
    good = documents(tmp_path / "docs", 6)
    paths = [good[0], str(tmp_path / "krasch.txt"), *good[1:3], str(tmp_path / "häng.txt"),
             *good[3:]]
    started = time.monotonic()
    results = list(pool.run_parallel(paths, index, 2, work=crash_or_hang))
    assert time.monotonic() - started < 30
    assert [r.file for r in results] == paths
    by_file = {r.file: r for r in results}
    assert by_file[paths[1]].kind == "crashed" and "avslutades oväntat" in by_file[paths[1]].error
    assert by_file[paths[4]].kind == "too_large" and "sekunder" in by_file[paths[4]].error
    assert [by_file[p].error for p in good] == [""] * len(good)


# --- which files ---------------------------------------------------------------------------

def test_walk_skips_hidden_files_lock_files_and_symbolic_links(share):
    found = sorted(str(Path(p).relative_to(share)) for p in walk([str(share)], True))
    assert found == ["ekonomi/2024/faktura.pdf", "ekonomi/faktura.txt", "styrelse/bild.png",
                     "styrelse/protokoll.md", "styrelse/remissvar.docx"]


def test_walk_reports_a_directory_it_cannot_list(tmp_path, monkeypatch):
    closed = tmp_path / "stängd"
    closed.mkdir()
    (tmp_path / "öppen.txt").write_text(INVOICE, encoding="utf-8")
    listing = os.scandir

    def scandir(path):
        if Path(path) == closed:
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = list(walk([str(tmp_path)], True))
    assert found[0] == str(tmp_path / "öppen.txt")
    assert isinstance(found[1], FileResult) and found[1].file == str(closed)
    assert found[1].error.startswith("katalogen kan inte läsas")


def test_recursive_jsonl_has_one_record_per_file_and_reports_unknown_types(data, share):
    result = invoke(data, str(share), "--recursive", "--format", "jsonl")
    assert result.exit_code == 2, result.output
    got = records(result.stdout)
    assert len(got) == 5
    assert got[str(share / "ekonomi" / "faktura.txt")]["hits"][0]["code"] == "2.1"
    assert got[str(share / "styrelse" / "remissvar.docx")]["hits"][0]["code"] == "1.4"
    png = got[str(share / "styrelse" / "bild.png")]
    assert png == {"file": str(share / "styrelse" / "bild.png"), "kind": "unknown_format",
                   "error": "okänt filformat .png; kan läsa docx, md, pdf, txt"}
    assert "klassificerade 5 filer: 4 med förslag, 0 utan förslag, 1 kunde inte läsas " \
        "(okänt filformat 1)" in result.stderr


def test_recursive_run_with_workers_matches_one_process(data, share):
    one = invoke(data, str(share), "-r", "-f", "jsonl", "--jobs", "1")
    two = invoke(data, str(share), "-r", "-f", "jsonl", "--jobs", "2")
    assert records(one.stdout) == records(two.stdout)


def test_a_directory_without_recursive_says_how(data, share):
    result = invoke(data, str(share))
    assert result.exit_code == 2
    assert "är en katalog" in result.stderr and "--recursive" in result.stderr


def test_json_for_a_directory_is_one_object_written_as_files_are_done(data, share):
    result = invoke(data, str(share), "-r", "-f", "json")
    outcome = json.loads(result.stdout)
    assert set(outcome) == {str(p) for p in walk([str(share)], True)}
    assert outcome[str(share / "styrelse" / "bild.png")] is None
    assert json.loads(json.dumps(outcome, ensure_ascii=False, indent=2)) == outcome


def test_many_files_on_the_command_line_use_workers(data, tmp_path, monkeypatch):
    paths = documents(tmp_path / "docs", 20)
    used = []
    original = pool.run_parallel
    monkeypatch.setattr(pool, "run_parallel",
                        lambda *a, **k: used.append(a[2]) or original(*a, **k))
    result = invoke(data, *paths, "-f", "jsonl", "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert used == [2] and len(records(result.stdout)) == 20


# --- --resume --------------------------------------------------------------------------------

def test_resume_skips_files_already_in_the_output(data, share, tmp_path):
    first = invoke(data, str(share), "-r", "-f", "jsonl")
    lines = first.stdout.splitlines()
    previous = tmp_path / "resultat.jsonl"
    # An interrupted run: two records written, the third cut off in the middle.
    previous.write_text(lines[0] + "\n" + lines[1] + "\n" + lines[2][:40], encoding="utf-8")
    again = invoke(data, str(share), "-r", "-f", "jsonl", "--resume", str(previous))
    done = {json.loads(line)["file"] for line in lines[:2]}
    assert set(records(again.stdout)) == set(records(first.stdout)) - done
    assert f"2 fanns redan i {previous}" in again.stderr


def test_resume_appending_to_its_own_file_starts_a_new_line_after_a_cut_record(data, share,
                                                                              tmp_path):
    out = tmp_path / "resultat.jsonl"
    first = invoke(data, str(share), "-r", "-f", "jsonl")
    lines = first.stdout.splitlines()
    out.write_text(lines[0] + "\n" + lines[1][:30], encoding="utf-8")
    env = {**os.environ, "VGRKLASS_DATA": str(data)}
    import subprocess
    import sys

    with out.open("a", encoding="utf-8") as stream:
        subprocess.run([sys.executable, "-m", "vgrklass", "classify", str(share), "-r",
                        "-f", "jsonl", "--date", ON.isoformat(), "--resume", str(out)],
                       stdout=stream, stderr=subprocess.PIPE, env=env, check=False)
    text = out.read_text(encoding="utf-8").splitlines()
    assert text[1] == lines[1][:30]  # the cut record stays on a line of its own …
    finished = records("\n".join(line for line in text if line.endswith("}")))
    assert set(finished) == set(records(first.stdout))  # … and every file has a record


def test_done_reads_whole_records_only(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"file": "a.txt", "hits": []}\n'
                    '{"file": "b.txt", "error": "filen finns inte", "kind": "missing"}\n'
                    'skräp\n{"file": "c.txt", "hi\n{"file": "d.txt"}\n', encoding="utf-8")
    done = Done.read(path)
    assert len(done) == 2
    assert "a.txt" in done and "b.txt" in done
    assert "c.txt" not in done and "d.txt" not in done


def test_resume_file_that_cannot_be_read_is_an_error(data, tmp_path):
    result = invoke(data, str(tmp_path), "-r", "--resume", str(tmp_path / "saknas.jsonl"))
    assert result.exit_code == 2
    assert "--resume" in result.stderr and "saknas.jsonl" in result.stderr


# --- exit codes ------------------------------------------------------------------------------

def test_exit_code_is_the_worst_outcome(data, tmp_path):
    ok = tmp_path / "faktura.txt"
    ok.write_text(INVOICE, encoding="utf-8")
    nothing = tmp_path / "väder.txt"
    nothing.write_text("Vädret\n\nSol och moln över Kungsbacka.\n", encoding="utf-8")
    assert invoke(data, str(ok), "-f", "jsonl").exit_code == 0
    assert invoke(data, str(ok), str(nothing), "-f", "jsonl").exit_code == 1
    assert invoke(data, str(ok), str(nothing), str(tmp_path / "saknas.txt"),
                  "-f", "jsonl").exit_code == 2


# --- the progress bar ------------------------------------------------------------------------

def run_with_terminal_stderr(data: Path, out: Path, *args: str) -> tuple[int, str]:
    """The command with standard error on a (pseudo) terminal and standard out in a file."""
    with out.open("wb") as stdout:
        return run_on_tty("classify", "--data", str(data), "--date", ON.isoformat(), *args,
                          env_extra={"COLUMNS": "100"}, stdout=stdout, timeout=120)


def test_progress_bar_on_a_terminal_while_the_results_go_to_a_file(data, tmp_path):
    folder = tmp_path / "docs"
    documents(folder, 20)
    out = tmp_path / "resultat.jsonl"
    code, terminal = run_with_terminal_stderr(data, out, str(folder), "-r", "-f", "jsonl",
                                              "--jobs", "1")
    assert code == 0, terminal
    assert "Klassificerar" in terminal and "filer/s" in terminal
    assert "klassificerade 20 filer: 20 med förslag" in terminal
    assert len(out.read_text(encoding="utf-8").splitlines()) == 20


def test_no_progress_bar_when_standard_error_is_no_terminal(data, tmp_path):
    folder = tmp_path / "docs"
    documents(folder, 20)
    result = invoke(data, str(folder), "-r", "-f", "jsonl", "--jobs", "1")
    assert "Klassificerar" not in result.stderr
    assert result.stderr.strip() == "klassificerade 20 filer: 20 med förslag, 0 utan förslag"


def test_workers_that_cannot_load_the_structure_stop_the_run_with_a_reason(tmp_path):
    missing = Classifier(tmp_path / "borta.yaml", ON)
    paths = documents(tmp_path / "docs", 3)
    with pytest.raises(pool.WorkerFailed, match="kunde inte läsa datafilen"):
        list(pool.run_parallel(paths, missing, 2))


def test_jsonl_never_prints_invisible_characters_of_a_file_name_raw(data, tmp_path):
    path = tmp_path / "faktura\u202etxt.txt"
    path.write_text(INVOICE, encoding="utf-8")
    result = invoke(data, str(path), "-f", "jsonl")
    assert "\u202e" not in result.stdout and "\\u202e" in result.stdout
    assert json.loads(result.stdout)["file"] == str(path)  # the same value
