"""The one safe way to change the data file from code: `update_yaml(path, edit)` (or, to see
the new text before writing it, `edit_yaml` then `write_edited`).

Round-trip loading (ruamel) keeps comments, key order, quoting and block scalars, so a
program's edit shows up in review as exactly the lines it changed. The file is first
read with the strict reader (aliases, depth and encoding checked, see yamlread), the
result is checked before anything is written, and the write is atomic (temp file +
rename, `fileio.atomic_write_bytes`): a failure at any point leaves the original intact.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vgrklass.problems import DataError, error

if TYPE_CHECKING:
    from vgrklass.structure import Structure

# The layout of data/klassificering.yaml: `nodes:` then `  - code:` then `    kind:`.
_INDENT = {"mapping": 2, "sequence": 4, "offset": 2}
_WIDTH = 4096  # never re-wrap long lines


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    yaml.indent(**_INDENT)
    return yaml


def dump(document: Any) -> str:
    buffer = io.StringIO()
    _yaml().dump(document, buffer)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class Edited:
    """A data file and the text an edit of it gives, before anything is written."""

    path: Path  # the file that was read (a symlink resolved: writes go to its target)
    raw: bytes  # its bytes as read (BOM and all)
    old_text: str
    new_text: str

    @property
    def changed(self) -> bool:
        return self.new_text != self.old_text


def edit_yaml(path: Path, edit: Callable[[Any], Any]) -> Edited:
    """Load `path` round-trip and apply `edit` to the document; nothing is written.

    `edit` changes the document in place (or returns a replacement); put dates in as
    `datetime.date` (a string "2024-01-01" would be written quoted). Raises DataError
    when the file cannot be read or parsed.
    """
    from vgrklass.load import decode, read_bytes
    from vgrklass.yamlread import parse_yaml

    path = Path(path)
    name = str(path)
    raw = read_bytes(path)
    text = decode(raw, name)
    parse_yaml(text, name)  # refuses aliases and absurd nesting before ruamel sees them
    document = _yaml().load(text)
    replacement = edit(document)
    if replacement is not None:
        document = replacement
    return Edited(path.resolve(), raw, text, dump(document))


def write_edited(edited: Edited, target: Path | None = None) -> None:
    """Write the new text atomically over the file (or to `target`), keeping its BOM and,
    for the file itself, its permissions."""
    from vgrklass.fileio import atomic_write_bytes

    data = edited.new_text.encode("utf-8")
    if edited.raw.startswith(b"\xef\xbb\xbf"):
        data = b"\xef\xbb\xbf" + data
    if target is not None:
        atomic_write_bytes(target, data)
        return
    mode = edited.path.stat().st_mode & 0o7777
    atomic_write_bytes(edited.path, data)
    os.chmod(edited.path, mode)  # the temp file was created 0600


def node_mappings(document: Any) -> dict[str, Any]:
    """Every node mapping of a round-trip document (or list of nodes) by its code."""
    found: dict[str, Any] = {}
    stack = list(document.get("nodes") or [] if hasattr(document, "get") else document)
    while stack:
        mapping = stack.pop()
        found[str(mapping["code"])] = mapping
        stack.extend(mapping.get("children") or [])
    return found


def edit_nodes(path: Path, structure: Structure, codes: Iterable[str],
               edit: Callable[[dict[str, Any]], None]) -> Edited:
    """`edit_yaml` for edits inside some nodes: only those nodes' blocks of lines (each
    with its subtree) go through ruamel, the rest of the text is kept as it is. A
    whole-document round trip of a structure 100 times the shipped one takes a minute;
    this takes what the edited nodes take.

    `structure` is the file's structure (for the nodes' lines); `edit` gets the node
    mappings of the loaded blocks by code. When a block cannot be cut out and put back
    exactly (CRLF line ends, odd indentation, a comment ruamel would move, a key of the
    parent after its children) the whole document goes through ruamel instead.
    """
    from vgrklass import cache
    from vgrklass.load import decode, read_bytes

    path = Path(path)
    raw = read_bytes(path)
    text = decode(raw, str(path))
    codes = _outermost(structure, set(codes))
    if not codes:
        return Edited(path.resolve(), raw, text, text)
    blocks = None
    if "\r" not in text and structure.digest in ("", cache.digest(raw)):
        blocks = _blocks(text, structure, codes)
    if blocks is None:
        return edit_yaml(path, lambda document: edit(node_mappings(document)))
    edit({code: mapping for block in blocks for code, mapping in
          node_mappings(block.document).items()})
    lines = text.splitlines(keepends=True)
    for block in reversed(blocks):
        lines[block.start:block.end] = [block.text()]
    return Edited(path.resolve(), raw, text, "".join(lines))


@dataclass
class _Block:
    """The lines of one node item (`- code: …` and everything under it), loaded on its
    own with its dash moved to column 2, as the whole file has its top-level nodes."""

    start: int  # 0-based line index of its first line
    end: int  # … and of the first line after it
    shift: int  # columns the block was moved left
    document: Any  # a one-item round-trip sequence

    def text(self) -> str:
        pad = " " * self.shift
        return "".join(line if line == "\n" else pad + line
                       for line in dump(self.document).splitlines(keepends=True))


def _outermost(structure: Structure, codes: set[str]) -> list[str]:
    """The codes none of whose ancestors is also given, in source order."""
    def inside(code: str) -> bool:
        return any(a.code in codes for a in structure.ancestors(structure.nodes[code]))

    return [n.code for n in structure if n.code in codes and not inside(n.code)]


def _blocks(text: str, structure: Structure, codes: list[str]) -> list[_Block] | None:
    order = list(structure.nodes)
    position = {code: i for i, code in enumerate(order)}
    lines = text.splitlines(keepends=True)
    blocks = []
    for code in codes:
        node = structure.nodes[code]
        after = position[code] + _size(structure, node)
        next_line = structure.nodes[order[after]].line if after < len(order) else None
        if node.line is None or (after < len(order) and next_line is None):
            return None
        start, end = node.line - 1, (next_line - 1 if next_line else len(lines))
        while end > start + 1 and (not lines[end - 1].strip() or
                                   lines[end - 1].lstrip().startswith("#")):
            end -= 1  # blank lines and comments before the next node stay where they are
        block = _block(lines, start, end)
        if block is None:
            return None
        blocks.append(block)
    return blocks


def _size(structure: Structure, node: Any) -> int:
    return 1 + sum(_size(structure, structure.nodes[c]) for c in node.children)


def _block(lines: list[str], start: int, end: int) -> _Block | None:
    first = lines[start]
    dash = len(first) - len(first.lstrip(" "))
    if dash < 2 or not first[dash:].startswith("- "):
        return None
    shift = dash - 2
    moved = [first[shift:]]
    for line in lines[start + 1:end]:
        indent = len(line) - len(line.lstrip(" "))
        if line == "\n":
            moved.append(line)
        elif not line.strip():
            return None  # spaces on an empty line: the dump would drop them
        elif indent >= dash + 2 or (line.lstrip().startswith("#") and indent >= shift):
            moved.append(line[shift:])
        else:
            return None  # at or left of the dash: not inside this node
    original = "".join(moved)
    document = _yaml().load(original)
    if dump(document) != original:  # ruamel would change something: leave it to the
        return None                  # whole-document round trip
    return _Block(start, end, shift, document)


def update_yaml(path: Path, edit: Callable[[Any], Any], *, check: bool = True) -> bool:
    """Load `path` round-trip, apply `edit` to the document, and write it back atomically.

    Nothing is written when the text is unchanged; returns whether the file was written.
    With `check`, the result must pass every error-level check (schema and cross-node
    rules) or DataError is raised and the file is left as it was.
    """
    edited = edit_yaml(path, edit)
    if not edited.changed:
        return False
    if check:
        _refuse_errors(edited.new_text, str(path))
    write_edited(edited)
    return True


def _refuse_errors(text: str, name: str) -> None:
    from vgrklass.load import parse_text
    from vgrklass.validate import check

    try:
        parsed = parse_text(text, name)
    except DataError as exc:
        raise DataError([error(name, p.line, p.column, p.rule,
                               f"ändringen skulle göra filen ogiltig: {p.message}", p.code)
                         for p in exc.problems]) from None
    errors = [p for p in parsed.problems + check(parsed) if p.severity == "fel"]
    if errors:
        raise DataError([error(name, p.line, p.column, p.rule,
                               f"ändringen skulle göra filen ogiltig: {p.message}", p.code)
                         for p in errors])
