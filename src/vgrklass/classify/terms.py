"""The document's words, each with where it was read and how much that place weighs.

Per term (lemma, compound head or part): its weight in the title block or the body (zone
weight times a saturated term frequency), the best zone it was read in as a whole word
and as a compound's head, and its positions line by line, so that a compound example
written apart ('protokoll från arbetsmiljörond') is only found where its parts stand
together. An organ in the title block names the author; the other party's role
('leverantör') qualifies the document's type.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from vgrklass.classify.layout import (
    HEAD_WEIGHT,
    HEADING_WEIGHT,
    TITLE_WEIGHT,
    TYPE_IN_HEADING,
    TYPE_IN_TITLE,
    Zone,
    read_layout,
)
from vgrklass.classify.profiles import ORGANS, Profiles, Words, specific, word_terms
from vgrklass.extract import Document
from vgrklass.search import text as sv
from vgrklass.search.index import WordKeys

# A long document touches many subjects in passing; each process's evidence from the body
# and section headings (words and document types alike) is saturated, x → S·ln(1 + x/S),
# so that it grows ever slower: roughly linear for a short letter, but twenty sections of a
# budget cannot outvote what the title and the first lines say the document is.
BODY_SCALE = 60.0
SHORT_WORDS = 600  # below this many words the scale grows in proportion (a letter, a memo)
# A compound example found as separate words ('protokoll från arbetsmiljörond') must find
# them within this many words of each other on one line (anywhere in the title): a
# compound is never built across lines ('Kund:' eight lines above 'FAKTURA' is no
# 'kundfaktura').
PART_WINDOW = 6
ORGAN_WEIGHT = HEAD_WEIGHT  # an organ named anywhere in the title
# The title's subject naming what a process does ('Riktlinje för informationssäkerhet',
# 'Hantera informationssäkerhet') counts up to this much more when the title's type is
# one many processes list (riktlinje, protokoll, rapport): the subject has to decide.
# A type of one process ('Remissvar om arkiv') leaves it as it is.
SUBJECT_NAMES = 2.0
SYNONYM_PART = 0.8  # a compound's part found as its thesaurus synonym ('kurs' as 'utbildning')
COUNTERPART_WEIGHT = HEADING_WEIGHT  # the other party's role ('leverantör'), as a word
TF_K = 1.2  # BM25 saturation of repeated words
# The document's opening: its first words of prose, title block included, where a reply
# says what it answers ('… har fått förslaget på remiss och lämnar här sitt yttrande').
OPENING_WORDS = 100


@dataclass(frozen=True, slots=True)
class Place:
    """Where a word was read: the zone's name and the document's line, for evidence."""

    zone: str  # title | lead | section | body | parties
    line: str


@dataclass(slots=True)
class DocumentTerms:
    """The document's terms (lemmas, compound heads and parts) and where they were read."""

    weight: dict[str, float] = field(default_factory=dict)  # lead term → zone × tf weight
    body: dict[str, float] = field(default_factory=dict)  # term only in sections/body → same
    zone: dict[str, float] = field(default_factory=dict)  # term → best document-type zone
    whole: dict[str, float] = field(default_factory=dict)  # lemma → best zone, whole words
    head: dict[str, float] = field(default_factory=dict)  # compound head → best zone
    modifiers: dict[str, set[str]] = field(default_factory=dict)  # compound head → first parts
    surface: dict[str, str] = field(default_factory=dict)  # term → a word of the document
    subject: set[str] = field(default_factory=set)  # terms of the title after its head
    body_scale: float = BODY_SCALE  # where the body's evidence starts to saturate
    place: dict[str, Place] = field(default_factory=dict)  # term → where it was read best
    # term → group (a line; the title's parts are one) → [(position, type weight)]
    at: dict[str, dict[int, list[tuple[int, float]]]] = field(default_factory=dict)
    title_group: int = -1
    groups: dict[int, Place] = field(default_factory=dict)  # line group → where it is
    everywhere: set[str] = field(default_factory=set)  # the counterpart's role: on every line
    type_phrase: str = ""  # the title's document type, for the knowledge layer
    type_place: Place | None = None
    subject_boost: float = 1.0  # for the title's subject naming a process (SUBJECT_NAMES)
    authors: dict[str, str] = field(default_factory=dict)  # organ in the title → its word
    opening: dict[str, Place] = field(default_factory=dict)  # lemma → its first opening line

    def near(self, head: str, others: tuple[str, ...],
             synonyms: dict[str, tuple[str, ...]] | None = None
             ) -> tuple[float, int, tuple[str, ...]]:
        """The best type weight at which a compound's head and all its other parts
        occur together: within PART_WINDOW words on one line or anywhere in the title;
        the counterpart's role qualifies a type in the title block. A part may be found
        as a thesaurus synonym ('Inbjudan till utbildning' names a kursinbjudan), at
        SYNONYM_PART. Returns (that weight, the line group, the document's terms for the
        other parts), (0.0, -1, ()) when they never occur together."""
        best, where, used = 0.0, -1, ()
        readings = {part: (part, *(r for w in (synonyms or {}).get(part, ())
                                   if (r := sv.lemma(w)) != head))
                    for part in others}
        for group, occurrences in self.at.get(head, {}).items():
            in_title = group == self.title_group
            for position, weight in occurrences:
                if weight <= best:
                    continue
                least, terms = weight, []
                for part in others:
                    if part in self.everywhere and weight >= TYPE_IN_HEADING:
                        terms.append(part)  # the counterpart qualifies the title's type
                        continue
                    found, term = self._part_near(readings[part], group, position, weight,
                                                  in_title)
                    least = min(least, found)
                    if not least:
                        break
                    terms.append(term)
                if least > best:
                    best, where, used = least, group, tuple(terms)
        return best, where, used

    def _part_near(self, readings: tuple[str, ...], group: int, position: int,
                   weight: float, in_title: bool) -> tuple[float, str]:
        """The type weight at which a compound's part (or a synonym of it) stands near
        its head's occurrence, and the term found; (0.0, '') if it does not."""
        for number, reading in enumerate(readings):
            near = [w for p, w in self.at.get(reading, {}).get(group, ())
                    if (in_title or abs(p - position) <= PART_WINDOW)
                    and (number == 0 or p != position)]
            if near:
                # In the title the head's place counts: 'Protokoll från arbetsmiljörond'
                # names an arbetsmiljörondsprotokoll in its head.
                found = weight if in_title else max(near)
                return found * (SYNONYM_PART if number else 1.0), reading
        return 0.0, ""


def document_terms(document: Document, profiles: Profiles) -> DocumentTerms:
    """The document's terms, read zone by zone (see layout.read_layout)."""
    reader = profiles.reader()

    def has_signal(text: str) -> bool:
        return any(k[2] not in profiles.boilerplate for k in reader.keys(text))

    def is_type(text: str) -> bool:
        words = reader.keys(text)
        return bool(words) and (words[-1][2] in profiles.types or
                                words[-1][3] in profiles.types)

    reading = read_layout(document, has_signal, is_type, profiles.organisation)
    # A short document's body is what the weights were set on: it saturates later.
    scale = BODY_SCALE * max(1.0, SHORT_WORDS / max(document.words, 1))
    collector = _Collector(profiles, reader, DocumentTerms(body_scale=scale), reading.title)
    for zone in reading.zones:
        for number, text in enumerate(zone.texts):
            source = zone.sources[number] if number < len(zone.sources) else text
            collector.read(zone, number, text, source)
    collector.counterpart(reading.direction.counterpart, reading.direction.because)
    return collector.finish()


class _Collector:
    """Reads the zones' texts of one document into its DocumentTerms."""

    def __init__(self, profiles: Profiles, reader: Words, result: DocumentTerms, title: str):
        self.profiles = profiles
        self.reader = reader
        self.result = result
        self.title = title
        self.counts: dict[str, float] = defaultdict(float)  # term → occurrences in the body
        self.best: dict[str, float] = {}  # term → best word weight of its zones
        self.lead_terms: set[str] = set()
        self.group = 0
        self.offset = 0  # positions run on over the texts, so that two never share one
        self.prose_words = 0  # words of the body read so far (see OPENING_WORDS)

    def read(self, zone: Zone, number: int, text: str, source: str) -> None:
        result, reader = self.result, self.reader
        if zone.title and number == 0 and zone.type_weight == TYPE_IN_TITLE:
            result.type_phrase = _type_phrase(text, self.profiles, reader)
            result.type_place = Place("title", source)
            result.subject_boost = _subject_boost(reader.keys(text), self.profiles)
        if zone.title and source == self.title:  # the title's parts are one line
            if result.title_group < 0:
                result.title_group = self.group = self.group + 1
            group = result.title_group
        else:
            group = self.group = self.group + 1
        words = reader.keys(text)
        if zone.name == "body" and _ELLIPSIS.search(text):
            words += reader.keys(" ".join(sv.expand_ellipses(text, reader.known)))
        where = Place(zone.name, source)
        result.groups.setdefault(group, where)
        start, self.offset = self.offset, self.offset + len(words) + PART_WINDOW + 1
        if zone.name == "body" and self.prose_words < OPENING_WORDS:
            for keys in words[:OPENING_WORDS - self.prose_words]:
                result.opening.setdefault(keys[2], where)
            self.prose_words += len(words)
        for position, keys in enumerate(words, start=start):
            if zone.lead:
                keys = reader.general(keys)  # 'ramavtal' is an avtal
            keys = _as_read(keys, zone, self.profiles)
            if keys is None:
                continue  # "Västra Götalandsregionen", parts and all
            self._word(keys, zone, where, group, position)

    def _word(self, keys: WordKeys, zone: Zone, where: Place, group: int,
              position: int) -> None:
        result = self.result
        subject = zone.title and zone.weight == TITLE_WEIGHT
        for term, share in word_terms(keys):
            weight = zone.weight
            if zone.title and term in ORGANS:
                # The author: 'socialnämnden' is a nämnd (see rank._author_gains).
                result.authors.setdefault(term, keys[0])
            if zone.name == "body":
                self.counts[term] += share
            if zone.lead:
                self.lead_terms.add(term)
            if subject:
                result.subject.add(term)
            if weight > self.best.get(term, 0.0):
                self.best[term] = weight
                result.surface[term] = keys[0]
                result.place[term] = where
            result.zone[term] = max(result.zone.get(term, 0.0), zone.type_weight)
            result.at.setdefault(term, {}).setdefault(group, []).append(
                (position, zone.type_weight))
        lemma, head = keys[2], keys[3]
        result.whole[lemma] = max(result.whole.get(lemma, 0.0), zone.type_weight)
        if head:
            result.head[head] = max(result.head.get(head, 0.0), zone.type_weight)
            result.modifiers.setdefault(head, set()).update(keys[4])

    def counterpart(self, role: str, because: str) -> None:
        """The other party's role ('leverantör' when we are the customer) qualifies the
        document's types and counts as a word of its title block."""
        if not role:
            return
        result, term = self.result, sv.lemma(role)
        result.everywhere.add(term)
        result.surface.setdefault(term, role)
        result.place[term] = Place("parties", because)
        self.lead_terms.add(term)
        self.best[term] = max(self.best.get(term, 0.0), COUNTERPART_WEIGHT)
        result.zone[term] = max(result.zone.get(term, 0.0), TYPE_IN_HEADING)

    def finish(self) -> DocumentTerms:
        """Each term's weight: its best zone's, times its (saturated) frequency."""
        result = self.result
        for term, best in self.best.items():
            tf = max(self.counts.get(term, 1.0), 1.0)
            target = result.weight if term in self.lead_terms else result.body
            target[term] = best * tf * (TF_K + 1) / (tf + TF_K)
        return result


# Where a line may write words elliptically: 'kund- och leverantörsfakturor', 'x-/y-'.
_ELLIPSIS = re.compile(r"\w-(?:\s|/|$)|/-")


def _as_read(keys: WordKeys, zone: Zone, profiles: Profiles) -> WordKeys | None:
    """A word's keys as they count here: the organisation's own name counts not at all,
    except that an organ in its name ('regionstyrelsen') names the author in the title
    block."""
    if keys[2] not in profiles.boilerplate:
        return keys
    if zone.lead and keys[3] in ORGANS:
        return (keys[0], keys[1], keys[3], "", ())
    return None


def _subject_boost(head: list[WordKeys], profiles: Profiles) -> float:
    """How much more the title's subject counts where it names a process: the less
    specific the type the title's head names, the more (see SUBJECT_NAMES)."""
    shares = [specific(profiles.types.get(k[2]) or profiles.types[k[3]])
              for k in head if k[2] in profiles.types or k[3] in profiles.types]
    if not shares:
        return 1.0
    return 1.0 + SUBJECT_NAMES * (1.0 - max(shares))


def _type_phrase(head: str, profiles: Profiles, reader: Words) -> str:
    """The title's head without organs and the organisation's name: what find reads as
    the document type ('Regionstyrelsen Sammanträdesprotokoll' → 'sammanträdesprotokoll')."""
    words = [k for k in reader.keys(head)
             if k[2] not in profiles.boilerplate and k[2] not in ORGANS]
    return " ".join(k[0] for k in words)
