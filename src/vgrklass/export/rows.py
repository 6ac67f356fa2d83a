"""The dokumenthanteringsplan as rows: one per document type, shared by every table format.

A process (P) gives one row per example (handlingstyp); a process without examples still
gets one row, with an empty document type, so that no process disappears from the plan.
Each row carries its verksamhetsområde, processgrupp (empty for a P directly under a VO)
and process, the process texts, the archivist's fields of the example and the dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from vgrklass.structure import ExampleInfo, Meta, Node, Structure


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # Row attribute
    heading: str  # Swedish column heading
    width: int  # XLSX column width in characters
    detail: bool = False  # one of the archivist's fields of a document type


COLUMNS: tuple[Column, ...] = (
    Column("vo_code", "VO", 6),
    Column("pg_code", "PG", 7),
    Column("p_code", "P", 8),
    Column("vo_title", "Verksamhetsområde", 26),
    Column("pg_title", "Processgrupp", 26),
    Column("p_title", "Process", 34),
    Column("document_type", "Handlingstyp", 40),
    Column("bevaras_gallras", "Bevaras/gallras", 11, detail=True),
    Column("gallringsfrist", "Gallringsfrist", 16, detail=True),
    Column("gallringsstod", "Gallringsstöd", 16, detail=True),
    Column("sekretess", "Sekretess", 16, detail=True),
    Column("personuppgifter", "Personuppgifter", 15, detail=True),
    Column("forvaring", "Förvaring", 20, detail=True),
    Column("registrering", "Registrering", 16, detail=True),
    Column("format", "Format/medium", 18, detail=True),
    Column("anmarkning", "Anmärkning", 26, detail=True),
    Column("description", "Processbeskrivning", 60),
    Column("sokord", "Sökord", 30),
    Column("comments", "Övriga kommentarer", 50),
    Column("handling", "Principer för hantering", 40),
    Column("added", "Tillagd", 11),
    Column("removed", "Borttagen/upphörd", 11),
)
COLUMN_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS)
DETAIL_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS if c.detail)


@dataclass(frozen=True, slots=True)
class Row:
    vo_code: str
    vo_title: str
    pg_code: str  # "" for a process directly under a VO
    pg_title: str
    p_code: str
    p_title: str
    document_type: str  # "" for a process without examples
    bevaras_gallras: str
    gallringsfrist: str
    gallringsstod: str
    sekretess: str
    personuppgifter: str
    forvaring: str
    registrering: str
    format: str
    anmarkning: str
    description: str
    sokord: str  # the process's search terms, "; " between them
    comments: str
    handling: str
    added: dt.date | None  # the latest 'added' of the process and its ancestors
    removed: dt.date | None  # the earliest 'removed' of the process and its ancestors
    removed_as: str = "Borttagen"  # the source's word for that removal (or "Upphörd")

    def values(self) -> tuple[str | dt.date | None, ...]:
        """The cells in `COLUMNS` order."""
        return tuple(getattr(self, key) for key in COLUMN_KEYS)


@dataclass(frozen=True, slots=True)
class Plan:
    """A dokumenthanteringsplan ready to render: the document's facts and its rows."""

    meta: Meta
    on: dt.date | None  # the date the plan reflects; None when it holds the whole history
    exported: dt.date
    rows: tuple[Row, ...]

    @property
    def scope(self) -> str:
        """What the plan covers, in Swedish, for headers and the 'Om planen' sheet."""
        if self.on is None:
            return "hela historiken (även borttagna och upphörda processer)"
        return f"strukturen som gäller {self.on.isoformat()}"

    def used_details(self) -> tuple[str, ...]:
        """The detail columns that hold a value in some row (narrow formats skip the rest)."""
        return tuple(k for k in DETAIL_KEYS if any(getattr(r, k) for r in self.rows))


def build_plan(structure: Structure, on: dt.date | None, exported: dt.date) -> Plan:
    """Rows of the processes in force on `on` (with their ancestors), or of all when None."""
    if on is None:
        processes = [n for n in structure if n.kind == "P"]
    else:
        processes = [n for n in structure.in_force(on) if n.kind == "P"]
    rows = tuple(row for p in processes for row in process_rows(structure, p))
    return Plan(meta=structure.meta, on=on, exported=exported, rows=rows)


def process_rows(structure: Structure, process: Node) -> Iterator[Row]:
    chain = structure.ancestors(process)
    vo = chain[0] if chain else process
    pg = next((a for a in chain if a.kind == "PG"), None)
    added = max((n.added for n in [*chain, process] if n.added), default=None)
    ending = min((n for n in [*chain, process] if n.removed), key=lambda n: n.removed,
                 default=None)
    removed = ending.removed if ending else None
    common = {
        "vo_code": vo.code,
        "vo_title": vo.title,
        "pg_code": pg.code if pg else "",
        "pg_title": pg.title if pg else "",
        "p_code": process.code,
        "p_title": process.title,
        "description": process.description or "",
        "sokord": "; ".join(process.sokord),
        "comments": process.comments or "",
        "handling": process.handling or "",
        "added": added,
        "removed": removed,
        "removed_as": ending.removal_word if ending else "Borttagen",
    }
    details = process.example_details() or [("", None)]
    for text, info in details:
        yield Row(document_type=text, **_detail_values(info), **common)


def _detail_values(info: ExampleInfo | None) -> dict[str, str]:
    return {key: (getattr(info, key) or "") if info else "" for key in DETAIL_KEYS}


def detail_facts(info: ExampleInfo | None) -> list[tuple[str, str]]:
    """(column heading, value) for the fields an example has, in column order; the
    gallringsfrist with the period read from it ('2 år efter … (P2Y efter …)')."""
    if info is None:
        return []
    facts = []
    for column in COLUMNS:
        value = getattr(info, column.key) if column.detail else None
        if value:
            frist = info.frist if column.key == "gallringsfrist" else None
            facts.append((column.heading, f"{value} ({frist.label()})" if frist else value))
    return facts


def neutralise_formula(text: str) -> str:
    """Keep a spreadsheet from taking text for a formula (CSV/formula injection).

    Excel and LibreOffice evaluate a cell that starts with = + - @ (and, through DDE
    tricks, tab or CR); a leading apostrophe makes them show the text as it is.
    """
    if text and text[0] in _FORMULA_STARTS:
        return "'" + text
    return text


_FORMULA_STARTS = frozenset("=+-@\t\r")

# Characters XML 1.0 cannot hold: control characters, lone surrogates and U+FFFE/U+FFFF.
# validate refuses them, but a structure that skipped it must still give a valid file.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text an XML file can hold: the characters XML 1.0 forbids dropped."""
    return _NOT_XML.sub("", text) if _NOT_XML.search(text) else text


def cell_text(value: str | dt.date | None) -> str:
    """A cell as plain text: ISO dates, empty for missing values."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- grouping, for the formats that show the hierarchy (HTML, Markdown) -----------------

@dataclass(frozen=True, slots=True)
class ProcessGroup:
    """The rows of one process; `first` carries the process's own texts and dates."""

    rows: tuple[Row, ...]

    @property
    def first(self) -> Row:
        return self.rows[0]


@dataclass(frozen=True, slots=True)
class PgGroup:
    """Consecutive processes under one processgrupp, or (code "") directly under the VO."""

    code: str
    title: str
    processes: tuple[ProcessGroup, ...]


@dataclass(frozen=True, slots=True)
class VoGroup:
    code: str
    title: str
    groups: tuple[PgGroup, ...]


def group_rows(rows: tuple[Row, ...] | list[Row]) -> list[VoGroup]:
    """Rows (in structure order) as VO → PG → P, keeping that order."""
    result: list[VoGroup] = []
    for vo_rows in _runs(rows, lambda r: r.vo_code):
        groups = []
        for pg_rows in _runs(vo_rows, lambda r: r.pg_code):
            processes = tuple(ProcessGroup(tuple(p)) for p in _runs(pg_rows, lambda r: r.p_code))
            groups.append(PgGroup(pg_rows[0].pg_code, pg_rows[0].pg_title, processes))
        result.append(VoGroup(vo_rows[0].vo_code, vo_rows[0].vo_title, tuple(groups)))
    return result


def _runs(rows: Any, key: Any) -> list[list[Row]]:
    """Split rows into runs of equal key (like itertools.groupby, as lists)."""
    runs: list[list[Row]] = []
    for row in rows:
        if runs and key(runs[-1][0]) == key(row):
            runs[-1].append(row)
        else:
            runs.append([row])
    return runs
