"""The document's genre where it states one that its type alone does not place.

A reply ('Yttrande', 'Remissvar', 'Svar på enkät') is filed with what it answers: in
records management an answer belongs to the case its incoming document opened (the
remiss, the enkät, the förfrågan), not to the subject the answer happens to discuss, and
not to every process that keeps some other kind of yttrande (a court's). A reply names
what it answers in its own word ('remissvar'), in its title ('Svar på remiss …',
'Yttrande över remiss …') or in its first lines ('… har fått förslaget på remiss och
lämnar här sitt yttrande'). That document type, the *case*, is read through `find` like
the title's type (known.py), and counts on top of it (rank.py).

Who sent the case matters where a process says so: a process whose texts restrict it to
documents from the state or the EU ('remisser från statliga och europeiska myndigheter')
fits a reply only as far as the document's first lines name such a sender; a process
that says nothing of senders (remisser från andra organisationer, myndigheter …) fits
any. The state is read only from marks that no municipality or region uses for itself:
a department of the Regeringskansliet ('Finansdepartementet'), the Regeringskansliet,
its report series ('SOU 2024:33', 'Ds 2025:4'), its diary numbers ('Fi2024/01234'),
the EU's commission.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vgrklass.classify.profiles import Example, Profiles
from vgrklass.classify.terms import DocumentTerms, Place
from vgrklass.extract import Document
from vgrklass.search import text as sv

# Swedish words for a reply or a statement on something sent to one (SAOL: svar,
# yttrande 'uttalande i ett ärende, t.ex. över en remiss', utlåtande, synpunkt): what
# such a document answers is its case.
REPLY_WORDS = ("svar", "yttrande", "utlåtande", "synpunkt")
# The state's marks, in the document's first lines: a department of the
# Regeringskansliet or the Regeringskansliet itself (regeringsformen 7 kap.; förordning
# (1996:1515) med instruktion för Regeringskansliet), its report series (Statens
# offentliga utredningar, Departementsserien), its diary numbers (the department's
# letters, the year, a number: 'Fi2024/01234') and the EU's commission. Authorities'
# names ('…styrelsen', '…myndigheten') are left out: municipalities' and regions' organs
# carry the same heads.
STATE_MARKS = re.compile(
    r"\b\w*departement\w*|\bregeringskansliet\b|\b(?:SOU|Ds)\s+\d{4}:\d+"
    r"|\b[A-ZÅÄÖ][a-zåäö]?\d{4}/\d{3,6}\b|\b(?:EU-|Europeiska\s+)kommissionen\b",
    re.IGNORECASE)
HEAD_TEXT = 1500  # characters of the document's start: its title block and opening
# A process text restricting its documents to the state's or the EU's.
_FROM_STATE = re.compile(
    r"\bfrån\b[^.;]{0,80}?\b(?:statlig|departement|regeringskansli|eu-kommission|europeisk)",
    re.IGNORECASE)
SCOPE_FIELDS = frozenset({"title", "description", "comments"})


@dataclass(frozen=True, slots=True)
class Case:
    """What a reply answers: a document type of the structure, as the document says it."""

    lemma: str  # the case's term ('remiss')
    word: str  # the document's word for it, as find reads it
    place: Place  # the line it stands on


def _lemmas(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(sv.lemma(w) for w in words)


_REPLIES = _lemmas(REPLY_WORDS)
_REMISS = sv.lemma("remiss")


def reply_case(terms: DocumentTerms, profiles: Profiles, state: str = "") -> Case | None:
    """The case a reply answers, or None when the title's type is no reply or the
    document does not say what it answers. A reply is a reply word ('Yttrande', 'Svar
    på …') or a compound of one whose first part is a case ('remissvar'; the case is that
    part); for a reply word, the case is the first word of the title, the title block or
    the opening that the structure pairs with a reply word (case_types): 'Yttrande över
    detaljplan …' answers a remiss when its first lines say so, never a detaljplan. A
    reply to the state (`state`: the line with its mark, see state_mark) answers a remiss
    when nothing else is said: the government's requests for yttranden are remisser
    (regeringsformen 7 kap. 2 §), 'Yttrande över betänkandet … (SOU 2024:33)'."""
    if terms.type_place is None:
        return None
    objects = case_types(profiles)
    for keys in profiles.reader().keys(terms.type_phrase):  # 'Svar på enkät': past 'på'
        if keys[3] in _REPLIES:  # 'remissvar'; a 'tjänsteutlåtande' answers nothing
            part = next((p for p in keys[4] if p in objects), None)
            if part is not None:
                return Case(part, part, terms.type_place)
        elif keys[2] in _REPLIES:
            break
    else:
        return None
    for lemma, place in terms.opening.items():  # in reading order; whole words only
        if lemma in objects:  # ('medarbetarenkäten' is no enkät answered)
            return Case(lemma, terms.surface.get(lemma, lemma), place)
    if state and _REMISS in objects:
        return Case(_REMISS, "remiss", Place("lead", state))
    return None


def case_types(profiles: Profiles) -> frozenset[str]:
    """The document types the structure says a reply answers: the first part of a
    compound with a reply word as its head ('remissvar', 'enkätsvar', 'remissyttranden')
    or the one word after a reply word ('svar på förfrågan'), when the
    structure lists that word as a document type itself. Which reply word a writer uses
    is style ('yttrande över remissen', 'svar på remissen', 'synpunkter på remissen'):
    each answers any of them. Read once per run."""
    def compute() -> frozenset[str]:
        found: set[str] = set()
        for profile in profiles.processes:
            for example in profile.examples:
                for _, _, _, head, parts in example.words:
                    if head in _REPLIES:
                        found.update(parts)
                if len(example.words) == 2 and example.words[0][2] in _REPLIES:
                    found.add(example.words[1][2])  # 'svar på förfrågan', nothing more
        return frozenset(t for t in found if t in profiles.types)

    return profiles.memo.get(("case_types",), compute)


def state_mark(document: Document) -> str:
    """The first line of the document's start that names the state or the EU
    (STATE_MARKS), or ''."""
    head = document.text[:HEAD_TEXT]
    found = STATE_MARKS.search(head)
    if found is None:
        return ""
    start = head.rfind("\n", 0, found.start()) + 1
    end = head.find("\n", found.end())
    return head[start:end if end >= 0 else len(head)].strip()


def state_scoped(profiles: Profiles) -> frozenset[int]:
    """The processes (search index doc numbers) whose own texts restrict them to
    documents from the state or the EU, and their twins (profiles.Ranking). Read once
    per run."""
    def compute() -> frozenset[int]:
        said = {unit.doc for unit in profiles.index.units
                if unit.field in SCOPE_FIELDS and _FROM_STATE.search(unit.text)}
        group = profiles.ranked().group
        groups = {group[n] for n, p in enumerate(profiles.processes) if p.doc in said}
        return frozenset(p.doc for n, p in enumerate(profiles.processes) if group[n] in groups)

    return profiles.memo.get(("state_scoped",), compute)


def names_reply(example: Example) -> bool:
    """Whether an example's head is a reply word ('yttranden', 'remissvar')."""
    return any(keys[0] in example.heads and (keys[2] in _REPLIES or keys[3] in _REPLIES)
               for keys in example.words)
