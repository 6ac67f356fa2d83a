"""The knowledge resources, compiled against one structure's vocabulary into the cached
search index: only what bridges from a word people write to a word the structure uses.

Reading Synlex (18 000 pairs) and the domain vocabulary on every query would cost more
than the query itself, and most of both never reaches the structure. `compile_knowledge`
keeps, for each word, the synonyms whose lemma the index has, and each domain term whose
broader terms the index can match; the result is pickled with the index.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import NamedTuple

from vgrklass.search import text as tx

DATA_DIR = Path(__file__).with_name("data")
# A Synlex pair graded below this never bridges (Synlex's scale is 0–5; 3.0 is "good").
MIN_SYNLEX_GRADE = 3.0


class DomainSense(NamedTuple):
    """One broader term of a domain entry, as index keys, with the entry's source."""

    text: str  # as written in the file ('anställningens upphörande')
    keys: tuple[str, ...]  # lemmas of its content words
    source: str


class Knowledge(NamedTuple):
    # A word's lemma → words of the structure Synlex grades as its synonyms, best first.
    synonyms: dict[str, tuple[tuple[str, float], ...]]
    # A domain term (normalised words joined by a space, and a one-word term's lemma too)
    # → its broader terms.
    domain: dict[str, tuple[DomainSense, ...]]

    @property
    def longest_term(self) -> int:
        return max((k.count(" ") + 1 for k in self.domain), default=1)


EMPTY = Knowledge({}, {})


def knowledge_files() -> list[Path]:
    """The data files the compiled knowledge depends on (their stats key the cache)."""
    return sorted(p for p in DATA_DIR.glob("*.tsv"))


def compile_knowledge(keys: Collection[str]) -> Knowledge:
    """The bridges from general words to `keys` (the index's lemmas and part lemmas)."""
    return Knowledge(_synonyms(keys), _domain(keys))


def _synonyms(keys: Collection[str]) -> dict[str, tuple[tuple[str, float], ...]]:
    from vgrklass.knowledge.synlex import read_synlex, synonym_graph

    graph = synonym_graph(read_synlex(min_grade=MIN_SYNLEX_GRADE))
    out: dict[str, list[tuple[str, float]]] = {}
    for word, neighbours in graph.items():
        key = tx.lemma(word)
        bridges = [(other, grade) for other, grade in neighbours
                   if tx.lemma(other) in keys and tx.lemma(other) != key]
        if bridges:
            have = out.setdefault(key, [])
            have += [b for b in bridges if b[0] not in {w for w, _ in have}]
    return {k: tuple(sorted(v, key=lambda b: -b[1])) for k, v in out.items()}


def _domain(keys: Collection[str]) -> dict[str, tuple[DomainSense, ...]]:
    path = DATA_DIR / "domanord.tsv"
    if not path.exists():
        return {}
    from vgrklass.knowledge.domain import read_domain

    out: dict[str, list[DomainSense]] = {}
    for entry in read_domain(path):
        senses = []
        for text in entry.avser:
            words = [w for w in tx.content_words(tx.tokenize(text)) if not w.isdigit()]
            found = tuple(tx.lemma(w) for w in words)
            if found and any(k in keys for k in found):
                senses.append(DomainSense(text, found, entry.kalla))
        if not senses:
            continue
        term = " ".join(tx.tokenize(entry.term.replace("-", "")))
        for name in tx.unique([term, *([tx.lemma(term)] if " " not in term else [])]):
            out.setdefault(name, []).extend(s for s in senses if s not in out.get(name, []))
    return {k: tuple(v) for k, v in out.items()}
