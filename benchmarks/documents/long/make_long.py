"""Build the long set's Word and PDF documents from their sources in source/.

    python benchmarks/documents/long/make_long.py

Same markup as ../make_documents.py, plus two lines of its own: `%% text` puts the text in
the page header (so a PDF repeats it on every page, as published documents do) and
`%! nometa` leaves the file's title property empty (many published PDFs have none, so the
reader falls back to the first line).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import docx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from make_documents import build_docx, docx_to_pdf  # noqa: E402

AS_DOCX = ["styrmodell-vgr", "samverkansavtal-halso-sjukvard"]
AS_PDF = ["arsredovisning-2023", "informationssakerhetspolicy"]


def build(source: Path, target: Path) -> None:
    lines = source.read_text(encoding="utf-8").splitlines()
    header = next((line[3:] for line in lines if line.startswith("%% ")), None)
    no_meta = "%! nometa" in lines
    plain = "\n".join(line for line in lines if not line.startswith(("%% ", "%!")))
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / source.name
        staged.write_text(plain, encoding="utf-8")
        build_docx(staged, target)
    document = docx.Document(str(target))
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if no_meta:
        document.core_properties.title = ""
    document.save(str(target))


def main() -> None:
    source = HERE / "source"
    for stem in AS_DOCX:
        build(source / f"{stem}.md", HERE / f"{stem}.docx")
    with tempfile.TemporaryDirectory() as tmp:
        for stem in AS_PDF:
            word = Path(tmp) / f"{stem}.docx"
            build(source / f"{stem}.md", word)
            docx_to_pdf(word, HERE / f"{stem}.pdf")
    print("klart:", ", ".join(AS_DOCX + AS_PDF))


if __name__ == "__main__":
    main()
