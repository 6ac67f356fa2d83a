"""Markdown export: headings per area, a table per group, escaped cells."""

from __future__ import annotations

import datetime as dt

from tests.conftest import MINIMAL
from tests.export_data import DETAILED, dangerous_yaml

from vgrklass.export.markdown_export import cell, render_markdown
from vgrklass.export.rows import build_plan
from vgrklass.load import load_structure

DAY = dt.date(2024, 5, 1)


def exported(write_yaml, text, on=DAY):
    return render_markdown(build_plan(load_structure(write_yaml(text)), on, DAY))


def test_headings_per_area_group_and_direct_process(write_yaml):
    text = exported(write_yaml, MINIMAL)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Dokumenthanteringsplan – Testafter struktur",
        "## 1 STYRA",
        "### 1.1 Utföra politiskt ledningsarbete",
        "## 2 GE VERKSAMHETSSTÖD",
        "### 2.1 Administrera ekonomi",
        "### 2.2 Hantera bemanning",
    ]


def test_a_table_per_group_with_process_named_on_its_first_row(write_yaml):
    lines = exported(write_yaml, MINIMAL).splitlines()
    start = lines.index("### 2.1 Administrera ekonomi")
    table = lines[start + 2:start + 6]
    assert table[0].startswith("| Process | Handlingstyp |")
    assert table[2].startswith("| **2.1.1** Hantera kostnader från leverantör | leverantörsfaktura")
    assert table[3].startswith("|  | följesedel |")
    assert "2.1.2" not in "\n".join(lines)  # removed on the date


def test_detail_columns_only_when_some_row_has_them(write_yaml):
    assert "Gallringsfrist" not in exported(write_yaml, MINIMAL)
    text = exported(write_yaml, DETAILED)
    assert "| Gallringsfrist |" in text and "| 2 år |" in text


def test_cells_escape_pipes_newlines_and_markup():
    assert cell("a | b") == "a \\| b"
    assert cell("rad ett\nrad två") == "rad ett<br>rad två"
    assert cell("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert cell("*fet* `kod` [länk]") == "\\*fet\\* \\`kod\\` \\[länk\\]"


def test_dangerous_examples_cannot_break_the_table(write_yaml):
    text = exported(write_yaml, dangerous_yaml())
    assert "<script>" not in text and "<b>" not in text
    table_rows = [line for line in text.splitlines() if line.startswith("| ")]
    widths = {line.replace("\\|", "").count("|") for line in table_rows}
    assert len(widths) == 1  # every row has the same number of cells


def test_whole_history_marks_removed_process(write_yaml):
    text = exported(write_yaml, MINIMAL, on=None)
    # the source's own word: MINIMAL's 2.1.2 is "Upphörd", not "Borttagen"
    assert "**2.1.2** Köpa in gammalt (upphörd 2021-01-01)" in text
    assert "hela historiken" in text
