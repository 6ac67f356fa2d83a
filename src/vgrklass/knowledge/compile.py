"""The knowledge resources, compiled against one structure's vocabulary into the cached
search index: only what bridges from a word people write to a word the structure uses.

Reading Synlex (18 000 pairs) and the domain vocabulary on every query would cost more
than the query itself, and most of both never reaches the structure. `compile_knowledge`
keeps, for each word, the synonyms whose lemma the index has, and each domain term whose
broader terms the index can match; the result is pickled with the index.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection
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


# Part of the cache key of the parsed knowledge files (see knowledge_sources).
SOURCES_FORMAT = "2"


class Sources(NamedTuple):
    """The knowledge files as compile_knowledge reads them, before any index: each Synlex
    word's lemma with its synonyms (word, grade, lemma), and each domain entry's names
    with its broader terms. Parsing and lemmatising them is most of compiling, and the
    same for every data file: cached on its own (see knowledge_sources)."""

    synonyms: tuple[tuple[str, tuple[tuple[str, float, str], ...]], ...]
    domain: tuple[tuple[tuple[str, ...], tuple[DomainSense, ...]], ...]


def compile_knowledge(keys: Collection[str]) -> Knowledge:
    """The bridges from general words to `keys` (the index's lemmas and part lemmas)."""
    sources = knowledge_sources()
    return Knowledge(_synonyms(sources, keys), _domain(sources, keys))


def knowledge_sources() -> Sources:
    """The parsed knowledge files, from the cache when the files are unchanged."""
    from vgrklass import cache

    return cache.cached("knowledge", sources_key(), read_sources, expect=Sources)


def sources_key() -> str:
    from vgrklass import cache

    stamps = [f"{p.name}:{st.st_size}:{st.st_mtime_ns}"
              for p in knowledge_files() if (st := p.stat())]
    return cache.digest(f"{SOURCES_FORMAT}:{MIN_SYNLEX_GRADE}:{':'.join(stamps)}".encode())


def read_sources() -> Sources:
    from vgrklass.knowledge.synlex import read_synlex, synonym_graph

    graph = synonym_graph(read_synlex(min_grade=MIN_SYNLEX_GRADE))
    synonyms = tuple((tx.lemma(word), tuple((other, grade, tx.lemma(other))
                                            for other, grade in neighbours))
                     for word, neighbours in graph.items())
    domain: list[tuple[tuple[str, ...], tuple[DomainSense, ...]]] = []
    path = DATA_DIR / "domanord.tsv"
    if path.exists():
        from vgrklass.knowledge.domain import read_domain

        for entry in read_domain(path):
            senses = []
            for text in entry.avser:
                words = [w for w in tx.content_words(tx.tokenize(text)) if not w.isdigit()]
                found = tuple(tx.lemma(w) for w in words)
                if found:
                    senses.append(DomainSense(text, found, entry.kalla))
            term = " ".join(tx.tokenize(entry.term.replace("-", "")))
            names = tx.unique([term, *([tx.lemma(term)] if " " not in term else [])])
            domain.append((tuple(names), tuple(senses)))
    return Sources(synonyms, tuple(domain))


def _synonyms(sources: Sources, keys: Collection[str]
              ) -> dict[str, tuple[tuple[str, float], ...]]:
    out: dict[str, list[tuple[str, float]]] = {}
    for key, neighbours in sources.synonyms:
        bridges = [(other, grade) for other, grade, lemma in neighbours
                   if lemma in keys and lemma != key]
        if bridges:
            have = out.setdefault(key, [])
            have += [b for b in bridges if b[0] not in {w for w, _ in have}]
    return {k: tuple(sorted(v, key=lambda b: -b[1])) for k, v in out.items()}


def _domain(sources: Sources, keys: Collection[str]) -> dict[str, tuple[DomainSense, ...]]:
    out: dict[str, list[DomainSense]] = {}
    for names, all_senses in sources.domain:
        senses = [s for s in all_senses if any(k in keys for k in s.keys)]
        if not senses:
            continue
        for name in names:
            out.setdefault(name, []).extend(s for s in senses if s not in out.get(name, []))
    return {k: tuple(v) for k, v in out.items()}


def spelt_terms(knowledge: Knowledge) -> dict[str, tuple[str, ...]]:
    """The domain vocabulary's one-word terms as written (not the lemmas they are also
    keyed by), by their stem's letters without diacritics: what a misspelt query word may
    be corrected to ('leverantörsreskonrta' → 'leverantörsreskontra'), as index.folded is
    for the structure's own words. By the stem, so that an inflected misspelling is as
    near as the base form ('relationshandlngar' → 'relationshandling')."""
    keys = [k for k in knowledge.domain if " " not in k]
    lemmas = {tx.lemma(k) for k in keys if tx.lemma(k) != k}
    out: dict[str, list[str]] = {}
    for term in sorted(set(keys) - lemmas):
        out.setdefault(tx.fold(tx.stem(term)), []).append(term)
    return {k: tuple(v) for k, v in out.items()}


def prepare_in_background() -> Callable[[], None]:
    """Build what a new index's knowledge needs and the cache lacks (the lexicon's store,
    the parsed knowledge files) in child processes, one for each, so that a first run
    builds them on the other core while it reads the data file (and, with a small file,
    on both cores while it waits), and SAOL's 127 000 entries never take room in this
    process; returns a function that waits for the children. Without fork, in a process
    with threads or with the cache off it does nothing: both are built when first
    needed, as always."""
    import os
    import threading

    from vgrklass import cache
    from vgrklass.knowledge import lexicon

    if not cache.enabled() or not hasattr(os, "fork") or threading.active_count() > 1:
        return _nothing
    builds = [build for build, needed in (
        # A stat, not a read: what is there is read once, when the index is compiled.
        (knowledge_sources, cache.own_file("knowledge", sources_key(), ".pickle") is None),
        (lexicon.load_lexicon, not lexicon.stored())) if needed]
    pids = [_in_child(build) for build in builds]

    def wait() -> None:
        # Failed or not: what a child did not store is built when first needed.
        for pid in pids:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)

    return wait


def _in_child(build: Callable[[], object]) -> int:
    """Run `build` in a forked child that stores its result and leaves without running
    the parent's exit; the child's id."""
    import os
    import sys

    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            build()
            code = 0
        finally:
            os._exit(code)
    return pid


def _nothing() -> None:
    pass
