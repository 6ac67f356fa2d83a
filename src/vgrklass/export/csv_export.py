"""CSV export: the plan for Excel. UTF-8 with BOM (so Excel shows å/ä/ö), semicolon by
default (Swedish Excel's list separator), CRLF line ends, and no cell that a spreadsheet
would run as a formula."""

from __future__ import annotations

import csv
import io

from vgrklass.export.rows import COLUMNS, Plan, cell_text, neutralise_formula

BOM = "\ufeff"


def render_csv(plan: Plan, delimiter: str = ";") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow([c.heading for c in COLUMNS])
    for row in plan.rows:
        writer.writerow([neutralise_formula(cell_text(v)) for v in row.values()])
    return (BOM + buffer.getvalue()).encode("utf-8")
