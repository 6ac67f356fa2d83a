"""What changed between two versions of the structure: nodes added, removed and changed,
field by field.

A version is a structure, optionally seen on a date (only the nodes in force then).
Two dates on the same file answer "what changed between 2018 and 2021"; two files (or a
file and a git revision of it) answer "what does this pull request change".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vgrklass.export.rows import COLUMNS
from vgrklass.refs import Ref, extract_refs
from vgrklass.structure import EXAMPLE_INFO_FIELDS, ExampleInfo, Meta, Node, Structure, node_dict

# Fields compared one to one, in the order changes are listed.
SCALAR_FIELDS = ("kind", "title", "parent", "description", "comments", "handling",
                 "added", "removed", "removed_as")

# Swedish names of the fields, for text and markdown output.
FIELD_NAMES = {
    "kind": "nivå",
    "title": "rubrik",
    "parent": "förälder",
    "description": "beskrivning",
    "comments": "övriga kommentarer",
    "handling": "principer för hantering",
    "added": "tillagd",
    "removed": "borttagen",
    "removed_as": "borttagen som",
    "examples": "exempel",
    "sokord": "sökord",
    "refs": "hänvisningar",
    # an example's fields (dokumenthanteringsplanens kolumner), named as in the plan
    **{c.key: c.heading.lower() for c in COLUMNS if c.key in EXAMPLE_INFO_FIELDS},
}

# The meta block: what the structure as a whole is (a new version, a new decision).
META_FIELDS = ("title", "organisation", "version", "valid_from", "diarienummer")
META_FIELD_NAMES = {"title": "titel", "organisation": "organisation", "version": "version",
                    "valid_from": "gäller från", "diarienummer": "diarienummer"}


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One change in one field. For `examples` and `refs` each item added or removed is a
    change of its own, with the other side None. A change to one of an example's fields
    (bevaras_gallras, gallringsfrist, sekretess, …) names the example's text."""

    field: str
    old: Any  # str, ISO date, edge dict (refs) or None
    new: Any
    example: str | None = None  # the example (document type) whose field changed

    def as_dict(self) -> dict:
        result = {"field": self.field, "old": self.old, "new": self.new}
        if self.example is not None:
            result["example"] = self.example
        return result


@dataclass(frozen=True, slots=True)
class NodeChange:
    old: Node
    new: Node
    changes: tuple[FieldChange, ...]

    @property
    def code(self) -> str:
        return self.new.code


@dataclass(frozen=True, slots=True)
class Diff:
    added: tuple[Node, ...]
    removed: tuple[Node, ...]
    changed: tuple[NodeChange, ...]
    old_label: str = ""
    new_label: str = ""
    old_on: dt.date | None = None
    new_on: dt.date | None = None
    meta: tuple[FieldChange, ...] = ()  # changes to the structure's meta block

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.meta)

    def as_dict(self) -> dict:
        """The stable JSON form (documented in docs/diff.md)."""
        return {
            "added": [node_dict(n) for n in self.added],
            "removed": [node_dict(n) for n in self.removed],
            "changed": [{"code": c.code, "changes": [f.as_dict() for f in c.changes]}
                        for c in self.changed],
            "meta": [f.as_dict() for f in self.meta],
        }


def diff_structures(old: Structure, new: Structure, old_on: dt.date | None = None,
                    new_on: dt.date | None = None) -> Diff:
    """Compare two structures; a date restricts a side to the nodes in force that day."""
    old_nodes = _visible(old, old_on)
    new_nodes = _visible(new, new_on)
    added = tuple(n for code, n in new_nodes.items() if code not in old_nodes)
    removed = tuple(n for code, n in old_nodes.items() if code not in new_nodes)
    changed = []
    for code, after in new_nodes.items():
        before = old_nodes.get(code)
        if before is None or (before is after and old is new):
            continue  # two dates of one structure: the same node object cannot differ
        changes = node_changes(before, after, old, new)
        if changes:
            changed.append(NodeChange(before, after, changes))
    meta = () if old is new else meta_changes(old.meta, new.meta)
    return Diff(added, removed, tuple(changed), old.source, new.source, old_on, new_on, meta)


def meta_changes(old: Meta, new: Meta) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(name, _plain(getattr(old, name)), _plain(getattr(new, name)))
                 for name in META_FIELDS if getattr(old, name) != getattr(new, name))


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _visible(structure: Structure, on: dt.date | None) -> dict[str, Node]:
    nodes = structure.in_force(on) if on is not None else list(structure)
    return {n.code: n for n in nodes}


def node_changes(old: Node, new: Node, old_structure: Structure | None = None,
                 new_structure: Structure | None = None) -> tuple[FieldChange, ...]:
    changes = [FieldChange(name, _value(old, name), _value(new, name))
               for name in SCALAR_FIELDS if _value(old, name) != _value(new, name)]
    if not (old.removed and new.removed):
        # Removing (or restoring) a node is the 'removed' change; its word adds nothing.
        changes = [c for c in changes if c.field != "removed_as"]
    changes += _bag_changes("examples", list(old.examples), list(new.examples),
                            key=lambda e: e, show=lambda e: e)
    changes += _example_field_changes(old, new)
    changes += _bag_changes("sokord", list(old.sokord), list(new.sokord),
                            key=lambda e: e, show=lambda e: e)
    changes += _bag_changes("refs", extract_refs(old, old_structure),
                            extract_refs(new, new_structure),
                            key=lambda r: (r.target, r.target_kind), show=Ref.as_dict)
    return tuple(changes)


def _value(node: Node, name: str) -> str | None:
    if name == "removed_as":  # "Borttagen" is the default word: only its effect counts
        return node.removal_word if node.removed else None
    return _plain(getattr(node, name))


_NO_INFO = ExampleInfo()


def _example_field_changes(old: Node, new: Node) -> list[FieldChange]:
    """Changed fields of the examples both versions have (paired by text, in order; a
    plain-text example has every field empty)."""
    pending: dict[str, list[ExampleInfo]] = {}
    for text, info in old.example_details():
        pending.setdefault(text, []).append(info or _NO_INFO)
    changes = []
    for text, info in new.example_details():
        before = pending.get(text)
        if not before:
            continue  # a new example: listed under 'examples'
        was, now = before.pop(0), info or _NO_INFO
        changes += [FieldChange(name, getattr(was, name), getattr(now, name), example=text)
                    for name in EXAMPLE_INFO_FIELDS if getattr(was, name) != getattr(now, name)]
    return changes


def _bag_changes(field: str, old: list, new: list, key, show) -> list[FieldChange]:
    """Items removed, then items added, as multisets (reordering is not a change)."""
    gone = Counter(key(x) for x in old) - Counter(key(x) for x in new)
    came = Counter(key(x) for x in new) - Counter(key(x) for x in old)
    result = []
    for items, pending, removed in ((old, gone, True), (new, came, False)):
        for item in items:
            if pending[key(item)] > 0:
                pending[key(item)] -= 1
                result.append(FieldChange(field, show(item), None) if removed
                              else FieldChange(field, None, show(item)))
    return result


# --- versions from files and git ------------------------------------------------------

class VersionError(Exception):
    """A version that cannot be fetched (bad git revision, no git); message in Swedish."""


def is_git_spec(spec: str) -> bool:
    """`HEAD~1:data/klassificering.yaml`: a colon, and not a file that exists."""
    return ":" in spec and not Path(spec).exists()


def git_show(spec: str, cwd: Path | None = None) -> bytes:
    """The file content at a git revision (`REV:PATH`, as `git show` takes it).

    A revision is never an option: `--output=FILE:x` would make `git show` write a file
    and `-OFILE:x` read one. One starting with '-' is refused, and the content is read
    with `git cat-file blob --end-of-options`, which takes exactly one object name: no
    options after it, and never a path pattern (`git show` takes an argument with * ? [
    in it for one, and shows nothing)."""
    if spec.startswith("-"):
        raise VersionError(f"{spec}: en git-revision kan inte börja med '-'; ange en fil som "
                           f"./{spec} om det är ett filnamn")
    try:
        result = subprocess.run(["git", "cat-file", "blob", "--end-of-options", spec], cwd=cwd,
                                capture_output=True, check=False, timeout=60)
    except FileNotFoundError:
        raise VersionError(f"{spec}: git finns inte installerat; ange en fil i stället") \
            from None
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise VersionError(f"{spec}: git kunde inte köras ({exc})") from None
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        detail = git_error_text(reason[-1]) if reason else \
            f"git avslutade med kod {result.returncode}"
        raise VersionError(f"git-revisionen {spec} kunde inte läsas: {detail}")
    return result.stdout


# git's own messages are English whatever the locale; the common ones, in Swedish.
_GIT_ERRORS = [
    (re.compile(r"not a git repository"),
     "katalogen är inte ett git-arkiv (kör i arkivet, eller ange en fil)"),
    (re.compile(r"invalid object name '(.+?)'"), r"revisionen \1 finns inte"),
    (re.compile(r"path '(.+?)' does not exist in '(.+?)'"), r"filen \1 finns inte i \2"),
    (re.compile(r"path '(.+?)' does not exist \(neither on disk nor in the index\)"),
     r"filen \1 finns inte i git"),
    (re.compile(r"path '(.+?)' exists on disk, but not in '(.+?)'"),
     r"filen \1 finns på disk men inte i \2"),
    (re.compile(r"ambiguous argument '(.+?)'"), r"revisionen \1 är okänd eller tvetydig"),
    (re.compile(r"git cat-file (.+?): bad file"), r"\1 är ingen fil (en katalog?)"),
]


def git_error_text(line: str) -> str:
    """git's last stderr line in Swedish when it is a known one; otherwise git's words."""
    for pattern, swedish in _GIT_ERRORS:
        match = pattern.search(line)
        if match:
            return match.expand(swedish)
    return f"git: {line.removeprefix('fatal: ')}"


def load_version(spec: str, cwd: Path | None = None) -> Structure:
    """Load a file, or `REV:PATH` from git. Problems name `spec`, not a temporary file.

    Raises VersionError (git) or DataError (the content is not a valid structure).
    """
    from vgrklass.load import load_structure
    from vgrklass.problems import DataError

    if not is_git_spec(spec):
        return load_structure(Path(spec))
    content = git_show(spec, cwd)
    with tempfile.TemporaryDirectory(prefix="vgrklass-diff-") as tmp:
        path = Path(tmp) / (Path(spec.rpartition(":")[2]).name or "version.yaml")
        path.write_bytes(content)
        try:
            structure = load_structure(path)
        except DataError as exc:
            exc.problems = [dataclasses.replace(p, file=spec) for p in exc.problems]
            raise
    return dataclasses.replace(structure, source=spec)


# --- markdown (a pull request comment) ------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&@!{}])")


def md_escape(text: str) -> str:
    """Text safe inside a markdown table cell: specials escaped, line breaks as <br>."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return "<br>".join(line.strip() for line in escaped.splitlines())


def describe_side(label: str, on: dt.date | None) -> str:
    return f"{label} (gällande {on})" if on else label


def summary(diff: Diff) -> str:
    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    parts = [count(len(diff.added), "tillagd", "tillagda"),
             count(len(diff.removed), "borttagen", "borttagna"),
             count(len(diff.changed), "ändrad", "ändrade")]
    if diff.meta:
        parts.append("ändrade uppgifter om strukturen")
    return ", ".join(parts)


META_HEADING = "Uppgifter om strukturen"


def field_label(change: FieldChange, meta: bool = False) -> str:
    """The Swedish name of a changed field: 'gallringsfrist för ”följesedel”' for one of
    an example's fields, 'gäller från' for the meta block's valid_from."""
    names = META_FIELD_NAMES if meta else FIELD_NAMES
    name = names.get(change.field, change.field)
    return f"{name} för ”{change.example}”" if change.example is not None else name


def cell(value: Any) -> str:
    """A change's old/new value as plain text (edges as 'P 2.4.1: sentence')."""
    if value is None:
        return ""
    if isinstance(value, dict):
        kind = value.get("target_kind") or ""
        return f"{kind} {value['target']}: {value['text']}".strip()
    return str(value)


def to_markdown(diff: Diff) -> str:
    old = md_escape(describe_side(diff.old_label, diff.old_on))
    new = md_escape(describe_side(diff.new_label, diff.new_on))
    lines = ["### Ändringar i klassificeringsstrukturen", "",
             f"Jämför {old} med {new}."]
    if diff.empty:
        lines += ["", "Inga skillnader."]
        return "\n".join(lines) + "\n"
    lines += ["", f"**{summary(diff)}**"]
    if diff.meta:
        lines += ["", f"#### {META_HEADING}", "", "| Fält | Före | Efter |", "|---|---|---|"]
        lines += [f"| {field_label(f, meta=True)} | {md_escape(cell(f.old))} | "
                  f"{md_escape(cell(f.new))} |" for f in diff.meta]
    for heading, nodes, date_head in (("Tillagda", diff.added, "Tillagd"),
                                      ("Borttagna", diff.removed, "Borttagen")):
        if not nodes:
            continue
        lines += ["", f"#### {heading} ({len(nodes)})", "",
                  f"| Kod | Nivå | Rubrik | {date_head} |", "|---|---|---|---|"]
        for n in nodes:
            when = n.added if date_head == "Tillagd" else n.removed
            lines.append(f"| {md_escape(n.code)} | {n.kind} | {md_escape(n.title)} | "
                         f"{when or ''} |")
    if diff.changed:
        lines += ["", f"#### Ändrade ({len(diff.changed)})", "",
                  "| Kod | Fält | Före | Efter |", "|---|---|---|---|"]
        for change in diff.changed:
            code = f"{change.new.kind} {md_escape(change.code)}"
            for f in change.changes:
                lines.append(f"| {code} | {md_escape(field_label(f))} | "
                             f"{md_escape(cell(f.old))} | {md_escape(cell(f.new))} |")
    return "\n".join(lines) + "\n"
