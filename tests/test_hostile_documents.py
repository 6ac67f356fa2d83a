"""Hostile and broken documents (generated in hostile_files.py): each gets a clean Swedish
error of its own, in its record, within 10 seconds and 500 MiB, and the run goes on."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import hostile_files as hostile
import pytest
from test_classify import STRUCTURE
from test_classify_cli import INVOICE

from vgrklass.extract import ExtractError, read_document

SECONDS = 10.0
MEMORY_MIB = 500

# file name, how to make it, the error's kind, words of its message
CASES = [
    ("zipbomb.docx", lambda p: hostile.docx_zip_bomb(p, mib=1024), "too_large",
     "word/document.xml är 1 024 MiB okomprimerad"),
    ("zipbomb-som-ljuger.docx", lambda p: hostile.docx_zip_bomb(p, mib=1024, lie=True),
     "unreadable", "Word-filen är skadad"),
    ("gridspan.docx", hostile.docx_grid_span, "too_large", "fler än 100 000 celler"),
    ("djup.docx", hostile.docx_deep_nesting, "unreadable", "nästlad djupare än 256"),
    ("trasig-deflate.docx", hostile.docx_corrupt_deflate, "unreadable", "Word-filen är skadad"),
    ("deflate64.docx", hostile.docx_unsupported_compression, "unreadable",
     "komprimering som inte stöds"),
    ("miljon-stycken.docx", hostile.docx_paragraphs, "too_large", "fler än 100 000 stycken"),
    ("tio-miljoner-element.docx", hostile.docx_runs, "too_large",
     "fler än 2 000 000 XML-element"),
    ("jättetext.docx", hostile.docx_huge_text, "too_large", "mer än 3 000 000 tecken"),
    ("okänt-filter.pdf", hostile.pdf_unknown_filter, "unreadable",
     "komprimering eller funktion som inte stöds"),
    ("certifikat.pdf", hostile.pdf_certificate_encryption, "encrypted",
     "krypterad med certifikat"),
    ("sidor.pdf", hostile.pdf_pages, "too_large", "5 000 sidor (högst 2 000)"),
    ("ritning.pdf", hostile.pdf_drawing, "too_large", "varje sida har mer än 1 MiB innehåll"),
    ("jättefil.txt", hostile.text_huge, "too_large", "mer än 16 MiB text"),
]


@pytest.fixture
def data(write_yaml) -> Path:
    return write_yaml(STRUCTURE)


def classify(data: Path, *args: str, stdin=None, feed=None) -> tuple:
    """(exit code, stdout, stderr, seconds, peak RSS in MiB) of `vgrklass classify` in a
    process of its own; `feed` writes to its standard in until it stops reading."""
    command = [sys.executable, "-m", "vgrklass", "classify", "--data", str(data),
               "--date", "2024-06-01", *args]
    started = time.monotonic()
    process = subprocess.Popen(command, stdin=stdin, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    writer = threading.Thread(target=feed, args=(process.stdin,), daemon=True) if feed else None
    if writer:
        writer.start()
    output: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda n=n, s=s: output.__setitem__(n, s.read()))
               for n, s in (("out", process.stdout), ("err", process.stderr))]
    for reader in readers:
        reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    return (process.returncode, output["out"].decode(), output["err"].decode(), seconds,
            usage.ru_maxrss / 1024)


@pytest.fixture
def warm(data, tmp_path) -> None:
    """The structure's index built and cached, so that only the file is timed."""
    path = tmp_path / "varm.txt"
    path.write_text(INVOICE, encoding="utf-8")
    assert classify(data, str(path))[0] == 0


@pytest.mark.parametrize(("name", "make", "kind", "words"), CASES,
                         ids=[case[0] for case in CASES])
def test_hostile_file_gets_a_clean_error_quickly_and_in_little_memory(data, warm, tmp_path,
                                                                      name, make, kind, words):
    path = make(tmp_path / name)
    code, out, err, seconds, peak = classify(data, str(path), "--format", "jsonl")
    assert code == 2, err
    record = json.loads(out)
    assert record["file"] == str(path) and record["kind"] == kind
    assert words in record["error"]
    assert "Traceback" not in err and "internt fel" not in err
    assert seconds < SECONDS, f"{name}: {seconds:.1f} s"
    assert peak < MEMORY_MIB, f"{name}: {peak:.0f} MiB"


def test_hostile_files_among_good_ones_do_not_stop_the_run(data, warm, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    for name, make, _, _ in CASES:
        if "zipbomb" not in name:  # the bombs take seconds to make; one test each is enough
            make(share / name)
    (share / "faktura.txt").write_text(INVOICE, encoding="utf-8")
    for jobs in ("1", "2"):
        code, out, err, _, _ = classify(data, str(share), "-r", "-f", "jsonl", "--jobs", jobs)
        records = {json.loads(line)["file"]: json.loads(line) for line in out.splitlines()}
        assert code == 2
        assert records[str(share / "faktura.txt")]["hits"][0]["code"] == "2.1"
        assert sum("error" in r for r in records.values()) == len(CASES) - 2
        assert "Traceback" not in err


def endless(stream) -> None:
    """`yes`: writes until the reader goes away."""
    chunk = b"y\n" * 32768
    try:
        while True:
            stream.write(chunk)
    except (BrokenPipeError, OSError, ValueError):
        pass


def test_endless_standard_in_is_refused_not_swallowed(data, warm):
    code, out, err, seconds, peak = classify(data, "-", stdin=subprocess.PIPE, feed=endless)
    assert code == 2
    assert "standard in: för stor att läsa: mer än 16 MiB text" in err
    assert seconds < SECONDS and peak < MEMORY_MIB


class _Endless(io.RawIOBase):
    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        buffer[:] = b"y\n" * (len(buffer) // 2) + b"y" * (len(buffer) % 2)
        return len(buffer)


def test_endless_standard_in_stream_in_the_library(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(_Endless())))
    with pytest.raises(ExtractError) as caught:
        read_document("-")
    assert caught.value.kind == "too_large"


def test_a_page_too_big_to_read_is_left_out_and_the_rest_is_read(tmp_path):
    from pypdf import PdfReader, PdfWriter
    from test_extract import make_pdf

    text = PdfReader(str(make_pdf(tmp_path / "text.pdf", ["Leverantörsfaktura", "Att betala"])))
    drawing = PdfReader(str(hostile.pdf_drawing(tmp_path / "ritning.pdf", mib=2)))
    writer = PdfWriter()
    writer.add_page(text.pages[0])
    writer.add_page(drawing.pages[0])
    path = tmp_path / "blandad.pdf"
    writer.write(str(path))
    started = time.monotonic()
    document = read_document(str(path))
    assert time.monotonic() - started < SECONDS
    assert "Leverantörsfaktura" in document.text and "avtal" not in document.text


def test_a_reader_stuck_inside_one_page_is_stopped_at_the_time_limit(tmp_path):
    """In a process of its own, as a worker reads (the test runner's garbage collector
    callbacks would only print the alarm's exception when it rings inside one)."""
    path = hostile.pdf_drawing(tmp_path / "ritning.pdf", mib=4)
    code = ("from vgrklass.extract import ExtractError, Limits, read_document\n"
            "try:\n"
            f"    read_document({str(path)!r}, limits=Limits(page_bytes=2**26, seconds=1.0))\n"
            "except ExtractError as exc:\n"
            "    print(exc.kind, exc)\n")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert time.monotonic() - started < SECONDS
    assert result.stdout.startswith("too_large") and "läsningen tog mer än" in result.stdout


def test_limits_can_be_set_per_call(tmp_path):
    from vgrklass.extract import Limits

    path = tmp_path / "a.txt"
    path.write_text("Protokoll " * 100, encoding="utf-8")
    with pytest.raises(ExtractError, match="mer än 50 tecken"):
        read_document(str(path), limits=Limits(text_chars=50))
    assert read_document(str(path)).title.startswith("Protokoll")
