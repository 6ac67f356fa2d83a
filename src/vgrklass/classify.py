"""Suggest the process for a whole document, with the words that led there.

A document is not a query: it has hundreds of words, most of them boilerplate. The
ranking therefore leans on what a registrar looks at first:

* **Zones.** Words in the title weigh most, then headings and the first lines (where
  letterheads name the document type: "Kallelse", "Protokoll", "FAKTURA"), then the body.
* **Document types.** The structure's example lists are its vocabulary of document types.
  An example whose words all occur in the document (compounds split, inflections
  conflated) is a strong signal, strongest when it occurs in the title; partly matched
  examples count in proportion to how much of their weight matched.
* **Descriptions.** Every content word of the document is matched against each
  process's fields (examples > title > description > parent titles > comments), BM25
  style: rare words (IDF over the processes) count, words found in most processes and
  the organisation's own name (from the structure's `meta`) do not.
* **Long documents.** A budget mentions everything in passing. Evidence from section
  headings and the body is saturated per process, so it cannot outvote the title block;
  running headers count once; a letterhead's columns and fields are no title.
* **Dates.** Only processes in force on the date (and whose parents are) are ranked.

The best two being close (second/first ≥ `CLOSE_RATIO`), or the title's subject belonging
to a runner-up rather than the best, makes the answer *uncertain*;
nothing with a distinctive word makes it *no suggestion*.

Swedish handling (tokens, stop words, lemmas, compound splitting) comes from
`vgrklass.search.text`, so `find` and `classify` see words alike.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from vgrklass.extract import Document
from vgrklass.search import text as sv
from vgrklass.search.index import Index as SearchIndex
from vgrklass.search.index import WordKeys, word_keys
from vgrklass.structure import Structure

# Bump when Profile/Example change shape or how they are built: it keys their cache.
PROFILE_FORMAT = "1"

# Zones of a document and their weights. The title's head ("Remissvar" in "Remissvar:
# Ds 2024:11 …", "Protokoll" in "Protokoll från …") names the document type, the rest of
# the title its subject.
HEAD_WEIGHT = 4.0
TITLE_WEIGHT = 2.5
HEADING_WEIGHT = 2.0
BODY_WEIGHT = 1.0
# A document type (an example of the structure) named in the title says what the
# document is; in a heading or the first lines it is likely; in the body it may be
# anything the text mentions.
TYPE_IN_TITLE = 6.0
TYPE_IN_HEADING = 2.5
LEAD_LINES = 5  # the first lines with words count as headings (letterheads, title blocks)
LEAD_MAX_WORDS = 14  # a longer line among them is a sentence of the body, not a title block
# Headings further down name a section's subject, not the document's: a budget has a
# section "Informationssäkerhet". They weigh between the lead lines and the body, and count
# with the body (see BODY_SCALE).
SECTION_WEIGHT = 1.5
TYPE_IN_SECTION = 1.5
# A long document touches many subjects in passing; each process's evidence from the body
# and section headings (words and document types alike) is saturated, x → S·ln(1 + x/S),
# so that it grows ever slower: roughly linear for a short letter, but twenty sections of a
# budget cannot outvote what the title and the first lines say the document is.
BODY_SCALE = 60.0
SHORT_WORDS = 600  # below this many words the scale grows in proportion (a letter, a memo)
# A line repeated this often (digits aside) is a running header or footer ("Regionstyrelsens
# budget 2025 · Sida 4 av 24"): its words count once, not once per page.
RUNNING_MIN = 3
# Letterhead fields that are no title: "Diarienummer RS 2024-03620", "Datum 2024-11-26".
_METADATA = re.compile(
    r"^(?:diarienummer|dnr|diarienr|datum|sida|er referens|vår referens|referens|"
    r"ärendenummer|sammanträdesdatum|fastställd|beslutad|antagen|giltig|version|"
    r"dokumentansvarig|handläggare|ärendeansvarig|gäller för|organisationsnummer)\b",
    re.IGNORECASE)
# Columns of a letterhead or header line: "VÄSTRA GÖTALANDSREGIONEN      PROTOKOLL",
# "Västra Götalandsregionen | Policy för … | RS 2024-02277".
_COLUMNS = re.compile(r"\s{3,}|\t|\s[|·•]\s")
# "Dokumenttyp: Riktlinje" in a title block says what the document is.
_DECLARED_TYPE = re.compile(r"\bdokument(?:typ|kategori)\s*:\s*([^|·•;\t]+)", re.IGNORECASE)
# Where a title's head ends: a colon or dash, or the first preposition ("Riktlinje för …").
_HEAD_END = re.compile(
    r"\s[:–—-]\s|:\s|\s(?:för|om|från|till|av|avseende|angående|gällande|med|i|inom|vid|"
    r"mellan|över|under|rörande|kring|inför)\s", re.IGNORECASE)

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
FIELD_NAMES = {  # for evidence shown to users
    "examples": "exempel",
    "sokord": "sökord",
    "reference": "hänvisning",
    "title": "processnamn",
    "description": "beskrivning",
    "parents": "processgrupp",
    "comments": "kommentar",
}
PART_WEIGHT = 0.5  # a compound's part counts less than the whole word
LENGTH_B = 0.5  # BM25 length normalisation: long fields match more words by chance
TF_K = 1.2  # BM25 saturation of repeated words
EXAMPLE_WEIGHT = 4.0  # a document-type (example) match, times its zone and word weights
OTHER_EXAMPLES = 0.25  # further matched examples of the same process add this share
MIN_EXAMPLE_COVERAGE = 0.5  # an example less than half matched (by weight) is no signal
PARTS_ONLY = 0.6  # an example's compound found only as separate parts in the document
AWAY_FACTOR = 0.5  # the process's own comment sends this document type elsewhere

CLOSE_RATIO = 0.85  # second/first at or above this: uncertain
SUBJECT_SHARE = 0.5  # the best matches less of the title's subject than this share of …
CONTENDERS = 3  # … one of the runners-up: uncertain
MIN_SCORE = 2.0  # below this the best process is no suggestion at all
MAX_EVIDENCE = 6
MIN_EVIDENCE_SHARE = 0.1  # weaker pieces than this share of the strongest are noise


# --- a view of the search index per process -----------------------------------------------

@dataclass(frozen=True, slots=True)
class Example:
    text: str
    field: str  # examples | reference | away
    words: tuple[WordKeys, ...]
    heads: frozenset[str]  # its head nouns (normalised words); one must be found


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
class Profiles:
    index: SearchIndex
    processes: tuple[Profile, ...]
    average_length: dict[str, float]
    boilerplate: frozenset[str]  # the organisation's own name: in every document, no signal


def build_profiles(structure: Structure, index: SearchIndex) -> Profiles:
    memo: dict[str, WordKeys] = {}
    by_doc: dict[int, dict[str, dict[str, tuple[float, str]]]] = defaultdict(
        lambda: {name: {} for name in FIELD_WEIGHTS})
    examples: dict[int, list[Example]] = defaultdict(list)
    for unit in index.units:
        if unit.field in ("examples", "sokord", "reference", "away"):
            examples[unit.doc].append(Example(unit.text, unit.field, unit.words,
                                              head_nouns(unit.text)))
        if unit.field in FIELD_WEIGHTS:
            _add_terms(by_doc[unit.doc][unit.field], unit.words)
    processes = []
    for d, doc in enumerate(index.docs):
        fields = by_doc[d]
        node = structure.nodes.get(doc.code)
        if node is not None:
            parents = " ".join(a.title for a in structure.ancestors(node))
            _add_terms(fields["parents"], _keys(parents, index, memo))
        processes.append(Profile(doc.code, doc.title, d, fields,
                                 {k: len(v) for k, v in fields.items()}, tuple(examples[d])))
    count = len(processes) or 1
    average = {name: sum(p.lengths[name] for p in processes) / count for name in FIELD_WEIGHTS}
    example_terms = {t for p in processes for field in ("examples", "sokord")
                     for t in p.fields[field]}
    meta = f"{structure.meta.organisation} {structure.meta.title}"
    boilerplate = frozenset(keys[2] for keys in _keys(meta, index, memo)
                            if keys[2] not in example_terms)
    return Profiles(index, tuple(processes), average, boilerplate)


def _keys(text: str, index: SearchIndex, memo: dict[str, WordKeys]) -> list[WordKeys]:
    """The search index's keys for each content word of a text; numbers dropped."""
    keys = []
    for word in sv.content_words(sv.tokenize(text)):
        if len(word) < 2 or any(ch.isdigit() for ch in word):
            continue
        found = memo.get(word)
        if found is None:
            found = memo[word] = word_keys(word, index.known)
        keys.append(found)
    return keys


def _word_terms(keys: WordKeys) -> list[tuple[str, float]]:
    """(term, weight): the word's lemma, and its compound parts at PART_WEIGHT."""
    _, _, lemma, head, others = keys
    terms = [(lemma, 1.0)]
    if head:
        terms += [(part, PART_WEIGHT) for part in (head, *others) if part != lemma]
    return terms


def _add_terms(target: dict[str, tuple[float, str]], words: Iterable[WordKeys]) -> None:
    for keys in words:
        for term, weight in _word_terms(keys):
            if weight > target.get(term, (0.0, ""))[0]:
                target[term] = (weight, keys[0])


def load_profiles(structure: Structure) -> Profiles:
    """Profiles over the search index of the structure; both cached by content hash."""
    from vgrklass import cache
    from vgrklass.search.index import INDEX_FORMAT, load_index

    index = load_index(structure)
    if not structure.digest:
        return build_profiles(structure, index)

    def build() -> tuple:
        built = build_profiles(structure, index)
        return (built.processes, built.average_length, built.boilerplate)

    key = cache.digest(f"{structure.digest}:{INDEX_FORMAT}:{PROFILE_FORMAT}".encode())
    processes, average, boilerplate = cache.cached("classify_profiles", key, build,
                                                   expect=tuple)
    return Profiles(index, processes, average, boilerplate)


# --- the document's side ------------------------------------------------------------------

@dataclass(slots=True)
class DocumentTerms:
    weight: dict[str, float] = field(default_factory=dict)  # lead term → zone × tf weight
    body: dict[str, float] = field(default_factory=dict)  # term only in sections/body → same
    zone: dict[str, float] = field(default_factory=dict)  # term → best document-type zone
    whole: dict[str, float] = field(default_factory=dict)  # lemma → best zone, whole words
    head: dict[str, float] = field(default_factory=dict)  # compound head → best zone
    surface: dict[str, str] = field(default_factory=dict)  # term → a word of the document
    subject: set[str] = field(default_factory=set)  # terms of the title after its head
    body_scale: float = BODY_SCALE  # where the body's evidence starts to saturate


@dataclass(frozen=True, slots=True)
class Zone:
    weight: float  # of a word found there
    type_weight: float  # of a document type (example) found there
    texts: list[str]
    lead: bool  # says what the document is (title, first lines), not what it mentions


def content_lines(text: str) -> list[str]:
    """The document's lines with words, a running header or footer kept only once."""
    lines = [line.strip() for line in text.splitlines() if any(c.isalpha() for c in line)]
    key = [re.sub(r"\d+", "#", line.lower()) for line in lines]
    counts: dict[str, int] = defaultdict(int)
    for k in key:
        counts[k] += 1
    seen: set[str] = set()
    kept = []
    for line, k in zip(lines, key, strict=True):
        if counts[k] >= RUNNING_MIN:
            if k in seen:
                continue
            seen.add(k)
        kept.append(line)
    return kept


def choose_title(document: Document, lead: list[str], has_signal: Callable[[str], bool]) -> str:
    """The document's title: its own, else the first heading or line of the title block
    that says something. A letterhead's columns are read one by one; the organisation's name
    ("VÄSTRA GÖTALANDSREGIONEN") and fields like "Diarienummer RS 2024-1" are no title."""
    for candidate in [document.title or "", *document.headings, *lead]:
        for segment in _COLUMNS.split(candidate):
            segment = segment.strip()
            if segment and not _METADATA.match(segment) and has_signal(segment):
                return segment
    return document.title or ""


def document_zones(document: Document, has_signal: Callable[[str], bool]) -> list[Zone]:
    """The document's zones, from what it says it is to what it mentions."""
    lines = content_lines(document.text)
    # The title block: the first lines, unless they are already sentences of the body.
    lead = [line for line in lines[:LEAD_LINES] if len(line.split()) <= LEAD_MAX_WORDS]
    lead_set = set(lead)
    sections = [h for h in document.headings if h not in lead_set]
    if document.format in ("docx",):
        # A Word document's headings are marked up: those before the first section
        # heading of the body belong to its title block.
        lead += [h for h in document.headings[:1] if h not in lead_set]
        sections = [h for h in sections if h not in lead]
    title = choose_title(document, lead, has_signal)
    head, rest = title_head(title)
    if not has_signal(head) and rest:
        head, rest = title_head(rest)  # "VÄSTRA GÖTALANDSREGIONEN – ÅRSREDOVISNING 2023"
    declared = [m.group(1) for line in lead for m in _DECLARED_TYPE.finditer(line)]
    # A document type named anywhere in the title counts fully ('Protokoll från
    # arbetsmiljörond' is an arbetsmiljörondsprotokoll); single words weigh by place.
    return [Zone(HEAD_WEIGHT, TYPE_IN_TITLE, [head, *declared], True),
            Zone(TITLE_WEIGHT, TYPE_IN_TITLE, [rest], True),
            Zone(HEADING_WEIGHT, TYPE_IN_HEADING, lead, True),
            Zone(SECTION_WEIGHT, TYPE_IN_SECTION, sections, False),
            Zone(BODY_WEIGHT, BODY_WEIGHT, ["\n".join(lines)], False)]


def title_head(title: str) -> tuple[str, str]:
    """Split a title into the words naming its document type and the rest."""
    match = _HEAD_END.search(title)
    if match and match.start() > 0:
        return title[:match.start()], title[match.end():]
    return title, ""


def document_terms(document: Document, profiles: Profiles) -> DocumentTerms:
    index = profiles.index
    memo: dict[str, WordKeys] = {}

    def has_signal(text: str) -> bool:
        return any(k[2] not in profiles.boilerplate for k in _keys(text, index, memo))

    # A short document's body is what the weights were set on: it saturates later.
    result = DocumentTerms(body_scale=BODY_SCALE * max(1.0, SHORT_WORDS / max(document.words, 1)))
    counts: dict[str, float] = defaultdict(float)
    place: dict[str, float] = {}  # term → best word weight of its zones
    lead_terms: set[str] = set()
    for zone in document_zones(document, has_signal):
        body = zone.weight == BODY_WEIGHT
        subject = zone.weight == TITLE_WEIGHT
        for text in zone.texts:
            words = _keys(text, index, memo)
            if body:
                words += _keys(" ".join(sv.expand_ellipses(text, index.known)), index, memo)
            for keys in words:
                if keys[2] in profiles.boilerplate:
                    continue  # "Västra Götalandsregionen", parts and all
                for term, share in _word_terms(keys):
                    if body:
                        counts[term] += share
                    if zone.lead:
                        lead_terms.add(term)
                    if subject:
                        result.subject.add(term)
                    if zone.weight > place.get(term, 0.0):
                        place[term] = zone.weight
                        result.surface[term] = keys[0]
                    result.zone[term] = max(result.zone.get(term, 0.0), zone.type_weight)
                lemma, head = keys[2], keys[3]
                result.whole[lemma] = max(result.whole.get(lemma, 0.0), zone.type_weight)
                if head:
                    result.head[head] = max(result.head.get(head, 0.0), zone.type_weight)
    for term, best in place.items():
        tf = max(counts.get(term, 1.0), 1.0)
        target = result.weight if term in lead_terms else result.body
        target[term] = best * tf * (TF_K + 1) / (tf + TF_K)
    return result


# --- ranking -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Evidence:
    text: str  # words of the document
    field: str  # examples | title | description | parents | comments
    match: str  # what in the process they matched (an example's text, or the word)
    score: float

    def as_dict(self) -> dict:
        return {"text": self.text, "field": self.field, "match": self.match,
                "score": round(self.score, 2)}


@dataclass(frozen=True, slots=True)
class Hit:
    code: str
    title: str
    score: float
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class Classification:
    name: str
    hits: tuple[Hit, ...]  # best first; empty when nothing in the structure fits
    confident: bool  # the best is clearly ahead of the second (see CLOSE_RATIO)
    ratio: float | None  # second/first score, None with fewer than two hits
    subject_of: str | None = None  # a runner-up the title's subject points to instead


def classify(document: Document, structure: Structure, on: dt.date, limit: int = 3,
             profiles: Profiles | None = None) -> Classification:
    """The processes in force on `on` that best fit the document, best first."""
    profiles = profiles or load_profiles(structure)
    terms = document_terms(document, profiles)
    scored: list[tuple[float, int, Hit]] = []
    subjects: dict[str, float] = {}
    for order, profile in enumerate(profiles.processes):
        if not profiles.index.docs[profile.doc].in_force(on):
            continue
        score, _, subject, evidence = _score(profile, terms, profiles)
        if score > 0:
            scored.append((score, order, Hit(profile.code, profile.title, score, evidence)))
            subjects[profile.code] = subject
    scored.sort(key=lambda item: (-item[0], item[1]))
    hits = [hit for _, _, hit in scored]
    if not hits or hits[0].score < MIN_SCORE:
        return Classification(document.name, (), False, None)
    ratio = hits[1].score / hits[0].score if len(hits) > 1 else None
    subject_of = subject_disagrees([hit.code for hit in hits[:CONTENDERS]], subjects)
    confident = (ratio is None or ratio < CLOSE_RATIO) and subject_of is None
    return Classification(document.name, tuple(hits[:max(limit, 1)]), confident, ratio,
                          subject_of)


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


def _score(profile: Profile, doc: DocumentTerms, profiles: Profiles
           ) -> tuple[float, float, float, tuple[Evidence, ...]]:
    """(score, the part of it from the title and first lines, the part from the title's
    subject words, evidence)."""
    index = profiles.index
    lead_evidence: list[Evidence] = []
    body_evidence: list[Evidence] = []
    lead = body = subject = 0.0
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
            if in_lead:
                lead += gain
                if term in doc.subject:
                    subject += gain
                lead_evidence.append(Evidence(doc.surface[term], name, word, gain))
            else:
                body += gain
                body_evidence.append(Evidence(doc.surface[term], name, word, gain))
    matches = sorted(((_example_match(e, doc, profiles), e) for e in profile.examples),
                     key=lambda m: -m[0][0])
    positive = [(m, e) for m, e in matches if m[0] > 0 and e.field != "away"]
    # The best example counts fully, further ones a little; in the title block and in the
    # body each, so that a type the body mentions cannot demote the one the title names.
    shown = {True: 0, False: 0}
    for (gain, words, _, zone), example in positive:
        in_lead = zone >= TYPE_IN_HEADING
        gain *= 1.0 if shown[in_lead] == 0 else OTHER_EXAMPLES
        shown[in_lead] += 1
        item = Evidence(words, example.field, example.text, gain)
        if any(k[2] in doc.subject or k[3] in doc.subject or doc.subject & set(k[4])
               for k in example.words):
            subject += gain  # 'gallring' in the title: a bevarande- och gallringsbeslut
        if in_lead:
            lead += gain
            if shown[True] <= 2:
                lead_evidence.append(item)
        else:
            body += gain
            if shown[False] <= 2:
                body_evidence.append(item)
    scale = doc.body_scale
    saturated = scale * math.log1p(body / scale) if body else 0.0
    shrink = saturated / body if body else 1.0
    total = lead + saturated
    away = [m[0] for m, e in matches if e.field == "away" and m[2] == 1.0]
    factor = 1.0
    if away and away[0] >= (positive[0][0][0] if positive else 0.0):
        factor = AWAY_FACTOR  # "X hanteras i P …": this process itself says it is elsewhere
    evidence = lead_evidence + [Evidence(e.text, e.field, e.match, e.score * shrink)
                                for e in body_evidence]
    return total * factor, lead * factor, subject, _best_evidence(evidence)


def _example_match(example: Example, doc: DocumentTerms, profiles: Profiles
                   ) -> tuple[float, str, float, float]:
    """How strongly the document names this document type: (gain, its words, coverage,
    the weakest zone it was found in).

    A word of the example is found as the same word (any inflection), as the head of a
    document's compound (example 'faktura', document 'leverantörsfaktura'), or, for a
    compound, as its parts with the head a word of its own ('arbetsmiljörondsprotokoll'
    as 'arbetsmiljörond' … 'protokoll'). The example counts in the weakest zone it was
    found in.
    """
    index = profiles.index
    wanted = found = 0.0
    zone = TYPE_IN_TITLE
    words: list[str] = []
    head_found = not any(keys[0] in example.heads for keys in example.words)
    for word, _, lemma, head, others in example.words:
        if lemma in profiles.boilerplate:
            continue
        weight = index.idf(lemma)
        wanted += weight
        where = max(doc.whole.get(lemma, 0.0), doc.head.get(lemma, 0.0))
        if where:
            words.append(doc.surface.get(lemma, lemma))
        elif head and (head in doc.whole or head in doc.head) and \
                all(p in doc.zone for p in others):
            where = min(max(doc.whole.get(head, 0.0), doc.head.get(head, 0.0)),
                        *(doc.zone[p] for p in others))
            words.extend(doc.surface.get(p, p) for p in (*others, head))
            # Each part is a word of the document: a compound naming more of it is more
            # specific ('arbetsmiljörondsprotokoll' beats 'protokoll'), but the parts may
            # belong to different words, so they count a little less.
            weight = max(weight, PARTS_ONLY * sum(index.idf(p) for p in (head, *others)))
        else:
            continue
        zone = min(zone, where)
        found += weight
        head_found = head_found or word in example.heads
    if not head_found or not wanted or found / wanted < MIN_EXAMPLE_COVERAGE:
        return 0.0, "", 0.0, 0.0
    coverage = min(found / wanted, 1.0)
    return (EXAMPLE_WEIGHT * zone * found * coverage, " ".join(sv.unique(words)), coverage,
            zone)


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
