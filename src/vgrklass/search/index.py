"""The search index: every process's texts cut into units (one example, one sentence),
each word with its Swedish keys. Plain picklable data, built once per data file and
cached by its content hash (see `load_index`).

A comment such as "Friskvårdsavtal hanteras under P 2.5.3" is not evidence for the
process it is written in: its subject becomes a `reference` unit of P 2.5.3 and an
`away` unit of the process it came from (see `redirect`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Callable
from typing import NamedTuple

from vgrklass.fieldnames import MATCH_FIELDS as FIELD_NAMES  # noqa: F401 (find, web)
from vgrklass.knowledge.compile import EMPTY as NO_KNOWLEDGE
from vgrklass.knowledge.compile import Knowledge
from vgrklass.search import text as tx

# Part of the cache key. (The cache also keys on a fingerprint of the code itself.)
INDEX_FORMAT = "17"

# How much a match in each field counts (examples are what registrars look for).
FIELD_WEIGHTS = {
    "examples": 3.0,
    "sokord": 3.0,  # an archivist's search term for the process: as strong as an example
    "reference": 2.6,
    "title": 2.0,
    "description": 1.2,
    "comments": 0.9,
    "away": 0.0,  # only ever evidence against its process
}

# Fields whose units name document types of the process.
TYPE_FIELDS = frozenset({"examples", "sokord"})
# Fields that name what the process's documents are (a description or comment describes).
NAMING_FIELDS = frozenset({"examples", "sokord", "title", "reference"})
_NEVER = dt.date.max.toordinal() + 1

# (normalised word, Snowball stem, lemma, head-part lemma or "", other part lemmas)
WordKeys = tuple[str, str, str, str, tuple[str, ...]]


class Doc(NamedTuple):
    code: str
    kind: str
    title: str
    order: int
    spans: tuple[tuple[int, int], ...]  # own and ancestors' (added, removed) as ordinals
    removed: dt.date | None
    removal_word: str

    def in_force(self, on: dt.date) -> bool:
        day = on.toordinal()
        return all(added <= day < removed for added, removed in self.spans)


class Unit(NamedTuple):
    """One example, title or sentence of a process (NamedTuples: quick to unpickle)."""

    doc: int  # index into Index.docs
    field: str  # a key of FIELD_WEIGHTS
    text: str  # as written in the source
    words: tuple[WordKeys, ...]
    other: str | None = None  # reference: code the comment is in; away: code it points to
    # Words the text has, an elliptic word and its spelt-out forms counting once
    # ('styrelse-/nämndprotokoll' is one): how much a match leaves unmatched.
    size: int = 0


class Lifetime(NamedTuple):
    """What decides whether a process counts on a date: the days it is in force (its own
    and its ancestors' spans, intersected: from `start` up to, not including, `end`) and,
    per reference unit (by its position among the process's units), the days the process
    whose comment it comes from is in force (a removed process's comment no longer holds)."""

    start: int
    end: int
    sources: tuple[tuple[int, int, int], ...] = ()  # (position, start, end)

    def alive(self, day: int) -> bool:
        return self.start <= day < self.end


def _interval(spans: tuple[tuple[int, int], ...]) -> tuple[int, int]:
    """The days all spans share: in force on a day iff every span holds it."""
    return max((a for a, _ in spans), default=0), min((r for _, r in spans), default=_NEVER)


class Twins(NamedTuple):
    """Processes with the same texts, codes aside: a region keeps one structure per nämnd
    and styrelse, mostly copied from one model. The ranking reads the first and answers
    for all, each with its own code, dates and evidence; with distinct texts every
    process is its own twin group of one."""

    members: tuple[int, ...]  # docs, in source order; members[0] is the one read
    lifetimes: tuple[tuple[Lifetime, tuple[int, ...]], ...]  # members grouped by Lifetime


class Index(NamedTuple):
    """NamedTuples throughout: cheap to define at import and quick to unpickle."""

    docs: tuple[Doc, ...]
    units: tuple[Unit, ...]
    # Lemma or part lemma → numbers of the units with it, of the first of each twin group
    # (see Twins): the others have the same words, codes aside.
    postings: dict[str, tuple[int, ...]]
    doc_freq: dict[str, int]  # lemma or part lemma → number of processes (all of them)
    vocabulary: frozenset[str]  # every normalised content word
    lemmas: frozenset[str]
    folded: dict[str, tuple[str, ...]]  # fold(word) → words and compound parts
    by_code: dict[str, int]  # process code → index into docs
    # Words compounds may be made of that are no word of the structure: its compounds'
    # parts ('kurs' of 'kursintyg') and, for splitting queries, the thesaurus's words.
    parts: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()  # first parts used before two known heads
    # Thesaurus: a word's lemma → the other words of its group (see synonymer.txt).
    synonyms: dict[str, tuple[str, ...]] = {}
    # Synlex and the domain vocabulary, compiled against this index's words.
    knowledge: Knowledge = NO_KNOWLEDGE
    # Parts of the structure's words that only the general lexicon splits ('anteckning'
    # of 'mötesanteckning'): key → (unit number, word position, role 1 head / 2 first
    # part), of the first of each twin group as `postings`. Used by the broad stage only;
    # the strict ranking keeps the structure's own reading of its words.
    lexicon_postings: dict[str, tuple[tuple[int, int, int], ...]] = {}
    # (process code, example text) → that example's JSON (as export's example_details),
    # for the examples with the archivist's fields: find's JSON shows them without the
    # structure being loaded.
    example_details: dict[tuple[str, str], dict] = {}
    # Key of lexicon_postings (not in doc_freq) → number of processes with it.
    lexicon_freq: dict[str, int] = {}
    # The first of each twin group → the group; doc → its unit numbers, in order.
    twins: dict[int, Twins] = {}
    doc_units: tuple[tuple[int, ...], ...] = ()
    # fold(term) → the domain vocabulary's one-word terms (see compile.spelt_terms).
    domain_folded: dict[str, tuple[str, ...]] = {}

    def idf(self, key: str) -> float:
        n = len(self.docs)
        df = self.doc_freq.get(key, 0)
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    @property
    def known(self) -> tx.Vocabulary:
        general = general_word if self.knowledge is not NO_KNOWLEDGE else None
        return tx.Vocabulary(self.vocabulary, self.lemmas, self.parts, self.modifiers,
                             general)

    def units_of(self, numbers) -> list[Unit]:
        """The units with these numbers (a stored index reads them in one go)."""
        units = self.units
        return [units[n] for n in numbers]

    def twins_of(self, docs: list[int]) -> list[Twins]:
        """The twin groups read through these docs (a stored index reads them in one go)."""
        return [self.twins[d] for d in docs]


class RawUnit(NamedTuple):
    """A text of a process before its words are keyed."""

    doc: int
    field: str
    text: str
    other: str | None  # reference: the code the comment is in; away: the code it points to


class Vocabularies(NamedTuple):
    """What the structure's words are made of, for splitting compounds."""

    known: tx.Vocabulary
    words: set[str]  # every content word, spelt-out ellipses and particle verbs too
    lemmas: set[str]
    parts: set[str]  # parts of its compounds that are words ('kurs' of 'kursintyg')
    modifiers: set[str]  # first parts that may stand before an unknown head


class TextWords(NamedTuple):
    """A distinct text's words, read once however many units have the text (a whole
    region's structures repeat most of their texts)."""

    content: list[str]  # content words, in order
    pairs: list[tuple[str, str]]  # compounds written with a hyphen
    particles: list[str]  # particle verbs written as one word
    prefixes: list[str]  # first parts written with a dangling hyphen


def build_index(structure, thesaurus: list[tuple[str, ...]] | None = None,
                knowledge: bool = True) -> Index:
    """Index every process (kind P) of a structure, in force or not. `thesaurus`: groups
    of equivalent words (default: the package's synonymer.txt); `knowledge`: compile
    Synlex and the domain vocabulary into it (see knowledge/compile.py).

    Stages: the processes (`index_docs`), their texts (`raw_units`), each distinct text's
    words (`text_words`), the vocabulary the texts are made of (`vocabularies`), each
    text's keyed words (`keyed_units`), the twin groups (`twin_groups`), the postings, and
    the knowledge compiled against them. Every stage that reads words does so once per
    distinct text."""
    from vgrklass.structure import example_detail_dict

    docs, by_code = index_docs(structure)
    raw = raw_units(structure, by_code)
    general = general_word if knowledge else None
    texts = text_words(raw)
    first = tx.Vocabulary(*_first_words(texts), general=general)
    spelt = {text: tx.expand_ellipses(text, first) + words.particles
             for text, words in texts.items()}
    vocab = vocabularies(texts, spelt, general)
    units, written = keyed_units(raw, texts, spelt, vocab.known)
    doc_units = _doc_units(units, len(docs))
    twins = twin_groups(docs, units, doc_units, by_code)
    postings, doc_freq = index_postings(units, twins, doc_units)
    folded: dict[str, list[str]] = defaultdict(list)
    for word in sorted(vocab.words | written):
        folded[tx.fold(word)].append(word)
    groups = tx.read_thesaurus() if thesaurus is None else thesaurus
    from vgrklass.knowledge.compile import compile_knowledge, spelt_terms

    lexicon_postings, lexicon_freq = general_parts(units, twins, doc_units, doc_freq) \
        if knowledge else ({}, {})
    compiled = compile_knowledge(postings.keys() | lexicon_postings.keys()) \
        if knowledge else NO_KNOWLEDGE
    return Index(
        docs=tuple(docs),
        units=tuple(units),
        postings=postings,
        doc_freq=doc_freq,
        vocabulary=frozenset(vocab.words),
        lemmas=frozenset(vocab.lemmas),
        folded={k: tuple(v) for k, v in folded.items()},
        by_code=by_code,
        parts=frozenset(vocab.parts | {w for group in groups for w in group
                                       if len(w) >= tx.MIN_PART and w not in vocab.words}),
        modifiers=frozenset(vocab.modifiers),
        synonyms=synonym_map(groups),
        knowledge=compiled,
        lexicon_postings=lexicon_postings,
        example_details={(n.code, text): example_detail_dict(text, info)
                         for n in structure if n.example_info and n.code in by_code
                         for text, info in reversed(n.example_details()) if info},
        lexicon_freq=lexicon_freq,
        twins=twins,
        doc_units=doc_units,
        domain_folded=spelt_terms(compiled),
    )


def index_docs(structure) -> tuple[list[Doc], dict[str, int]]:
    """The processes, in source order, with their own and their ancestors' lifetimes."""
    docs: list[Doc] = []
    by_code: dict[str, int] = {}
    for node in structure:
        if node.kind != "P":
            continue
        spans = tuple((n.added.toordinal() if n.added else 0,
                       n.removed.toordinal() if n.removed else _NEVER)
                      for n in (*structure.ancestors(node), node))
        by_code[node.code] = len(docs)
        docs.append(Doc(node.code, node.kind, node.title, len(docs), spans, node.removed,
                        node.removal_word))
    return docs, by_code


def raw_units(structure, by_code: dict[str, int]) -> list[RawUnit]:
    """Each process's title, examples, sökord, description and comment sentences; a
    comment that sends a document type elsewhere becomes an `away` unit here and a
    `reference` unit of its target (see `redirect`). Each distinct description and
    comment is cut into sentences once."""
    raw: list[RawUnit] = []
    redirects: list[RawUnit] = []
    sentences_of: dict[str, list[str]] = {}
    redirect_of: dict[str, tuple[str, str | None] | None] = {}
    for node in structure:
        if node.code not in by_code:
            continue
        d = by_code[node.code]
        raw.append(RawUnit(d, "title", node.title, None))
        raw.extend(RawUnit(d, "examples", example, None) for example in node.examples)
        raw.extend(RawUnit(d, "sokord", word, None) for word in node.sokord)
        description = node.description or ""
        if description not in sentences_of:
            sentences_of[description] = tx.sentences(description)
        raw.extend(RawUnit(d, "description", sentence, None)
                   for sentence in sentences_of[description])
        comments = node.comments or ""
        if comments not in sentences_of:
            sentences_of[comments] = tx.sentences(comments)
        for sentence in sentences_of[comments]:
            if sentence not in redirect_of:
                redirect_of[sentence] = redirect(sentence)
            found = redirect_of[sentence]
            if found is None:
                raw.append(RawUnit(d, "comments", sentence, None))
                continue
            subject, target = found
            raw.append(RawUnit(d, "away", subject, target))
            if target is not None and target in by_code and target != node.code:
                redirects.append(RawUnit(by_code[target], "reference", subject, node.code))
    return raw + redirects


def text_words(raw: list[RawUnit]) -> dict[str, TextWords]:
    """Each distinct text's words, in the order the texts first occur."""
    out: dict[str, TextWords] = {}
    for u in raw:
        if u.text not in out:
            tokens = tx.tokenize(u.text)
            out[u.text] = TextWords(tx.content_words(tokens), tx.hyphen_compounds(u.text),
                                    tx.particle_verbs(u.text, tokens),
                                    tx.elliptic_prefixes(u.text))
    return out


def _first_words(texts: dict[str, TextWords]) -> tuple[set[str], set[str]]:
    """The texts' content words and their lemmas (what ellipses are spelt out with)."""
    words = {w for t in texts.values() for w in t.content
             if len(w) >= tx.MIN_PART and not w.isdigit()}
    return words, {tx.lemma(w) for w in words}


def vocabularies(texts: dict[str, TextWords], spelt: dict[str, list[str]],
                 general: Callable[[str], bool] | None) -> Vocabularies:
    """The vocabulary compounds are split with, grown in steps: the texts' words and the
    words spelt out of them; their compounds' parts ('kurs' is only ever written in
    'kursintyg', 'kursinbjudan': known, it splits 'grundkurs'); the first parts that may
    stand before an unknown head (used before two known heads, or written with a hyphen:
    'tjänste-/pool-/servicebilar'); and the heads that split off only after those
    ('ritning' of 'bygg|ritning', so that a query may end in it: 'plan|ritning')."""
    words, lemmas = _first_words(texts)
    extra = {w for more in spelt.values() for w in more}
    words |= extra
    lemmas |= {tx.lemma(w) for w in extra}
    known = tx.Vocabulary(words, lemmas, general=general)
    parts = compound_vocabulary(words, known)
    parts |= {p for t in texts.values() for p in written_parts(t.prefixes) if p not in words}
    lemmas |= {tx.lemma(p) for p in parts}
    known = tx.Vocabulary(words, lemmas, parts, general=general)
    modifiers = productive_modifiers(words, known) | {
        p for t in texts.values() for p in t.prefixes
        if len(p) >= tx.MIN_HEAD and tx.is_word_like(p)}
    known = tx.Vocabulary(words, lemmas, parts, modifiers, general)
    more_parts = compound_vocabulary(words, known) - parts
    if more_parts:
        parts |= more_parts
        lemmas |= {tx.lemma(p) for p in more_parts}
        known = tx.Vocabulary(words, lemmas, parts, modifiers, general)
    return Vocabularies(known, words, lemmas, parts, modifiers)


def keyed_units(raw: list[RawUnit], texts: dict[str, TextWords], spelt: dict[str, list[str]],
                known: tx.Vocabulary) -> tuple[list[Unit], set[str]]:
    """Each text with its words keyed, each distinct text and word keyed once (units with
    the same text share one tuple of keys); and the compound parts as written
    (misspellings are checked against them too)."""
    keys_of: dict[str, WordKeys] = {}
    written: set[str] = set()
    keyed_text: dict[str, tuple[tuple[WordKeys, ...], int]] = {}
    for text, found in texts.items():  # in first-occurrence order, as the units
        for first, head in found.pairs:
            if first + head not in keys_of:
                keys_of[first + head] = hyphen_keys(first, head, known, written)
        plain = tx.unique(tx.join_hyphenated(found.content, found.pairs))
        words = tx.unique(plain + spelt[text])
        keyed = tuple(keys_of.get(w) or keys_of.setdefault(w, word_keys(w, known, written))
                      for w in words)
        # Each spelt-out word stands for a fragment of the text ('styrelse-').
        keyed_text[text] = (keyed, max(1, len(plain) - (len(words) - len(plain))))
    units: list[Unit] = []
    for u in raw:
        keyed, size = keyed_text[u.text]
        if keyed:
            units.append(Unit(u.doc, u.field, u.text, keyed, u.other, size))
    return units, written


def _doc_units(units: list[Unit], n_docs: int) -> tuple[tuple[int, ...], ...]:
    found: list[list[int]] = [[] for _ in range(n_docs)]
    for number, unit in enumerate(units):
        found[unit.doc].append(number)
    return tuple(map(tuple, found))


_DIGITS = re.compile(r"\d+")


def _canonical_words(words: tuple[WordKeys, ...]) -> tuple:
    """A unit's keys with every key of digits alone as '#': no query key has digits (they
    are dropped from queries), so units that differ only in such keys ('P 2.4.1' in one
    copy, 'P 20.4.1' in another) match every query alike."""
    return tuple(tuple(tuple("#" if k.isdigit() else k for k in key) if isinstance(key, tuple)
                       else "#" if key.isdigit() else key for key in w) for w in words)


def twin_groups(docs: list[Doc], units: list[Unit], doc_units: tuple[tuple[int, ...], ...],
                by_code: dict[str, int]) -> dict[int, Twins]:
    """Processes whose units are the same field by field, text for text (numbers aside)
    and key for key (keys of digits alone aside), each group under its first process.
    A group's members are told apart by lifetime (see Lifetime) only when a query runs,
    on its date."""
    shape_of: dict[tuple[str, str], int] = {}  # (field, text) → shape of such a unit
    canonical: dict[tuple, int] = {}
    shape_id: dict[tuple, int] = {}
    groups: dict[tuple[int, ...], list[int]] = {}
    for d, numbers in enumerate(doc_units):
        shape = []
        for number in numbers:
            unit = units[number]
            found = shape_of.get((unit.field, unit.text))
            if found is None:
                words = canonical.setdefault(_canonical_words(unit.words), len(canonical))
                found = shape_of[unit.field, unit.text] = shape_id.setdefault(
                    (unit.field, _DIGITS.sub("#", unit.text), words, unit.size), len(shape_id))
            shape.append(found)
        groups.setdefault(tuple(shape), []).append(d)
    twins: dict[int, Twins] = {}
    for members in groups.values():
        first = doc_units[members[0]]
        references = [p for p, number in enumerate(first) if units[number].field == "reference"]
        lifetimes: dict[Lifetime, list[int]] = {}
        for d in members:
            mine = doc_units[d]
            sources = tuple((position, *_interval(docs[source].spans))
                            for position in references
                            if (source := by_code.get(units[mine[position]].other or ""))
                            is not None)
            lifetimes.setdefault(Lifetime(*_interval(docs[d].spans), sources), []).append(d)
        twins[members[0]] = Twins(tuple(members),
                                  tuple((life, tuple(m)) for life, m in lifetimes.items()))
    return twins


def index_postings(units: list[Unit], twins: dict[int, Twins],
                   doc_units: tuple[tuple[int, ...], ...]
                   ) -> tuple[dict[str, tuple[int, ...]], dict[str, int]]:
    """Key → the units with it, of the first of each twin group; key → how many
    processes have it (away units aside: they are evidence against their process, not
    for it). A group's members have the first one's keys, save keys of digits alone,
    which are counted process by process."""
    postings: dict[str, list[int]] = defaultdict(list)
    doc_freq: dict[str, int] = defaultdict(int)
    keys_of: dict[int, tuple[frozenset[str], frozenset[str]]] = {}  # id(words) → keys
    for leader, group in twins.items():
        own: set[str] = set()
        numbered: list[int] = []  # positions of units with keys of digits alone
        for position, number in enumerate(doc_units[leader]):
            unit = units[number]
            keys, digits = _unit_keys(unit.words, keys_of)
            for key in keys:
                postings[key].append(number)
            if unit.field != "away":
                own |= keys - digits
                if digits:
                    numbered.append(position)
        for key in own:
            doc_freq[key] += len(group.members)
        for d in group.members if numbered else ():
            mine = doc_units[d]
            for key in {k for position in numbered
                        for k in _unit_keys(units[mine[position]].words, keys_of)[1]}:
                doc_freq[key] += 1
    for numbers in postings.values():
        numbers.sort()
    return {k: tuple(v) for k, v in postings.items()}, dict(doc_freq)


def _unit_keys(words: tuple[WordKeys, ...],
               memo: dict[int, tuple[frozenset[str], frozenset[str]]]
               ) -> tuple[frozenset[str], frozenset[str]]:
    """A unit's keys, and those of them made of digits alone (memo: by the words' id,
    which units with the same text share)."""
    found = memo.get(id(words))
    if found is None:
        keys = frozenset(k for w in words for k in unit_word_keys(w))
        found = memo[id(words)] = (keys, frozenset(k for k in keys if k.isdigit()))
    return found


def general_word(word: str) -> bool:
    """Whether the general lexicon (SAOL) has the word, in some form or as a compound
    of its words ('dokumenthantering', 'delår')."""
    from vgrklass.knowledge.lexicon import lexicon_split, load_lexicon

    lexicon = load_lexicon()
    return lexicon.base(word) is not None or bool(lexicon_split(word, lexicon))


def general_parts(units: list[Unit], twins: dict[int, Twins],
                  doc_units: tuple[tuple[int, ...], ...], doc_freq: dict[str, int]
                  ) -> tuple[dict[str, tuple[tuple[int, int, int], ...]], dict[str, int]]:
    """The lexicon's reading of the words the structure's vocabulary does not split, in
    the units of the first of each twin group; and for keys no process has otherwise,
    how many processes have them this way."""
    from vgrklass.knowledge.lexicon import lexicon_split, load_lexicon

    lexicon = load_lexicon()
    split: dict[str, tuple[str, ...]] = {}
    found: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    leaders_with: dict[str, set[int]] = defaultdict(set)
    for number in sorted(n for leader in twins for n in doc_units[leader]):
        unit = units[number]
        for j, (word, _, _, head, _) in enumerate(unit.words):
            if head or len(word) < 6:
                continue
            if word not in split:
                split[word] = tuple(tx.lemma(p) for p in lexicon_split(word, lexicon))
            parts = split[word]
            for n, key in enumerate(parts):
                found[key].append((number, j, 1 if n == len(parts) - 1 else 2))
                leaders_with[key].add(unit.doc)
    freq = {key: sum(len(twins[d].members) for d in leaders)
            for key, leaders in leaders_with.items() if key not in doc_freq}
    return {k: tuple(v) for k, v in found.items()}, freq


def productive_modifiers(words: set[str], known: tx.Vocabulary) -> set[str]:
    """First parts, as written, that the words put before at least two different known
    heads ('bygg' of 'bygghandling' and 'byggprojekt', 'arbets'): safe to split off before
    an unknown head too ('bygg|ritning')."""
    heads: dict[str, set[str]] = defaultdict(set)
    for word in words:
        parts = tx.split_compound(word, known)
        if len(parts) == 2 and known(parts[1]):
            heads[word[:len(word) - len(parts[1])]].add(tx.lemma(parts[1]))  # as written
    return {m for m, after in heads.items() if len(after) >= 2 and len(m) >= tx.MIN_HEAD}


def synonym_map(groups: list[tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Each thesaurus word's lemma → the other words of its group (those with another
    lemma: 'ansökan' and 'ansökning' are one word to the index already)."""
    out: dict[str, list[str]] = defaultdict(list)
    for group in groups:
        for word in group:
            key = tx.lemma(word)
            out[key] += [w for w in group if tx.lemma(w) != key and w not in out[key]]
    return {k: tuple(v) for k, v in out.items() if v}


def written_parts(prefixes: list[str]) -> list[str]:
    """First parts a text writes on their own with a hyphen ('tjänste-/pool-/servicebilar'
    → 'tjänst', 'pool'; see text.elliptic_prefixes): the writer marks them as words.
    Linking s and e are dropped."""
    out = []
    for part in prefixes:
        if len(part) > 5 and part[-1] in "se" and part[-2] not in "aeiouyåäös":
            part = part[:-1]  # rivnings → rivning, tjänste → tjänst
        if len(part) >= tx.MIN_HEAD and tx.is_word_like(part):
            out.append(part)
    return out


def compound_vocabulary(words: set[str], known: tx.Vocabulary) -> set[str]:
    """The parts of the words' compounds that are not words of the vocabulary: every
    head ('förbindelse' of 'ansvars|förbindelse'), and each first part seen before at
    least two different heads ('kurs' of 'kursintyg' and 'kursinbjudan'; a one-off such
    as 'besk' of 'besk|rivning' is more likely a wrong cut than a word)."""
    heads: set[str] = set()
    modifiers: dict[str, set[str]] = defaultdict(set)
    for word in words:
        parts, inner = tx.compound_parts(word, known)
        if not parts:
            continue
        head_lemma = tx.lemma(parts[-1])
        if not known(parts[-1]):
            heads.add(parts[-1])
        for part in (*parts[:-1], *inner):
            if not known(part):
                modifiers[part].add(head_lemma)
    # A first part that is also the end of another ('möte' of 'mötesanteckning' and of
    # 'byggmöte|s|protokoll', 'rehabiliteringsmöte') is attested twice as well.
    endings = [w for w in (*words, *modifiers) if len(w) >= 2 * tx.MIN_HEAD]
    for part, after in modifiers.items():
        if len(after) < 2 and len(part) >= tx.MIN_HEAD:
            after.update(w for w in endings if w != part and w.endswith(part) and
                         len(w) - len(part) >= tx.MIN_PART)
    found = heads | {part for part, after in modifiers.items() if len(after) >= 2}
    return {p for p in found if len(p) >= tx.MIN_HEAD and tx.is_word_like(p)}


def word_keys(word: str, known: tx.Vocabulary, parts_out: set[str] | None = None
              ) -> WordKeys:
    """A word's keys; its compound parts as written are added to `parts_out`."""
    parts, inner = tx.compound_parts(word, known)
    if parts_out is not None:
        parts_out.update(p for p in (*parts, *inner) if len(p) >= tx.MIN_HEAD)
    head = tx.lemma(parts[-1]) if parts else ""
    others = tuple(tx.unique(tx.lemma(p) for p in (*parts[:-1], *inner)))
    return (word, tx.stem(word), tx.lemma(word), head, others)


def hyphen_keys(first: str, head: str, known: tx.Vocabulary,
                parts_out: set[str] | None = None) -> WordKeys:
    """Keys of a hyphenated compound ('IS/IT-budget' as 'itbudget'): its head is the
    part after the hyphen (or that part's own head), however short the first part."""
    word = first + head
    _, _, head_lemma, inner_head, inner_others = word_keys(head, known, parts_out)
    if inner_head:
        others = (tx.lemma(first), head_lemma, *inner_others)
        head_lemma = inner_head
    else:
        others = (tx.lemma(first),)
    return (word, tx.stem(word), tx.lemma(word), head_lemma, tuple(tx.unique(others)))


def unit_word_keys(w: WordKeys) -> tuple[str, ...]:
    return (w[2], w[3], *w[4]) if w[3] else (w[2],)


# What a comment sentence says before a reference that sends its subject there: "X
# hanteras i/under P 2.5.3 …", "X redovisas under PG 2.3", "X hanteras i 1.3 "…"",
# "X, se processen P 1.3"; and "X hanteras i berörd process" (no target: still evidence
# against this process). Whether a code is a reference, and which, is refs.py's reading.
_VERB = (r"(?:hanteras(?:\s+hanteras)?|redovisas|återfinns|hör\s+hemma|registreras|"
         r"diarieförs|ska\s+hanteras|bör\s+hanteras)")
_BEFORE_CODE = r"\s+(?:process(?:en)?\s+)?(?:(?:p|pg|vo)\s*)?"
_SENDS_RE = re.compile(rf"(?P<subject>.+?)\s+(?:är\s+\w+\s+som\s+)?{_VERB}\s+"
                       rf"(?:i|under|inom|på){_BEFORE_CODE}", re.IGNORECASE)
_SEE_RE = re.compile(rf"(?P<subject>.+?),?\s+se{_BEFORE_CODE}", re.IGNORECASE)
_CUE_RE = re.compile(rf"\s(?:{_VERB}|se)\s", re.IGNORECASE)  # most sentences have none
_ELSEWHERE_RE = re.compile(
    rf"^(?P<subject>.+?)\s+{_VERB}\s+(?:i|under)\s+(?:berörd|den|respektive|"
    r"kärnprocess|egen|separat)", re.IGNORECASE)


def redirect(sentence: str) -> tuple[str, str | None] | None:
    """(subject, target code) when a comment sentence sends a document type elsewhere."""
    from vgrklass.refs import code_positions  # a build reads comments, a query never

    codes = code_positions(sentence) if _CUE_RE.search(sentence) else []
    for pattern in (_SENDS_RE, _SEE_RE):
        for at, code in codes:
            match = pattern.fullmatch(sentence, 0, at)
            if match:
                return _clean_subject(match.group("subject")), code
    match = _ELSEWHERE_RE.search(sentence)
    if match:
        return _clean_subject(match.group("subject")), None
    return None


def _clean_subject(subject: str) -> str:
    return subject.strip(" ,.:;")
