"""YAML text → `Parsed`: the parser's events (`yamlread`), then the schema (`model.py`)
node by node, then the `Structure` of the nodes that could be kept.

The schema is checked one node at a time rather than the whole file at once, so that
one broken node does not hide the rest, nor make the rules about other nodes fail:
- a node whose optional fields fail keeps its valid fields;
- a node whose code, kind or title fails stays in the structure too, with the value as
  written in the broken field, so that its code stays known (a reference to it is no
  error) and its children keep their parent;
- only a node without a code to know it by (missing, or a list or mapping) is left out,
  with its subtree (`Parsed.skipped`); its children are still schema-checked.
Which fields of which node failed is kept in `Parsed.broken`: a rule that needs such a
field stays quiet about it (see rules/).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from vgrklass.fieldnames import SWEDISH_KEYS
from vgrklass.parsed import Parsed, node_code_at, written_code
from vgrklass.problems import MAX_PROBLEMS, DataError, Problem, error
from vgrklass.structure import ExampleInfo, Meta, Node, Structure
from vgrklass.yamlread import Loc, Positions, parse_yaml


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
    return Parsed(name, data, positions, structure, problems + result.problems,
                  result.skipped, result.broken, result.omitted, result.unchecked)


def parse_clean(text: str, name: str) -> Parsed | None:
    """`parse_text` for a file expected to be clean (the common case of loading), faster:
    the YAML is read lean (see yamlread.parse_yaml), without the positions of keys and
    values. None as soon as anything is off (a problem of YAML or the schema, warnings
    included): the caller then reads the file with parse_text, which places every
    problem at its line. A Parsed from here holds the same data and structure (node
    lines included) as parse_text's; only its positions are coarser."""
    from vgrklass.splitread import read_halves
    from vgrklass.yamlread import Unclear

    try:
        halves = read_halves(text, name)  # a large file: on two cores
        data, positions, problems = (*halves, []) if halves is not None else \
            parse_yaml(text, name, lean=True)
    except (Unclear, DataError):
        return None
    if data is None or problems:
        return None
    from pydantic import ValidationError

    from vgrklass.model import StructureFile

    try:  # the whole file at once: validate_schema goes node by node to place problems
        model = StructureFile.model_validate(data)
    except ValidationError:
        return None
    structure = build_structure(model, positions, name)
    return Parsed(name, data, positions, structure, [], set(), {}, 0, 0)


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
        swedish = SWEDISH_KEYS.get(field_name.casefold())
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
    skipped: set[str]  # codes of nodes left out of the model (no code to know them by)
    broken: dict[str, frozenset[str]]  # code → the node's fields that failed
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
                                         "mappning med 'meta' och 'nodes'")], set(), {}, {})
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
    return SchemaResult(model, _dedupe(checker.problems), checker.skipped, checker.broken,
                        checker.locs, checker.omitted, checker.unchecked)


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
        self.broken: dict[str, frozenset[str]] = {}
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
                                       node_code_at(self.data, loc, self.positions)))

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
        bad: set[str] = set()
        try:
            node = NodeIn.model_validate(head)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            self.report(errors, loc)
            node, bad = self._salvage(head, errors, loc)
        for key, items in long_lists.items():
            if key not in NodeIn.model_fields or key == "children":
                continue  # an unknown field: reported with the head
            rest = self._rest_of_list(key, items, loc)
            if node is not None and key not in bad:
                if rest is None:  # a bad list is dropped
                    bad.add(key)
                kept = [*getattr(node, key), *rest] if rest is not None else []
                node = node.model_copy(update={key: kept})
        children = []
        for i, child in enumerate(raw_children if isinstance(raw_children, list) else []):
            kept = self.node(child, loc + ("children", i))
            if kept is not None:
                children.append(kept)
        if node is None:  # nothing to know it by: it and its subtree stay out
            self.skipped.update(code for child_loc, child in raw_nodes_below(raw, loc)
                                if (code := written_code(child, child_loc, self.positions)))
            return None
        if bad:
            self.broken[node.code] = frozenset(bad)
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

    def _salvage(self, own: dict[str, Any], errors: list[dict[str, Any]],
                 loc: Loc) -> tuple[Any, set[str]]:
        """The node without its invalid fields, and which fields those are.

        An optional field that fails is left out. A required one (code, kind, title)
        keeps its value as written (text, or "" when missing or not a scalar), so the
        node stays in the structure for the rules about its other fields and about
        other nodes; the rules skip what depends on a broken field. A node without any
        code to know it by cannot be kept: (None, fields)."""
        from vgrklass.model import NodeIn

        fields = NodeIn.model_fields
        errored = {str(err["loc"][0]) for err in errors if err["loc"]}
        bad = errored & set(fields)
        if any(not err["loc"] for err in errors):
            return None, bad
        written = {key: _as_text(own.get(key), self.positions.source.get(loc + (key,)))
                   for key in bad if fields[key].is_required()}
        if written.get("code") == "":
            return None, bad
        kept = {key: value for key, value in own.items() if key not in errored}
        node = _try(NodeIn, {**kept, **{key: _STAND_IN[key] for key in written}})
        if node is None:  # cannot happen: every field left is valid on its own
            return None, bad
        return node.model_copy(update=written), bad


# Valid values put in for a broken required field while the rest of the node is
# validated; the value as written replaces them afterwards.
_STAND_IN = {"code": "1", "kind": "P", "title": "-"}


def _as_text(value: Any, source: str | None) -> str:
    """A broken required field's value as written, as text ("" for none or a collection)."""
    if isinstance(value, str):
        return value
    if source is not None:
        return source
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value)


_LIST_CHUNK = 1000  # list items validated in one go (see _NodeChecker.node)


def _list_adapter(key: str) -> Any:
    """A validator for one list field of a node (examples, sokord) on its own."""
    from pydantic import TypeAdapter

    from vgrklass.model import NodeIn

    if key not in _ADAPTERS:
        _ADAPTERS[key] = TypeAdapter(NodeIn.model_fields[key].annotation)
    return _ADAPTERS[key]


_ADAPTERS: dict[str, Any] = {}


def raw_nodes_below(raw: Any, loc: Loc) -> Iterable[tuple[Loc, dict[str, Any]]]:
    """A raw node mapping and every node mapping under it, with their paths."""
    stack = [(loc, raw)]
    while stack:
        here, item = stack.pop()
        if not isinstance(item, dict):
            continue
        yield here, item
        children = item.get("children")
        if isinstance(children, list):
            stack.extend((here + ("children", i), child) for i, child in enumerate(children))


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

