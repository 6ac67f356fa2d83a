"""Hostile documents, made on the spot: what a file share may hold, broken by accident or on
purpose. Plain functions writing a file and returning its path.

The zips are written by hand (`write_zip`), as a tool that wants to do harm would: a
part may declare a size it does not have, use a compression method nobody supports, or
inflate to gigabytes from a few kilobytes (deflate blocks ended by a full flush do not
refer back, so one block of a mebibyte of spaces can be repeated a thousand times).
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

MIB = 1024 * 1024
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT_START = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  f'<w:document xmlns:w="{W}"><w:body>').encode()
DOCUMENT_END = b"</w:body></w:document>"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    b'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    b'"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
PACKAGE_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
    b'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="word/document.xml"/></Relationships>')


@dataclass
class Part:
    name: str
    data: bytes  # as stored (compressed for method 8)
    size: int  # uncompressed
    crc: int
    method: int = 8
    declared: int | None = None  # the size the zip says it has, if it lies


def deflated(name: str, content: bytes) -> Part:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return Part(name, data, len(content), zlib.crc32(content))


def write_zip(path: Path, parts: list[Part]) -> Path:
    out = io.BytesIO()
    central = []
    for part in parts:
        offset = out.tell()
        name = part.name.encode()
        size = part.size if part.declared is None else part.declared
        fields = (20, 0, part.method, 0, 0, part.crc & 0xFFFFFFFF, len(part.data),
                  min(size, 0xFFFFFFFF), len(name), 0)
        out.write(b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields) + name + part.data)
        central.append(b"PK\x01\x02" + struct.pack("<HHHHHHIIIHHHHHII", 20, *fields, 0, 0, 0,
                                                   0, offset) + name)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(parts), len(parts),
                                          len(directory), start, 0))
    path.write_bytes(out.getvalue())
    return path


def docx(path: Path, body: bytes, method: int = 8) -> Path:
    """A .docx whose body is `body` (WordprocessingML between <w:body> and </w:body>)."""
    document = deflated("word/document.xml", DOCUMENT_START + body + DOCUMENT_END)
    document.method = method
    return write_zip(path, [deflated("[Content_Types].xml", CONTENT_TYPES),
                            deflated("_rels/.rels", PACKAGE_RELS), document])


def paragraph(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def docx_zip_bomb(path: Path, mib: int = 2048, lie: bool = False) -> Path:
    """A .docx of a few megabytes whose document inflates to `mib` MiB of spaces inside
    a paragraph; with `lie`, the zip says the part is 2 kB."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = DOCUMENT_START + b"<w:p><w:r><w:t>Protokoll"
    end = b"</w:t></w:r></w:p>" + DOCUMENT_END
    block = b" " * MIB
    head = compressor.compress(start) + compressor.flush(zlib.Z_FULL_FLUSH)
    middle = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(end) + compressor.flush()
    crc = zlib.crc32(start)
    for _ in range(mib):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(end, crc)
    size = len(start) + mib * MIB + len(end)
    bomb = Part("word/document.xml", head + middle * mib + tail, size, crc,
                declared=2048 if lie else None)
    return write_zip(path, [deflated("[Content_Types].xml", CONTENT_TYPES),
                            deflated("_rels/.rels", PACKAGE_RELS), bomb])


def docx_grid_span(path: Path) -> Path:
    """A table cell that spans 2³¹ columns (python-docx made a list of that many)."""
    cell = (b'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2147483648"/></w:tcPr>'
            b"<w:p><w:r><w:t>Avtal</w:t></w:r></w:p></w:tc></w:tr></w:tbl>")
    return docx(path, paragraph("Avtal") + cell)


def docx_deep_nesting(path: Path, depth: int = 100_000) -> Path:
    return docx(path, paragraph("Protokoll") + b"<w:sdt>" * depth + b"</w:sdt>" * depth)


def docx_corrupt_deflate(path: Path) -> Path:
    """A real document whose compressed text is damaged halfway."""
    text = b"".join(paragraph(f"Stycke {n} om leverantörsfakturor och avtal")
                    for n in range(2000))
    good = deflated("word/document.xml", DOCUMENT_START + text + DOCUMENT_END)
    middle = len(good.data) // 2
    good.data = good.data[:middle] + bytes(b ^ 0x5A for b in good.data[middle:middle + 64]) \
        + good.data[middle + 64:]
    return write_zip(path, [deflated("[Content_Types].xml", CONTENT_TYPES),
                            deflated("_rels/.rels", PACKAGE_RELS), good])


def docx_unsupported_compression(path: Path) -> Path:
    """The document part 'compressed' with method 9 (Deflate64), which zipfile cannot
    inflate."""
    return docx(path, paragraph("Protokoll"), method=9)


def docx_paragraphs(path: Path, count: int = 1_000_000) -> Path:
    return docx(path, paragraph("Protokoll") + b"<w:p/>" * count)


def docx_runs(path: Path, count: int = 10_000_000) -> Path:
    """One paragraph of ten million empty runs: 90 kB that would take half a minute."""
    return docx(path, b"<w:p>" + paragraph("Protokoll")[5:-6] + b"<w:r/>" * count + b"</w:p>")


def docx_huge_text(path: Path, chars: int = 8_000_000) -> Path:
    """One paragraph of `chars` characters of words (a few kilobytes compressed)."""
    words = ("protokoll avtal faktura " * (chars // 24 + 1))[:chars]
    return docx(path, paragraph(words))


def write_pdf(path: Path, objects: list[bytes], trailer: bytes = b"") -> Path:
    """A PDF of these objects (numbered from 1, the first the catalogue), with its cross-
    reference table; `trailer` adds to the trailer's dictionary."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(b"trailer\n<< /Size " + str(len(objects) + 1).encode() + b" /Root 1 0 R"
              + trailer + b" >>\nstartxref\n" + str(xref).encode() + b"\n%%EOF\n")
    path.write_bytes(out.getvalue())
    return path


def _page(stream_dict: bytes, data: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(data)).encode() + b" " + stream_dict + b" >>\nstream\n"
        + data + b"\nendstream",
    ]


TEXT = b"BT /F1 12 Tf 50 800 Td (Protokoll) Tj ET"


def pdf_unknown_filter(path: Path) -> Path:
    return write_pdf(path, _page(b"/Filter /VgrklassDecode", TEXT))


def pdf_certificate_encryption(path: Path) -> Path:
    """Encrypted for a certificate's holder (public-key security handler), not with a
    password."""
    encrypt = (b"<< /Filter /Adobe.PubSec /SubFilter /adbe.pkcs7.s5 /V 4 /R 4 /Length 128 "
               b"/Recipients [<3082>] >>")
    return write_pdf(path, [*_page(b"", TEXT), encrypt],
               b" /Encrypt 6 0 R /ID [<01020304><01020304>]")


def pdf_pages(path: Path, count: int = 5000) -> Path:
    kids = b" ".join(b"3 0 R" for _ in range(count))
    objects = _page(b"", TEXT)
    objects[1] = b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(count).encode() + b" >>"
    return write_pdf(path, objects)


def pdf_drawing(path: Path, mib: int = 10) -> Path:
    """A page of a few kilobytes whose content inflates to `mib` MiB of drawing operators
    (pypdf takes some 2 s a mebibyte to read them)."""
    content = b"BT /F1 12 Tf 50 800 Td " + b"(Protokoll avtal) Tj T* " * (mib * MIB // 25) \
        + b"ET"
    return write_pdf(path, _page(b"/Filter /FlateDecode", zlib.compress(content, 9)))


def text_huge(path: Path, mib: int = 40) -> Path:
    line = "Protokoll från nämndens sammanträde om leverantörsfakturor och avtal.\n"
    chunk = (line * (MIB // len(line) + 1))[:MIB]
    with path.open("w", encoding="utf-8") as stream:
        for _ in range(mib):
            stream.write(chunk)
    return path
