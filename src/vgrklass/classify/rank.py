"""Ranking: every process in force scored against the document's terms, best first.

Per process: its words against the document's (BM25 style, by zone and field), its
examples as document types (the best in the title block and the best in the body count
fully, further ones a little), the knowledge layer's reading of the title's type and of
what a reply answers (genre.py), the sender a process is restricted to, and the body's
share saturated so that a long document's sections cannot outvote its title.
Then confidence: close scores, a title whose subject belongs to a runner-up, or a
document type that does not single out the best make the answer uncertain.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import NamedTuple

from vgrklass.classify.genre import (
    Case,
    names_reply,
    reply_case,
    state_mark,
    state_scoped,
)
from vgrklass.classify.known import KnownType, known_types
from vgrklass.classify.layout import (
    EXAMPLE_WEIGHT,
    TYPE_IN_HEADING,
    TYPE_IN_SUBJECT,
    TYPE_IN_TITLE,
)
from vgrklass.classify.profiles import (
    FIELD_WEIGHTS,
    ORGAN_KINDS,
    ORGANS,
    Example,
    Profile,
    Profiles,
    Ranking,
    load_profiles,
    specific,
)
from vgrklass.classify.results import Classification, Evidence, Hit
from vgrklass.classify.terms import ORGAN_WEIGHT, DocumentTerms, Place, document_terms
from vgrklass.extract import Document
from vgrklass.search import text as sv
from vgrklass.structure import Structure

LENGTH_B = 0.5  # BM25 length normalisation: long fields match more words by chance
OTHER_EXAMPLES = 0.25  # further matched examples of the same process add this share
MIN_EXAMPLE_COVERAGE = 0.5  # an example less than half matched (by weight) is no signal
HEAD_ONLY = 0.5  # a document's compound matching a type by its head, its kind unnamed
OTHER_KIND = 0.75  # … its kind named by the structure, but not by this process
SIBLING_ORGAN = 0.75  # the title's organ is of the kind the process names, not the same one
PARTS_ONLY = 0.6  # an example's compound found only as separate parts in the document
AWAY_FACTOR = 0.5  # the process's own comment sends this document type elsewhere
# A process whose texts restrict it to documents from the state or the EU, for a document
# that names neither (genre.py): it may still be one, unsaid, so it is not ruled out.
SCOPE_UNMET = 0.5
# A reply's title names what it answers in its subject ('Yttrande över förslag till
# regional utvecklingsplan'): a document type there is the reply's topic, not its type.
REPLY_SUBJECT = 0.5
CLOSE_RATIO = 0.85  # second/first at or above this: uncertain
SUBJECT_SHARE = 0.5  # the best matches less of the title's subject than this share of …
CONTENDERS = 3  # … one of the runners-up: uncertain
TYPE_DECIDES = 1.25  # the best's title type must be this much stronger than a runner-up's …
SHARED_RATIO = 0.6  # … or the runner-up's score below this share of the best
MIN_SCORE = 2.0  # below this the best process is no suggestion at all
MAX_EVIDENCE = 6
MIN_EVIDENCE_SHARE = 0.1  # weaker pieces than this share of the strongest are noise


def classify(document: Document, structure: Structure, on: dt.date, limit: int = 3,
             profiles: Profiles | None = None) -> Classification:
    """The processes in force on `on` that best fit the document, best first. Which and
    how confident does not depend on `limit`, only how many are returned."""
    profiles = profiles or load_profiles(structure)
    terms = document_terms(document, profiles)
    reading = read_beyond_words(document, terms, profiles, on)
    ranked, total, scoped = _ranked(profiles, terms, reading, on, max(limit, 1, CONTENDERS))
    if not ranked or -ranked[0][0] < MIN_SCORE:
        return Classification(document.name, (), False, None)
    processes = profiles.processes
    contenders = [processes[order].code for _, order, _ in ranked[:CONTENDERS]]
    scores = {processes[order].code: got for _, order, got in ranked[:CONTENDERS]}
    hits = [Hit(processes[order].code, processes[order].title, got.score, got.evidence)
            for _, order, got in ranked]
    ratio = hits[1].score / hits[0].score if len(hits) > 1 else None
    subject_of = subject_disagrees(contenders, {c: s.subject for c, s in scores.items()})
    doubt = ("close" if ratio is not None and ratio >= CLOSE_RATIO else
             "subject" if subject_of is not None else
             type_doubt(contenders, {c: s.type for c, s in scores.items()}, ratio))
    doubt, other = (doubt, None) if doubt else _genre_doubt(reading, scoped, hits, processes)
    return Classification(document.name, tuple(hits[:max(limit, 1)]), not doubt, ratio,
                          subject_of, total, hits[1].code if len(hits) > 1 else None,
                          doubt, other)


Ranked = tuple[float, int, "Scored"]  # minus the score, the process's number, its score


class Reading(NamedTuple):
    """What the document says beyond its words, per process code where it differs."""

    known: dict[str, KnownType]  # the title's type read through the knowledge layer
    cases: dict[str, KnownType]  # … and what a reply answers (genre.py)
    case: Case | None  # what a reply answers, as the document says it
    unmet: frozenset[int]  # index docs restricted to senders the document does not name

    def of(self, code: str, doc: int) -> tuple[KnownType | None, KnownType | None, bool]:
        return self.known.get(code), self.cases.get(code), doc in self.unmet


def read_beyond_words(document: Document, terms: DocumentTerms, profiles: Profiles,
                      on: dt.date) -> Reading:
    """The knowledge layer's reading of the title's type, a reply's case (genre.py) and
    the processes whose senders the document does not name."""
    state = state_mark(document)
    case = reply_case(terms, profiles, state)
    return Reading(known_types(terms, profiles, on),
                   known_types(terms, profiles, on, case) if case is not None else {}, case,
                   frozenset() if state else state_scoped(profiles))


def _ranked(profiles: Profiles, terms: DocumentTerms, reading: Reading,
            on: dt.date, first: int) -> tuple[list[Ranked], int, Ranked | None]:
    """The `first` processes in force with a score above 0, best first (ties in the
    structure's order), how many there are in all, and the best of those restricted to
    senders the document does not name (reading.unmet), wherever it ranks.

    Only the twin groups that can score (see profiles.Ranking) are scored, each once per
    reading of its title's type by the knowledge layer, and of a group's processes with
    one score only the first `first` can be among the best: the same processes, scores
    and order as scoring every process, at a cost that grows with the different texts a
    document shares words with, not with the copies of them."""
    ranking = profiles.ranked()
    processes = profiles.processes
    in_force = profiles.in_force(on)
    by_code = profiles.index.by_code
    read: dict[int, tuple] = {}
    for code in {*reading.known, *reading.cases}:
        if code in by_code:
            member = by_code[code]
            read[member] = reading.of(code, processes[member].doc)
    readers: dict[int, set[int]] = defaultdict(set)  # group → its members known read
    for member in read:
        readers[ranking.group[member]].add(member)
    best: list[Ranked] = []
    total = 0
    for group in _candidates(profiles, ranking, terms, read):
        members = in_force[group]
        special = readers.get(group, ())
        plain = [m for m in members if m not in special] if special else members
        if plain:  # the members the knowledge layer has nothing for: one score
            got = _score(processes[plain[0]], terms, profiles,
                         (None, None, processes[plain[0]].doc in reading.unmet), reading.case)
            if got.score > 0:
                total += len(plain)
                best.extend((-got.score, m, got) for m in plain[:first])
        done: dict[tuple, Scored] = {}
        for member in sorted(special):
            if member not in members:  # not in force
                continue
            mine = read[member]
            got = done.get(mine)
            if got is None:
                got = done[mine] = _score(processes[member], terms, profiles, mine,
                                          reading.case)
            if got.score > 0:
                total += 1
                best.append((-got.score, member, got))
    best.sort(key=_rank_key)
    unmet = reading.unmet
    scoped = next((item for item in best if processes[item[1]].doc in unmet), None)
    return best[:first], total, scoped


def _rank_key(item: Ranked) -> tuple[float, int]:
    return item[0], item[1]


def _candidates(profiles: Profiles, ranking: Ranking, terms: DocumentTerms,
                read: dict[int, tuple]) -> set[int]:
    """The twin groups that can score for the document: those with a term it has, those
    the knowledge layer read its title's type (or a reply's case) into, and those naming
    an organ of the kind its title names (rank._author_gains)."""
    postings = ranking.postings
    found: set[int] = set()
    for words in (terms.weight, terms.body):
        for term in words:
            groups = postings.get(term)
            if groups is not None:
                found |= groups
    found.update(ranking.group[member] for member in read)
    kinds = {ORGAN_KINDS[organ] for organ in terms.authors}
    for organ, kind in ORGAN_KINDS.items():
        if kind in kinds:
            found |= postings.get(organ, frozenset())
    return found


def _genre_doubt(reading: Reading, scoped: Ranked | None, hits: list[Hit],
                 processes: tuple[Profile, ...]) -> tuple[str, str | None]:
    """Whether a confident best rests on a reading of the reply's genre that the
    registrar should check, and the process it would otherwise be (genre.py):

    - 'case': another process answers the reply's case as well or better (a remiss
      from the state: 5.4 answers the state's remisser, 1.8 everyone's);
    - 'sender': the best leads because the document names no sender from the state;
      had the state sent it unsaid, the process for the state's documents would be as
      good."""
    best = hits[0].code
    if best in reading.cases:
        mine = reading.cases[best].gain
        rival = max(((k.gain, code) for code, k in reading.cases.items() if code != best),
                    default=None)
        if rival is not None and mine < TYPE_DECIDES * rival[0]:
            return "case", rival[1]
    if scoped is not None and processes[scoped[1]].code != best and \
            -scoped[0] / SCOPE_UNMET >= CLOSE_RATIO * hits[0].score:
        return "sender", processes[scoped[1]].code
    return "", None


def type_doubt(ranked: list[str], types: dict[str, float], ratio: float | None) -> str:
    """Whether the document's type backs the best process: '' when the title or first
    lines name one of its document types better than they name a runner-up's (or, when
    the runners-up share that type, 'Remissvar …' in four processes, the rest of the
    evidence puts the best far ahead: `SHARED_RATIO`); 'no_type' when they name none of
    its types (a topical guess is never confident); 'shared_type' when a runner-up's
    type is named as well or better."""
    best, *others = ranked
    mine = types.get(best, 0.0)
    if mine <= 0:
        return "no_type"
    rival = max((types.get(code, 0.0) for code in others), default=0.0)
    if mine >= TYPE_DECIDES * rival:
        return ""
    if mine >= rival / TYPE_DECIDES and ratio is not None and ratio < SHARED_RATIO:
        return ""  # a shared type; the rest of the evidence decides clearly
    return "shared_type"


def subject_disagrees(ranked: list[str], subjects: dict[str, float]) -> str | None:
    """The title names a document type of the best process and its subject belongs to a
    runner-up ('Samverkansavtal om hälso- och sjukvård …', where the samverkansavtal
    example sits in a process about the civil society and the second is about health
    care): the registrar has to decide, however far ahead the best is. Returns that
    runner-up, or None."""
    best, *others = ranked
    if not others:
        return None
    other = max(others, key=lambda code: subjects.get(code, 0.0))
    strongest = subjects.get(other, 0.0)
    if strongest > 0 and subjects.get(best, 0.0) < SUBJECT_SHARE * strongest:
        return other
    return None


class Scored(NamedTuple):
    score: float
    lead: float  # the part of it from the title and the first lines
    subject: float  # the part from the title's subject words
    type: float  # the part from a document type named in the title or first lines
    evidence: tuple[Evidence, ...]


class _Gains:
    """A process's evidence as it is added up: the title block's and the body's apart."""

    __slots__ = ("lead", "body", "subject", "type", "lead_evidence", "body_evidence")

    def __init__(self) -> None:
        self.lead = self.body = self.subject = self.type = 0.0
        self.lead_evidence: list[Evidence] = []
        self.body_evidence: list[Evidence] = []

    def add(self, gain: float, item: Evidence, in_lead: bool, subject: bool,
            shown: bool = True) -> None:
        if subject:
            self.subject += gain
        if in_lead:
            self.lead += gain
            if shown:
                self.lead_evidence.append(item)
        else:
            self.body += gain
            if shown:
                self.body_evidence.append(item)


def _score(profile: Profile, doc: DocumentTerms, profiles: Profiles,
           read: tuple[KnownType | None, KnownType | None, bool] = (None, None, False),
           case: Case | None = None) -> Scored:
    """How well a process fits the document, and why. `read`: the knowledge layer's
    reading of the title's type and of a reply's case for it, and whether the process is
    restricted to senders the document does not name."""
    known, in_case, unmet = read
    gains = _Gains()
    _word_gains(profile, doc, profiles, gains)
    matches = sorted(((_example_match(e, doc, profiles), e) for e in profile.examples),
                     key=lambda m: -m[0].gain)
    positive = _best_readings([(m, e) for m, e in matches if m.gain > 0 and e.field != "away"])
    _type_gains(profile, positive, doc, known, gains, case)
    _case_gains(in_case, gains)
    _author_gains(profile, doc, profiles, gains)
    scale = doc.body_scale
    saturated = scale * math.log1p(gains.body / scale) if gains.body else 0.0
    shrink = saturated / gains.body if gains.body else 1.0
    away = [m.gain for m, e in matches if e.field == "away" and m.coverage == 1.0]
    factor = SCOPE_UNMET if unmet else 1.0
    if away and away[0] >= (positive[0][0].gain if positive else 0.0):
        factor *= AWAY_FACTOR  # "X hanteras i P …": this process itself says it is elsewhere
    evidence = gains.lead_evidence + [
        Evidence(e.text, e.field, e.match, e.score * shrink, e.zone, e.line, e.via)
        for e in gains.body_evidence]
    return Scored((gains.lead + saturated) * factor, gains.lead * factor, gains.subject,
                  gains.type * factor, _best_evidence(evidence))


def _word_gains(profile: Profile, doc: DocumentTerms, profiles: Profiles,
                gains: _Gains) -> None:
    """Each of the process's words the document has, BM25 style: the document's weight
    for it (zone and frequency) times its rarity, its field's weight and its share."""
    index = profiles.index
    for name, weight in FIELD_WEIGHTS.items():
        field_terms = profile.fields[name]
        if not field_terms:
            continue
        average = profiles.average_length[name] or 1.0
        norm = 1 - LENGTH_B + LENGTH_B * profile.lengths[name] / average
        for term, (share, word) in field_terms.items():
            doc_weight = doc.weight.get(term)
            in_lead = doc_weight is not None
            if not in_lead:
                doc_weight = doc.body.get(term)
                if doc_weight is None:
                    continue
            gain = doc_weight * index.idf(term) * weight * share / norm
            if in_lead and name == "title" and term in doc.subject and term not in ORGANS:
                gain *= doc.subject_boost  # 'Riktlinje för informationssäkerhet'
            gains.add(gain, _evidence(doc, term, name, word, gain), in_lead,
                      in_lead and term in doc.subject)


def _type_gains(profile: Profile, positive: list, doc: DocumentTerms,
                known: KnownType | None, gains: _Gains, case: Case | None = None) -> None:
    """The process's examples the document names. The best counts fully, further ones a
    little; in the title block and in the body each, so that a type the body mentions
    cannot demote the one the title names. The knowledge layer's reading of the title's
    type counts instead of the best direct match when it is stronger, never on top.
    A reply that says what it answers is that kind of reply: the title's reply word
    matches a process that never names the case as another kind ('yttrande' in a
    process about court cases, for a yttrande över remiss)."""
    shown = {True: 0, False: 0}
    title_type = 0.0  # the best type match in the title block
    for match, example in positive:
        gain = match.gain
        in_lead = match.zone >= TYPE_IN_HEADING
        if case is not None and match.zone == TYPE_IN_SUBJECT:
            gain *= REPLY_SUBJECT
        if match.generic:
            gain *= HEAD_ONLY
        elif match.modifiers and not _mentions(profile, match.modifiers) or (
                case is not None and in_lead and names_reply(example)
                and not _mentions(profile, frozenset((case.lemma,)))):
            # A 'sammanträdesprotokoll' is a protokoll; more so of the process that
            # speaks of sammanträden than of one that lists protokoll among others.
            gain *= OTHER_KIND
        gain *= 1.0 if shown[in_lead] == 0 else OTHER_EXAMPLES
        if in_lead and shown[True] == 0:
            title_type = gain
            if not match.generic:
                gains.type = gain
        shown[in_lead] += 1
        item = Evidence(match.words, example.field, example.text, gain, match.place.zone,
                        match.place.line)
        # 'gallring' in the title's subject: a bevarande- och gallringsbeslut
        subject = any(k[2] in doc.subject or k[3] in doc.subject or doc.subject & set(k[4])
                      for k in example.words)
        gains.add(gain, item, in_lead, subject, shown[in_lead] <= 2)
    if known is not None and known.gain > title_type:
        gains.lead += known.gain - title_type
        gains.lead_evidence.append(known.evidence)
        if known.is_type:
            gains.type = known.gain


def _case_gains(case: KnownType | None, gains: _Gains) -> None:
    """What a reply answers, read through find: the document type of the reply's case
    (genre.py), on top of the reply's own type. A reply to a remiss belongs with the
    remisser, whatever its subject."""
    if case is None:
        return
    gains.lead += case.gain
    gains.lead_evidence.append(case.evidence)
    if case.is_type:
        gains.type = max(gains.type, case.gain)


def _best_readings(matches: list) -> list:
    """One match per example: the best of its readings (they come best first)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for m, example in matches:
        key = (example.text, example.field)
        if key not in seen:
            seen.add(key)
            out.append((m, example))
    return out


def _evidence(doc: DocumentTerms, term: str, field_name: str, word: str,
              gain: float) -> Evidence:
    where = doc.place.get(term)
    return Evidence(doc.surface[term], field_name, word, gain,
                    where.zone if where else "", where.line if where else "")


class TypeMatch(NamedTuple):
    gain: float
    words: str  # the document's words that matched
    coverage: float
    zone: float  # the weakest zone's type weight it was found in
    place: Place
    # The first parts of the document's compounds whose head alone matched the example's
    # head ('servering' of 'serveringstillstånd' for the example 'tillstånd').
    modifiers: frozenset[str] = frozenset()
    # … and no process uses them: the structure never names that kind of tillstånd (it
    # counts HEAD_ONLY, and as no type for confidence).
    generic: bool = False


_NO_MATCH = TypeMatch(0.0, "", 0.0, 0.0, Place("", ""))


def _example_match(example: Example, doc: DocumentTerms, profiles: Profiles) -> TypeMatch:
    """How strongly the document names this document type, and where.

    A word of the example is found as the same word (any inflection), as the head of a
    document's compound (example 'faktura', document 'leverantörsfaktura'), or, for a
    compound, as its parts near each other on one line with the head a word of its own
    ('arbetsmiljörondsprotokoll' as 'protokoll från arbetsmiljörond'). The example counts
    in the weakest zone it was found in. An example with a qualifier ('beslut om
    överlämnande av …') must find the qualifier's rarest word: else it is just a 'beslut'.
    """
    index = profiles.index
    wanted = found = 0.0
    zone = TYPE_IN_TITLE
    words: list[str] = []
    head_found = not any(keys[0] in example.heads for keys in example.words)
    rarest, rarest_idf, rarest_found = "", -1.0, False
    place: Place | None = None
    modifiers: set[str] = set()
    for word, _, lemma, head, others in example.words:
        if lemma in profiles.boilerplate:
            continue
        weight = index.idf(lemma)
        wanted += weight
        if word in example.qualifier and weight > rarest_idf:
            rarest, rarest_idf, rarest_found = word, weight, False
        where = max(doc.whole.get(lemma, 0.0), doc.head.get(lemma, 0.0))
        apart, group, parts = 0.0, -1, ()
        if head and where < TYPE_IN_TITLE and (head in doc.whole or head in doc.head):
            # Written apart, perhaps in a better place: 'Beslut om gallring' in the title
            # names a gallringsbeslut, even where the body writes the word itself.
            apart, group, parts = doc.near(head, others, index.synonyms)
        if apart > where:
            where = apart
            words.extend(doc.surface.get(p, p) for p in (*parts, head))
            place = place or doc.groups.get(group) or doc.place.get(head)
            # Each part is a word of the document: a compound naming more of it is more
            # specific ('arbetsmiljörondsprotokoll' beats 'protokoll'), but the parts may
            # belong to different words, so they count a little less.
            weight = max(weight, PARTS_ONLY * sum(index.idf(p) for p in (head, *others)))
        elif where:
            words.append(doc.surface.get(lemma, lemma))
            place = place or doc.place.get(lemma)
            if word in example.heads and doc.head.get(lemma, 0.0) > doc.whole.get(lemma, 0.0):
                modifiers |= doc.modifiers.get(lemma, set())
        else:
            continue
        zone = min(zone, where)
        found += weight
        head_found = head_found or word in example.heads
        if word == rarest:
            rarest_found = True
    if not head_found or not wanted or found / wanted < MIN_EXAMPLE_COVERAGE:
        return _NO_MATCH
    if rarest and not rarest_found:
        return _NO_MATCH
    coverage = min(found / wanted, 1.0)
    # A type many processes list ('protokoll', 'riktlinje') says less about which one than
    # its rarity alone tells: its subject and author have to decide.
    return TypeMatch(EXAMPLE_WEIGHT * zone * found * coverage * specific(example.spread),
                     " ".join(sv.unique(words)), coverage, zone, place or _NO_MATCH.place,
                     frozenset(modifiers),
                     bool(modifiers) and not any(m in index.doc_freq for m in modifiers))


def _author_gains(profile: Profile, doc: DocumentTerms, profiles: Profiles,
                  gains: _Gains) -> None:
    """An organ named in the title that the process's document types name as theirs
    ('mötesanteckning från ledningsgrupp', 'kallelse till sammanträde i styrelse'): the
    documents of that author are filed here. It counts like a document type named in the
    title, at ORGAN_WEIGHT, less the more processes name such an organ, and less for an
    organ of the same kind (a fullmäktige's minutes where the process names nämnder and
    styrelser: SIBLING_ORGAN)."""
    best: dict[str, tuple[float, Evidence]] = {}  # kind → the strongest
    for organ, word in doc.authors.items():
        kind = ORGAN_KINDS[organ]
        siblings = [organ, *(o for o, k in ORGAN_KINDS.items() if k == kind and o != organ)]
        found = next(((o, w) for o in siblings if (w := _type_word(profile, o))), None)
        if found is None:
            continue
        factor = 1.0 if found[0] == organ else SIBLING_ORGAN
        gain = EXAMPLE_WEIGHT * ORGAN_WEIGHT * profiles.index.idf(found[0]) * factor * \
            specific(profiles.authors.get(kind, 1))
        place = doc.place.get(organ)
        item = Evidence(word, "examples", found[1], gain, place.zone if place else "",
                        place.line if place else "")
        if gain > best.get(kind, (0.0,))[0]:
            best[kind] = (gain, item)
    for gain, item in best.values():
        gains.add(gain, item, True, False)


def _type_word(profile: Profile, term: str) -> str:
    """The process's word for a term found in its document types (examples, sökord)."""
    for name in ("examples", "sokord"):
        hit = profile.fields[name].get(term)
        if hit:
            return hit[1]
    return ""


def _mentions(profile: Profile, terms: frozenset[str]) -> bool:
    """Whether any of the terms is a word (or a part of one) of the process's texts."""
    return any(t in field_terms for field_terms in profile.fields.values() for t in terms)


def _best_evidence(evidence: list[Evidence]) -> tuple[Evidence, ...]:
    """The strongest pieces, one per document word (an example match per example)."""
    seen: set[str] = set()
    best: list[Evidence] = []
    for item in sorted(evidence, key=lambda e: -e.score):
        if best and item.score < MIN_EVIDENCE_SHARE * best[0].score:
            break
        key = item.match if item.field in ("examples", "reference") and " " in item.text \
            else item.text
        if key in seen:
            continue
        seen.add(key)
        best.append(item)
        if len(best) == MAX_EVIDENCE:
            break
    return tuple(best)
