"""The title's document type read through the knowledge layer (issue 12's `find`).

The structure's examples name document types in its own words; a registrar's title may
use another ('Delegationsordning' where the structure says 'delegeringsordning', a
'Tillämpningsbeslut' the domain vocabulary knows as a gallringsbeslut). `find` reads a
phrase through the thesaurus, Synlex, the domain vocabulary and the general lexicon; what
it suggests for the title's type counts as a document type in the title, less than a
direct match and never on top of one (rank.py takes the larger of the two).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from vgrklass.classify.genre import Case
from vgrklass.classify.layout import EXAMPLE_WEIGHT, TYPE_IN_TITLE
from vgrklass.classify.profiles import Profiles, Words, head_nouns, qualifier_words, specific
from vgrklass.classify.results import Evidence
from vgrklass.classify.terms import DocumentTerms
from vgrklass.search import text as sv

# The title's type read through the knowledge layer (find: synonyms, domain vocabulary,
# general lexicon): for each process find suggests, a document-type match in the title of
# this share, times the suggestion's share of find's best, times how specific the type is.
KNOWN_TYPE = 0.5
KNOWN_TYPE_CONFIDENT = 0.8  # find names the type itself in the process (a direct match)
KNOWN_RELATIVE = 0.35  # suggestions below this share of find's best add nothing
KNOWN_MAX_SHARE = 0.25  # … and none when more than this share of the processes are left
# find matched a process's name or description, not one of its document types: counts
# less, and is no document type for confidence.
KNOWN_FIELD = {"title": 0.5, "description": 0.25, "comments": 0.25}
TYPE_FIELDS = frozenset({"examples", "sokord", "reference"})
# find's readings that found the word as a part of a longer word of the unit.
PART_READINGS = frozenset({"huvudled", "förled"})
# … and those that found the word itself, not through knowledge.
DIRECT_READINGS = frozenset({"exakt", "stam", "lemma", "ordet", "sammansättning", "delvis"})


@dataclass(frozen=True, slots=True)
class KnownType:
    gain: float
    evidence: Evidence
    is_type: bool = True  # found as a document type of the process, not in its texts


def known_types(terms: DocumentTerms, profiles: Profiles, on: dt.date,
                case: Case | None = None) -> dict[str, KnownType]:
    """What the knowledge layer (find: thesaurus, Synlex, domain vocabulary, lexicon)
    says the title's document type is, per process: a type match in the title, scaled by
    find's confidence, the suggestion's share of its best and how many processes share it
    (a type find spreads over twenty processes says little). With a `case`, the same for
    what a reply answers (genre.py): 'remiss' for a remissvar."""
    if case is not None:
        phrase, place = case.word, case.place
    else:
        phrase, place = terms.type_phrase, terms.type_place
    if not phrase or place is None:
        return {}
    from vgrklass.search.find import QueryTooLong, find

    try:
        # A file share has thousands of 'Protokoll' and 'Faktura': find reads each once.
        found = profiles.memo.get(("find", phrase, on),
                                  lambda: find(profiles.index, phrase, on=on, limit=None))
    except QueryTooLong:
        return {}
    if not found.hits or found.hits[0].score <= 0:
        return {}
    top = found.hits[0].score
    kept = [h for h in found.hits if h.score >= KNOWN_RELATIVE * top]
    index = profiles.index
    if len(kept) > KNOWN_MAX_SHARE * len(index.docs):
        return {}  # a word of every other process ('ärenden') names no type
    spread = math.log(1.0 + (len(index.docs) - len(kept) + 0.5) / (len(kept) + 0.5))
    out = {}
    for hit in kept:
        match = next((m for m in hit.matched if _names_type(m, terms, profiles)), None)
        if match is None:
            continue  # 'budget' only inside 'underlag till budget': no budget itself
        factor = KNOWN_TYPE_CONFIDENT if hit.confident else KNOWN_TYPE
        factor *= KNOWN_FIELD.get(match.field, 1.0)
        gain = EXAMPLE_WEIGHT * TYPE_IN_TITLE * spread * specific(len(kept)) * factor * \
            hit.score / top
        out[hit.code] = KnownType(gain, Evidence(
            phrase, match.field, match.text, gain, place.zone, place.line,
            match.words[0][2] if match.words else ""), match.field in TYPE_FIELDS)
    return out


def _names_type(match, terms: DocumentTerms, profiles: Profiles) -> bool:
    """Whether find's match names the document type itself, as the document does.

    Not when the word it matched is a word of the unit's qualifier ('budget' in 'underlag
    till budget'), nor when the unit names a kind of it ('faktura' in 'kundfaktura',
    'beslut' in 'beslutsprotokoll': the document did not say which kind), nor when the
    unit's qualifier is missing from the document ('beslut om överlämnande av allmän
    handling' for a 'Beslut' about something else). A process's title or description
    names what the process does, which counts (see KNOWN_FIELD) when knowledge read the
    word into it ('platsannons' → rekrytering)."""
    if match.field not in TYPE_FIELDS:
        # The word itself in a process's name is counted with the words already.
        return not all(how in DIRECT_READINGS for _, _, how in match.words)
    if any(how in PART_READINGS or _inside(query, matched)
           for query, matched, how in match.words):
        return False
    rarest, heads = profiles.memo.get(("unit", match.text),
                                      lambda: _unit_reading(match.text, profiles))
    if rarest is not None and rarest not in terms.zone:
        return False
    return any(matched in heads or any(h.endswith(matched) for h in heads)
               for _, matched, _ in match.words)


def _unit_reading(text: str, profiles: Profiles) -> tuple[str | None, frozenset[str]]:
    """What of a unit's text the document must have, whatever the document: its
    qualifier's rarest lemma (the first of equally rare ones), if it has a qualifier, and
    its head nouns. Read once per run (a 100× structure has every unit a hundred times)."""
    qualifier = [k for k in Words(profiles.index).keys(" ".join(qualifier_words(text)))
                 if k[2] not in profiles.boilerplate]
    rarest = max(qualifier, key=lambda k: (profiles.index.idf(k[2]), -qualifier.index(k)))[2] \
        if qualifier else None
    return rarest, head_nouns(text)


def _inside(query: str, matched: str) -> bool:
    """Whether the unit's word is a longer compound with the query word in it."""
    return matched != query and len(matched) > len(query) and sv.lemma(query) in matched
