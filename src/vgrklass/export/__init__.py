"""Exporters, one module per format, over the shared row model in `rows.py`.

`render_plan` is the one entry point for the plan formats (each module is imported only
when its format is asked for); JSON, a list of nodes rather than of rows, is
`json_export.render_json`, and the E-ARK CITS ERMS classification scheme (nested
classes) `erms_export.render_erms`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vgrklass.export.rows import Plan

PLAN_FORMATS = ("xlsx", "csv", "html", "markdown")
FORMATS = (*PLAN_FORMATS, "json", "erms")

_SUFFIXES = {".xlsx": "xlsx", ".csv": "csv", ".html": "html", ".htm": "html",
             ".md": "markdown", ".markdown": "markdown", ".json": "json", ".xml": "erms"}


SUFFIX_NAMES = ", ".join(_SUFFIXES)


def format_for(path: Path) -> str | None:
    """The format a file name asks for (`plan.xlsx` → "xlsx"); None for a suffix that
    names no format (`plan.xls`, `plan.txt`) or none at all."""
    return _SUFFIXES.get(path.suffix.lower())


def render_plan(plan: Plan, fmt: str, *, delimiter: str = ";",
                progress: Callable[[int], None] | None = None) -> bytes:
    """The plan in one of PLAN_FORMATS, as the bytes to write."""
    if fmt == "xlsx":
        from vgrklass.export.xlsx_export import render_xlsx

        return render_xlsx(plan, progress)
    if fmt == "csv":
        from vgrklass.export.csv_export import render_csv

        return render_csv(plan, delimiter)
    if fmt == "html":
        from vgrklass.export.html_export import render_html

        return render_html(plan).encode("utf-8")
    if fmt == "markdown":
        from vgrklass.export.markdown_export import render_markdown

        return render_markdown(plan).encode("utf-8")
    raise ValueError(f"okänt format för dokumenthanteringsplanen: {fmt!r}")
