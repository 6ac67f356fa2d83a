"""A workbook's rows applied to the data file, in its round-trip document.

Each process the sheet has is compared with the rows the export would write for it
(`export.rows.process_rows`): a cell that says what the export says changes nothing, so
an exported and re-imported plan leaves the YAML byte for byte as it was, and an edited
cell changes exactly the YAML value behind it. What the sheet does not have (a column
left out, a process without rows) is left alone: removing a process is done by giving it
a date in *Borttagen/upphörd*, never by deleting its rows.

- Process texts (title, description, comments, principles, sökord) and dates are written
  on every row of a process; the one value that differs from the data file is taken (an
  archivist edits one row), two different ones are an error naming both cells.
- *Tillagd*/*Borttagen/upphörd* show the narrowest dates of the chain VO → PG → P; a new
  date goes on the process itself and must then be what the export shows again.
- The document types (one row each) are matched to the examples by text, in order:
  kept examples keep their place and form, new ones go after the row before them,
  examples without a row are removed. Their fields are set from the detail columns.
- A new process code gets a new process under its processgrupp (or verksamhetsområde),
  which must exist: import adds processes, never VO or PG.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vgrklass.export.rows import DETAIL_KEYS, process_rows
from vgrklass.importers.problems import ImportProblem
from vgrklass.importers.workbook import HEADINGS, Cell, Sheet, SheetRow, cells_in
from vgrklass.importers.yamledit import (
    NODE_KEYS,
    code_sort_key,
    example_item,
    new_mapping,
    set_key,
    update_example,
)
from vgrklass.retention import RetentionError, parse_gallringsfrist
from vgrklass.structure import ExampleInfo, Node, Structure, normalise_code

PROCESS_TEXTS = {"p_title": "title", "description": "description", "comments": "comments",
                 "handling": "handling"}
_CODE = re.compile(r"[1-9][0-9]*(?:\.[1-9][0-9]*)*")
_CODE_CELL = re.compile(r"(?:(?:VO|PG|P)\s*)?(?P<code>[0-9][0-9.]*?)\.?(?:\s+(?P<title>\S.*))?",
                        re.IGNORECASE | re.DOTALL)
_NO_ROW = object()


Edit = Callable[[Any], None]  # changes one node's round-trip mapping in place


@dataclass(frozen=True, slots=True)
class Applied:
    """What the sheet changes, as edits per node code (a new process is an edit of its
    parent), decided against the structure alone: only nodes with edits need the round
    trip (roundtrip.edit_nodes)."""

    edits: dict[str, list[Edit]]
    problems: list[ImportProblem]
    first_rows: dict[str, SheetRow]  # process code → its first row in the sheet
    processes: int

    def apply(self, mappings: dict[str, Any]) -> None:
        """Make the edits in the node mappings (by code) of the data file."""
        for code, edits in self.edits.items():
            for edit in edits:
                edit(mappings[code])


def plan_sheet(sheet: Sheet, structure: Structure, name: str) -> Applied:
    """The edits that make the data file say what the sheet says, and its problems."""
    return _Applier(sheet, structure, name).run()


def split_code(written: str) -> tuple[str | None, str | None]:
    """'P 2.4.3 Hantera fakturor' → ('2.4.3', 'Hantera fakturor'); (None, None) if no code."""
    match = _CODE_CELL.fullmatch(written.strip())
    if match is None:
        return None, None
    code = normalise_code(match["code"])
    return (code if _CODE.fullmatch(code) else None), match["title"]


def _set(key: str, value: Any) -> Edit:
    return lambda mapping: set_key(mapping, key, value, NODE_KEYS)


class _Applier:
    def __init__(self, sheet: Sheet, structure: Structure, name: str):
        self.sheet, self.structure, self.name = sheet, structure, name
        self.edits: dict[str, list[Edit]] = {}
        self.problems: list[ImportProblem] = []

    def error(self, ref: str | None, message: str) -> None:
        self.problems.append(ImportProblem(self.name, ref, message))

    def later(self, code: str) -> Callable[[Edit], None]:
        """Where the edits of one node go."""
        return self.edits.setdefault(code, []).append

    def run(self) -> Applied:
        groups = self.groups()
        self.ancestor_titles(groups)
        for code, rows in groups.items():
            node = self.structure.nodes.get(code)
            if node is None:
                self.add_process(code, rows)
            elif node.kind != "P":
                what = "ett verksamhetsområde" if node.kind == "VO" else "en processgrupp"
                self.error(rows[0].ref("p_code"), f"{code} är {what}, inte en process: varje "
                                                  "rad i planen hör till en process (P)")
            elif self.placed(node, rows):
                self.update_process(node, code, rows, self.later(code))
        edits = {code: edits for code, edits in self.edits.items() if edits}
        return Applied(edits, self.problems, {c: rows[0] for c, rows in groups.items()},
                       len(groups))

    # --- rows by process -------------------------------------------------------------

    def groups(self) -> dict[str, list[SheetRow]]:
        groups: dict[str, list[SheetRow]] = {}
        for row in self.sheet.rows:
            written = row.text("p_code")
            if not written:
                self.error(row.ref("p_code"), "processens kod (P) saknas på raden")
                continue
            code, title = split_code(written)
            if code is None:
                self.error(row.ref("p_code"), f"'{written}' är ingen kod; skriv t.ex. 2.4.3")
                continue
            if title and "p_title" not in row:  # 'Kod/Process: 2.4.3 Hantera …'
                row = row.with_value("p_title", title, at="p_code")
            groups.setdefault(code, []).append(row)
        return groups

    def column_code(self, row: SheetRow, key: str) -> str | None:
        """The VO or PG code a row gives ('' for none), or None when it has no such column."""
        if key not in row:
            return None
        return normalise_code(row.text(key))

    def placed(self, node: Node, rows: list[SheetRow]) -> bool:
        """Whether every row puts the process where the structure has it."""
        chain = self.structure.ancestors(node)
        where = {"vo_code": chain[0].code if chain else "",
                 "pg_code": next((a.code for a in chain if a.kind == "PG"), "")}
        ok = True
        for row in rows:
            for key, actual in where.items():
                given = self.column_code(row, key)
                if given is not None and given != actual:
                    level = "verksamhetsområdet" if key == "vo_code" else "processgruppen"
                    self.error(row.ref(key), f"processen {node.code} ligger under {level} "
                                             f"{actual or '(inget)'} i strukturen, inte "
                                             f"{given or '(inget)'}; flytta processer i "
                                             "YAML-filen")
                    ok = False
        return ok

    # --- VO and PG titles ------------------------------------------------------------

    def ancestor_titles(self, groups: dict[str, list[SheetRow]]) -> None:
        for code_key, title_key in (("vo_code", "vo_title"), ("pg_code", "pg_title")):
            by_code: dict[str, list[Cell]] = {}
            for code, rows in groups.items():
                node = self.structure.nodes.get(code)
                chain = self.structure.ancestors(node) if node else []
                kind = "VO" if code_key == "vo_code" else "PG"
                known = next((a.code for a in chain if a.kind == kind), None)
                for row in rows:
                    ancestor = self.column_code(row, code_key) or known
                    if ancestor and title_key in row:
                        by_code.setdefault(ancestor, []).append(row.cell(title_key))
            for code, cells in by_code.items():
                node = self.structure.nodes.get(code)
                if node is None or node.kind == "P":
                    continue  # the process's placement reports it
                found = self.consensus(cells, node.title, f"rubriken för {node.kind} {code}")
                if found is not _NO_ROW:
                    self.set_title(self.later(code), *found)

    def set_title(self, add: Callable[[Edit], None], value: str, cell: Cell) -> None:
        if not value.strip():
            self.error(cell.ref, "rubriken får inte vara tom")
        else:
            add(_set("title", value))

    def consensus(self, cells: list[Cell], current: Any, what: str) -> Any:
        """(value, cell) of the one value the cells give that differs from `current`, or
        _NO_ROW when none does (or two different ones do: an error)."""
        differing: dict[Any, Cell] = {}
        for cell in cells:
            if cell.value != current:
                differing.setdefault(cell.value, cell)
        if len(differing) > 1:
            (a, first), (b, second) = list(differing.items())[:2]
            self.error(second.ref, f"{what}: olika värden på samma process rader ({first.ref}: "
                                   f"'{_show(a)}', {second.ref}: '{_show(b)}'); skriv samma "
                                   "värde på alla raderna eller ändra bara en")
            return _NO_ROW
        return next(iter(differing.items()), _NO_ROW)

    # --- processes ---------------------------------------------------------------------

    def add_process(self, code: str, rows: list[SheetRow]) -> None:
        parent = self.new_parent(code, rows)
        if parent is None:
            return
        title = self.consensus(cells_in(rows, "p_title"), "", f"rubriken för P {code}")
        if title is _NO_ROW or not title[0].strip():
            self.error(rows[0].ref("p_title"), f"processen {code} finns inte i strukturen; en ny "
                                               "process behöver en rubrik (kolumnen Process)")
            return
        pending: list[Edit] = []
        self.update_process(None, code, rows, pending.append,
                            [*self.structure.ancestors(parent), parent])
        self.later(parent.code)(lambda holder: _add_child(holder, code, title[0], pending))

    def new_parent(self, code: str, rows: list[SheetRow]) -> Node | None:
        """The existing VO or PG a new process goes under, or None (after an error)."""
        row = rows[0]
        given = self.column_code(row, "pg_code") or self.column_code(row, "vo_code")
        parent_code = given or code.rpartition(".")[0]
        parent = self.structure.nodes.get(parent_code) if parent_code else None
        ref = row.ref("pg_code" if self.column_code(row, "pg_code") else
                      "vo_code" if given else "p_code")
        if parent is None or parent.kind == "P":
            what = f"{parent_code}" if parent_code else "(ingen)"
            self.error(ref, f"processen {code} finns inte i strukturen, och dess överordnade "
                            f"nod {what} finns inte heller; lägg till verksamhetsområden och "
                            "processgrupper i YAML-filen först")
            return None
        if code.rpartition(".")[0] != parent.code:
            self.error(row.ref("p_code"), f"koden {code} passar inte under {parent.kind} "
                                          f"{parent.code} (en process där har koden "
                                          f"{parent.code}.N)")
            return None
        for other in rows[1:]:
            for key in ("vo_code", "pg_code"):
                if self.column_code(other, key) != self.column_code(row, key):
                    self.error(other.ref(key), f"processen {code} har olika överordnade noder på "
                                               f"sina rader ({row.ref(key)} och {other.ref(key)})")
                    return None
        return parent

    def update_process(self, node: Node | None, code: str, rows: list[SheetRow],
                       add: Callable[[Edit], None], chain: list[Node] | None = None) -> None:
        """Edit what differs; `node` is None for a process that is new in this import."""
        expected = next(process_rows(self.structure, node)) if node else None
        for key, field in PROCESS_TEXTS.items():
            current = getattr(expected, key) if expected else ""
            if key == "p_title" and node is None:
                continue  # set when the process was made
            found = self.consensus(cells_in(rows, key), current,
                                   f"{HEADINGS[key]} för P {code}")
            if found is _NO_ROW:
                continue
            if field == "title":
                self.set_title(add, *found)
            else:
                add(_set(field, found[0] or None))
        self.sokord(add, rows, expected.sokord if expected else "", code)
        chain = self.structure.ancestors(node) if node else (chain or [])
        for key, pick in (("added", max), ("removed", min)):
            current = getattr(expected, key) if expected else None
            self.date(add, rows, key, pick, current, chain, code)
        self.examples(add, rows, node.example_details() if node else [])

    def sokord(self, add: Callable[[Edit], None], rows: list[SheetRow], current: str,
               code: str) -> None:
        found = self.consensus(cells_in(rows, "sokord"), current, f"Sökord för P {code}")
        if found is _NO_ROW:
            return
        from ruamel.yaml.comments import CommentedSeq

        words = [w.strip() for w in re.split(r"[;\n]", found[0]) if w.strip()]
        add(_set("sokord", CommentedSeq(words) if words else None))

    def date(self, add: Callable[[Edit], None], rows: list[SheetRow], key: str, pick: Any,
             current: dt.date | None, chain: list[Node], code: str) -> None:
        heading = HEADINGS[key]
        cells = []
        for cell in cells_in(rows, key):
            value = _date(cell.value)
            if value is False:
                self.error(cell.ref, f"'{cell.value}' är inget datum; skriv ÅÅÅÅ-MM-DD")
                return
            cells.append(Cell(cell.ref, value))
        found = self.consensus(cells, current, f"{heading} för P {code}")
        if found is _NO_ROW:
            return
        value, cell = found
        # The export shows the latest 'added' (the earliest 'removed') of the chain.
        inherited = [(getattr(a, key), a) for a in chain if getattr(a, key)]
        bound = pick(inherited, key=lambda pair: pair[0]) if inherited else None
        candidates = [d for d in (value, bound[0] if bound else None) if d]
        if bound is not None and pick(candidates) != value:
            date, ancestor = bound
            if value is None:
                self.error(cell.ref, f"{heading} ärvs från {ancestor.kind} {ancestor.code} "
                                     f"({date}); ändra det i YAML-filen")
            else:
                self.error(cell.ref, f"{heading} {value} kan inte gälla processen {code}: "
                                     f"{ancestor.kind} {ancestor.code} har {date}")
            return
        add(_set(key, value))
        if key == "removed" and value is None:
            add(_set("removed_as", None))

    # --- document types ----------------------------------------------------------------

    def examples(self, add: Callable[[Edit], None], rows: list[SheetRow],
                 current: list[tuple[str, ExampleInfo | None]]) -> None:
        wanted: list[tuple[str, dict[str, str | None], SheetRow]] = []
        for row in rows:
            text = row.text("document_type")
            fields = {k: (row.text(k) or None) for k in DETAIL_KEYS if k in row}
            if not text.strip():
                if any(fields.values()):
                    self.error(row.ref("document_type"), "uppgifter utan handlingstyp: skriv "
                                                         "handlingstypen eller töm raden")
                continue
            wanted.append((text, fields, row))
        queues: dict[str, deque[int]] = {}
        for index, (text, _) in enumerate(current):
            queues.setdefault(text, deque()).append(index)
        matched = [queues[t].popleft() if queues.get(t) else None for t, _, _ in wanted]
        same = len(wanted) == len(current) and None not in matched
        for (_, fields, row), index in zip(wanted, matched, strict=True):
            info = current[index][1] if index is not None else None
            self.check_fields(fields, info, row)
            same = same and all(value == (getattr(info, key) if info else None)
                                for key, value in fields.items())
        if same:
            return
        add(lambda mapping: _set_examples(mapping, wanted, matched))

    def check_fields(self, fields: dict[str, str | None], info: ExampleInfo | None,
                     row: SheetRow) -> None:
        """Normalise Bevaras/gallras and check the gallringsfrist, at their cells."""
        keep = fields.get("bevaras_gallras")
        if keep is not None:
            if keep.strip().casefold() in ("bevaras", "gallras"):
                fields["bevaras_gallras"] = keep.strip().casefold()
            else:
                self.error(row.ref("bevaras_gallras"), f"Bevaras/gallras ska vara bevaras eller "
                                                       f"gallras, inte '{keep}'")
        frist = fields.get("gallringsfrist", info.gallringsfrist if info else None)
        if not frist:
            return
        decided = fields.get("bevaras_gallras", info.bevaras_gallras if info else None)
        if decided != "gallras":
            self.error(row.ref("gallringsfrist"), "en gallringsfrist kräver gallras i kolumnen "
                                                  "Bevaras/gallras")
            return
        try:
            parse_gallringsfrist(frist)
        except RetentionError as exc:
            self.error(row.ref("gallringsfrist"), str(exc))


def _add_child(holder: Any, code: str, title: str, edits: list[Edit]) -> None:
    """A new process in its parent's children, in code order, then its own edits."""
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    mapping = new_mapping([("code", DoubleQuotedScalarString(code)), ("kind", "P"),
                           ("title", title)])
    if "children" not in holder:
        set_key(holder, "children", CommentedSeq(), NODE_KEYS)
    children = holder["children"]
    position = sum(1 for c in children if code_sort_key(str(c["code"])) < code_sort_key(code))
    children.insert(position, mapping)
    for edit in edits:
        edit(mapping)


def _set_examples(mapping: Any, wanted: list[tuple[str, dict[str, str | None], SheetRow]],
                  matched: list[int | None]) -> None:
    if not wanted:
        set_key(mapping, "examples", None, NODE_KEYS)
        return
    from ruamel.yaml.comments import CommentedSeq

    if "examples" not in mapping:
        set_key(mapping, "examples", CommentedSeq(), NODE_KEYS)
    _merge(mapping["examples"], wanted, matched)


def _merge(items: Any, wanted: list[tuple[str, dict[str, str | None], SheetRow]],
           matched: list[int | None]) -> None:
    """Edit the examples list in place: unmatched items out, new ones in after the item of
    the row before them, matched ones updated where they keep their place."""
    keep = sorted(i for i in matched if i is not None)
    kept = set(keep)
    for index in reversed(range(len(items))):
        if index not in kept:
            del items[index]
    order: list[tuple[str, int]] = [("old", i) for i in keep]
    anchor: tuple[str, int] | None = None
    for number, ((text, fields, _), index) in enumerate(zip(wanted, matched, strict=True)):
        if index is not None:
            anchor = ("old", index)
            continue
        position = order.index(anchor) + 1 if anchor else 0
        order.insert(position, ("new", number))
        items.insert(position, example_item(text, fields))
        anchor = ("new", number)
    for (_, fields, _), index in zip(wanted, matched, strict=True):
        if index is not None:
            position = order.index(("old", index))
            updated = update_example(items[position], fields)
            if updated is not items[position]:
                items[position] = updated


def _date(value: Any) -> dt.date | None | bool:
    """A date cell as a date (None when empty, False when it is no date)."""
    if isinstance(value, dt.date) or value is None:
        return value
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return False


def _show(value: Any) -> str:
    text = value.isoformat() if isinstance(value, dt.date) else str(value or "")
    return text if len(text) <= 40 else text[:39] + "…"
