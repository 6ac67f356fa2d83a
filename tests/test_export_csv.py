"""CSV export: for Excel (BOM, semicolon, CRLF) and safe from formula injection."""

from __future__ import annotations

import csv
import datetime as dt
import io

from tests.conftest import MINIMAL
from tests.export_data import DANGEROUS_EXAMPLES, DETAILED, dangerous_yaml

from vgrklass.export.csv_export import render_csv
from vgrklass.export.rows import COLUMNS, build_plan
from vgrklass.load import load_structure

DAY = dt.date(2024, 5, 1)


def exported(write_yaml, text, delimiter=";"):
    plan = build_plan(load_structure(write_yaml(text)), DAY, DAY)
    return render_csv(plan, delimiter)


def parse(data: bytes, delimiter=";") -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""),
                           delimiter=delimiter))


def test_starts_with_bom_and_uses_semicolon_and_crlf(write_yaml):
    data = exported(write_yaml, MINIMAL)
    assert data.startswith("\ufeffVO;PG;P;".encode())
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")


def test_header_and_one_line_per_row(write_yaml):
    rows = parse(exported(write_yaml, MINIMAL))
    assert rows[0] == [c.heading for c in COLUMNS]
    assert len(rows) == 1 + 5
    assert rows[3][:7] == ["2", "2.1", "2.1.1", "GE VERKSAMHETSSTÖD", "Administrera ekonomi",
                           "Hantera kostnader från leverantör", "leverantörsfaktura"]


def test_other_delimiter(write_yaml):
    rows = parse(exported(write_yaml, MINIMAL, ","), ",")
    assert rows[0][:3] == ["VO", "PG", "P"]
    assert "Hantera kostnader från leverantör" in rows[3]


def test_detail_fields_in_their_columns(write_yaml):
    rows = parse(exported(write_yaml, DETAILED))
    header = rows[0]
    row = next(r for r in rows if r[header.index("Handlingstyp")] == "följesedel")
    assert row[header.index("Bevaras/gallras")] == "gallras"
    assert row[header.index("Gallringsfrist")] == "2 år"
    assert row[header.index("Förvaring")] == "ekonomisystemet"


def test_formula_injection_is_neutralised(write_yaml):
    rows = parse(exported(write_yaml, dangerous_yaml()))
    column = rows[0].index("Handlingstyp")
    cells = [r[column] for r in rows[1:] if r[2] == "2.1.1"]
    assert len(cells) == len(DANGEROUS_EXAMPLES)
    for original, cell in zip(DANGEROUS_EXAMPLES, cells, strict=True):
        if original[0] in "=+-@\t":
            assert cell == "'" + original
        else:
            assert cell == original
    # No cell in the whole file starts a formula.
    assert all(not c or c[0] not in "=+-@\t\r" for r in rows for c in r)


def test_multiline_text_survives_in_one_cell(write_yaml):
    old = "        handling: Handlingar och ärenden stannar kvar i regionstyrelsen."
    text = MINIMAL.replace(old, "        handling: |-\n          Första raden; med semikolon\n"
                                "          \"citat\" på andra")
    rows = parse(exported(write_yaml, text))
    column = rows[0].index("Principer för hantering")
    assert rows[1][column] == "Första raden; med semikolon\n\"citat\" på andra"
