"""Ranking: a query's words against the index's units, with evidence for every hit.

Per process: each query word takes its best match over the process's units, weighted by
the field (examples > references > title > description > comments) and by how it
matched (exakt > stam > sammansättning > felstavning); words are weighted by rarity (idf).
A process must name the query's head noun (see `_head_evidence`) and cover enough of
the query to be shown at all: better no answer than a wrong one. A unit that matches the
whole query and little else (a whole example) adds a phrase bonus, so "kvitto på
friskvård" prefers the example that says exactly that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from vgrklass.search import text as tx
from vgrklass.search.index import (
    FIELD_WEIGHTS,
    NAMING_FIELDS,
    NO_KNOWLEDGE,
    TYPE_FIELDS,
    Index,
    Unit,
)
from vgrklass.search.twins import Group, Standing, View, expand

# Calibrated on benchmarks/find-extra.tsv and find-dev.tsv (see docs/find.md).
MIN_COVERAGE = 0.6  # share of the query's (idf-weighted) meaning a hit must match
MIN_SCORE = 0.5
RELATIVE_CUTOFF = 0.2  # drop hits scoring below this share of the best one
# ... and hits covering clearly less of the query than the best-covering one: a part of
# a compound ('kvitto' of 'kvittofaktura') is a fallback when nothing has the whole.
RELATIVE_COVERAGE = 0.85
AWAY_PENALTY = 0.3  # a comment of the process sends the query elsewhere
HISTORY_PENALTY = 0.5  # with --all: not in force on the date
MIN_FUZZY_ONLY = 6  # a hit from misspelt words alone needs a word at least this long
SPREAD_COVER = 0.8  # a compound query word whose parts are in different units
# A compound written out in a description or comment: its parts at most this many
# content words apart ('faktura från extern leverantör': 2).
WRITTEN_OUT_SPAN = 2
# A compound query word of which only some parts are found in a process covers it in
# proportion to the found parts' idf. A head that is a document type of the structure
# ('-intyg', '-protokoll', '-specifikation': a whole example or an example's last part)
# weighs less, and counts partly even where it is not found: the type is known, and the
# rarer first part says which process (lön|specifikation → the payroll process).
TYPE_HEAD_WEIGHT = 0.5
TYPE_HEAD_CREDIT = 0.5
QUALIFIER_WEIGHT = 0.5  # a query word after the first preposition (see analyse)
# A query word whose best match is elsewhere but which the title also matches, if only in
# part ('direktupphandling' in a sentence, 'upphandlingar' in the title), gets this share
# of the title match on top: the title says what the process is about.
TITLE_SUPPORT = 0.25
PREPOSITIONS = frozenset((
    "för", "från", "till", "om", "av", "på", "mot", "med", "i", "vid", "hos", "inom",
    "under", "över", "efter", "före", "angående", "avseende", "rörande", "gällande",
    "kring", "inför", "ang"))

# Words that introduce a number or id ('nr 12', 'dnr 2024-55'): dropped with it.
_ID_WORDS = frozenset({"nr", "nummer", "dnr", "diarienr", "diarienummer", "no", "ref", "id"})

QUALITY = {
    "exakt": 1.0,
    "stam": 0.95,
    "lemma": 0.9,
    "sammansättning": 0.85,
    "huvudled": 0.7,
    "förled": 0.55,
    "delvis": 0.45,
}
FUZZY_FACTOR = 0.85
FOLD_FACTOR = 0.95
# A word read as a synonym from the thesaurus ('kontrakt' as 'avtal'): weaker evidence
# than the word itself, in quality and in how much of the query it covers, so a direct
# hit always wins and a synonym hit must cover the query well to be shown.
SYNONYM_FACTOR = 0.8
SYNONYM_COVER = 0.9
# On its own, a word is not read as a synonym that is in more than this share of the
# processes ('jobb' as 'tjänst', in half of them through 'tjänsteutlåtande'): only inside
# a compound, where the other part says what is meant ('jobb|ansökan'). 'avtal' (a
# quarter of them) is still a reading of 'kontrakt'.
GENERIC_SHARE = 0.3


class Form(NamedTuple):
    """One reading of a query word: as typed, glued with its neighbour, or corrected."""

    word: str
    stem: str
    lemma: str
    parts: tuple[str, ...]  # lemmas of its compound parts ((), when it does not split)
    factor: float = 1.0
    corrected_from: str | None = None
    weights: tuple[float, ...] = ()  # of each part (idf, less for a document-type head)
    type_head: bool = False  # the last part is a document type of the structure
    synonym_of: str | None = None  # the query word this is a thesaurus synonym of


class QueryWord(NamedTuple):
    text: str  # as typed (normalised)
    forms: tuple[Form, ...]
    weight: float  # idf
    fuzzy: bool = False  # only misspelling corrections are available
    head: bool = False  # the head noun of the query (see analyse)
    qualifier: bool = False  # after the first preposition: weighs less in coverage
    known: bool = True  # some reading of it is a word (or all parts) of the structure


class Match(NamedTuple):
    """Evidence: a unit of a process's text and the words of the query it matched."""

    field: str
    text: str
    words: tuple[tuple[str, str, str], ...]  # (query word, matched as, how)
    other: str | None = None  # reference: the code of the process whose comment it is

    def to_dict(self) -> dict:
        result = {"field": self.field, "text": self.text,
                  "words": [{"query": q, "matched": m, "how": how} for q, m, how in self.words]}
        if self.other:
            result["from" if self.field == "reference" else "to"] = self.other
        return result


class Hit(NamedTuple):
    code: str
    kind: str
    title: str
    score: float
    matched: tuple[Match, ...]
    in_force: bool
    removed: dt.date | None
    removed_as: str | None
    parts: dict[str, float]  # score parts, for --explain
    # A hit a registrar may file by (see find.py): the strict ranking's best, named well.
    confident: bool = False

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "confident": self.confident,
            "kind": self.kind,
            "title": self.title,
            "score": round(self.score, 3),
            "in_force": self.in_force,
            "removed": self.removed.isoformat() if self.removed else None,
            "removed_as": self.removed_as,
            "matched": [m.to_dict() for m in self.matched],
            "score_parts": {k: round(v, 3) for k, v in self.parts.items()},
        }


def analyse(index: Index, query: str) -> list[QueryWord]:
    """The query's content words with their readings and weights."""
    hyphenated = tx.hyphen_compounds(query)
    # Numbers, years and ids ('årsredovisning 2023', 'art 15') say nothing about the type.
    tokens = _without_attachments([t for t in tx.join_hyphenated(tx.tokenize(query), hyphenated)
                                   if not any(ch.isdigit() for ch in t) and t not in _ID_WORDS])
    # "hot och våld mot anställda": what follows the first preposition qualifies the
    # head noun phrase and weighs less; unmatched, it costs the hit less coverage.
    cut = next((n for n, t in enumerate(tokens) if n and t in PREPOSITIONS and
                any(w not in tx.STOPWORDS for w in tokens[:n])), len(tokens))
    words = _glue(index, tokens[:cut])
    cut_words = len(words)
    qualifiers = [w for w in _glue(index, tokens[cut:]) if w not in words]
    words += qualifiers
    words += tx.expand_ellipses(query, index.known)  # 'kund- och kvittofaktura'
    splits = {first + head: [first, *(tx.split_compound(head, index.known) or [head])]
              for first, head in hyphenated}
    # The head noun: Swedish noun phrases end in their head ('grafisk manual'), and the
    # first phrase is what the query asks for ('klagomål på bemötande' is a klagomål);
    # without a phrase before the preposition, the first word after it.
    head = words[cut_words - 1] if cut_words else (words[0] if words else None)
    analysed = [_query_word(index, w, splits.get(w)) for w in tx.unique(words)]
    if cut_words >= 2 and _leads_as_type(index, analysed[0]):
        # A plan's list style: the type first, then what it is about, without a
        # preposition ('Protokoll MBL', 'Registreringsbevis bilar', 'Kvitto personligt
        # utlägg'). The words after it qualify it.
        head = words[0]
        qualifiers += [w for w in words[1:cut_words] if w not in qualifiers]
    return [w._replace(weight=w.weight * QUALIFIER_WEIGHT if w.text in qualifiers else w.weight,
                       head=w.text == head, qualifier=w.text in qualifiers)
            for w in analysed]


_GENITIVE = ("ens", "ets", "nas", "ns")
# 'Protokoll med bilagor', 'avtal inklusive bilaga': a plan's way of saying that the
# attachments go with the document. They say nothing about its process.
_ATTACHMENTS = frozenset({"bilaga", "bilagor", "bilagorna", "bilagan"})
_WITH = frozenset({"med", "inkl", "inklusive", "samt", "och"})


def _without_attachments(tokens: list[str]) -> list[str]:
    out = []
    for n, token in enumerate(tokens):
        if token in _ATTACHMENTS and n and tokens[n - 1] in _WITH and len(tokens) > 2:
            if out and out[-1] in _WITH:
                out.pop()
            continue
        out.append(token)
    return out


def _leads_as_type(index: Index, word: QueryWord) -> bool:
    """Whether the first of several words is a document type that heads the query: a
    type of the structure (an example's first word or head), not a genitive
    ('produktionsstyrelsens protokoll' is a protokoll)."""
    if not word.forms or _genitive(index, word.text):
        return False
    form = word.forms[0]
    if _is_type(index, form.parts[-1] if form.parts else form.lemma):
        return True
    if word.text in index.knowledge.domain:
        return True  # a document type of public administration ('platsannons')
    if form.lemma in index.postings or form.parts or index.knowledge is NO_KNOWLEDGE:
        return False
    from vgrklass.knowledge.lexicon import lexicon_split

    parts = lexicon_split(word.text)
    return bool(parts) and _is_type(index, tx.lemma(parts[-1]))


def _genitive(index: Index, text: str) -> bool:
    """Whether a word is a genitive ('produktionsstyrelsens'): it ends as one, and is no
    word that ends so in its base form, as a headword of the general lexicon, a domain
    term or a compound ending in such a word ('annons', 'platsannons', 'kundreferens')."""
    if not text.endswith(_GENITIVE):
        return False
    if index.knowledge is NO_KNOWLEDGE:
        return True
    if text in index.knowledge.domain:
        return False
    from vgrklass.knowledge.lexicon import lexicon_split, load_lexicon

    if text in load_lexicon().words:
        return False
    parts = lexicon_split(text)
    return not (parts and text.endswith(parts[-1]))


def _glue(index: Index, tokens: list[str]) -> list[str]:
    """Content words, with words written apart that the structure writes together
    glued ('leverantörs faktura' → 'leverantörsfaktura')."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        word = tokens[i]
        if i + 1 < len(tokens) and word not in tx.STOPWORDS and tokens[i + 1] not in tx.STOPWORDS:
            for glued in (word + tokens[i + 1], word + "s" + tokens[i + 1]):
                if glued in index.vocabulary:
                    out.append(glued)
                    i += 2
                    break
            else:
                out.append(word)
                i += 1
            continue
        out.append(word)
        i += 1
    return tx.content_words(out)


def _form(index: Index, word: str, factor: float = 1.0, corrected: str | None = None,
          split: list[str] | None = None, synonym_of: str | None = None) -> Form:
    split = split or tx.split_compound(word, index.known)
    parts = tuple(tx.lemma(p) for p in split) if len(split) > 1 else ()
    if not parts:
        return Form(word, tx.stem(word), tx.lemma(word), (), factor, corrected,
                    synonym_of=synonym_of)
    type_head = _is_type(index, parts[-1])
    weights = [index.idf(p) for p in parts]
    if type_head:
        weights[-1] *= TYPE_HEAD_WEIGHT
    return Form(word, tx.stem(word), tx.lemma(word), parts, factor, corrected,
                tuple(weights), type_head, synonym_of)


def _is_type(index: Index, key: str) -> bool:
    """Whether a lemma is a document type: an example's first word ('specifikation till
    balansposter') or that word's head ('kursintyg'); not a word further on ('vård' of
    'utlåtande från läkare eller företagshälsovård')."""
    for number in index.postings.get(key, ()):
        unit = index.units[number]
        if unit.field in TYPE_FIELDS and key in (unit.words[0][2], unit.words[0][3]):
            return True
    return False


def _part_share(form: Form, found: set[str]) -> float:
    """How much of a compound query word the found parts cover (see TYPE_HEAD_CREDIT)."""
    if not form.weights:
        return 0.0
    weights = list(form.weights)
    if form.type_head and form.parts[-1] in found:
        # The head itself is found: it weighs what it is, and the query asks for it
        # ('plan|ritning' in 'bygg|ritning'); only an absent type head weighs less.
        weights[-1] /= TYPE_HEAD_WEIGHT
    got = 0.0
    for n, (part, weight) in enumerate(zip(form.parts, weights, strict=True)):
        if part in found:
            got += weight
        elif form.type_head and n == len(form.parts) - 1:
            got += TYPE_HEAD_CREDIT * weight
    return got / sum(weights)


def _query_word(index: Index, word: str, split: list[str] | None = None) -> QueryWord:
    found = _query_word_forms(index, word, split)
    return found._replace(known=any(_known(index, f) for f in found.forms))


def _query_word_forms(index: Index, word: str, split: list[str] | None) -> QueryWord:
    form = _form(index, word, split=split)  # split: of a hyphenated word ('IT-system')
    if form.lemma in index.postings:
        return QueryWord(word, (form, *_synonyms(index, form)), _weight(index, form))
    # Not a word of the structure: a compound of its words, a misspelling, or both
    # ('pressmedelande' reads as press + medel but means pressmeddelande).
    synonyms = _synonyms(index, form)
    splits = bool(form.parts) and all(p in index.postings for p in form.parts)
    # A hyphen says where the parts are ('APT-anteckningar'): when each is a word of the
    # structure, the whole is no misspelling of a longer or shorter word.
    corrections, terms = ([], []) if split and splits else _corrections(index, word)
    if not corrections and not splits and not _real_word(index, word):
        corrections = _part_corrections(index, word)
    corrections += terms
    if corrections:
        forms = (form, *corrections) if splits else tuple(corrections)
        # Only diacritics missing ('enkat') is no guess: not counted as a misspelling.
        guessed = not splits and any(f.factor < FOLD_FACTOR for f in corrections)
        return QueryWord(word, (*forms, *synonyms),
                         max(_weight(index, f) for f in forms), fuzzy=guessed)
    if synonyms and not splits:
        # Unknown itself: it weighs what its synonyms weigh. A generic synonym then adds
        # little to a query of unknown words ('möte på jobbet' stays without hits).
        return QueryWord(word, (form, *synonyms), max(_weight(index, f) for f in synonyms))
    return QueryWord(word, (form, *synonyms), _weight(index, form))


def _synonyms(index: Index, form: Form) -> list[Form]:
    """Readings of a query word through the thesaurus: the word itself as another word of
    its group ('kontrakt' → 'avtal'), or, for a compound the structure does not have, with
    one part replaced ('kurs|bevis' → 'kurs|intyg', 'hyres|kontrakt' → 'hyres|avtal')."""
    word = form.word
    found: list[Form] = []
    for other in index.synonyms.get(form.lemma, ()):
        reading = _form(index, other, SYNONYM_FACTOR, synonym_of=word)
        if _known(index, reading) and not _generic(index, reading.lemma):
            found.append(reading)
    if form.lemma in index.postings:
        return found  # the structure has the compound itself: its parts are not reread
    split = tx.split_compound(word, index.known)
    for n, part in enumerate(split):
        for other in index.synonyms.get(tx.lemma(part), ()):
            if n == len(split) - 1:  # the head is the word's literal ending
                spelt = word[:len(word) - len(part)] + other
            else:
                spelt = _glued(index, other, split[n + 1:])
            reading = _form(index, spelt, SYNONYM_FACTOR, split=[*split[:n], other,
                                                                  *split[n + 1:]],
                            synonym_of=word)
            if _known(index, reading):
                found.append(reading)
            elif spelt in index.knowledge.domain:
                # A document type of the domain vocabulary ('lokalhyres|kontrakt' →
                # 'lokalhyresavtal'): read through the vocabulary only (see _corrections).
                found.append(_domain_form(spelt, SYNONYM_FACTOR, synonym_of=word))
    return found


def _glued(index: Index, first: str, rest: list[str]) -> str:
    """A compound spelt from its parts, with the linking letter the structure uses
    ('delegering' + 'ordning' → 'delegeringsordning')."""
    tail = "".join(rest)
    for link in ("", "s", "e"):
        if first + link + tail in index.vocabulary:
            return first + link + tail
    return first + tail


def _known(index: Index, form: Form) -> bool:
    """Whether a reading can match anything: the word, or each of its parts, is indexed."""
    return form.lemma in index.postings or (
        bool(form.parts) and all(p in index.postings for p in form.parts))


def _generic(index: Index, key: str) -> bool:
    return index.doc_freq.get(key, 0) > GENERIC_SHARE * len(index.docs)


def _weight(index: Index, form: Form) -> float:
    if form.lemma in index.doc_freq:
        return index.idf(form.lemma)
    if form.parts:
        return max(index.idf(p) for p in form.parts)
    return index.idf("")  # unknown: as rare as can be


def _real_word(index: Index, word: str) -> bool:
    """Whether a word the structure does not use is a real word all the same: a domain
    term or a headword of the general lexicon. Such a word is no misspelling of a
    structure word ('översättning' is not 'ersättning', 'ergonomi' not 'ekonomi')."""
    if index.knowledge is NO_KNOWLEDGE:
        return False
    if word in index.knowledge.domain:
        return True
    from vgrklass.knowledge.lexicon import load_lexicon

    return word in load_lexicon().words


def _corrections(index: Index, word: str) -> tuple[list[Form], list[Form]]:
    """Vocabulary words the user probably meant: same letters without diacritics first,
    then the fewest edits (optimal string alignment) within a budget by length; and
    domain terms as near (see below)."""
    folded = tx.fold(word)
    same = index.folded.get(folded)
    if same:
        return [_form(index, w, FOLD_FACTOR, word) for w in same if w != word], []
    budget = tx.fuzzy_budget(word)
    if budget == 0 or _real_word(index, word):
        return [], []
    found = _within(folded, index.folded, budget, 20)
    # A document type of the domain vocabulary is as likely meant as a word of the
    # structure ('leverantörsreskonrta' is a leverantörsreskontra, 'klimatboksult' a
    # klimatbokslut), after one slip at most, compared by stem. It is read only through
    # the vocabulary (broad.py), not as parts of the structure's words: a relations|
    # handling is no 'handling' about 'relationer'.
    terms = _within(tx.fold(tx.stem(word)), index.domain_folded, min(budget, 1), 5)
    if not found and not terms:
        return [], []
    best = min(d for d, _ in (*found, *terms))
    factor = FOLD_FACTOR if best == 0 else FUZZY_FACTOR
    return ([_form(index, w, factor, word) for w in [w for d, w in found if d == best][:6]],
            [_domain_form(w, factor, word) for w in [w for d, w in terms if d == best][:2]])


def _domain_form(term: str, factor: float, corrected: str | None = None,
                 synonym_of: str | None = None) -> Form:
    """A reading of a query word as a term of the domain vocabulary, whole: not split
    into the structure's words."""
    return Form(term, tx.stem(term), tx.lemma(term), (), factor, corrected,
                synonym_of=synonym_of)


def _within(folded: str, table: dict[str, tuple[str, ...]], budget: int, limit: int
            ) -> list[tuple[int, str]]:
    """The words of a fold table (fold → words) within `budget` edits (optimal string
    alignment) of a folded word, nearest first."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    found = process.extract(folded, list(table), scorer=OSA.distance, score_cutoff=budget,
                            limit=limit)
    return [(int(d), w) for key, d, _ in found for w in table[key]]


def _part_corrections(index: Index, word: str) -> list[Form]:
    """A compound the structure does not have, with one misspelt part: the other part is
    a known word ('anstälnings|intyg' → 'anställningsintyg', 'lönespecifkation'). A part
    that is a real word itself (see `_real_word`) is no misspelling: 'oenighets|protokoll'
    is no 'enlighetsprotokoll', 'budget|utfall' no 'budget|fall'."""
    known = index.known
    found: list[tuple[int, str]] = []
    for cut in range(tx.MIN_PART, len(word) - tx.MIN_HEAD + 1):
        first, head = word[:cut], word[cut:]
        if known(head) and len(head) >= tx.MIN_HEAD:
            link = "s" if first.endswith("s") and len(first) > 5 else ""
            first = first[:len(first) - len(link)]
            if not _real_word(index, first):
                found += [(d, fixed + link + head) for d, fixed in _nearest(index, first)]
        elif len(head) >= 5 and tx.known_modifier(first, known) and not (
                head[0] == "s" and tx.known_modifier(first + "s", known)) and \
                not _real_word(index, head):
            # (A linking s belongs to the first part: 'avtals|rörelse', not 'avtal|srörelse'.)
            found += [(d, first + fixed) for d, fixed in _nearest(index, head)]
    if not found:
        return []
    best = min(d for d, _ in found)
    words = tx.unique(w for d, w in found if d == best)
    return [_form(index, w, FUZZY_FACTOR, word) for w in words[:4]]


def _nearest(index: Index, part: str) -> list[tuple[int, str]]:
    """Vocabulary words and compound parts within the edit budget of a misspelt part."""
    budget = tx.fuzzy_budget(part)
    if budget == 0:
        return []
    return [(d, w) for d, w in _within(tx.fold(part), index.folded, budget, 10) if d > 0]


# (quality, how, matched unit word(s), their positions, share of the query word covered,
#  parts of the query word found here when only some are, share of each of those unit
#  words that the query word accounts for: 'budget' is half of 'detaljbudget', how the
#  query word's head is named here (see HEAD_*), and the query word or those of its parts
#  that stand here as words of their own, not only inside another compound: 'semester'
#  in 'semesterersättning' says what kind of ersättning it is)
class MatchInfo(NamedTuple):
    """How one reading of a query word matches one unit (see the comment above)."""

    quality: float
    how: str
    matched: str  # the unit word(s), as written
    positions: tuple[int, ...]
    cover: float
    found_parts: tuple[str, ...]
    shares: tuple[float, ...]
    head_level: int
    named: tuple[str, ...]


NO_MATCH = MatchInfo(0.0, "", "", (), 0.0, (), (), 0, ())
# How a match names the head of the query word (its last part, for a compound).
HEAD_NAMED = 3  # the word itself, its stem or lemma, the whole compound, or a first part
HEAD_INSIDE = 2  # the head of another, differently specified compound ('miljö|manual')
HEAD_SYNONYM = 1  # only through the thesaurus ('kontrakt' as 'avtal')
HEAD_ABSENT = 0  # only other parts of the compound
_WHOLE = ("exakt", "stam", "lemma", "sammansättning")


def _match(form: Form, unit: Unit) -> MatchInfo:
    """How one reading of a query word matches one unit (see MatchInfo)."""
    best = NO_MATCH
    for j, (norm, stem, lemma, head, others) in enumerate(unit.words):
        if form.word == norm:
            how = "exakt"
        elif form.stem == stem and form.lemma == lemma:
            how = "stam"
        elif form.lemma == lemma:
            how = "lemma"
        elif form.lemma == head:
            how = "huvudled"
        elif form.lemma in others:
            how = "förled"
        else:
            continue
        quality = QUALITY[how]
        if quality > best.quality:
            share = 1.0 if how in ("exakt", "stam", "lemma") else 1.0 / (1 + len(others))
            level = HEAD_INSIDE if how == "huvudled" else HEAD_NAMED
            best = MatchInfo(quality, how, norm, (j,), 1.0, (), (share,), level,
                             () if how == "förled" else (form.lemma,))
    if form.parts and best.quality < QUALITY["sammansättning"]:
        found: dict[str, int] = {}
        role: dict[str, int] = {}  # 0: a word here, 1: a word's head, 2: a first part
        for j, (_, _, lemma, head, others) in enumerate(unit.words):
            for n, key in enumerate((lemma, head, *others)):
                if key in form.parts:
                    found.setdefault(key, j)
                    role[key] = min(role.get(key, 2), min(n, 2))
        if found:
            share = len(found) / len(set(form.parts))
            # All parts are the compound only when each first part is a word here or is
            # in the head's word: in 'sammanträdeshandlingar och protokoll' 'sammanträde'
            # says which handlingar, not which protokoll.
            at_head = found.get(form.parts[-1])
            # A description or comment is long: its words make the compound only when
            # they stand together as a phrase ('faktura från leverantör'), not anywhere
            # in one sentence ('… fullmäktiges budget … RS beslutar …' is no budgetbeslut).
            near = unit.field in NAMING_FIELDS or \
                max(found.values()) - min(found.values()) <= WRITTEN_OUT_SPAN
            whole = share == 1.0 and near and all(
                role[p] == 0 or found[p] == at_head or
                _same_family(unit.words[found[p]][3], form.parts[-1]) or
                _made_of(unit.words[found[p]], form.parts)
                for p in form.parts[:-1])
            how = "sammansättning" if whole else "delvis"
            quality = QUALITY["sammansättning"] if whole else QUALITY["delvis"] * share
            if whole and _narrower(unit.words, set(found.values()), form):
                # All of it inside one word that says more ('kommunikationsplan' in
                # 'kriskommunikationsplan'): a narrower type, as 'manual' in 'miljömanual'.
                how, quality = "huvudled", QUALITY["huvudled"]
            if quality > best.quality:
                positions = tuple(sorted(set(found.values())))
                matched = " ".join(unit.words[j][0] for j in positions)
                head_role = role.get(form.parts[-1])
                level = HEAD_INSIDE if how == "huvudled" else \
                    HEAD_NAMED if whole or head_role in (0, 2) else \
                    HEAD_INSIDE if head_role == 1 else HEAD_ABSENT
                # A partial cover is reckoned per process over all its units (_score).
                best = MatchInfo(quality, how, matched, positions,
                        1.0 if whole else 0.0,
                        () if whole else tuple(found),
                        tuple(_word_share(unit.words[j], form.parts) for j in positions),
                        level, form.parts if whole else tuple(p for p in found if role[p] == 0))
    if best.quality and form.synonym_of:
        # A compound read with a synonym for one part ('hyres|kontrakt' as 'hyresavtal')
        # and found whole names the query's own other part with it.
        level = HEAD_NAMED if form.parts and best.how in _WHOLE else HEAD_SYNONYM
        best = best._replace(quality=best.quality * form.factor, how="synonym",
                             cover=best.cover * SYNONYM_COVER,
                             head_level=min(level, best.head_level) if best.head_level
                             else HEAD_ABSENT)
    elif best.quality and form.factor < 1.0:
        if not form.parts and best.how not in _WHOLE:
            # A guessed word is only a guess as a word of its own, not inside another
            # ('grannen' read as 'gränsen' is not in 'tidsbegränsad').
            return NO_MATCH
        best = best._replace(quality=best.quality * form.factor, how="felstavning")
    return best


def _narrower(words, positions: set[int], form: Form) -> bool:
    """Whether a compound found whole in one word of the unit is that word's tail, the
    word saying more in front: 'kommunikationsplan' in 'kriskommunikationsplan' is a
    narrower type, as 'manual' in 'miljömanual'. ('krisplan' in 'kriskommunikationsplan'
    or 'arbetsintyg' in 'arbetsgivarintyg' are not tails: they stay whole.)"""
    if len(positions) != 1:
        return False
    norm, stem, *_ = words[next(iter(positions))]
    return (len(norm) > len(form.word) and norm.endswith(form.word)) or \
        (len(stem) > len(form.stem) and stem.endswith(form.stem))


def _made_of(keys, parts: tuple[str, ...]) -> bool:
    """Whether a unit word is made of the query word's parts alone: 'ledningsgrupp' of
    'ledningsgrupp|s|möte' (in 'mötesanteckning från ledningsgrupp')."""
    return bool(keys[3]) and keys[3] in parts and all(k in parts for k in keys[4])


def _same_family(head: str, key: str) -> bool:
    """Heads of one word family: 'upphandl' (of 'direktupphandla') and 'upphandling'."""
    return len(head) >= 4 and (key.startswith(head) or head.startswith(key))


def _word_share(keys, parts: tuple[str, ...]) -> float:
    """The share of a unit word that some of a query word's parts account for."""
    _, _, lemma, head, others = keys
    if lemma in parts or not head:
        return 1.0
    return sum(1 for key in (head, *others) if key in parts) / (1 + len(others))


class _DocScore:
    __slots__ = ("units",)

    def __init__(self, units: dict[int, dict[int, MatchInfo]] | None = None) -> None:
        self.units: dict[int, dict[int, MatchInfo]] = units or {}  # unit → word → match



def search(index: Index, query: str, on: dt.date | None = None, limit: int | None = 10,
           include_removed: bool = False, words: list[QueryWord] | None = None) -> list[Hit]:
    """Processes matching a query, best first. Only those in force on `on` (default
    today) unless `include_removed`, which lists the others after them, marked.
    `words`: the query as `analyse` read it, when the caller has it already."""
    from vgrklass.dates import today

    on = on or today()
    words = analyse(index, query) if words is None else words
    return expand(index, strict_groups(index, words, on, include_removed), limit)


def strict_groups(index: Index, words: list[QueryWord], on: dt.date,
                  include_removed: bool = False, view: View | None = None) -> list[Group]:
    """`search`'s hits, one per twin standing (see twins.py), best first."""
    if not words:
        return []
    view = view or View(index, on)
    total = sum(w.weight for w in words)
    sole = _sole_type_doc(index, words, view, include_removed)
    scores: dict[int, _DocScore] = {}
    for i, word in enumerate(words):
        for form in word.forms:
            keys = (form.lemma, *form.parts)
            candidates = list({u for key in keys for u in index.postings.get(key, ())})
            units = index.units_of(candidates)
            view.prepare(u.doc for u in units)
            for number, unit in zip(candidates, units, strict=True):
                found = None
                for standing in view.of(unit.doc):
                    if not include_removed and not standing.in_force:
                        continue
                    if number in standing.blocked:
                        continue  # what a removed process's comment said no longer holds
                    if found is None:
                        found = _match(form, unit)
                    if not found.quality:
                        break
                    entry = scores.setdefault(standing.key, _DocScore())
                    previous = entry.units.setdefault(number, {}).get(i)
                    if previous is None or found.quality > previous.quality:
                        entry.units[number][i] = found
    groups = [group for key, entry in scores.items()
              if (group := _score(index, view.standing(key), entry, words, total,
                                  key == sole)) is not None]
    if not groups:
        return []
    top = max(g.hit.parts["relevance"] for g in groups)
    widest = max(g.hit.parts["coverage"] for g in groups)
    groups = [g for g in groups if g.hit.parts["relevance"] >= RELATIVE_CUTOFF * top and
              g.hit.parts["coverage"] >= RELATIVE_COVERAGE * widest]
    # With the history, processes in force come first whatever their score (docs/find.md):
    # a registrar filing today must not pick a removed one because it matched better.
    groups.sort(key=lambda g: (not g.hit.in_force, -g.hit.score, g.standing.members[0]))
    return groups


def _sole_type_doc(index: Index, words: list[QueryWord], view: View,
                   include_removed: bool) -> int | None:
    """The standing of the one process whose examples name the query's head as written
    (as a word or as a compound's head), if only one does: a document type that points
    to one process. 'klagomål' is only 1.9's; 'inbjudan' and 'handbok' are several
    processes'."""
    head = next((w for w in words if w.head), None)
    if head is None or head.fuzzy:
        return None
    key = head.forms[0].lemma
    units = index.units_of(index.postings.get(key, ()))
    firsts = {u.doc for u in units if u.field in TYPE_FIELDS and
              any(key in (w[2], w[3]) for w in u.words)}
    view.prepare(firsts)
    standings = [s for d in firsts for s in view.of(d) if include_removed or s.in_force]
    if sum(len(s.members) for s in standings) != 1:
        return None
    standing = standings[0]
    # ... as a document type there: an example's first word ('leverantör' in 'intyg för
    # kontroll av leverantör' is not one).
    typed = any(u.doc == standing.doc and u.field in TYPE_FIELDS and key in u.words[0][2:4]
                for u in units)
    return standing.key if typed else None


def _head_evidence(index: Index, entry: _DocScore, words: list[QueryWord]) -> bool | None:
    """Whether the process has evidence for the query's head noun: True when the head is
    named well enough for the process to be a hit (or no word is the head); False when
    it cannot be one; None when the head is a document type the process does not name
    but may still have (see below).

    The head named itself (the word, its stem, a typo of it, the whole compound) is
    evidence. Named only as the head of another compound ('manual' in 'miljömanual') or
    through a synonym ('kontrakt' as 'avtal'), it is not when the query also has a
    word the structure does not know: that word says the query is about something else.
    A synonym also needs another word of the query found in the process. Not named at
    all, a head that is a document type of the structure ('protokoll', 'specifikation')
    still allows a process that names another word of the query as a word of its own
    (not only as the first part of another compound: 'semester' in
    'semesterersättning' is about an ersättning)."""
    h = next((i for i, w in enumerate(words) if w.head), None)
    if h is None:
        return True
    head = words[h]
    level = HEAD_ABSENT
    other_found = other_as_word = False
    for matches in entry.units.values():
        for i, m in matches.items():
            if i == h:
                level = max(level, m.head_level)
                if m.head_level == HEAD_ABSENT:
                    other_found = True  # another part of the head compound
                    other_as_word = other_as_word or bool(m.named)
            else:
                other_found = True
                other_as_word = other_as_word or bool(m.named)
    if level == HEAD_NAMED:
        return True
    form = head.forms[0]
    unknown = any(not w.known for w in words if w is not head) or (
        bool(form.parts) and not all(p in index.postings for p in form.parts))
    if level == HEAD_INSIDE:
        return not unknown
    if level == HEAD_SYNONYM:
        return not unknown and (other_found or len(words) == 1)
    is_type = any(f.type_head if f.parts else _is_type(index, f.lemma) for f in head.forms)
    return None if is_type and other_as_word else False


@dataclass
class _Tally:
    """What one process's units say of each query word: the best field-weighted quality,
    cover and unit per word, title matches, phrase scores, and the parts of compound
    query words found in different units ('semester' in one sentence, 'ansökan' in an
    example), which together cover the word more weakly."""

    weighted: list[float]
    cover: list[float]
    unit: list[int | None]
    in_title: list[float]
    phrase: float = 0.0
    positive_phrase: float = 0.0
    away_phrase: float = 0.0
    spread: dict[int, tuple[set[str], list[float], list[int]]] = field(default_factory=dict)
    spread_named: dict[int, set[str]] = field(default_factory=dict)  # parts named as words
    spread_naming: dict[int, set[str]] = field(default_factory=dict)  # ... in naming fields
    extra_units: list[int] = field(default_factory=list)


def _score(index: Index, standing: Standing, entry: _DocScore, words: list[QueryWord],
           total: float, sole: bool = False) -> Group | None:
    """A process (a standing of twins) as a hit for the query, or None when it is not one
    (see the module doc). Stages: the head noun's evidence, the tally of its units,
    compounds spread over units, coverage and the gates, relevance and penalties."""
    doc = index.docs[standing.doc]
    entry = _DocScore({n: _paraphrased_compounds(m) for n, m in entry.units.items()})
    evidence = _head_evidence(index, entry, words)
    if evidence is False:
        return None
    # An unmatched qualifier costs less coverage (weight), a matched one ranks in full:
    # it says which of the processes with the head is meant.
    rank_weights = [w.weight / QUALIFIER_WEIGHT if w.qualifier else w.weight for w in words]
    tally = _tally(index, entry, rank_weights)
    _cover_spread_compounds(tally, words)
    if evidence is None:
        # The head is a document type this process calls otherwise ('protokoll' where
        # it has 'mötesanteckning från ledningsgrupp'): it counts in part, as the type
        # head of a compound does.
        for i, w in enumerate(words):
            if w.head and not w.forms[0].parts:
                tally.cover[i] = max(tally.cover[i], TYPE_HEAD_CREDIT)
    coverage = sum(w.weight * q for w, q in zip(words, tally.cover, strict=True)) / total
    if not _passes(entry, words, tally, coverage, sole):
        return None
    for i, number in enumerate(tally.unit):
        if tally.in_title[i] and number is not None and index.units[number].field != "title":
            tally.weighted[i] += TITLE_SUPPORT * tally.in_title[i]
    base = sum(w * b for w, b in zip(rank_weights, tally.weighted, strict=True)) / \
        sum(rank_weights)
    relevance = (base + tally.phrase) * coverage
    if relevance < MIN_SCORE:
        return None
    penalty = 1.0
    if tally.away_phrase >= max(tally.positive_phrase, 0.25):
        penalty *= AWAY_PENALTY
    in_force = standing.in_force
    if not in_force:
        penalty *= HISTORY_PENALTY
    matched, numbers = _evidence(index, entry, words, tally.unit + tally.extra_units,
                                 penalty < 1.0 and tally.away_phrase > 0)
    parts = {"relevance": relevance, "base": base, "phrase": tally.phrase,
             "coverage": coverage, "penalty": penalty}
    return Group(Hit(doc.code, doc.kind, doc.title, relevance * penalty, matched, in_force,
                     doc.removed, doc.removal_word if doc.removed else None, parts),
                 standing, numbers)


def _tally(index: Index, entry: _DocScore, rank_weights: list[float]) -> _Tally:
    """Each query word's best match over the process's units, weighted by field, and
    the phrase scores (how much of a unit the whole query covers)."""
    n = len(rank_weights)
    rank_total = sum(rank_weights)
    tally = _Tally([0.0] * n, [0.0] * n, [None] * n, [0.0] * n)
    for number, matches in entry.units.items():
        unit = index.units[number]
        shares: dict[int, float] = {}
        for m in matches.values():
            for j, share in zip(m.positions, m.shares, strict=True):
                shares[j] = max(shares.get(j, 0.0), share)
        unit_cover = min(1.0, sum(shares.values()) / (unit.size or len(unit.words)))
        quality = sum(rank_weights[i] * m.quality for i, m in matches.items()) / rank_total
        unit_phrase = quality * quality * unit_cover
        if unit.field == "away":
            # "Underlag till budget hanteras i P 2.4.1" sends away underlag, not budget:
            # only a query that names the subject's head (its first word) is sent away.
            if 0 in shares:
                tally.away_phrase = max(tally.away_phrase, unit_phrase)
            continue
        weight = FIELD_WEIGHTS[unit.field]
        tally.positive_phrase = max(tally.positive_phrase, unit_phrase)
        tally.phrase = max(tally.phrase, weight * unit_phrase)
        for i, m in matches.items():
            if unit.field == "title":
                tally.in_title[i] = max(tally.in_title[i], weight * m.quality)
            if weight * m.quality > tally.weighted[i]:
                tally.weighted[i] = weight * m.quality
                tally.unit[i] = number
            tally.cover[i] = max(tally.cover[i], m.cover)
            if m.found_parts:
                found, weights, numbers = tally.spread.setdefault(i, (set(), [], []))
                found.update(m.found_parts)
                tally.spread_named.setdefault(i, set()).update(m.named)
                if unit.field in NAMING_FIELDS:
                    tally.spread_naming.setdefault(i, set()).update(m.named)
                weights.append(weight)
                numbers.append(number)
    return tally


def _cover_spread_compounds(tally: _Tally, words: list[QueryWord]) -> None:
    """A compound query word whose parts are in different units covers in proportion to
    the parts found; every part named as a word of the process ('protokoll' and
    'sammanträde' in 1.1's examples) is the compound written out over its examples, as
    good as the compound and better than a synonym of it."""
    for i, (found, weights, numbers) in tally.spread.items():
        if tally.cover[i] >= 1.0:
            continue
        share = max(_part_share(f, found) * (SYNONYM_COVER if f.synonym_of else 1.0)
                    for f in words[i].forms)
        # The head is the document type: written out over the process only where the
        # process names its documents (not 'utveckling' in a comment and 'förslag' in an
        # example for 'utvecklingsförslag'). What it is about may stand anywhere.
        named = tally.spread_naming.get(i, set()) if words[i].head else tally.spread_named[i]
        spelt = any(f.parts and set(f.parts) <= named and not f.synonym_of
                    for f in words[i].forms)
        cover = 1.0 if spelt else SPREAD_COVER * share
        if cover > tally.cover[i]:
            tally.cover[i] = cover
            quality = QUALITY["sammansättning"] if spelt else QUALITY["delvis"] * share
            tally.weighted[i] = max(tally.weighted[i], quality * max(weights))
            # Evidence: the units in the weightiest fields, not every sentence with 'lön'.
            ranked = sorted(zip(weights, numbers, strict=True), key=lambda wn: -wn[0])
            tally.extra_units += [number for _, number in ranked[:2]]


def _passes(entry: _DocScore, words: list[QueryWord], tally: _Tally, coverage: float,
            sole: bool) -> bool:
    """The gates: enough of the query covered, unless the head is a document type of
    this process alone (then the other words only rank: 'klagomål på bemötande' is a
    klagomål, 1.9's type); and not misspelt short words alone."""
    named = sole and any(words[i].head and words[i].forms[0].lemma == tx.lemma(m.matched)
                         for matches in entry.units.values() for i, m in matches.items())
    if coverage < MIN_COVERAGE and not named:
        return False
    matched_words = [w for w, q in zip(words, tally.cover, strict=True) if q > 0]
    return not (all(w.fuzzy for w in matched_words) and
                max(len(w.text) for w in matched_words) < MIN_FUZZY_ONLY)


def _paraphrased_compounds(matches: dict[int, MatchInfo]) -> dict[int, MatchInfo]:
    """Query words that are the head and a first part of one word of the unit ('inbjudan
    till kurs' in 'kursinbjudan', 'faktura från leverantör' in 'leverantörsfaktura') are
    that compound written out: each matches as the compound, and together the whole word."""
    heads = {m.positions[0] for m in matches.values() if m.how == "huvudled"}
    both = heads & {m.positions[0] for m in matches.values() if m.how == "förled"}
    if not both:
        return matches
    quality = QUALITY["sammansättning"]
    return {i: m._replace(quality=max(m.quality, quality), how="sammansättning", shares=(1.0,),
                          head_level=HEAD_NAMED, named=(m.matched,))
            if m.how in ("huvudled", "förled") and m.positions[0] in both else m
            for i, m in matches.items()}


def _evidence(index: Index, entry: _DocScore, words: list[QueryWord],
              best_unit: list[int | None], sent_away: bool
              ) -> tuple[tuple[Match, ...], tuple[int, ...]]:
    """The matches shown for a hit, and the unit each comes from."""
    chosen = [n for n in dict.fromkeys(best_unit) if n is not None]
    away = [n for n, m in entry.units.items() if index.units[n].field == "away"] \
        if sent_away else []
    out = []
    for number in chosen + away:
        unit = index.units[number]
        matches = entry.units[number]
        triples = tuple((words[i].text, m.matched, m.how) for i, m in sorted(matches.items()))
        out.append((Match(unit.field, unit.text, triples, unit.other), number))
    out.sort(key=lambda pair: -FIELD_WEIGHTS[pair[0].field])
    return tuple(m for m, _ in out), tuple(n for _, n in out)
