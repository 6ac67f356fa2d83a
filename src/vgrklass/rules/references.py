"""References between nodes ("hanteras i P 2.4.1", see refs.py): each points at a code
that exists, at a node in force while the referring one is, with the target's title and
level. A target whose title or kind failed the schema is not judged on it, and a code
that exists in the file is known even when its node failed the schema."""

from __future__ import annotations

from collections.abc import Iterator

from vgrklass.parsed import Parsed
from vgrklass.problems import Problem, error, warning
from vgrklass.refs import Ref, all_refs, title_matches
from vgrklass.rules.base import Check, RuleInfo
from vgrklass.structure import Node


def _where(parsed: Parsed, ref: Ref) -> tuple[int | None, int | None]:
    """Line/column of the text field the reference stands in."""
    loc = parsed.loc_of(ref.source)
    if loc is None:
        node = parsed.structure.nodes.get(ref.source) if parsed.structure else None
        return (node.line if node else None, None)
    field: tuple = ("examples", ref.index) if ref.field == "examples" else (ref.field,)
    return parsed.positions.of(loc + field)


def _problem(parsed: Parsed, ref: Ref, rule: RuleInfo, message: str) -> Problem:
    """A problem of `rule` about a reference, at the text it stands in."""
    line, column = _where(parsed, ref)
    make = error if rule.severity == "fel" else warning
    return make(parsed.name, line, column, rule.id, message, ref.source)


def _label(ref: Ref) -> str:
    return f"{ref.target_kind} {ref.target}" if ref.target_kind else ref.target


def _refs_with_targets(parsed: Parsed) -> Iterator[tuple[Ref, Node | None]]:
    structure = parsed.structure
    assert structure is not None
    for ref in all_refs(structure):
        yield ref, structure.nodes.get(ref.target)


UNKNOWN = RuleInfo("okänd-hänvisning", "fel", "en hänvisning (\"hanteras i P 2.4.1\") pekar "
                                              "på en kod som inte finns")


def unknown_targets(parsed: Parsed) -> Iterator[Problem]:
    """A reference to a code that does not exist."""
    for ref, target in _refs_with_targets(parsed):
        if target is None and not parsed.exists(ref.target):
            yield _problem(parsed, ref, UNKNOWN, f"hänvisningen till {_label(ref)} pekar på "
                           f"en kod som inte finns: \"{ref.text}\"")


NOT_IN_FORCE = RuleInfo("hänvisning-ej-i-kraft", "varning", "hänvisningen pekar på en nod "
                        "som inte gäller hela tiden hänvisaren gäller")


def targets_in_force(parsed: Parsed) -> Iterator[Problem]:
    """A reference that, for part of the time its source is in force, points at a node
    that is not (not yet added, or already removed)."""
    structure = parsed.structure
    assert structure is not None
    for ref, target in _refs_with_targets(parsed):
        source = structure.nodes.get(ref.source)
        if target is None or source is None:
            continue
        reasons = []
        if (target.added and parsed.sound(source, "added")
                and (source.added is None or source.added < target.added)):
            reasons.append(f"{target.code} tillkom först {target.added}")
        if (target.removed and parsed.sound(source, "removed")
                and (source.removed is None or source.removed > target.removed)):
            reasons.append(f"{target.code} {target.removal_word.lower()} {target.removed}")
        if reasons:
            yield _problem(parsed, ref, NOT_IN_FORCE,
                           f"{source.code} hänvisar till {_label(ref)}, som inte gäller hela "
                           f"tiden som {source.code} gäller ({_lifetime(source)}): "
                           f"{' och '.join(reasons)}")


def _lifetime(node: Node) -> str:
    if node.added and node.removed:
        return f"{node.added}–{node.removed}"
    if node.added:
        return f"från {node.added}"
    if node.removed:
        return f"till {node.removed}"
    return "utan start- eller slutdatum"


TITLE = RuleInfo("fel-titel", "varning", "hänvisningen citerar en annan rubrik än målnodens")


def written_titles(parsed: Parsed) -> Iterator[Problem]:
    """The title written with a reference must be the target's title."""
    for ref, target in _refs_with_targets(parsed):
        if target is None or ref.title is None or not parsed.sound(target, "title"):
            continue
        if not title_matches(ref.title, target.title, ref.title_quoted):
            yield _problem(parsed, ref, TITLE,
                           f"hänvisningen till {_label(ref)} anger rubriken \"{ref.title}\", "
                           f"men {target.code} heter \"{target.title}\"")


KIND = RuleInfo("fel-nivå-hänvisning", "varning", "hänvisningen anger fel nivå (t.ex. `P "
                                                  "2.3` när 2.3 är en PG)")


def written_kinds(parsed: Parsed) -> Iterator[Problem]:
    """`PG 2.4.1` when 2.4.1 is a P: the text names the wrong level."""
    for ref, target in _refs_with_targets(parsed):
        if target is None or not parsed.sound(target, "kind"):
            continue
        if ref.target_kind and ref.target_kind != target.kind:
            yield _problem(parsed, ref, KIND, f"hänvisningen skriver {ref.target_kind} "
                           f"{ref.target}, men {target.code} är {target.kind}")


CHECKS = (Check(unknown_targets, (UNKNOWN,)), Check(targets_in_force, (NOT_IN_FORCE,)),
          Check(written_titles, (TITLE,)), Check(written_kinds, (KIND,)))
