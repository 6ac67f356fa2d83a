"""What changed between two versions of the structure: nodes added, removed and changed,
field by field.

A version is a structure, optionally seen on a date (only the nodes in force then).
Two dates on the same file answer "what changed between 2018 and 2021"; two files (or a
file and a git revision of it) answer "what does this pull request change".

This module compares and fetches versions; what a change looks like on the screen, in a
pull request or as JSON lives beside the command (`cli/render_diff.py`), apart from the
JSON contract, which is each type's `as_dict()`. `word_diff` says which words of a
changed text changed, for the renderers to mark.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from vgrklass.fieldnames import META_FIELDS as META_FIELD_NAMES
from vgrklass.refs import Ref, extract_refs
from vgrklass.structure import EXAMPLE_INFO_FIELDS, ExampleInfo, Meta, Node, Structure, node_dict

# Fields compared one to one, in the order changes are listed.
SCALAR_FIELDS = ("kind", "title", "parent", "description", "comments", "handling",
                 "added", "removed", "removed_as")

# Lists compared as multisets: each item added or removed is a change of its own.
ITEM_FIELDS = ("examples", "sokord", "refs")

# The meta block: what the structure as a whole is (a new version, a new decision).
META_FIELDS = tuple(META_FIELD_NAMES)


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
                    new_on: dt.date | None = None, *, ignore_whitespace: bool = False) -> Diff:
    """Compare two structures; a date restricts a side to the nodes in force that day.

    With `ignore_whitespace`, texts that differ only in spaces and line breaks (a
    paragraph wrapped anew) are the same."""
    norm = _squeeze if ignore_whitespace else _as_is
    old_nodes = _visible(old, old_on)
    new_nodes = _visible(new, new_on)
    added = tuple(n for code, n in new_nodes.items() if code not in old_nodes)
    removed = tuple(n for code, n in old_nodes.items() if code not in new_nodes)
    changed = []
    for code, after in new_nodes.items():
        before = old_nodes.get(code)
        if before is None or (before is after and old is new):
            continue  # two dates of one structure: the same node object cannot differ
        changes = node_changes(before, after, old, new, norm=norm)
        if changes:
            changed.append(NodeChange(before, after, changes))
    meta = () if old is new else meta_changes(old.meta, new.meta, norm=norm)
    return Diff(added, removed, tuple(changed), old.source, new.source, old_on, new_on, meta)


Normalise = Callable[[Any], Any]


def _as_is(value: Any) -> Any:
    return value


def _squeeze(value: Any) -> Any:
    """A text with every run of whitespace one space, and none at the ends."""
    return " ".join(value.split()) if isinstance(value, str) else value


def meta_changes(old: Meta, new: Meta, norm: Normalise = _as_is) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(name, _plain(getattr(old, name)), _plain(getattr(new, name)))
                 for name in META_FIELDS if norm(getattr(old, name)) != norm(getattr(new, name)))


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _visible(structure: Structure, on: dt.date | None) -> dict[str, Node]:
    nodes = structure.in_force(on) if on is not None else list(structure)
    return {n.code: n for n in nodes}


def node_changes(old: Node, new: Node, old_structure: Structure | None = None,
                 new_structure: Structure | None = None,
                 norm: Normalise = _as_is) -> tuple[FieldChange, ...]:
    changes = [FieldChange(name, _value(old, name), _value(new, name))
               for name in SCALAR_FIELDS if norm(_value(old, name)) != norm(_value(new, name))]
    if not (old.removed and new.removed):
        # Removing (or restoring) a node is the 'removed' change; its word adds nothing.
        changes = [c for c in changes if c.field != "removed_as"]
    changes += _bag_changes("examples", list(old.examples), list(new.examples),
                            key=norm, show=_as_is)
    changes += _example_field_changes(old, new, norm)
    changes += _bag_changes("sokord", list(old.sokord), list(new.sokord),
                            key=norm, show=_as_is)
    changes += _bag_changes("refs", extract_refs(old, old_structure),
                            extract_refs(new, new_structure),
                            key=lambda r: (r.target, r.target_kind), show=Ref.as_dict)
    return tuple(changes)


def _value(node: Node, name: str) -> str | None:
    if name == "removed_as":  # "Borttagen" is the default word: only its effect counts
        return node.removal_word if node.removed else None
    return _plain(getattr(node, name))


_NO_INFO = ExampleInfo()


def _example_field_changes(old: Node, new: Node, norm: Normalise) -> list[FieldChange]:
    """Changed fields of the examples both versions have (paired by text, in order; a
    plain-text example has every field empty)."""
    pending: dict[str, list[ExampleInfo]] = {}
    for text, info in old.example_details():
        pending.setdefault(norm(text), []).append(info or _NO_INFO)
    changes = []
    for text, info in new.example_details():
        before = pending.get(norm(text))
        if not before:
            continue  # a new example: listed under 'examples'
        was, now = before.pop(0), info or _NO_INFO
        changes += [FieldChange(name, getattr(was, name), getattr(now, name), example=text)
                    for name in EXAMPLE_INFO_FIELDS
                    if norm(getattr(was, name)) != norm(getattr(now, name))]
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


# --- which words of a text changed ----------------------------------------------------

class Piece(NamedTuple):
    """A run of a changed text: in both versions (`same`), only the old (`old`) or only
    the new (`new`). Whitespace is always `same`: marks go round words."""

    text: str
    kind: str  # same | old | new


class WordDiff(NamedTuple):
    """Two versions of a text as one, line by line: the new text's lines with the old
    words in place where they were replaced or removed (as `git diff --word-diff`)."""

    lines: tuple[tuple[Piece, ...], ...]
    shared: bool  # some word is in both: marking words says more than old → new

    @property
    def words_changed(self) -> bool:
        """False when only whitespace differs (a paragraph wrapped anew)."""
        return any(p.kind != "same" for line in self.lines for p in line)


_WORD = re.compile(r"(\s*)(\S+)")


def word_diff(old: str | None, new: str | None) -> WordDiff:
    """Which words of `old` and `new` differ, compared as sequences of words (runs of
    anything but whitespace), so that re-wrapping changes no word."""
    before = _WORD.findall(old or "")
    after = _WORD.findall(new or "")
    matcher = difflib.SequenceMatcher(None, [w for _, w in before], [w for _, w in after],
                                      autojunk=False)
    pieces: list[Piece] = []
    shared = False
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            shared = True
            pieces += [Piece(space + word, "same") for space, word in after[j1:j2]]
            continue
        pieces.append(Piece((after[j1] if j2 > j1 else before[i1])[0], "same"))
        if i2 > i1:
            pieces.append(Piece(_joined(before[i1:i2]), "old"))
        if j2 > j1:
            pieces.append(Piece(_joined(after[j1:j2]), "new"))
    return WordDiff(_lines(pieces), shared)


def _joined(words: list[tuple[str, str]]) -> str:
    """Words with the whitespace between them, without the whitespace before the first."""
    return "".join(space + word for space, word in words)[len(words[0][0]):]


def _lines(pieces: list[Piece]) -> tuple[tuple[Piece, ...], ...]:
    """Pieces split at line breaks, whitespace at the ends of a changed run made `same`,
    runs of one kind merged, nothing empty."""
    lines: list[list[Piece]] = [[]]

    def add(text: str, kind: str) -> None:
        line = lines[-1]
        if not text:
            return
        if line and line[-1].kind == kind:
            line[-1] = Piece(line[-1].text + text, kind)
        else:
            line.append(Piece(text, kind))

    for piece in pieces:
        for number, part in enumerate(piece.text.split("\n")):
            if number:
                lines.append([])
            core = part.strip() if piece.kind != "same" else part
            start = part.index(core) if core else len(part)
            add(part[:start], "same")
            add(core, piece.kind)
            add(part[start + len(core):], "same")
    return tuple(tuple(line) for line in lines)


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
