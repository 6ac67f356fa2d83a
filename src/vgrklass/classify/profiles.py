"""The processes as classify sees them: a view of the search index per process.

Per process: its words by field (examples, sökord, references, title, description,
parent titles, comments) and its examples read as document types: each coordinated
alternative apart ('bevarande- och gallringsbeslut' is a bevarandebeslut or a
gallringsbeslut), with its head nouns, its qualifier and how many processes list a type
with that head. Built from the search index (so classify and find read words alike) and
cached with it by the structure's content hash.

For speed at scale the processes are also indexed (see `Ranking`): processes with the
same texts (a region's structures copy one template) form one *twin group* scored once
per document, and each term lists the groups whose texts have it, so that a document is
scored only against the groups it shares a word with. Neither changes a score.
"""

from __future__ import annotations

import datetime as dt
import itertools
import pickle
import re
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from vgrklass.classify.layout import title_head
from vgrklass.search import text as sv
from vgrklass.search.index import Index as SearchIndex
from vgrklass.search.index import WordKeys, word_keys
from vgrklass.structure import Structure

# Bump when Profile/Example change shape or how they are built: it keys their cache.
PROFILE_FORMAT = "7"
# Fields of a process and their weights for a matching word.
# Examples weigh no more than descriptions here: as document types they count through
# the example matches (EXAMPLE_WEIGHT), which is what makes them strong.
FIELD_WEIGHTS = {
    "examples": 1.0,
    "sokord": 1.0,
    "reference": 1.0,  # a comment elsewhere that sends a document type here
    "title": 1.5,
    "description": 1.0,
    "parents": 0.5,
    "comments": 0.3,
}
PART_WEIGHT = 0.5  # a compound's part counts less than the whole word
WORD_MEMO = 50_000  # words whose keys a run keeps (some 15 MB at most)
MAX_ALTERNATIVES = 8  # readings of one example with coordinated words
# A document type that more processes than this list ('protokoll', 'riktlinje') counts in
# proportion (SHARED_TYPE / their number): its subject and author have to say which one.
SHARED_TYPE = 4
# Organs of a public body and their kind: named in a title, they say who wrote the
# document. Kommunallagen's decision-making bodies (fullmäktige, the styrelse, nämnder,
# their utskott, beredningar and presidier) are political; a management team belongs to
# the administration.
ORGAN_KINDS = {sv.lemma(word): kind for kind, words in (
    ("politisk", ("fullmäktige", "styrelse", "nämnd", "utskott", "beredning", "presidium",
                  "kommitté")),
    ("ledning", ("ledningsgrupp", "direktion", "ledningsråd")),
) for word in words}
ORGANS = frozenset(ORGAN_KINDS)


@dataclass(frozen=True, slots=True)
class Example:
    text: str  # as the structure writes it (one reading of it when coordinated)
    field: str  # examples | sokord | reference | away
    words: tuple[WordKeys, ...]
    heads: frozenset[str]  # its head nouns (normalised words); one must be found
    # Words after its head's preposition ('överlämnande', 'allmän', 'handling' of 'beslut om
    # överlämnande av allmän handling'): the rarest must be found, or it is just a 'beslut'.
    qualifier: tuple[str, ...] = ()
    spread: int = 1  # how many processes list a type with its head noun (see SHARED_TYPE)


_COORDINATION = re.compile(r"\s+(?:och|eller|samt)\s+|[,/]", re.IGNORECASE)


def head_nouns(example: str) -> frozenset[str]:
    """The words an example is a kind of: 'underlag till budget' is an underlag, not a
    budget. The last word before the first preposition, for each coordinated
    alternative ('protokoll och mötesanteckning från …' → protokoll, mötesanteckning)."""
    head, _ = title_head(example)
    nouns = set()
    for alternative in _COORDINATION.split(head):
        words = sv.content_words(sv.tokenize(alternative))
        if words:
            nouns.add(words[-1])
    return frozenset(nouns)


_PIECE = re.compile(r"\w+(?:-\w+)*-?|[/,]")
_JOINERS = frozenset({"och", "eller", "samt", "/", ","})


def alternatives(text: str, known: sv.Vocabulary | frozenset[str] = frozenset()
                 ) -> list[str]:
    """The readings of an example with coordinated words, one per alternative:
    'bevarande- och gallringsbeslut' → 'bevarandebeslut', 'gallringsbeslut';
    'kallelse till sammanträde i styrelse/nämnd' → '… i styrelse', '… i nämnd';
    'kallelser och protokoll från bolagsstämmor' → 'kallelser från …', 'protokoll från …'.
    A coordinated word stands for itself only, so a document naming one alternative
    matches the example fully. Without coordination: [text]."""
    pieces = list(_PIECE.finditer(text))
    runs: list[tuple[int, int, list[str]]] = []  # (start, end) in text, the alternatives
    i = 0
    while i < len(pieces):
        members = [pieces[i]]
        j = i + 1
        while (j + 1 < len(pieces) and pieces[j].group().casefold() in _JOINERS
               and pieces[j + 1].group().casefold() not in _JOINERS):
            members.append(pieces[j + 1])
            j += 2
        words = [m.group() for m in members if m.group().casefold() not in _JOINERS]
        words = [w for w in words if len(w.strip("-")) > 2 and
                 w.casefold().strip("-") not in sv.STOPWORDS]
        if len(words) > 1:
            spelt = _spelt_out(text[members[0].start():members[-1].end()], words, known)
            if len(spelt) > 1:
                runs.append((members[0].start(), members[-1].end(), spelt))
        i = j if j > i + 1 else i + 1
    if not runs:
        return [text]
    out = []
    for choice in itertools.islice(itertools.product(*(r[2] for r in runs)), MAX_ALTERNATIVES):
        parts, at = [], 0
        for (start, end, _), word in zip(runs, choice, strict=True):
            parts += [text[at:start], word]
            at = end
        out.append("".join(parts) + text[at:])
    return out


def _spelt_out(run: str, words: list[str], known) -> list[str]:
    """The words of a coordination with elliptic ones spelt out ('bevarande-' →
    'bevarandebeslut'); an elliptic word that cannot be spelt out is left out."""
    expanded = iter(sv.expand_ellipses(run, known))
    out = []
    for word in words:
        if word.endswith("-"):
            full = next(expanded, None)
            if full:
                out.append(full)
        else:
            out.append(word)
    return out


def qualifier_words(example: str) -> tuple[str, ...]:
    """The words after an example's head, in order: 'överlämnande', 'allmän', 'handling'
    of 'beslut om överlämnande av allmän handling'."""
    _, rest = title_head(example)
    return tuple(sv.unique(w for w in sv.content_words(sv.tokenize(rest)) if not w.isdigit()))


@dataclass(frozen=True, slots=True)
class Profile:
    """One process as classify sees it: per field, term → (weight, the process's word)."""

    code: str
    title: str
    doc: int  # index into the search index's docs
    fields: dict[str, dict[str, tuple[float, str]]]
    lengths: dict[str, int]
    examples: tuple[Example, ...]


@dataclass(frozen=True, slots=True)
class Ranking:
    """Which processes a document can score for at all, by group of identical processes.

    A process scores only through a term of its texts (a word of a field, an example's
    word or its compound head) that the document has, a process `find` names for the
    title, or an organ of the kind the title names; every other process scores 0. Twins
    (processes whose texts are identical, codes and titles aside) score the same.
    """

    group: tuple[int, ...]  # process → its twin group
    members: tuple[tuple[int, ...], ...]  # twin group → its processes, in order
    postings: dict[str, frozenset[int]]  # term → the twin groups whose texts have it


@dataclass(frozen=True, slots=True)
class Profiles:
    index: SearchIndex
    processes: tuple[Profile, ...]
    average_length: dict[str, float]
    boilerplate: frozenset[str]  # the organisation's own name: in every document, no signal
    # Lemmas that name a document type (examples' head nouns) → how many processes list one.
    types: dict[str, int] = field(default_factory=dict)
    # A kind of organ (see ORGAN_KINDS) → how many processes' types name one of that kind.
    authors: dict[str, int] = field(default_factory=dict)
    organisation: str = ""
    ranking: Ranking | None = None  # None: built on first use (see `ranked`)
    # What documents share within one run (see `Memo`); never pickled or compared.
    memo: Memo = field(default_factory=lambda: Memo(), compare=False, repr=False)

    def ranked(self) -> Ranking:
        if self.ranking is not None:
            return self.ranking
        return self.memo.get(("ranking",), lambda: build_ranking(self.processes))

    def in_force(self, on: dt.date) -> tuple[tuple[int, ...], ...]:
        """Per twin group, its processes in force on `on` (parents too), in order."""
        def compute() -> tuple[tuple[int, ...], ...]:
            docs = self.index.docs
            return tuple(tuple(m for m in members if docs[self.processes[m].doc].in_force(on))
                         for members in self.ranked().members)

        return self.memo.get(("in_force", on), compute)

    def reader(self) -> Words:
        """The keys of words, shared by the documents of a run (a file share repeats its
        vocabulary); emptied when it has read WORD_MEMO different words."""
        words = self.memo.get(("words",), lambda: Words(self.index))
        if len(words.memo) + len(words.split) > WORD_MEMO:
            words.memo.clear()
            words.split.clear()
        return words


T = TypeVar("T")


class Memo:
    """Answers that depend only on the profiles and their arguments, kept for the next
    document of a run: the processes in force on a date, `find` on a title's type, what
    a unit's text needs of a document. A least-recently-used map per kind of answer,
    each within a budget (a count, or for `find` its hits: a find at 100× the structure
    holds a thousand hits), so that a run over a million files stays small."""

    __slots__ = ("kinds",)

    # kind → (budget, the cost of one answer)
    BUDGETS: dict[str, tuple[int, Callable[[object], int]]] = {
        "find": (100_000, lambda found: 1 + len(found.hits)),  # type: ignore[attr-defined]
        "unit": (20_000, lambda _: 1),
        "in_force": (8, lambda _: 1),
    }
    DEFAULT = (16, lambda _: 1)

    def __init__(self) -> None:
        self.kinds: dict[str, tuple[OrderedDict[Hashable, tuple[object, int]], list[int]]] = {}

    def get(self, key: tuple, compute: Callable[[], T]) -> T:
        """The answer for `key` (its first item is the kind), computed if not kept."""
        entries, spent = self.kinds.setdefault(key[0], (OrderedDict(), [0]))
        try:
            entries.move_to_end(key)
            return entries[key][0]  # type: ignore[return-value]
        except KeyError:
            pass
        value = compute()
        budget, cost_of = self.BUDGETS.get(key[0], self.DEFAULT)
        cost = cost_of(value)
        entries[key] = (value, cost)
        spent[0] += cost
        while spent[0] > budget and len(entries) > 1:
            _, (_, freed) = entries.popitem(last=False)
            spent[0] -= freed
        return value


def build_ranking(processes: tuple[Profile, ...]) -> Ranking:
    """Twin groups of identical processes and, per term, the groups that have it."""
    groups: dict[bytes, int] = {}
    group_of: list[int] = []
    members: list[list[int]] = []
    postings: dict[str, set[int]] = defaultdict(set)
    for number, profile in enumerate(processes):
        content = pickle.dumps((profile.fields, profile.lengths, profile.examples),
                               protocol=pickle.HIGHEST_PROTOCOL)
        group = groups.get(content)
        if group is None:
            group = groups[content] = len(members)
            members.append([])
            for terms in profile.fields.values():
                for term in terms:
                    postings[term].add(group)
            for example in profile.examples:
                if example.field != "away":  # only ever lowers its process's score
                    for keys in example.words:
                        postings[keys[2]].add(group)
                        if keys[3]:
                            postings[keys[3]].add(group)
        group_of.append(group)
        members[group].append(number)
    return Ranking(tuple(group_of), tuple(tuple(m) for m in members),
                   {term: frozenset(found) for term, found in postings.items()})


def build_profiles(structure: Structure, index: SearchIndex) -> Profiles:
    words = Words(index)
    by_doc: dict[int, dict[str, dict[str, tuple[float, str]]]] = defaultdict(
        lambda: {name: {} for name in FIELD_WEIGHTS})
    examples: dict[int, list[Example]] = defaultdict(list)
    type_docs: dict[str, set[int]] = defaultdict(set)  # a type's head lemma → processes
    for unit in index.units:
        if unit.field in ("examples", "sokord", "reference", "away"):
            found = _examples(unit, words)
            examples[unit.doc] += found
            if unit.field in ("examples", "sokord"):
                for lemma in {h for e in found for h in _head_lemmas(e)}:
                    type_docs[lemma].add(unit.doc)
        if unit.field in FIELD_WEIGHTS:
            _add_terms(by_doc[unit.doc][unit.field], unit.words)
    types = {lemma: len(docs) for lemma, docs in type_docs.items()}
    processes = []
    for d, doc in enumerate(index.docs):
        fields = by_doc[d]
        node = structure.nodes.get(doc.code)
        if node is not None:
            parents = " ".join(a.title for a in structure.ancestors(node))
            _add_terms(fields["parents"], words.keys(parents))
        mine = tuple(replace(e, spread=min((types.get(h, 1) for h in _head_lemmas(e)),
                                           default=1)) for e in examples[d])
        processes.append(Profile(doc.code, doc.title, d, fields,
                                 {k: len(v) for k, v in fields.items()}, mine))
    count = len(processes) or 1
    average = {name: sum(p.lengths[name] for p in processes) / count for name in FIELD_WEIGHTS}
    example_terms = {t for p in processes for field in ("examples", "sokord")
                     for t in p.fields[field]}
    meta = f"{structure.meta.organisation} {structure.meta.title}"
    boilerplate = frozenset(keys[2] for keys in words.keys(meta)
                            if keys[2] not in example_terms)
    authors = {kind: n for kind in set(ORGAN_KINDS.values())
               if (n := sum(1 for p in processes if any(
                   organ in p.fields["examples"] or organ in p.fields["sokord"]
                   for organ, of in ORGAN_KINDS.items() if of == kind)))}
    processes = tuple(processes)
    return Profiles(index, processes, average, boilerplate, types, authors,
                    structure.meta.organisation or "", build_ranking(processes))


def _head_lemmas(example: Example) -> set[str]:
    """The lemmas of an example's head nouns, and of their compound heads ('protokoll'
    of 'arbetsmiljörondsprotokoll' too: a document titled 'Protokoll' may be one)."""
    out = set()
    for keys in example.words:
        if keys[0] in example.heads:
            out.add(keys[2])
    return out


def _examples(unit, words: Words) -> list[Example]:
    """The example as matched: one Example per reading of its coordinated words."""
    readings = alternatives(unit.text, words.known)
    if len(readings) == 1:
        return [Example(unit.text, unit.field, unit.words, head_nouns(unit.text),
                        qualifier_words(unit.text))]
    return [Example(unit.text, unit.field, tuple(words.keys(reading)),
                    head_nouns(reading), qualifier_words(reading))
            for reading in readings]


def _keys(text: str, index: SearchIndex, memo: dict[str, WordKeys]) -> list[WordKeys]:
    """The search index's keys for each content word of a text; numbers dropped."""
    return Words(index, memo).keys(text)


_DIGIT = re.compile(r"\d")


class Words:
    """The search index's keys of words, each word looked up once (a document repeats
    its words, and the index's vocabulary is built once, not per word)."""

    __slots__ = ("index", "known", "memo", "split")

    def __init__(self, index: SearchIndex, memo: dict | None = None):
        self.index = index
        self.known = index.known
        self.memo: dict[str, WordKeys | None] = {} if memo is None else memo
        self.split: dict[str, WordKeys] = {}

    def general(self, keys: WordKeys) -> WordKeys:
        """A word's keys with its compound parts as the general lexicon (SAOL) reads them,
        when the structure's own vocabulary does not split it ('ramavtal', a word of the
        structure, is still an avtal) or splits it into a first part no process uses
        ('likabe|handlingsplan' is likabehandling|plan)."""
        word, _, lemma, head, others = keys
        if len(word) < 6 or (head and all(p in self.index.doc_freq for p in others)):
            return keys
        found = self.split.get(word)
        if found is None:
            from vgrklass.knowledge.lexicon import lexicon_split

            parts = [sv.lemma(p) for p in lexicon_split(word)]
            found = self.split[word] = (
                (*keys[:3], parts[-1], tuple(parts[:-1]))
                if len(parts) > 1 and parts[-1] in self.index.doc_freq else keys)
        return found

    def keys(self, text: str) -> list[WordKeys]:
        """The keys of each content word of the text; numbers and single letters dropped."""
        out = []
        memo = self.memo
        for word in sv.content_words(sv.tokenize(text)):
            found = memo.get(word, _UNSEEN)
            if found is _UNSEEN:
                found = memo[word] = None if len(word) < 2 or _DIGIT.search(word) else \
                    word_keys(word, self.known)
            if found is not None:
                out.append(found)
        return out


_UNSEEN = object()


def word_terms(keys: WordKeys) -> list[tuple[str, float]]:
    """(term, weight): the word's lemma, and its compound parts at PART_WEIGHT."""
    _, _, lemma, head, others = keys
    terms = [(lemma, 1.0)]
    if head:
        terms += [(part, PART_WEIGHT) for part in (head, *others) if part != lemma]
    return terms


def _add_terms(target: dict[str, tuple[float, str]], words: Iterable[WordKeys]) -> None:
    """A text's terms into a field. Numbers are left out: in a process's text they are
    codes ('se 1.4'), years and section numbers, which name no kind of document (find
    drops them from queries for the same reason), and copies of a structure differ only
    in them, which would keep twins apart (profiles.Ranking)."""
    for keys in words:
        if keys[0].isdigit():
            continue
        for term, weight in word_terms(keys):
            if weight > target.get(term, (0.0, ""))[0]:
                target[term] = (weight, keys[0])


def load_profiles(structure: Structure) -> Profiles:
    """Profiles over the search index of the structure; both cached by content hash."""
    from vgrklass import cache
    from vgrklass.search.cached import load_index
    from vgrklass.search.index import INDEX_FORMAT

    index = load_index(structure)
    if not structure.digest:
        return build_profiles(structure, index)

    def build() -> tuple:
        built = build_profiles(structure, index)
        return (built.processes, built.average_length, built.boilerplate, built.types,
                built.authors, built.organisation, built.ranking)

    key = cache.digest(f"{structure.digest}:{INDEX_FORMAT}:{PROFILE_FORMAT}".encode())
    processes, average, boilerplate, types, authors, organisation, ranking = cache.cached(
        "classify_profiles", key, build, expect=tuple)
    return Profiles(index, processes, average, boilerplate, types, authors, organisation,
                    ranking)


def specific(spread: int) -> float:
    """How specific a type that many processes list is, 0–1 (see SHARED_TYPE)."""
    return min(1.0, SHARED_TYPE / max(spread, 1))
