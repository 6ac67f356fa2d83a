"""Broad retrieval: uncertain suggestions from partial evidence and general knowledge.

The strict ranking (rank.py) answers only when a process names the query's document type;
a registrar's own word ('fasadritning', 'platsannons', 'protokoll MBL') often has no such
process, and silence helps nobody. This stage reads every query word as many ways as it
can, each reading with a factor below 1 for how indirect it is:

- the word itself, its stem, a misspelling, the thesaurus (as rank.analyse reads it);
- its compound parts by the general lexicon (SAOL): 'fasad|ritning' → 'ritning';
- general synonyms (Synlex, graded): 'räkning' → 'faktura';
- the domain vocabulary: 'ovk' → 'besiktning', 'platsannons' → 'rekrytering'.

A process scores by how much of the (idf-weighted) query it matches, each word through
its best reading in its best field. Everything found here is a suggestion, never a
confident hit: find.py decides confidence from the strict ranking alone.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple

from vgrklass.search import text as tx
from vgrklass.search.index import NAMING_FIELDS, Index
from vgrklass.search.rank import PREPOSITIONS, Hit, Match, QueryWord
from vgrklass.search.twins import Group, Standing, View, expand

# How a word found in each field counts (examples and sökord name the process's types).
FIELD_WEIGHTS = {
    "examples": 1.0,
    "sokord": 1.0,
    "reference": 0.9,
    "title": 0.8,
    "description": 0.55,
    "comments": 0.4,
}
# How a key is found in a unit's word: the word itself, the head of a compound
# ('ritning' in 'byggritning' is a ritning), or a first part ('bygg' says less).
ROLE_WEIGHTS = (1.0, 0.8, 0.35)
# Factors of the readings of a query word (the word itself is 1.0).
PARTS_FACTOR = 0.9  # all compound parts found: the compound written out
HEAD_FACTOR = 0.7  # only the head of the compound ('ritning' of 'fasadritning')
SPECIFIC_IDF = 3.0  # a head at least this rare counts fully on its own (about 6 processes)
SYNLEX_FACTOR = 0.6  # times grade / 5
DOMAIN_FACTOR = 0.8  # a broader term of the domain vocabulary
OTHER_SENSE = 0.4  # each further broader term of one entry a process has
SENSES_FOR_ALL = 2  # ... and how many of them make a full match
HEAD_SHARE = 0.65  # of a compound's parts, the head's share
HEAD_WEIGHT = 1.5  # the query's head noun weighs more: it is the document type
QUALIFIER_WEIGHT = 0.6  # a word after the first preposition
UNKNOWN_WEIGHT = 1.0  # a word nothing reads: it still dilutes the evidence
MIN_SCORE = 0.08  # below this a suggestion is noise
RELATIVE_CUTOFF = 0.2  # ... or below this share of the best suggestion
MAX_SYNONYMS = 4


class Reading(NamedTuple):
    """One way to read a query word: index keys that together stand for it."""

    keys: tuple[str, ...]
    factor: float
    via: str  # how it was read, in Swedish, for the evidence
    compound: bool = False  # the keys are a compound's parts, head last
    mode: str = "all"  # "all": the keys together stand for the word; "any": alternatives


class Concept(NamedTuple):
    """A query word with its readings and weight."""

    text: str
    readings: tuple[Reading, ...]
    weight: float
    head: bool


class KeyMatch(NamedTuple):
    score: float
    unit: int
    word: str  # the unit's word the key was found in


def concepts(index: Index, words: list[QueryWord], query: str) -> list[Concept]:
    """The query's words (as rank.analyse found them) with every reading of each."""
    domain_phrases = _domain_phrases(index, query)
    out = []
    for word in words:
        readings = _readings(index, word)
        weight = _weight(index, word, readings)
        if word.head:
            weight *= HEAD_WEIGHT
        elif word.qualifier:
            weight *= QUALIFIER_WEIGHT
        out.append(Concept(word.text, tuple(readings), weight, word.head))
    covered = {w for phrase in domain_phrases for w in phrase.words}
    out = [c for c in out if c.text not in covered]  # the phrase stands for its words
    for phrase in domain_phrases:
        readings = (_domain_reading(phrase.term, phrase.senses, DOMAIN_FACTOR),)
        weight = max((_idf(index, k) for r in readings for k in r.keys if _indexed(index, k)),
                     default=UNKNOWN_WEIGHT)
        out.append(Concept(" ".join(phrase.words), readings, weight * HEAD_WEIGHT, True))
    return out


def _weight(index: Index, word: QueryWord, readings: list[Reading]) -> float:
    """How much a query word says: the idf of the word itself when the structure has it
    ('rapport', in many processes, says little, whatever its synonyms), else of the
    rarest key any reading of it finds."""
    if word.forms and _indexed(index, word.forms[0].lemma):
        return _idf(index, word.forms[0].lemma)
    known = [k for r in readings for k in r.keys if _indexed(index, k)]
    return max((_idf(index, k) for k in known), default=UNKNOWN_WEIGHT)


class DomainPhrase(NamedTuple):
    """Query words that together are one term of the domain vocabulary."""

    words: tuple[str, ...]
    term: str
    senses: tuple


def _domain_phrases(index: Index, query: str) -> list[DomainPhrase]:
    """Domain terms of several words in the query ('geoteknisk undersökning'), and
    compounds written out ('beställning av behörighet', 'protokoll MBL')."""
    domain = index.knowledge.domain
    tokens = [t for t in tx.tokenize(query) if not any(ch.isdigit() for ch in t)]
    found = []
    for size in range(min(index.knowledge.longest_term, len(tokens)), 1, -1):
        for start in range(len(tokens) - size + 1):
            phrase = " ".join(tokens[start:start + size])
            if phrase in domain:
                found.append(DomainPhrase(tuple(phrase.split()), phrase, domain[phrase]))
    taken = {w for phrase in found for w in phrase.words}
    for head, modifier in _written_out(tokens):
        if head in taken or modifier in taken:
            continue
        for term in _compounds_of(modifier, head):
            senses = _senses(index, term)
            if senses:
                found.append(DomainPhrase((head, modifier), term, senses))
                taken |= {head, modifier}
                break
    return found


def _written_out(tokens: list[str]) -> list[tuple[str, str]]:
    """(head, modifier) pairs a compound may be written out as: a word, one preposition
    and a word ('utredning inför gallring' → gallringsutredning), or a plan's list style,
    two words in a row ('protokoll MBL' → MBL-protokoll)."""
    pairs = []
    for n, head in enumerate(tokens):
        if head in tx.STOPWORDS:
            continue
        after = tokens[n + 1:n + 3]
        if len(after) == 2 and after[0] in PREPOSITIONS and after[1] not in tx.STOPWORDS:
            pairs.append((head, after[1]))
        elif after and after[0] not in tx.STOPWORDS:
            pairs.append((head, after[0]))
    return pairs


def _compounds_of(modifier: str, head: str) -> list[str]:
    """The ways a modifier and a head are written as one word: as they are, with a
    linking s or e, or without the modifier's final vowel ('skola' → 'skolplan')."""
    stems = [modifier] + ([modifier[:-1]] if modifier[-1] in "ae" and len(modifier) > 4 else [])
    return [stem + link + head for stem in stems for link in ("", "s", "e")]


def _readings(index: Index, word: QueryWord) -> list[Reading]:
    readings: list[Reading] = []
    for form in word.forms:
        via = ("synonym" if form.synonym_of else
               "felstavning" if form.corrected_from else "ordet")
        if form.lemma in index.postings or form.lemma in index.lexicon_postings:
            readings.append(Reading((form.lemma,), form.factor, via))
            if via == "ordet" and form.parts and not _named(index, form.lemma):
                # A compound the structure only mentions in passing (a description, a
                # comment) names no process's documents: its parts may say where the
                # document goes ('arvodes|blankett': arvode).
                readings.append(Reading(form.parts, form.factor * PARTS_FACTOR, via, True))
        elif form.parts:
            readings.append(Reading(form.parts, form.factor * PARTS_FACTOR, via, True))
            factor = form.factor * _head_factor(index, form.parts[-1])
            readings.append(Reading(form.parts[-1:], factor, via))
    text = word.text
    lexicon_parts: list[str] = []
    if word.forms and word.forms[0].lemma not in index.postings and not word.forms[0].parts:
        from vgrklass.knowledge.lexicon import lexicon_split

        lexicon_parts = lexicon_split(text)
        if lexicon_parts:
            keys = tuple(tx.lemma(p) for p in lexicon_parts)
            via = "delarna " + " + ".join(lexicon_parts) + " (SAOL)"
            readings.append(Reading(keys, PARTS_FACTOR, via, True))
            readings.append(Reading(keys[-1:], _head_factor(index, keys[-1]), via))
    knowledge = index.knowledge
    # The word, and each of its parts, through Synlex and the domain vocabulary.
    names = tx.unique([text, *lexicon_parts[-1:]])
    for name in names:
        factor = 1.0 if name == text else HEAD_FACTOR
        for other, grade in knowledge.synonyms.get(tx.lemma(name), ())[:MAX_SYNONYMS]:
            readings.append(Reading((tx.lemma(other),), factor * SYNLEX_FACTOR * grade / 5.0,
                                    f"synonym {other} (Synlex)"))
    parts = lexicon_parts or (word.forms[0].parts if word.forms else ())
    for name, factor in _domain_names(word, parts):
        senses = _senses(index, name)
        if senses:
            readings.append(_domain_reading(name, senses, factor * DOMAIN_FACTOR))
    return list(dict.fromkeys(readings))


def _named(index: Index, key: str) -> bool:
    """Whether some process names a key as a document type or in its title."""
    return any(unit.field in NAMING_FIELDS for unit in index.units_of(index.postings.get(key, ())))


def _domain_names(word: QueryWord, parts=()) -> list[tuple[str, float]]:
    """The names a query word may have in the domain vocabulary, with how surely each
    stands for the word: the word as typed; each correction and thesaurus reading of it
    ('leverantörsreskonrta' → 'leverantörsreskontra', 'lokalhyreskontrakt' →
    'lokalhyresavtal') at its own factor; and its compound parts ('övertid' of
    'övertidsrapporter'), which say less."""
    names = [(word.text, 1.0)]
    names += [(f.word, f.factor) for f in word.forms if f.corrected_from or f.synonym_of]
    names += [(p, HEAD_FACTOR) for p in parts]
    best: dict[str, float] = {}
    for name, factor in names:
        best[name] = max(factor, best.get(name, 0.0))
    return list(best.items())


def domain_term(index: Index, word: QueryWord) -> bool:
    """Whether the domain vocabulary knows a query word whole, as typed or by its lemma
    ('försäkringsersättning'), not only through a correction or a part."""
    return bool(_senses(index, word.text))


def _senses(index: Index, name: str) -> tuple:
    """A word's entry in the domain vocabulary: as written, else by its lemma (the
    vocabulary keys each one-word term by its lemma too: 'platsannonser'). A noun in
    -ning is looked up by its stem instead ('beställningar' → 'beställning'): its lemma
    drops the -ning ('arbetsord'), and would find another word ('arbetsorder')."""
    domain = index.knowledge.domain
    found = domain.get(name)
    if found:
        return found
    stem = tx.stem(name)
    return domain.get(stem if stem.endswith("ning") else tx.lemma(name), ())


def _domain_reading(term: str, senses, factor: float) -> Reading:
    """A domain entry as one reading: its broader terms are alternatives, and a process
    that has several of them ('rivning' and 'byggprojekt' for 'rivningsplan') is more
    surely meant than one that has one ('plan')."""
    keys = tuple(tx.unique(k for sense in senses for k in sense.keys))
    names = "; ".join(sense.text for sense in senses)
    return Reading(keys, factor, f"domänord ”{term}” → {names}", mode="any")


def domain_senses(index: Index, words: list[QueryWord], query: str) -> list[tuple[str, str]]:
    """(term, broader term) for the query's head word and its multi-word domain terms:
    what the domain vocabulary says the asked-for document is."""
    out: list[tuple[str, str]] = [(phrase.term, sense.text) for phrase
                                  in _domain_phrases(index, query) for sense in phrase.senses]
    head = next((w for w in words if w.head), None)
    if head is not None and not out:
        names = [name for name, _ in _domain_names(head)]
        if head.forms and head.forms[0].lemma not in index.postings and \
                not head.forms[0].parts:
            from vgrklass.knowledge.lexicon import lexicon_split

            names += lexicon_split(head.text)[-1:]
        for name in names:
            senses = _senses(index, name)
            out += [(name, sense.text) for sense in senses]
            if senses:
                break
    return out


def suggest(index: Index, words: list[QueryWord], query: str, on: dt.date,
            include_removed: bool = False) -> list[Hit]:
    """Processes with partial evidence for the query, best first (all uncertain)."""
    return expand(index, suggest_groups(index, words, query, on, include_removed), None)


def suggest_groups(index: Index, words: list[QueryWord], query: str, on: dt.date,
                   include_removed: bool = False, view: View | None = None) -> list[Group]:
    """`suggest`'s hits, one per twin standing (see twins.py), best first."""
    found = concepts(index, words, query)
    if not found or not any(c.readings for c in found):
        return []
    view = view or View(index, on)
    total = sum(c.weight for c in found)
    key_cache: dict[str, dict[int, KeyMatch]] = {}
    per_doc: dict[int, list[tuple[float, Reading, tuple[KeyMatch, ...]] | None]] = {}
    for i, concept in enumerate(found):
        for reading in concept.readings:
            matches = []
            for k in reading.keys:
                if k not in key_cache:
                    key_cache[k] = _key_matches(index, k, view, include_removed)
                matches.append(key_cache[k])
            docs = set().union(*matches)
            shares = _shares(index, reading)
            for d in docs:
                got = tuple(m.get(d) for m in matches)
                if reading.mode == "any":
                    score = reading.factor * _any_of([g.score for g in got if g],
                                                     len(reading.keys))
                else:
                    score = reading.factor * sum(share * g.score for share, g in
                                                 zip(shares, got, strict=True) if g)
                slots = per_doc.setdefault(d, [None] * len(found))
                if slots[i] is None or score > slots[i][0]:
                    slots[i] = (score, reading, tuple(g for g in got if g))
    groups = []
    for d, slots in per_doc.items():
        score = sum(c.weight * s[0] for c, s in zip(found, slots, strict=True) if s) / total
        if score >= MIN_SCORE:
            groups.append(_hit(index, view.standing(d), score, found, slots))
    if not groups:
        return []
    top = max(g.hit.score for g in groups)
    groups = [g for g in groups if g.hit.score >= RELATIVE_CUTOFF * top]
    groups.sort(key=lambda g: (not g.hit.in_force, -g.hit.score, g.standing.members[0]))
    return groups


def _any_of(scores: list[float], n: int) -> float:
    """Alternatives: the best counts, each further one found adds OTHER_SENSE of itself;
    normalised so that finding SENSES_FOR_ALL of them (or all, when fewer) is 1."""
    if not scores:
        return 0.0
    scores = sorted(scores, reverse=True)
    full = 1 + OTHER_SENSE * min(n - 1, SENSES_FOR_ALL - 1)
    return min(1.0, (scores[0] + OTHER_SENSE * sum(scores[1:])) / full)


def _idf(index: Index, key: str) -> float:
    """idf over the processes, counting those whose words have the key only by the
    lexicon's reading too."""
    if key in index.doc_freq or key not in index.lexicon_freq:
        return index.idf(key)
    n = len(index.docs)
    df = index.lexicon_freq[key]
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def _indexed(index: Index, key: str) -> bool:
    return key in index.doc_freq or key in index.lexicon_postings


def _shares(index: Index, reading: Reading) -> tuple[float, ...]:
    """How much each key of a reading counts. A compound's head (last) says what the
    document is and weighs HEAD_SHARE, its first parts the rest, each also by its rarity:
    in 'semesterlista' the rare 'semester' says more than the common 'lista'. The words
    of a phrase count alike. A key the structure never uses keeps its share (as rare as
    can be) and matches nothing: 'situationsplan' is not read as any 'plan'."""
    n = len(reading.keys)
    if n == 1:
        return (1.0,)
    if reading.compound:
        base = [(1.0 - HEAD_SHARE) / (n - 1)] * (n - 1) + [HEAD_SHARE]
    else:
        base = [1.0 / n] * n
    weights = [b * _idf(index, k) for b, k in zip(base, reading.keys, strict=True)]
    total = sum(weights)
    return tuple(w / total for w in weights) if total else tuple(base)


def _head_factor(index: Index, key: str) -> float:
    """A compound read as its head alone: weaker the more processes the head is in
    ('lista', 'protokoll', 'beslut' say little on their own)."""
    if not _indexed(index, key):
        return HEAD_FACTOR
    return HEAD_FACTOR * min(1.0, _idf(index, key) / SPECIFIC_IDF)


def _key_matches(index: Index, key: str, view: View, include_removed: bool
                 ) -> dict[int, KeyMatch]:
    """Per process (twin standing), the best unit naming an index key."""
    best: dict[int, KeyMatch] = {}
    numbers = index.postings.get(key, ())
    found = index.lexicon_postings.get(key, ())
    units = index.units_of(numbers)
    lexicon_units = index.units_of(n for n, _, _ in found)
    view.prepare(u.doc for u in (*units, *lexicon_units))
    for number, unit in zip(numbers, units, strict=True):
        weight = FIELD_WEIGHTS.get(unit.field)
        if weight is None:
            continue
        standings = _counted(view, unit.doc, include_removed)
        if not standings:
            continue
        for norm, _, lemma, head, others in unit.words:
            role = 0 if lemma == key else 1 if head == key else 2 if key in others else -1
            if role < 0:
                continue
            score = weight * ROLE_WEIGHTS[role]
            for standing in standings:
                if standing.key not in best or score > best[standing.key].score:
                    best[standing.key] = KeyMatch(score, number, norm)
            break
    for (number, j, role), unit in zip(found, lexicon_units, strict=True):
        weight = FIELD_WEIGHTS.get(unit.field)
        if weight is None:
            continue
        score = weight * ROLE_WEIGHTS[role]
        for standing in _counted(view, unit.doc, include_removed):
            if standing.key not in best or score > best[standing.key].score:
                best[standing.key] = KeyMatch(score, number, unit.words[j][0])
    return best


def _counted(view: View, doc: int, include_removed: bool) -> tuple[Standing, ...]:
    standings = view.of(doc)
    return standings if include_removed else tuple(s for s in standings if s.in_force)


def _hit(index: Index, standing: Standing, score: float, found: list[Concept], slots
         ) -> Group:
    doc = index.docs[standing.doc]
    matched: list[tuple[Match, int]] = []
    by_unit: dict[int, list[tuple[str, str, str]]] = {}
    for concept, slot in zip(found, slots, strict=True):
        if slot is None:
            continue
        _, reading, keys = slot
        for key in keys:
            by_unit.setdefault(key.unit, []).append((concept.text, key.word, reading.via))
    for number, words in by_unit.items():
        unit = index.units[number]
        matched.append((Match(unit.field, unit.text, tuple(words), unit.other), number))
    matched.sort(key=lambda pair: -FIELD_WEIGHTS.get(pair[0].field, 0.0))
    shown = matched[:3]
    covered = sum(c.weight for c, s in zip(found, slots, strict=True) if s)
    total = sum(c.weight for c in found)
    hit = Hit(doc.code, doc.kind, doc.title, score, tuple(m for m, _ in shown),
              standing.in_force, doc.removed, doc.removal_word if doc.removed else None,
              {"relevance": score, "base": score, "phrase": 0.0,
               "coverage": covered / total, "penalty": 1.0})
    return Group(hit, standing, tuple(n for _, n in shown))
