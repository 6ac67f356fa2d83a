"""Rules across nodes, run after the schema check. Each rule is a plain function
returning Problems; `RULES` lists them in the order their reports read best."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from vgrklass import invisible
from vgrklass.load import Loc, Parsed, node_code_at
from vgrklass.problems import MAX_PROBLEMS, Problem, error, warning
from vgrklass.refs import REF_RULES
from vgrklass.structure import Node, Structure

Rule = Callable[[Parsed], Iterable[Problem]]


def _raw_nodes(parsed: Parsed) -> Iterator[tuple[Loc, dict[str, Any]]]:
    """Every node mapping in the raw data with its path, depth first."""

    def walk(items: Any, loc: Loc) -> Iterator[tuple[Loc, dict[str, Any]]]:
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                yield loc + (i,), item
                yield from walk(item.get("children"), loc + (i, "children"))

    data = parsed.data if isinstance(parsed.data, dict) else {}
    yield from walk(data.get("nodes"), ("nodes",))


def unique_codes(parsed: Parsed) -> Iterator[Problem]:
    first: dict[str, int | None] = {}
    for loc, raw in _raw_nodes(parsed):
        code = raw.get("code")
        if not isinstance(code, str):
            continue
        line, column = parsed.positions.of(loc + ("code",))
        if code in first:
            yield error(parsed.name, line, column, "dubblett-kod",
                        f"koden {code} finns redan (rad {first[code]})", code)
        else:
            first[code] = line


def _at(parsed: Parsed, node: Node, key: str | None = None) -> tuple[int | None, int | None]:
    """Line and column of a node (or one of its keys), found through the raw data."""
    loc = parsed.loc_of(node.code)
    if loc is None:
        return (node.line, None)
    return parsed.positions.of(loc + ((key,) if key else ()))


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
        yield error(parsed.name, line, column, "styrtecken" if controls else "osynligt-tecken",
                    f"{what} innehåller {kind} ({shown}); ta bort dem",
                    node_code_at(parsed.data, loc))


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


def _structure(parsed: Parsed) -> Structure:
    assert parsed.structure is not None
    return parsed.structure


def nesting_and_kinds(parsed: Parsed) -> Iterator[Problem]:
    s = _structure(parsed)
    for node in s:
        parent = s.nodes.get(node.parent) if node.parent else None
        line, column = _at(parsed, node, "code")
        if parent is None:
            if node.kind != "VO":
                yield error(parsed.name, line, column, "fel-nivå",
                            f"{node.kind} {node.code} ligger överst men bara VO får ligga där",
                            node.code)
            elif "." in node.code:
                yield error(parsed.name, line, column, "kod-nivå",
                            f"ett VO ska ha en kod utan punkt, inte {node.code}", node.code)
            continue
        if node.code.rsplit(".", 1)[0] != parent.code or "." not in node.code:
            yield error(parsed.name, line, column, "kod-förälder",
                        f"koden {node.code} passar inte under {parent.kind} {parent.code}; "
                        f"den ska börja med {parent.code}. och ha en nivå till", node.code)
        allowed = {"VO": {"PG", "P"}, "PG": {"P"}, "P": set()}[parent.kind]
        if node.kind not in allowed:
            yield error(parsed.name, line, column, "fel-nivå",
                        f"{node.kind} {node.code} kan inte ligga under {parent.kind} "
                        f"{parent.code}", node.code)


def dates_ordered(parsed: Parsed) -> Iterator[Problem]:
    for node in _structure(parsed):
        if node.added and node.removed and node.removed <= node.added:
            line, column = _at(parsed, node, "removed")
            yield error(parsed.name, line, column, "datumordning",
                        f"{node.removal_word.lower()} {node.removed} är inte efter "
                        f"tillagd {node.added}", node.code)
        if node.removed_as and not node.removed:
            line, column = _at(parsed, node, "removed_as")
            yield error(parsed.name, line, column, "datum-saknas",
                        "'removed_as' anges men 'removed' (datum) saknas", node.code)


def within_parent_lifetime(parsed: Parsed) -> Iterator[Problem]:
    s = _structure(parsed)
    for node in s:
        parent = s.nodes.get(node.parent) if node.parent else None
        if parent is None:
            continue
        if parent.added and (node.added is None or node.added < parent.added):
            line, column = _at(parsed, node, "added" if node.added else None)
            yield error(parsed.name, line, column, "utanför-förälder",
                        f"{node.code} gäller före sin förälder {parent.code} "
                        f"(tillagd {parent.added})", node.code)
        if parent.removed and (node.removed is None or node.removed > parent.removed):
            line, column = _at(parsed, node, "removed" if node.removed else None)
            yield error(parsed.name, line, column, "utanför-förälder",
                        f"{node.code} gäller efter att {parent.code} togs bort "
                        f"({parent.removed}); ange removed för {node.code}", node.code)


def useful_sokord(parsed: Parsed) -> Iterator[Problem]:
    """Sökord are searched for the process they stand in: one written twice, one that is
    already an example, or one on a VO or PG (never searched) is a slip."""
    from vgrklass.search.text import normalise

    s = _structure(parsed)
    for node in s:
        if not node.sokord:
            continue
        loc = parsed.loc_of(node.code)
        examples = {normalise(e) for e in node.examples}
        seen: set[str] = set()
        for n, word in enumerate(node.sokord):
            line, column = (parsed.positions.of(loc + ("sokord", n)) if loc is not None
                            else (node.line, None))
            key = normalise(word)
            if node.kind != "P":
                yield warning(parsed.name, line, column, "sökord-utan-verkan",
                              f"sökordet ”{word}” står på {node.kind} {node.code}; bara "
                              "processer (P) söks", node.code)
            elif key in seen:
                yield warning(parsed.name, line, column, "dubblett-sökord",
                              f"sökordet ”{word}” står två gånger i {node.code}", node.code)
            elif key in examples:
                yield warning(parsed.name, line, column, "sökord-är-exempel",
                              f"”{word}” är redan ett exempel i {node.code}; sökordet "
                              "behövs inte", node.code)
            seen.add(key)


# Rules over raw data run always; rules over the structure need a schema-valid file.
RAW_RULES: list[Rule] = [unique_codes, no_invisible_characters]
STRUCTURE_RULES: list[Rule] = [nesting_and_kinds, dates_ordered, within_parent_lifetime,
                               useful_sokord, *REF_RULES]


def check(parsed: Parsed) -> list[Problem]:
    """Run every cross-node rule; schema problems are already in parsed.problems."""
    problems: list[Problem] = []
    if len(parsed.problems) >= MAX_PROBLEMS:
        return problems  # the schema check stopped there: the report is full already
    for rule in RAW_RULES:
        problems.extend(rule(parsed))
    if parsed.structure is not None:
        for rule in STRUCTURE_RULES:
            problems.extend(rule(parsed))
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
