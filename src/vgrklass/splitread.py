"""A large data file's YAML read lean on two cores (issue 19: a cold start in seconds).

The list under `nodes:` is cut at one of its items near the middle of the text; the
part before the cut is read here while a forked child reads the part after it, and the
child's items (with their positions, moved to their lines in the whole file) are added
to the list. For a clean file this gives exactly what one lean read of the whole text
gives (yamlread.parse_yaml with lean=True), in a little over half the time.

The cut is only made where it cannot change the meaning: at a line that starts an item
of the node list (`- ` at the list's indentation), in a file whose lines from `nodes:`
on are all, at that indentation or less, such item lines (no other top-level key after
the list, no document marker) and that has no directive (`%YAML`, `%TAG`, which would
change how the part after the cut reads). A cut inside a quoted text or a [ ] or { }
that spans lines leaves the first part unreadable: then, as for anything else unclear,
`Unclear` is raised and the caller reads the file the careful way.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
import threading
from typing import Any

from vgrklass.yamlread import Positions, Unclear, parse_yaml

# Below this many characters one process reads the file: a fork and the hand-over cost
# more than half a read of a small file (the shipped file is 150 000 characters).
SPLIT_MIN = 1_000_000

_NODES_KEY = re.compile(r"^nodes:[ \t]*(?:#[^\r\n]*)?\r?$", re.MULTILINE)
_FIRST_ITEM = re.compile(r"^( *)-(?: |$)", re.MULTILINE)


def read_halves(text: str, name: str, smallest: int = SPLIT_MIN) -> tuple[Any, Positions] | None:
    """The lean read (data, positions) of `text` on two cores; None when the text is
    shorter than `smallest`, cannot be cut safely or this process cannot fork (read it in
    one piece then). Raises Unclear (or DataError) when a part is not clean."""
    if len(text) < smallest or not hasattr(os, "fork") or threading.active_count() > 1:
        return None
    cut = _cut(text)
    if cut is None:
        return None
    import ruamel.yaml  # noqa: F401 - imported once, before the fork, not by both

    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the part after the cut, handed over through the pipe
        code = 1
        try:
            os.close(read_end)
            items, positions, problems = parse_yaml(text[cut:], name, lean=True)
            # Packed whole before writing, while the parent still reads its half: written
            # as it is packed, the pipe (64 KiB) would keep the child waiting on the parent.
            payload = marshal.dumps((items, positions.values, bool(problems)))
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        data, positions, problems = parse_yaml(text[:cut], name, lean=True)
    finally:
        with os.fdopen(read_end, "rb") as handed:
            received = handed.read()
        _, status = os.waitpid(pid, 0)
    if problems or os.waitstatus_to_exitcode(status) != 0:
        raise Unclear  # the child met something unclear, or failed: read carefully
    # marshal, not pickle: plain data only (text, numbers, lists, mappings), packed twice
    # as fast; trusted as much as this process itself, since it comes from its own fork.
    items, values, more_problems = marshal.loads(received)
    nodes = data.get("nodes") if isinstance(data, dict) else None
    if more_problems or not isinstance(nodes, list) or not isinstance(items, list) \
            or next(reversed(data)) != "nodes":
        raise Unclear
    _join(nodes, positions, items, values, _lines_before(text, cut))
    return data, positions


def _cut(text: str) -> int | None:
    """Where the node list can be cut: the start of the item line nearest the middle
    (not the first item), or None (see the module docstring)."""
    if "\n%" in text or text.startswith("%"):
        return None
    keys = _NODES_KEY.search(text)
    if keys is None:
        return None
    first = _FIRST_ITEM.search(text, keys.end())
    if first is None or text[keys.end():first.start()].strip(" \t\r\n"):
        return None  # something other than the items follows `nodes:` (or no items)
    indent = len(first.group(1))
    # A line at the list's indentation or less that is not an item (and not blank or a
    # comment) means more than the list follows: no cut. (Both patterns start at a line
    # break, which the regex engine finds quickly: a tenth of `^` in MULTILINE mode.)
    other = re.compile(rf"\n {{0,{indent}}}(?:[^ \r\n#-]|-[^ \r\n])")
    if other.search(text, first.end()):
        return None
    item = re.compile(rf"\n {{{indent}}}-[ \r\n]")
    starts = [m.start() + 1 for m in item.finditer(text, first.end())]  # not the first
    return min(starts, key=lambda s: abs(s - len(text) // 2)) if starts else None


def _lines_before(text: str, cut: int) -> int:
    """Line breaks before `cut`, counted as the parser counts them (\\r\\n, \\r, \\n)."""
    head = text[:cut]
    return head.count("\n") + head.count("\r") - head.count("\r\n")


def _join(nodes: list[Any], positions: Positions, items: list[Any],
          values: dict[tuple, tuple[int, int]], lines: int) -> None:
    """Add the child's items after `nodes`, their positions moved into the whole file."""
    start = len(nodes)
    nodes.extend(items)
    moved = positions.values
    for loc, (line, column) in values.items():
        if loc:
            moved[("nodes", loc[0] + start, *loc[1:])] = (line + lines, column)
