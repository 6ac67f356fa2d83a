"""Invisible characters in any text or key of the file (see invisible.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vgrklass import invisible
from vgrklass.parsed import Parsed, node_code_at
from vgrklass.problems import Problem, error
from vgrklass.rules.base import Check, RuleInfo
from vgrklass.yamlread import Loc

CONTROL = RuleInfo("styrtecken", "fel", "styrtecken i en text eller nyckel (C0 utom tabb och "
                                        "radbrytning, DEL, C1), t.ex. skrivna som `\"\\x1b\"`")
INVISIBLE = RuleInfo("osynligt-tecken", "fel", "osynliga tecken i en text eller nyckel: "
                     "nollbredd, riktningsåsidosättning (RLO), BOM inne i texten, "
                     "U+FFFE/U+FFFF; U+2028, U+2029 eller NEL som radbrytning i filen "
                     "(inklistrat från Word/PDF)")


def no_invisible_characters(parsed: Parsed) -> Iterator[Problem]:
    """Control characters (written as YAML escapes such as "\\x01", or pasted) and other
    invisible ones (zero-width, right-to-left overrides, a BOM inside text, U+FFFE) in a
    value or a key: they break spreadsheets and web pages, hide or reorder text, and are
    never meant (see invisible.py)."""
    for loc, text, is_key in _texts(parsed.data, ()):
        found = invisible.found_in(text)
        if not found:
            continue
        line, column = (parsed.positions.of_key(loc) if is_key else parsed.positions.of(loc))
        controls = all(invisible.is_control(ch) for ch in found)
        what = "nyckeln" if is_key else "texten"
        kind = "osynliga styrtecken" if controls else "osynliga tecken"
        shown = ", ".join(invisible.describe(ch) for ch in found)
        yield error(parsed.name, line, column, CONTROL.id if controls else INVISIBLE.id,
                    f"{what} innehåller {kind} ({shown}); ta bort dem",
                    node_code_at(parsed.data, loc, parsed.positions))


def _texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, str, bool]]:
    """Every string in the raw data with its path, and whether it is a mapping key."""
    stack = [(value, loc)]
    while stack:  # iterative: the data may nest up to yamlread.MAX_DEPTH levels
        value, loc = stack.pop()
        if isinstance(value, str):
            yield loc, value, False
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                stack.append((item, loc + (key,)))
            for key in value:
                yield loc + (key,), key, True
        elif isinstance(value, list):
            stack.extend((item, loc + (i,)) for i, item in reversed(list(enumerate(value))))


CHECKS = (Check(no_invisible_characters, (CONTROL, INVISIBLE), needs_structure=False),)
