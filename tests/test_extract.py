from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from hostile_files import write_pdf
from pypdf import PdfReader, PdfWriter

from vgrklass.extract import ExtractError, document_from_text, read_document


def make_pdf(path: Path, lines: list[str], title: str | None = None) -> Path:
    """A minimal one-page PDF with real text (Helvetica, WinAnsi so å/ä/ö survive)."""

    def literal(text: str) -> bytes:
        raw = text.encode("cp1252")
        return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"

    stream = b"BT /F1 12 Tf 14 TL 50 800 Td " + b" ".join(
        literal(line) + b" Tj T*" for line in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Title " + literal(title or "") + b" >>",
    ]
    return write_pdf(path, objects, b" /Info 6 0 R" if title else b"")


def make_docx(path: Path, paragraphs: list[tuple[str, str]], title: str | None = None,
              table: list[list[str]] | None = None) -> Path:
    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    document.save(str(path))
    return path


def encrypt_pdf(source: Path, target: Path) -> Path:
    writer = PdfWriter(clone_from=PdfReader(str(source)))
    writer.encrypt(user_password="hemligt", algorithm="RC4-128")
    writer.write(str(target))
    return target


def blank_pdf(path: Path, pages: int = 2) -> Path:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.write(str(path))
    return path


# --- plain text and markdown ---------------------------------------------------------------

def test_text_title_is_first_line_with_words_skipping_dates_and_numbers(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("\n2024-05-14\n---\nProtokoll från ledningsgrupp\n\nText här.\n",
                    encoding="utf-8")
    document = read_document(str(path))
    assert document.title == "Protokoll från ledningsgrupp"
    assert document.format == "txt"


def test_markdown_headings_are_kept_and_first_h1_is_the_title():
    text = "Västra Götalandsregionen\n\n# Delårsrapport **augusti**\n\n## Ekonomi\n\nBra år.\n"
    document = document_from_text(text, "x.md", "md")
    assert document.title == "Delårsrapport augusti"
    assert "Ekonomi" in document.headings
    assert "Bra år." in document.text and "**" not in document.text


def test_markdown_table_rows_and_label_lines_are_not_headings():
    text = "# Rapport\n\n| Mål | Utfall |\n|---|---|\n\nDatum: 2024-01-01\n\nEkonomi\n\nText.\n"
    document = document_from_text(text, "x.md", "md")
    assert document.headings == ("Rapport", "Ekonomi")


def test_short_standalone_line_in_plain_text_counts_as_heading():
    text = "Kallelse\n\nArbetsuppgifter\nDu registrerar handlingar.\n\nEn lång mening som slutar.\n"
    document = document_from_text(text, "x.txt")
    assert "Arbetsuppgifter" in document.headings
    assert "En lång mening som slutar." not in document.headings


def test_cp1252_text_file_is_decoded(tmp_path):
    path = tmp_path / "gammal.txt"
    path.write_bytes("Årsredovisning för förvaltningen".encode("cp1252"))
    assert read_document(str(path)).title == "Årsredovisning för förvaltningen"


def test_stdin_dash_reads_standard_input(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("Remissvar\n\nVi tillstyrker.\n"))
    document = read_document("-")
    assert document.name == "-" and document.title == "Remissvar"


# --- PDF ------------------------------------------------------------------------------------

def test_pdf_text_and_metadata_title(tmp_path):
    path = make_pdf(tmp_path / "r.pdf", ["Västra Götalandsregionen", "Riktlinje för säkerhet",
                                         "Gäller alla förvaltningar."], title="Riktlinje X")
    document = read_document(str(path))
    assert document.format == "pdf"
    assert document.title == "Riktlinje X"
    assert "Riktlinje för säkerhet" in document.headings
    assert "förvaltningar" in document.text


def test_pdf_without_metadata_title_uses_first_line(tmp_path):
    path = make_pdf(tmp_path / "r.pdf", ["Projektdirektiv e-arkiv", "Bakgrund"])
    assert read_document(str(path)).title == "Projektdirektiv e-arkiv"


def test_pdf_metadata_title_that_is_a_file_name_is_ignored(tmp_path):
    path = make_pdf(tmp_path / "r.pdf", ["Remissvar om arkivlagen"],
                    title="Microsoft Word - remiss_slutlig.docx")
    assert read_document(str(path)).title == "Remissvar om arkivlagen"


def test_encrypted_pdf_is_reported_as_encrypted(tmp_path):
    plain = make_pdf(tmp_path / "p.pdf", ["Hemlig riktlinje"])
    path = encrypt_pdf(plain, tmp_path / "krypterad.pdf")
    with pytest.raises(ExtractError) as caught:
        read_document(str(path))
    assert caught.value.kind == "encrypted"
    assert "krypterad" in str(caught.value) and "krypterad.pdf" in str(caught.value)


def test_pdf_without_text_layer_is_reported_as_scanned(tmp_path):
    path = blank_pdf(tmp_path / "skannad.pdf", pages=3)
    with pytest.raises(ExtractError) as caught:
        read_document(str(path))
    assert caught.value.kind == "no_text"
    assert "3 sidor" in str(caught.value) and "OCR" in str(caught.value)


def test_broken_pdf_is_reported_as_unreadable(tmp_path):
    path = tmp_path / "trasig.pdf"
    path.write_bytes(b"%PDF-1.4\nnot really a pdf at all")
    with pytest.raises(ExtractError) as caught:
        read_document(str(path))
    assert caught.value.kind == "unreadable"


# --- DOCX -----------------------------------------------------------------------------------

def test_docx_title_style_headings_and_tables(tmp_path):
    path = make_docx(tmp_path / "a.docx", [
        ("Normal", "Västra Götalandsregionen"),
        ("Title", "Samverkansavtal"),
        ("Heading 1", "Parter"),
        ("Normal", "Avtalet gäller mellan parterna."),
    ], table=[["Risk", "Åtgärd"], ["Ergonomi", "Skrivbord"]])
    document = read_document(str(path))
    assert document.title == "Samverkansavtal"
    assert document.headings == ("Samverkansavtal", "Parter")
    assert "Skrivbord" in document.text and "mellan parterna" in document.text


def test_docx_core_property_title_wins(tmp_path):
    path = make_docx(tmp_path / "a.docx", [("Heading 1", "Inledning")], title="Arbetsmiljörond")
    assert read_document(str(path)).title == "Arbetsmiljörond"


def test_not_a_docx_is_reported_as_unreadable(tmp_path):
    path = tmp_path / "gammal.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0 an old binary .doc renamed")
    with pytest.raises(ExtractError) as caught:
        read_document(str(path))
    assert caught.value.kind == "unreadable" and ".docx" in str(caught.value)


# --- errors common to every format ----------------------------------------------------------

def test_missing_file(tmp_path):
    with pytest.raises(ExtractError) as caught:
        read_document(str(tmp_path / "finns-inte.txt"))
    assert caught.value.kind == "missing" and "finns inte" in str(caught.value)


def test_unknown_extension_names_the_readable_formats(tmp_path):
    path = tmp_path / "bild.png"
    path.write_bytes(b"\x89PNG")
    with pytest.raises(ExtractError) as caught:
        read_document(str(path))
    assert caught.value.kind == "unknown_format"
    assert ".png" in str(caught.value) and "docx" in str(caught.value)


@pytest.mark.parametrize("content", ["", "\n\n  \n", "2024-05-14\n12 345\n"])
def test_document_without_words_is_empty(tmp_path, content):
    path = tmp_path / "tom.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ExtractError) as caught:
        read_document(str(path))
    assert caught.value.kind == "empty"


def test_binary_file_with_text_extension_is_unreadable(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"abc\x00\x01\x02")
    with pytest.raises(ExtractError) as caught:
        read_document(str(path))
    assert caught.value.kind == "unreadable"


def test_heavy_readers_are_not_imported_for_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Protokoll\n", encoding="utf-8")
    code = ("import sys; from vgrklass.extract import read_document; "
            f"read_document({str(path)!r}); "
            "print('pypdf' in sys.modules, 'docx' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["False", "False"]


def test_binary_on_standard_input_is_refused_like_a_binary_file(monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20))
    monkeypatch.setattr(sys, "stdin", stdin)
    with pytest.raises(ExtractError, match="binärdata"):
        read_document("-")


def test_cp1252_on_standard_input_decodes_like_a_file(monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO("Leverantörsfaktura".encode("cp1252")))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert read_document("-").title == "Leverantörsfaktura"


def test_directory_is_named_as_a_directory_not_an_unknown_format(tmp_path):
    with pytest.raises(ExtractError, match="är en katalog"):
        read_document(str(tmp_path))
