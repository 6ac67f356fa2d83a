"""General Swedish synonyms from Folkets synonymlexikon (Synlex, Viggo Kann, KTH).

This module owns data/synlex.tsv: reading it strictly and turning its pairs into a
neighbour graph. The file holds single-word pairs graded 3.0 or higher on Synlex's 0–5
scale; data/SYNLEX-LICENS.txt has the licence notice, where the file came from and how it
was filtered (tools/synlex_to_tsv.py rebuilds it). The pairs are general language, not
knowledge of the classification structure: 'faktura – räkning' but also 'java – kaffe'.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from vgrklass.knowledge.errors import KnowledgeError

SYNLEX_PATH = Path(__file__).with_name("data") / "synlex.tsv"
HEADER = "ord1\tord2\tgrad"
MAX_GRADE = 5.0


class SynPair(NamedTuple):
    """Two words Synlex grades as synonyms (0–5; the shipped file has 3.0 and up)."""

    first: str
    second: str
    grade: float


def _word(item: str, where: str) -> str:
    if not item:
        raise KnowledgeError(f"{where}: ett ord saknas")
    if not item.isalpha() or item != unicodedata.normalize("NFC", item.lower()):
        raise KnowledgeError(f"{where}: ”{item}” är inget enkelt ord med små bokstäver")
    return item


def _grade(item: str, where: str) -> float:
    try:
        grade = float(item)
    except ValueError:
        grade = math.nan
    if not 0.0 <= grade <= MAX_GRADE:  # also false for nan
        raise KnowledgeError(f"{where}: graden ”{item}” är inget tal mellan 0 och 5")
    return grade


def parse_synlex(text: str, name: str = "synlex.tsv",
                 min_grade: float = 3.0) -> list[SynPair]:
    """The pairs in `text` (the synlex.tsv format) graded `min_grade` or higher, in file
    order. Anything unexpected is a KnowledgeError naming `name` and the line: a missing
    or wrong header, a line without exactly three tab-separated fields, a word that is not
    one NFC lowercase word of letters, a word paired with itself, a grade outside 0–5 and
    a pair that occurs twice (in either order)."""
    lines = text.splitlines()
    if not lines or lines[0] != HEADER:
        found = lines[0] if lines else ""
        raise KnowledgeError(f"{name}, rad 1: rubrikraden ska vara ”{HEADER}”, "
                             f"inte ”{found}”")
    pairs: list[SynPair] = []
    seen: dict[tuple[str, str], int] = {}
    for number, line in enumerate(lines[1:], start=2):
        where = f"{name}, rad {number}"
        fields = line.split("\t")
        if len(fields) != 3:
            raise KnowledgeError(f"{where}: väntade tre fält åtskilda med tabb "
                                 f"(ord1, ord2, grad), fick {len(fields)}")
        first, second = _word(fields[0], where), _word(fields[1], where)
        if first == second:
            raise KnowledgeError(f"{where}: ”{first}” står som synonym till sig självt")
        grade = _grade(fields[2], where)
        key = (first, second) if first < second else (second, first)
        if key in seen:
            raise KnowledgeError(f"{where}: paret ”{first}” – ”{second}” står redan på "
                                 f"rad {seen[key]}")
        seen[key] = number
        if grade >= min_grade:
            pairs.append(SynPair(first, second, grade))
    return pairs


def read_synlex(path: Path = SYNLEX_PATH, min_grade: float = 3.0) -> list[SynPair]:
    """The pairs in a synlex.tsv file graded `min_grade` or higher (by default the file
    shipped with the package). The whole file is checked even when `min_grade` drops
    lines; see parse_synlex for what counts as malformed."""
    return parse_synlex(path.read_text(encoding="utf-8"), path.name, min_grade)


def synonym_graph(pairs: Iterable[SynPair]) -> dict[str, tuple[tuple[str, float], ...]]:
    """Each word's synonyms with their grades, in both directions ('avtal' lists
    'kontrakt' and 'kontrakt' lists 'avtal'), best grade first and then alphabetical.
    A pair given twice counts once, with its higher grade."""
    best: dict[str, dict[str, float]] = {}
    for first, second, grade in pairs:
        for word, other in ((first, second), (second, first)):
            neighbours = best.setdefault(word, {})
            neighbours[other] = max(grade, neighbours.get(other, grade))
    return {word: tuple(sorted(neighbours.items(), key=lambda item: (-item[1], item[0])))
            for word, neighbours in best.items()}
