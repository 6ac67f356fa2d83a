"""Markdown export: the plan for docs and wikis (GitHub/GitLab-flavoured tables).

A heading per verksamhetsområde, a table per processgrupp (and per process directly
under a VO). The process and its description fill the first of its rows only, so the
tables stay readable. Cells are escaped: `|` and backslashes, and line breaks become
`<br>`, the one way a table cell can hold them.
"""

from __future__ import annotations

from vgrklass.export.rows import COLUMNS, Plan, ProcessGroup, group_rows
from vgrklass.structure import lifetime_label

_HEADINGS = {c.key: c.heading for c in COLUMNS}


def render_markdown(plan: Plan) -> str:
    meta = plan.meta
    details = plan.used_details()
    out = [
        f"# Dokumenthanteringsplan – {_inline(meta.title)}",
        "",
        f"- Organisation: {_inline(meta.organisation)}",
        f"- Version: {_inline(meta.version)}",
        f"- Gäller från: {meta.valid_from.isoformat()}",
        f"- Diarienummer: {_inline(meta.diarienummer)}",
        f"- Planen visar: {plan.scope}",
        f"- Exporterad: {plan.exported.isoformat()}",
        f"- Antal rader: {len(plan.rows)}",
        "",
    ]
    if not plan.rows:
        out.append("Planen har inga rader.\n")
    header = ["Process", "Handlingstyp", *(_HEADINGS[k] for k in details),
              "Beskrivning", "Principer för hantering"]
    for vo in group_rows(plan.rows):
        out.append(f"## {_inline(vo.code)} {_inline(vo.title)}\n")
        for group in vo.groups:
            if group.code:
                out.append(f"### {_inline(group.code)} {_inline(group.title)}\n")
                out.append(_table(header, group.processes, details))
            else:  # a process directly under the VO: its own heading and table
                for process in group.processes:
                    first = process.first
                    out.append(f"### {_inline(first.p_code)} {_inline(first.p_title)}\n")
                    out.append(_table(header, (process,), details))
    return "\n".join(out).rstrip("\n") + "\n"


def _table(header: list[str], processes: tuple[ProcessGroup, ...],
           details: tuple[str, ...]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for process in processes:
        for index, row in enumerate(process.rows):
            first = index == 0
            dates = lifetime_label(row.added, row.removed, row.removed_as) if first else ""
            name = f"**{cell(row.p_code)}** {cell(row.p_title)}" if first else ""
            if dates:
                name += f" ({dates.lower()})"
            cells = [
                name,
                cell(row.document_type),
                *(cell(getattr(row, k)) for k in details),
                cell(_with_comments(row.description, row.comments, row.sokord))
                if first else "",
                cell(row.handling) if first else "",
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _with_comments(description: str, comments: str, sokord: str = "") -> str:
    text = description
    if sokord:
        text = f"{text}\n\nSökord: {sokord}"
    if comments:
        text = f"{text}\n\nÖvriga kommentarer: {comments}"
    return text.strip()


def cell(text: str) -> str:
    """Escape a value for a table cell: a `|` would end the cell, a newline the row."""
    text = _escape(text).replace("|", "\\|")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.strip().replace("\n", "<br>")


def _inline(text: str) -> str:
    """Headings and list items: one line, markup characters escaped."""
    return _escape(" ".join(text.split()))


def _escape(text: str) -> str:
    # Wikis render inline HTML, and * ` [ ] start markup: show them as typed.
    text = text.replace("\\", "\\\\")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "*`[]":
        text = text.replace(char, "\\" + char)
    return text
