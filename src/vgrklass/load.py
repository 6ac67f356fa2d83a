"""Read a data file into a `Structure`, turning every failure into `Problem`s with file:line:col.

Pipeline: bytes → text (UTF-8, BOM allowed) → YAML node graph (ruamel's composer, C
version when available; no Python objects are constructed, so no tag tricks) → plain
data plus a table of source positions → pydantic validation → `Structure`.
Aliases are refused outright: the format never needs them, and refusing them is what
keeps an alias bomb ("billion laughs") from being expanded.
"""

from __future__ import annotations

import dataclasses
import difflib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vgrklass.problems import DataError, Problem, error
from vgrklass.structure import Meta, Node, Structure

Loc = tuple[str | int, ...]

_MAX_BYTES = 64 * 1024 * 1024  # refuse absurd inputs before reading them


@dataclass
class Positions:
    """Source positions (1-based line, 1-based column) of values and keys by path."""

    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def of(self, loc: Loc) -> tuple[int | None, int | None]:
        for table in (self.values, self.keys):
            if loc in table:
                return table[loc]
        # Fall back to the nearest enclosing value we know.
        for cut in range(len(loc) - 1, -1, -1):
            if loc[:cut] in self.values:
                return self.values[loc[:cut]]
        return (None, None)


def read_bytes(path: Path) -> bytes:
    """Read a data file's bytes, or raise DataError(unreadable=True) with a Swedish message."""
    name = str(path)
    if not path.exists():
        raise _unreadable(name, "filen finns inte", "fil-saknas")
    if path.is_dir():
        raise _unreadable(name, "sökvägen är en katalog, inte en YAML-fil")
    try:
        size = path.stat().st_size
        if size > _MAX_BYTES:
            raise _unreadable(name, f"filen är för stor ({size} byte); högst {_MAX_BYTES} "
                                    "byte tillåts")
        return path.read_bytes()
    except OSError as exc:
        raise _unreadable(name, f"filen kunde inte läsas ({exc.strerror or exc})") from None


def decode(data: bytes, name: str) -> str:
    """Bytes → text: UTF-8 (a BOM is fine); binary, other encodings and empty files refused."""
    if b"\x00" in data:
        raise _unreadable(name, "filen är binär (innehåller NUL-tecken), inte en YAML-fil",
                          "binär-fil")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _unreadable(
            name,
            f"filen är inte giltig UTF-8 (byte 0x{data[exc.start]:02x}); "
            "spara den som UTF-8 (t.ex. inte Latin-1)",
            "inte-utf8",
            line,
        ) from None
    if not text.strip():
        raise _unreadable(name, "filen är tom", "tom-fil")
    return text


def read_text(path: Path) -> str:
    return decode(read_bytes(path), str(path))


def _unreadable(name: str, message: str, rule: str = "oläsbar-fil",
                line: int | None = None) -> DataError:
    return DataError([error(name, line, None, rule, message)], unreadable=True)


def compose(text: str, name: str) -> Any:
    """Parse YAML text into ruamel's node graph (no construction)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return YAML(typ="safe").compose(io.StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise DataError(
            [error(name, line, column, "yaml-syntax", _yaml_message(exc))], unreadable=True
        ) from None
    except YAMLError as exc:
        raise DataError(
            [error(name, None, None, "yaml-syntax", f"YAML-syntaxfel: {exc}")], unreadable=True
        ) from None


def _yaml_message(exc: Any) -> str:
    problem = (exc.problem or "").strip()
    if "'\\t'" in problem or "\\t" in problem:
        return "tabbtecken kan inte användas för indrag i YAML; använd mellanslag"
    translations = {
        "could not find expected ':'": "kolon (:) saknas efter en nyckel",
        "found unexpected end of stream": "filen tar slut mitt i ett värde (trunkerad?)",
        "mapping values are not allowed here": "kolon (:) på fel ställe; citera värdet",
        "found undefined alias": "okänt alias",
        "expected <block end>, but found": "fel indrag",
        "found character that cannot start any token": "tecken som inte kan inleda ett värde",
    }
    for english, swedish in translations.items():
        if problem.startswith(english):
            return f"YAML-syntaxfel: {swedish}"
    return f"YAML-syntaxfel: {problem or exc}"


def to_plain(root: Any, name: str) -> tuple[Any, Positions]:
    """Turn a composed node graph into plain Python data, recording positions.

    Scalars stay as their source text except for null/bool/int/float, so that dates
    are parsed by pydantic (strictly) and a code written without quotes is caught.
    """
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    positions = Positions()
    seen: set[int] = set()
    problems: list[Problem] = []

    def pos(node: Any) -> tuple[int, int]:
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def walk(node: Any, loc: Loc) -> Any:
        if id(node) in seen:
            # The composer hands back the same node for every alias use.
            line, column = pos(node)
            raise DataError(
                [error(name, line, column, "alias",
                       "YAML-alias (&/*) används inte i formatet och avvisas")],
                unreadable=True,
            )
        if not isinstance(node, ScalarNode):
            seen.add(id(node))
        positions.values[loc] = pos(node)
        if isinstance(node, MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node.value)
                if key_node.tag == "tag:yaml.org,2002:merge":
                    line, column = pos(key_node)
                    raise DataError(
                        [error(name, line, column, "alias", "YAML-sammanslagning (<<) avvisas")],
                        unreadable=True,
                    )
                if key in result:
                    line, column = pos(key_node)
                    first_line = positions.keys[loc + (key,)][0]
                    problems.append(error(name, line, column, "dubblett-nyckel",
                                          f"nyckeln '{key}' förekommer två gånger "
                                          f"(första gången på rad {first_line})"))
                    continue
                positions.keys[loc + (key,)] = pos(key_node)
                result[key] = walk(value_node, loc + (key,))
            return result
        if isinstance(node, SequenceNode):
            return [walk(item, loc + (i,)) for i, item in enumerate(node.value)]
        return _scalar(node)

    data = walk(root, ())
    if problems:
        raise DataError(problems)
    return data, positions


def _scalar(node: Any) -> Any:
    tag, value = node.tag, node.value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in ("true", "yes", "on")
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == "tag:yaml.org,2002:float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    return value


# --- pydantic errors → Swedish problems -------------------------------------------------

def _fields_at(loc: Loc) -> list[str]:
    from vgrklass.model import Meta as MetaIn
    from vgrklass.model import NodeIn, StructureFile

    parent = loc[:-1]
    if parent == ():
        return list(StructureFile.model_fields)
    if parent == ("meta",):
        return list(MetaIn.model_fields)
    return list(NodeIn.model_fields)


def _node_code(data: Any, loc: Loc) -> str | None:
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


def _message(err: dict, loc: Loc) -> tuple[str, str]:
    """(rule, Swedish message) for one pydantic error."""
    kind = err["type"]
    field_name = str(loc[-1]) if loc else "filen"
    value = err.get("input")
    if kind == "missing":
        return "fält-saknas", f"fältet '{field_name}' saknas"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(field_name, _fields_at(loc), n=1)
        hint = f"; menade du '{close[0]}'?" if close else ""
        return "okänt-fält", f"okänt fält '{field_name}'{hint}"
    if kind.startswith("date") or kind == "datetime_type":
        return "ogiltigt-datum", f"datumet {value} finns inte (skriv ÅÅÅÅ-MM-DD)"
    if kind == "string_pattern_mismatch":
        return "ogiltig-kod", f"koden {value!r} är ogiltig (skriv t.ex. \"2.4.3\")"
    if kind == "string_type":
        if field_name == "code":
            return "ogiltig-kod", f"koden {value!r} ska skrivas inom citattecken, t.ex. \"2.4\""
        return "fel-typ", f"'{field_name}' ska vara text"
    if kind == "string_too_short":
        return "tomt-värde", f"'{field_name}' får inte vara tomt"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return "ogiltigt-värde", f"'{field_name}' har värdet {value!r}; tillåtet: {expected}"
    if kind in ("list_type",):
        return "fel-typ", f"'{field_name}' ska vara en lista"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        where = f"'{field_name}'" if loc else "filens översta nivå"
        return "fel-typ", f"{where} ska vara en mappning (nyckel: värde)"
    return "schema", f"'{field_name}': {err.get('msg', kind)}"


def validate_schema(data: Any, positions: Positions, name: str) -> tuple[Any, list[Problem]]:
    """Validate plain data against the pydantic models. Returns (model or None, problems)."""
    from pydantic import ValidationError

    from vgrklass.model import StructureFile

    if not isinstance(data, dict):
        what = "en lista" if isinstance(data, list) else "ett enskilt värde"
        return None, [error(name, 1, 1, "fel-typ",
                            f"filens översta nivå är {what}; den ska vara en mappning "
                            "med 'meta' och 'nodes'")]
    try:
        return StructureFile.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = _clean_loc(err["loc"])
            line, column = positions.of(loc)
            rule, message = _message(err, loc)
            problems.append(error(name, line, column, rule, message, _node_code(data, loc)))
        return None, _dedupe(problems)


def _clean_loc(loc: Iterable[Any]) -> Loc:
    # pydantic puts union/tagged member names into loc; keep only real path parts.
    return tuple(p for p in loc if isinstance(p, int) or not str(p).startswith(("function-",)))


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, result = set(), []
    for p in problems:
        key = (p.line, p.column, p.rule, p.message)
        if key not in seen:
            seen.add(key)
            result.append(p)
    return result


def build_structure(model: Any, positions: Positions, name: str) -> Structure:
    """Flatten the validated model tree into a Structure (source order, parents linked)."""
    nodes: dict[str, Node] = {}

    def add(node_in: Any, parent: str | None, loc: Loc) -> None:
        code = node_in.code
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
        examples=tuple(node_in.examples),
        comments=node_in.comments,
        handling=node_in.handling,
        children=tuple(c.code for c in node_in.children),
        line=line,
    )


@dataclass
class Parsed:
    """Everything validate needs: the structure (if the schema held) and where things are."""

    name: str
    data: Any
    positions: Positions
    structure: Structure | None
    problems: list[Problem]
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
    root = compose(text, name)
    if root is None:
        raise DataError([error(name, None, None, "tom-fil", "filen är tom")], unreadable=True)
    data, positions = to_plain(root, name)
    model, problems = validate_schema(data, positions, name)
    structure = build_structure(model, positions, name) if model is not None else None
    return Parsed(name, data, positions, structure, problems)


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


def _checked_structure(data: bytes, name: str) -> Structure:
    from vgrklass.validate import check

    parsed = parse_text(decode(data, name), name)
    problems = parsed.problems + (check(parsed) if parsed.structure else [])
    errors = [p for p in problems if p.severity == "fel"]
    if errors or parsed.structure is None:
        raise DataError(errors)
    return parsed.structure
