"""Read a data file into a `Structure`, turning every failure into `Problem`s with file:line:col.

Pipeline: bytes → text (UTF-8, BOM allowed) → plain data plus a table of source
positions (`yamlread`: the parser's event stream, iteratively, aliases refused, depth
capped) → pydantic validation node by node → `Structure`.

The schema is checked one node at a time rather than the whole file at once, so that
one broken node does not hide the rest: a node whose own fields fail keeps its valid
fields (and stays in the structure) when its identity (code, kind, title) is sound;
otherwise it and its subtree are left out of the structure (`Parsed.skipped`), while
their children are still schema-checked. The cross-node rules then run on what is left.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vgrklass.problems import MAX_PROBLEMS, DataError, Problem, error, keep_first
from vgrklass.structure import ExampleInfo, Meta, Node, Structure
from vgrklass.yamlread import Loc, Positions, parse_yaml

# Refuse absurd inputs before parsing them. The real file is about 100 kB, but a whole
# region's structures (one per nämnd and styrelse) are ~10 MB and must load (issue 9,
# benchmarks/scale.py); 64 MiB leaves room for that and still stops a wrong file.
_MAX_BYTES = 64 * 1024 * 1024

__all__ = ["Loc", "Positions", "DataError"]


def read_bytes(path: Path) -> bytes:
    """Read a data file's bytes, or raise DataError(unreadable=True) with a Swedish message."""
    name = str(path)
    try:
        if not path.exists():
            raise _unreadable(name, "filen finns inte", "fil-saknas")
        if path.is_dir():
            raise _unreadable(name, "sökvägen är en katalog, inte en YAML-fil", "inte-en-fil")
        if not path.is_file():
            # A FIFO or device (/dev/zero) could block or never end.
            raise _unreadable(name, "sökvägen är inte en vanlig fil", "inte-en-fil")
        size = path.stat().st_size
        if size > _MAX_BYTES:
            raise _unreadable(name, f"filen är för stor ({size:,} byte; högst {_MAX_BYTES:,} "
                                    "byte tillåts) – är det rätt fil?".replace(",", " "),
                              "för-stor-fil")
        with path.open("rb") as handle:
            data = handle.read(_MAX_BYTES + 1)
        if len(data) > _MAX_BYTES:  # grew while we looked
            raise _unreadable(name, f"filen är för stor (mer än {_MAX_BYTES} byte)",
                              "för-stor-fil")
        return data
    except OSError as exc:
        from vgrklass.fileio import os_error_text

        raise _unreadable(name, f"filen kunde inte läsas ({os_error_text(exc)})") from None


def decode(data: bytes, name: str) -> str:
    """Bytes → text: UTF-8 (a BOM is fine); binary, other encodings and empty files refused."""
    wide = wide_encoding(data)
    if wide:
        raise _unreadable(name, f"filen är sparad som {wide}, inte UTF-8; spara den som UTF-8 "
                                "(i Anteckningar: Spara som → Kodning: UTF-8)", "inte-utf8")
    if b"\x00" in data:
        line, column = _byte_position(data, data.index(b"\x00"))
        raise _unreadable(name, "filen är binär (innehåller NUL-tecken), inte en YAML-fil",
                          "binär-fil", line, column)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(data, exc.start)
        raise _unreadable(
            name,
            f"filen är inte giltig UTF-8 (byte 0x{data[exc.start]:02x}); "
            "spara den som UTF-8 (t.ex. inte Latin-1)",
            "inte-utf8",
            line,
            column,
        ) from None
    if not text.strip():
        # Readable, but nothing in it: a content problem (exit 1), not an unreadable file;
        # and nothing more to find, so not "stopped" either.
        raise DataError([error(name, 1, 1, "tom-fil", "filen är tom")])
    return text


_WIDE_BOMS = (  # UTF-32 first: its little-endian BOM begins like UTF-16's
    (b"\xff\xfe\x00\x00", "UTF-32 (little endian)"), (b"\x00\x00\xfe\xff", "UTF-32 (big endian)"),
    (b"\xff\xfe", "UTF-16 (little endian)"), (b"\xfe\xff", "UTF-16 (big endian)"),
)


def wide_encoding(data: bytes) -> str | None:
    """The name of a UTF-16 or UTF-32 encoding the bytes are in (by BOM, or by where the
    zero bytes of mostly-ASCII text fall), or None. Windows tools save 'Unicode' so."""
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            return encoding
    sample = data[:4096]
    if len(sample) < 8 or sample.count(0) < len(sample) // 4:
        return None
    zeros = [sample[i::4].count(0) / len(sample[i::4]) for i in range(4)]
    mostly, rarely = (lambda share: share > 0.9), (lambda share: share < 0.1)
    if all(mostly(z) for z in zeros[1:]) and rarely(zeros[0]):
        return "UTF-32 (little endian)"
    if all(mostly(z) for z in zeros[:3]) and rarely(zeros[3]):
        return "UTF-32 (big endian)"
    if mostly(zeros[1]) and mostly(zeros[3]) and rarely(zeros[0]) and rarely(zeros[2]):
        return "UTF-16 (little endian)"
    if mostly(zeros[0]) and mostly(zeros[2]) and rarely(zeros[1]) and rarely(zeros[3]):
        return "UTF-16 (big endian)"
    return None


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and (character) column of a byte offset, as an editor shows it."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    before = data[line_start:offset].decode("utf-8", errors="replace")
    if line_start == 0:
        before = before.removeprefix("\ufeff")
    return data.count(b"\n", 0, offset) + 1, len(before) + 1


def read_text(path: Path) -> str:
    return decode(read_bytes(path), str(path))


def _unreadable(name: str, message: str, rule: str = "oläsbar-fil",
                line: int | None = None, column: int | None = None) -> DataError:
    return DataError([error(name, line, column, rule, message)], unreadable=True)


# --- pydantic errors → Swedish problems -------------------------------------------------

def _fields_at(loc: Loc) -> list[str]:
    from vgrklass.model import Meta as MetaIn
    from vgrklass.model import NodeIn, StructureFile

    parent = loc[:-1]
    if len(parent) >= 2 and parent[-2] == "examples":
        from vgrklass.model import ExampleDetail

        return list(ExampleDetail.model_fields)
    if parent == ():
        return list(StructureFile.model_fields)
    if parent == ("meta",):
        return list(MetaIn.model_fields)
    return list(NodeIn.model_fields)


def node_code_at(data: Any, loc: Loc) -> str | None:
    """The code of the innermost node mapping that contains loc."""
    best = None
    current = data
    for part in loc:
        if isinstance(current, dict) and isinstance(current.get("code"), str):
            best = current["code"]
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            break
    if isinstance(current, dict) and isinstance(current.get("code"), str):
        best = current["code"]
    return best


# Archivists may write the Swedish word for a field; point them at the real key.
_SWEDISH_FIELD_NAMES = {
    "gallringstid": "gallringsfrist", "bevarandetid": "gallringsfrist",
    "gallringsstöd": "gallringsstod", "förvaring": "forvaring", "anmärkning": "anmarkning",
    "kod": "code", "typ": "kind", "nivå": "kind", "titel": "title", "rubrik": "title",
    "tillagd": "added", "borttagen": "removed", "upphörd": "removed",
    "beskrivning": "description", "exempel": "examples", "kommentarer": "comments",
    "kommentar": "comments", "hantering": "handling", "barn": "children",
    "underordnade": "children", "organization": "organisation",
    "giltig_från": "valid_from", "gäller_från": "valid_from",
}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _message(err: dict, loc: Loc, source: str | None = None) -> tuple[str, str]:
    """(rule, Swedish message) for one pydantic error; `source` is the value's text as
    written, when YAML made something else of it (`1.10` → 1.1)."""
    kind = err["type"]
    field_name = str(loc[-1]) if loc else "filen"
    if len(loc) >= 2 and isinstance(loc[-1], int):  # a list item: name it by position
        field_name = (f"exempel nr {loc[-1] + 1}" if loc[-2] == "examples"
                      else f"{loc[-2]} nr {loc[-1] + 1}")
    value = err.get("input")
    custom_rule = (err.get("ctx") or {}).get("regel")
    if custom_rule:  # our own model checks carry a Swedish rule name and message
        return custom_rule, err["msg"]
    if len(loc) >= 2 and loc[-2] == "examples" and kind == "string_type":
        return "fel-typ", (f"exempel nr {int(loc[-1]) + 1} ska vara text eller en mappning "
                           "med 'text' och dokumenthanteringsplanens fält")
    if kind == "missing":
        return "fält-saknas", f"fältet '{field_name}' saknas"
    if kind == "extra_forbidden":
        known = _fields_at(loc)
        close = difflib.get_close_matches(field_name, known, n=1, cutoff=0.7)
        swedish = _SWEDISH_FIELD_NAMES.get(field_name.casefold())
        if swedish in known:
            close = [swedish]
        hint = f"; menade du '{close[0]}'?" if close else ""
        return "okänt-fält", f"okänt fält '{field_name}'{hint}"
    if kind.startswith("date") or kind == "datetime_type":
        if isinstance(value, str) and _ISO_DATE.match(value.strip()):
            return "ogiltigt-datum", f"datumet {value.strip()} finns inte"
        return "ogiltigt-datum", f"'{field_name}' ska vara ett datum på formen ÅÅÅÅ-MM-DD, " \
                                 f"inte {_as_written(value, source)}"
    if kind == "string_pattern_mismatch":
        return "ogiltig-kod", f"koden {value!r} är ogiltig (skriv t.ex. \"2.4.3\")"
    if kind == "string_type":
        if field_name == "code":
            written = source if source is not None else str(value)
            return "ogiltig-kod", (f"koden {written} ska skrivas inom citattecken: "
                                   f"code: \"{written}\"")
        hint = "; skriv t.ex. ja eller nej" if isinstance(value, bool) else ""
        return "fel-typ", f"'{field_name}' ska vara text{hint}"
    if kind == "string_too_short":
        return "tomt-värde", f"'{field_name}' får inte vara tomt"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "").replace(" or ", " eller ")
        return "ogiltigt-värde", f"'{field_name}' har värdet {value!r}; tillåtet: {expected}"
    if kind in ("list_type",):
        return "fel-typ", f"'{field_name}' ska vara en lista"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        where = f"'{field_name}'" if loc else "filens översta nivå"
        return "fel-typ", f"{where} ska vara en mappning (nyckel: värde)"
    return "schema", f"'{field_name}': {err.get('msg', kind)}"


def _as_written(value: Any, source: str | None) -> str:
    """A value for a message: as the user wrote it when YAML converted it, else repr."""
    return source if source is not None else repr(value)


@dataclass
class SchemaResult:
    """What the schema check leaves: the valid part of the file, and what it found."""

    model: Any  # a StructureFile of the nodes that could be kept, or None
    problems: list[Problem]
    skipped: set[str]  # codes of nodes left out of the model because of their errors
    locs: dict[int, Loc]  # id(node model) → its path in the raw data
    omitted: int = 0  # problems found past MAX_PROBLEMS: counted, not kept
    unchecked: int = 0  # nodes never checked because MAX_PROBLEMS were found first


def validate_schema(data: Any, positions: Positions, name: str) -> SchemaResult:
    """Validate plain data against the pydantic models, top level first, then node by node."""
    from pydantic import ValidationError

    from vgrklass.model import Meta as MetaIn
    from vgrklass.model import StructureFile

    if not isinstance(data, dict):
        what = "en lista" if isinstance(data, list) else "ett enskilt värde"
        return SchemaResult(None, [error(name, 1, 1, "fel-typ",
                                         f"filens översta nivå är {what}; den ska vara en "
                                         "mappning med 'meta' och 'nodes'")], set(), {})
    checker = _NodeChecker(data, positions, name)
    raw_nodes = data.get("nodes")
    top = dict(data)
    if isinstance(raw_nodes, list):
        top["nodes"] = []  # checked node by node below
    try:
        StructureFile.model_validate(top)
    except ValidationError as exc:
        checker.report(exc.errors(include_url=False), ())
    # Without a valid meta there is no Structure: the node rules are skipped then.
    meta = _try(MetaIn, data.get("meta"))
    roots = []
    for i, raw in enumerate(raw_nodes if isinstance(raw_nodes, list) else []):
        if len(checker.problems) >= MAX_PROBLEMS:  # enough: count the rest, check no more
            checker.unchecked += sum(_count_nodes(rest) for rest in raw_nodes[i:])
            break
        node = checker.node(raw, ("nodes", i))
        if node is not None:
            roots.append(node)
    model = None
    if meta is not None and isinstance(raw_nodes, list):
        model = StructureFile.model_construct(meta=meta, nodes=roots)
    return SchemaResult(model, _dedupe(checker.problems), checker.skipped, checker.locs,
                        checker.omitted, checker.unchecked)


def _try(model: Any, value: Any) -> Any:
    from pydantic import ValidationError

    try:
        return model.model_validate(value)
    except ValidationError:
        return None


class _NodeChecker:
    """Validates node mappings one at a time, keeping what can be kept.

    Once MAX_PROBLEMS are found the rest of the file is not checked (a 2 MB flow list
    of wrong nodes would give a million problems and take minutes): further problems of
    a node already checked are only counted (`omitted`), further nodes only counted
    (`unchecked`)."""

    def __init__(self, data: Any, positions: Positions, name: str):
        self.data, self.positions, self.name = data, positions, name
        self.problems: list[Problem] = []
        self.skipped: set[str] = set()
        self.locs: dict[int, Loc] = {}
        self.omitted = 0
        self.unchecked = 0

    def report(self, errors: list[dict[str, Any]], prefix: Loc) -> None:
        for index, err in enumerate(errors):
            if len(self.problems) >= MAX_PROBLEMS:
                self.omitted += len(errors) - index
                return
            loc = prefix + _clean_loc(err["loc"])
            # An unknown field is best shown at its key, everything else at its value.
            line, column = (self.positions.of_key(loc) if err["type"] == "extra_forbidden"
                            else self.positions.of(loc))
            rule, message = _message(err, loc, self.positions.source.get(loc))
            self.problems.append(error(self.name, line, column, rule, message,
                                       node_code_at(self.data, loc)))

    def node(self, raw: Any, loc: Loc) -> Any:
        """The validated node (children attached) or None when it cannot be kept."""
        from pydantic import ValidationError

        from vgrklass.model import NodeIn

        if len(self.problems) >= MAX_PROBLEMS:
            self.unchecked += _count_nodes(raw)
            return None
        if not isinstance(raw, dict):
            line, column = self.positions.of(loc)
            self.problems.append(error(self.name, line, column, "fel-typ",
                                       "en nod ska vara en mappning med code, kind och "
                                       "title (nyckel: värde)"))
            return None
        raw_children = raw.get("children")
        own = dict(raw)
        if isinstance(raw_children, list):
            own["children"] = []  # each child is checked on its own
        # A long list (examples, sokord) is checked a chunk at a time, so that checking
        # stops at MAX_PROBLEMS there too: 400 000 bad examples in one node took seconds
        # and hundreds of MiB as one pydantic error.
        long_lists = {key: value for key, value in own.items()
                      if isinstance(value, list) and len(value) > _LIST_CHUNK}
        head = {**own, **{key: value[:_LIST_CHUNK] for key, value in long_lists.items()}}
        try:
            node = NodeIn.model_validate(head)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            self.report(errors, loc)
            node = self._salvage(NodeIn, head, errors)
        for key, items in long_lists.items():
            if key not in NodeIn.model_fields or key == "children":
                continue  # an unknown field: reported with the head
            rest = self._rest_of_list(key, items, loc)
            if node is not None and key not in _bad_fields(node, head):
                kept = [*getattr(node, key), *rest] if rest is not None else []
                node = node.model_copy(update={key: kept})  # a bad list is dropped
        children = []
        for i, child in enumerate(raw_children if isinstance(raw_children, list) else []):
            kept = self.node(child, loc + ("children", i))
            if kept is not None:
                children.append(kept)
        if node is None:
            if isinstance(raw.get("code"), str):
                self.skipped.add(raw["code"])
            return None
        if children:
            node = node.model_copy(update={"children": children})
        self.locs[id(node)] = loc
        return node

    def _rest_of_list(self, key: str, items: list[Any], loc: Loc) -> list[Any] | None:
        """Validate items[_LIST_CHUNK:] of one list field a chunk at a time; the validated
        items, or None when any was wrong (or checking stopped at MAX_PROBLEMS)."""
        from pydantic import ValidationError

        adapter = _list_adapter(key)
        validated: list[Any] = []
        ok = True
        for start in range(_LIST_CHUNK, len(items), _LIST_CHUNK):
            if len(self.problems) >= MAX_PROBLEMS:
                self.unchecked += len(items) - start
                return None
            try:
                validated.extend(adapter.validate_python(items[start:start + _LIST_CHUNK]))
            except ValidationError as exc:
                # List positions moved to where the chunk starts.
                self.report([{**err, "loc": (key, err["loc"][0] + start, *err["loc"][1:])}
                             for err in exc.errors(include_url=False)], loc)
                ok = False
        return validated if ok else None

    @staticmethod
    def _salvage(model: Any, own: dict[str, Any], errors: list[dict[str, Any]]) -> Any:
        """Drop the invalid optional fields; None when a required one (code, kind, title)
        is wrong, since then the node cannot take part in the cross-node rules."""
        bad = {err["loc"][0] for err in errors if err["loc"]}
        if any(not err["loc"] for err in errors):
            return None
        fields = model.model_fields
        if not bad or any(f in fields and fields[f].is_required() for f in bad):
            return None
        return _try(model, {k: v for k, v in own.items() if k not in bad})


_LIST_CHUNK = 1000  # list items validated in one go (see _NodeChecker.node)


def _list_adapter(key: str) -> Any:
    """A validator for one list field of a node (examples, sokord) on its own."""
    from pydantic import TypeAdapter

    from vgrklass.model import NodeIn

    if key not in _ADAPTERS:
        _ADAPTERS[key] = TypeAdapter(NodeIn.model_fields[key].annotation)
    return _ADAPTERS[key]


_ADAPTERS: dict[str, Any] = {}


def _bad_fields(node: Any, head: dict[str, Any]) -> set[str]:
    """Fields of `head` that the salvaged node left out (they were wrong)."""
    fields = type(node).model_fields
    return {key for key in head if key in fields and key not in node.model_fields_set}


def _count_nodes(raw: Any) -> int:
    """How many nodes a raw node mapping holds, itself included."""
    count, stack = 0, [raw]
    while stack:
        item = stack.pop()
        count += 1
        children = item.get("children") if isinstance(item, dict) else None
        if isinstance(children, list):
            stack.extend(children)
    return count


def _clean_loc(loc: Iterable[Any]) -> Loc:
    # pydantic puts union/tagged member names into loc; keep only real path parts.
    from vgrklass.model import EXAMPLE_TAGS

    return tuple(p for p in loc if isinstance(p, int)
                 or not (str(p).startswith(("function-",)) or p in EXAMPLE_TAGS))


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, result = set(), []
    for p in problems:
        key = (p.line, p.column, p.rule, p.message)
        if key not in seen:
            seen.add(key)
            result.append(p)
    return result


def build_structure(model: Any, positions: Positions, name: str,
                    locs: dict[int, Loc] | None = None) -> Structure:
    """Flatten the validated model tree into a Structure (source order, parents linked).

    `locs` gives each node model's path in the raw data when nodes were left out (so
    list indices no longer match the file)."""
    nodes: dict[str, Node] = {}

    def add(node_in: Any, parent: str | None, loc: Loc) -> None:
        code = node_in.code
        loc = locs.get(id(node_in), loc) if locs else loc
        nodes.setdefault(code, _to_node(node_in, parent, positions.of(loc)[0]))
        for i, child in enumerate(node_in.children):
            add(child, code, loc + ("children", i))

    for i, root in enumerate(model.nodes):
        add(root, None, ("nodes", i))
    meta = Meta(**model.meta.model_dump())
    roots = tuple(n.code for n in model.nodes)
    return Structure(meta=meta, nodes=nodes, source=name, roots=roots)


def _to_node(node_in: Any, parent: str | None, line: int | None) -> Node:
    return Node(
        code=node_in.code,
        kind=node_in.kind,
        title=node_in.title,
        parent=parent,
        added=node_in.added,
        removed=node_in.removed,
        removed_as=node_in.removed_as,
        description=node_in.description,
        examples=tuple(e if isinstance(e, str) else e.text for e in node_in.examples),
        comments=node_in.comments,
        handling=node_in.handling,
        children=tuple(c.code for c in node_in.children),
        line=line,
        example_info=tuple((e.text, _example_info(e)) for e in node_in.examples
                           if not isinstance(e, str)),
        sokord=tuple(node_in.sokord),
    )


def _example_info(detail: Any) -> ExampleInfo:
    return ExampleInfo(**detail.model_dump(exclude={"text"}))


@dataclass
class Parsed:
    """Everything validate needs: the structure (if the schema held) and where things are."""

    name: str
    data: Any
    positions: Positions
    structure: Structure | None
    problems: list[Problem]
    # Codes of nodes left out of `structure` because of their own schema errors. A rule
    # that reports a code as missing (e.g. a reference) should stay quiet about these.
    skipped: set[str] = field(default_factory=set)
    omitted: int = 0  # problems found past MAX_PROBLEMS, counted only
    unchecked: int = 0  # nodes not schema-checked because MAX_PROBLEMS came first
    _code_locs: dict[str, Loc] | None = None

    def loc_of(self, code: str) -> Loc | None:
        """Path of the first node mapping with this code in the raw data."""
        if self._code_locs is None:
            self._code_locs = {}

            def walk(items: Any, loc: Loc) -> None:
                for i, item in enumerate(items if isinstance(items, list) else []):
                    if isinstance(item, dict):
                        code_value = item.get("code")
                        if isinstance(code_value, str):
                            self._code_locs.setdefault(code_value, loc + (i,))
                        walk(item.get("children"), loc + (i, "children"))

            walk(self.data.get("nodes") if isinstance(self.data, dict) else None, ("nodes",))
        return self._code_locs.get(code)


def parse_file(path: Path, name: str | None = None) -> Parsed:
    """Read and schema-check a file. Raises DataError only when it cannot be read/parsed."""
    name = name or str(path)
    text = read_text(path)
    return parse_text(text, name)


def parse_text(text: str, name: str) -> Parsed:
    """Parse and schema-check YAML text. Raises DataError only when nothing can be checked
    (syntax error, alias, no content); every other problem ends up in `Parsed.problems`."""
    data, positions, problems = parse_yaml(text, name)
    if data is None:
        raise DataError([error(name, 1, 1, "tom-fil",
                               "filen innehåller inga data (bara kommentarer?)")])
    result = validate_schema(data, positions, name)
    structure = None
    if result.model is not None:
        structure = build_structure(result.model, positions, name, result.locs)
    return Parsed(name, data, positions, structure, problems + result.problems, result.skipped,
                  result.omitted, result.unchecked)


def load_structure(path: Path) -> Structure:
    """Load a file for use by a command: any error (not warnings) raises DataError.

    A structure that passed every check is cached by the file's content hash, so the
    next run skips parsing and validation entirely (see cache.py).
    """
    from vgrklass import cache

    data = read_bytes(path)
    name = str(path)
    key = cache.digest(data)
    structure = cache.cached("structure", key, lambda: _checked_structure(data, name),
                             expect=Structure)
    return dataclasses.replace(structure, source=name, digest=key)


def load_structure_overlapped(path: Path) -> tuple[Structure, Callable[[], None]]:
    """`load_structure` for a caller with more work to do on the structure (find
    building its index on a first run): the cross-node rules run in a child process
    meanwhile, on the other core, and cache the structure. The structure comes back as
    soon as it is parsed and schema-checked, with a function that waits for the rules
    and raises DataError as load_structure would when the file has errors: call it
    before anything made from the structure is kept or shown. Without fork, or with the
    structure cached already, this is load_structure and the function does nothing."""
    import os
    import threading

    from vgrklass import cache
    from vgrklass.validate import check

    data = read_bytes(path)
    name = str(path)
    key = cache.digest(data)
    if not cache.enabled() or not hasattr(os, "fork") or threading.active_count() > 1 or \
            cache.peek("structure", key, expect=Structure) is not None:
        return load_structure(path), _done
    parsed = parse_text(decode(data, name), name)
    if parsed.structure is None or any(p.severity == "fel" for p in parsed.problems):
        return load_structure(path), _done  # reports the errors
    checked = parsed.structure
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: the rules, and the structure cached if they pass
        code = 1
        try:
            if any(p.severity == "fel" for p in check(parsed)):
                code = 3
            else:
                cache.cached("structure", key, lambda: checked, expect=Structure)
                code = 0
        finally:
            os._exit(code)
    del parsed  # the parser's data and positions: the child has its own copy
    structure = dataclasses.replace(checked, source=name, digest=key)

    def rules() -> None:
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            _checked_structure(data, name)  # here, for its errors (raises DataError)

    return structure, rules


def _done() -> None:
    pass


def _checked_structure(data: bytes, name: str) -> Structure:
    from vgrklass.validate import check

    parsed = parse_text(decode(data, name), name)
    problems = parsed.problems + check(parsed)  # check() skips what needs a structure
    errors = sorted((p for p in problems if p.severity == "fel"),
                    key=lambda p: (p.line or 0, p.column or 0))
    if errors or parsed.structure is None:
        errors, more = keep_first(errors)
        raise DataError(errors, omitted=parsed.omitted + more, stopped=parsed.unchecked > 0)
    return parsed.structure
