"""Build the benchmark's Word and PDF documents from their sources in source/.

Run once after editing a source; the built files are committed, so neither the
benchmark nor the tests need LibreOffice.

    python benchmarks/documents/make_documents.py

Source markup (a small markdown subset): `% text` is the document title (Title style and
the file's title property), `#`..`###` headings, `- ` bullets, `|a|b|` table rows, blank
lines between paragraphs. DOCX files are written with python-docx; PDFs are the same DOCX
converted by LibreOffice (`libreoffice --headless --convert-to pdf`), so they carry a
metadata title and real text. Also writes errors/: an encrypted PDF and a text-less
(scanned-like) PDF for trying the error messages by hand.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
from pypdf import PdfReader, PdfWriter

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "source"
AS_DOCX = ["samverkansavtal-civilsamhalle", "arbetsmiljorond-2024",
           "anmalan-personuppgiftsincident"]
AS_PDF = ["riktlinje-informationssakerhet", "projektdirektiv-e-arkiv"]


def build_docx(source: Path, target: Path) -> None:
    document = docx.Document()
    table_rows: list[list[str]] = []

    def flush_table() -> None:
        if not table_rows:
            return
        table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
        table.style = "Table Grid"
        for r, row in enumerate(table_rows):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
        table_rows.clear()

    for line in source.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if not all(set(c) <= {"-", ":"} for c in cells):
                table_rows.append(cells)
            continue
        flush_table()
        if not stripped:
            continue
        if stripped.startswith("% "):
            title = stripped[2:]
            document.core_properties.title = title
            document.add_paragraph(title, style="Title")
        elif stripped.startswith("#"):
            level = len(stripped) - len(stripped.lstrip("#"))
            document.add_heading(stripped.lstrip("#").strip(), level=level)
        elif stripped.startswith("- "):
            document.add_paragraph(stripped[2:], style="List Bullet")
        else:
            document.add_paragraph(stripped)
    flush_table()
    document.save(str(target))


def docx_to_pdf(source: Path, target: Path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        sys.exit("libreoffice saknas: apt-get install -y libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", out,
                        str(source)], check=True, capture_output=True)
        shutil.move(str(Path(out) / (source.stem + ".pdf")), target)


def build_error_documents(readable_pdf: Path) -> None:
    errors = HERE / "errors"
    errors.mkdir(exist_ok=True)
    writer = PdfWriter(clone_from=PdfReader(str(readable_pdf)))
    writer.encrypt(user_password="hemligt", owner_password="hemligare", algorithm="RC4-128")
    writer.write(str(errors / "krypterad.pdf"))
    blank = PdfWriter()  # pages without a text layer, as a scan without OCR looks to a reader
    blank.add_blank_page(width=595, height=842)
    blank.add_blank_page(width=595, height=842)
    blank.write(str(errors / "inskannad-utan-text.pdf"))


def main() -> None:
    for stem in AS_DOCX:
        build_docx(SOURCE / f"{stem}.md", HERE / f"{stem}.docx")
    with tempfile.TemporaryDirectory() as tmp:
        for stem in AS_PDF:
            word = Path(tmp) / f"{stem}.docx"
            build_docx(SOURCE / f"{stem}.md", word)
            docx_to_pdf(word, HERE / f"{stem}.pdf")
    build_error_documents(HERE / f"{AS_PDF[0]}.pdf")
    print("klart:", ", ".join(AS_DOCX + AS_PDF))


if __name__ == "__main__":
    main()
