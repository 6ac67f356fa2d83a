"""Twin processes on a query's date: which of them a query treats alike, and one hit each.

A region keeps one structure per nämnd and styrelse, mostly copied from one model, so
many processes have the same texts, codes aside (index.Twins). The ranking (rank.py,
broad.py) reads the first process of each twin group once for each `Standing` of its
members on the query's date (in force or not, and which of its references count: a
reference from a removed process no longer holds) and returns a `Group`: the hit so
found and the processes it stands for. `ordered` lists those processes in the order the
ranking always gave (in force first, best score first, then source order), and
`member_hit` gives each its own hit: its code, title and dates, and its own texts in the
evidence where they differ (codes). A query thus costs what the distinct texts cost, not
what the number of copies costs; with distinct texts every group is one process.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from vgrklass.search.index import Index, Twins

if TYPE_CHECKING:
    from vgrklass.search.rank import Hit


class Standing(NamedTuple):
    """Twins alike on a date: all in force or all not, with the same references usable."""

    key: int  # unique within one View
    doc: int  # the twin that is read (the first of its group)
    members: tuple[int, ...]  # docs, in source order
    in_force: bool
    blocked: frozenset[int]  # units of `doc` (references) whose source is not in force


class Group(NamedTuple):
    """A hit as read on a standing's first twin, for all of its members."""

    hit: Hit
    standing: Standing
    units: tuple[int, ...]  # the unit of standing.doc that each of hit.matched shows


class View:
    """The standings of each twin group on one date, worked out when first asked for."""

    __slots__ = ("_by_key", "_of", "day", "index")

    def __init__(self, index: Index, on: dt.date):
        self.index = index
        self.day = on.toordinal()
        self._of: dict[int, tuple[Standing, ...]] = {}
        self._by_key: list[Standing] = []

    def of(self, doc: int) -> tuple[Standing, ...]:
        """The standings of the twin group read through `doc` (the first of its group)."""
        found = self._of.get(doc)
        if found is None:
            found = self._of[doc] = self._standings(doc, self.index.twins[doc])
        return found

    def prepare(self, docs: Iterable[int]) -> None:
        """Work out the standings of these groups at once (a stored index reads their
        rows in one go)."""
        missing = [d for d in dict.fromkeys(docs) if d not in self._of]
        if missing:
            for d, twins in zip(missing, self.index.twins_of(missing), strict=True):
                self._of[d] = self._standings(d, twins)

    def standing(self, key: int) -> Standing:
        return self._by_key[key]

    def _standings(self, doc: int, twins: Twins) -> tuple[Standing, ...]:
        day = self.day
        by_state: dict[tuple[bool, frozenset[int]], list[int]] = {}
        units: tuple[int, ...] | None = None
        for life, members in twins.lifetimes:
            blocked: frozenset[int] = frozenset()
            if life.sources:
                units = units or self.index.doc_units[doc]
                blocked = frozenset(units[position] for position, start, end in life.sources
                                    if not start <= day < end)
            by_state.setdefault((life.start <= day < life.end, blocked), []).extend(members)
        out = []
        for (in_force, blocked), members in by_state.items():
            standing = Standing(len(self._by_key), doc, tuple(sorted(members)), in_force,
                                blocked)
            self._by_key.append(standing)
            out.append(standing)
        return tuple(out)


def ordered(groups: list[Group]) -> list[tuple[int, Group]]:
    """Every process of the groups with its group: in force first, then by score, then
    in source order (the order search and suggest have always given). Groups that tie
    interleave their processes; the others follow each other whole."""
    tied: dict[tuple[bool, float], list[Group]] = {}
    for group in groups:
        tied.setdefault((not group.hit.in_force, -group.hit.score), []).append(group)
    pairs: list[tuple[int, Group]] = []
    for key in sorted(tied):
        run = tied[key]
        if len(run) == 1:
            pairs += [(d, run[0]) for d in run[0].standing.members]
        else:
            pairs += sorted(((d, g) for g in run for d in g.standing.members),
                            key=lambda pair: pair[0])
    return pairs


def expand(index: Index, groups: list[Group], limit: int | None) -> list[Hit]:
    """One hit per process, in `ordered` order, at most `limit` (None: all)."""
    pairs = ordered(groups)
    return [member_hit(index, g, d) for d, g in (pairs[:limit] if limit else pairs)]


# A text with a number may name a code, which differs from twin to twin.
_DIGIT = re.compile(r"\d")


def member_hit(index: Index, group: Group, d: int) -> Hit:
    """The group's hit for process `d`: its code, title and removal, and its own unit
    wherever the first twin's evidence has a code (a number in the text, or the code of
    another process a comment points to or comes from)."""
    if d == group.standing.doc:
        return group.hit
    doc = index.docs[d]
    first = index.doc_units[group.standing.doc]
    mine = index.doc_units[d]
    matched = []
    for match, number in zip(group.hit.matched, group.units, strict=True):
        unit = index.units[number]
        if unit.other is not None or _DIGIT.search(unit.text):
            own = index.units[mine[first.index(number)]]
            match = match._replace(text=own.text, other=own.other)
        matched.append(match)
    return group.hit._replace(code=doc.code, kind=doc.kind, title=doc.title,
                              removed=doc.removed,
                              removed_as=doc.removal_word if doc.removed else None,
                              matched=tuple(matched), parts=dict(group.hit.parts))


def in_force(found: Any) -> bool:
    """Whether a Group's or a Hit's process is in force."""
    return found.hit.in_force if isinstance(found, Group) else found.in_force
