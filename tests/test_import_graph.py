"""The modules of vgrklass import each other without a cycle (issue 18: load → validate →
refs → load was one). Imports inside functions count too: a cycle through a deferred
import is still two modules that cannot be understood, or changed, one without the other.
Only imports for type checking (`if TYPE_CHECKING:`) are left out: they never run. A
package's `__init__` counts as imported by every module that imports from inside it."""

from __future__ import annotations

import ast
from pathlib import Path

import vgrklass

PACKAGE = Path(vgrklass.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_checking_only(tree: ast.Module) -> set[int]:
    """ids of the import nodes under `if TYPE_CHECKING:`."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(inner) for inner in ast.walk(node))
    return skipped


def imports_of(name: str) -> set[str]:
    """The vgrklass modules `name` imports, anywhere in its text."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    skipped = _type_checking_only(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from vgrklass import cache` imports the module vgrklass.cache
            found.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                         for alias in node.names)
    # Importing vgrklass.search.text runs vgrklass/search/__init__.py first: a module
    # outside a package depends on the package's __init__ too.
    found |= {parent for target in found for parent in _packages_above(target)
              if not (name + ".").startswith(parent + ".")}
    return {target for target in found if target in MODULES and target != name}


def _packages_above(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]


# Edges of cycles that this test found in code owned by other work, each with why it
# is there and how it goes: (importer, imported) → reason. Each must still exist (the
# test says so when one is gone, so the entry is deleted) and nothing else may close a
# cycle. Keep this list short and shrinking.
KNOWN: dict[tuple[str, str], str] = {}


def graph() -> dict[str, set[str]]:
    return {name: imports_of(name) for name in MODULES}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a list of modules (first == last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []
    for start in sorted(edges):
        if state.get(start):
            continue
        stack = [(start, iter(sorted(edges[start])))]
        state[start], path = 1, [start]
        while stack:
            node, targets = stack[-1]
            for target in targets:
                if state.get(target) == 1:
                    return path[path.index(target):] + [target]
                if not state.get(target):
                    state[target] = 1
                    path.append(target)
                    stack.append((target, iter(sorted(edges.get(target, ())))))
                    break
            else:
                state[node] = 2
                path.pop()
                stack.pop()
    return None


def test_the_finder_sees_a_cycle_through_a_function_level_import():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(edges) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None


def test_the_graph_holds_imports_inside_functions_and_from_the_package():
    edges = graph()
    assert "vgrklass.check" in edges["vgrklass.load"]  # inside load_structure
    assert "vgrklass.cache" in edges["vgrklass.load"]  # `from vgrklass import cache`
    assert "vgrklass.rules.base" in edges["vgrklass.rules.codes"]


def test_vgrklass_has_no_import_cycle():
    edges = graph()
    gone = [edge for edge in KNOWN if edge[1] not in edges.get(edge[0], set())]
    assert not gone, f"these known edges are gone: delete them from KNOWN: {gone}"
    for importer, imported in KNOWN:
        edges[importer].discard(imported)
    cycle = find_cycle(edges)
    assert cycle is None, " → ".join(cycle or [])


def test_the_cycle_the_issue_named_is_gone():
    edges = graph()
    assert "vgrklass.check" in edges["vgrklass.load"]
    assert not {"vgrklass.load", "vgrklass.check"} & edges["vgrklass.refs"]
    assert find_cycle({name: edges[name] for name in edges
                       if name.startswith(("vgrklass.load", "vgrklass.check", "vgrklass.parse",
                                           "vgrklass.refs", "vgrklass.rules"))}) is None
