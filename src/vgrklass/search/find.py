"""find as a library call: a query in, the hits a registrar sees out, each marked
confident or not.

Two stages (see docs/find.md):
1. the strict ranking (rank.py) answers when a process names the query's document type;
2. when its best hit is not one a registrar could file by, the broad stage (broad.py)
   adds what partial evidence and general knowledge suggest: uncertain suggestions.

"Confident" is a promise: only the strict ranking's best hit can be confident, and only
when it names the query's head noun itself (not a synonym, a guess or a part of it) in a
document type, title or reference of its process, covers the whole query, and is clearly
ahead of the next one. Everything else is a suggestion.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from vgrklass.search import text as tx
from vgrklass.search.index import NAMING_FIELDS, Index
from vgrklass.search.rank import Hit, QueryWord, analyse, search, strict_groups
from vgrklass.search.twins import Group, View, expand, in_force, member_hit, ordered

MAX_QUERY = 500  # characters: a longer 'query' is a pasted document (use classify)
# Confidence (calibrated on the benchmarks' own query sets, see docs/find.md).
CONFIDENT_COVERAGE = 0.99  # every word of the query matched
CONFIDENT_MARGIN = 0.8  # the runner-up scores at most this share of the best
_FIRM = frozenset({"exakt", "stam", "lemma", "sammansättning"})
# What the strict ranking's view adds to a suggestion's broad score (see merge).
STRICT_BONUS = 1.0
# ... half when its evidence names the head only inside an underlag/mall/bilaga for it.
DERIVED = 0.5
# ... and less when it found only a part of the head compound ('plan' of 'rivningsplan'
# in 'investeringsplaner': another kind of plan); nothing when the domain vocabulary
# knows the whole head word: it says what the whole is ('försäkringsersättning' is a
# skadeärende), a part ('ersättning', 3.3's arvoden) does not. The bonus is also
# weighed as the suggestions weigh the field its head evidence is in (broad.FIELD_WEIGHTS):
# a head found only in a comment ('budget' and 'besluta' in 9.2's) counts as a comment.
PARTIAL = 0.3
# The domain vocabulary's broader terms searched strictly (see expanded).
EXPANSION_BONUS = 0.5
MAX_EXPANSIONS = 4
EXPANSION_HITS = 3


class QueryTooLong(ValueError):
    """A query over MAX_QUERY characters (the CLI turns it into a usage error)."""


class FindResult(NamedTuple):
    query: str
    hits: tuple[Hit, ...]  # at most `limit`, best first
    total: int  # how many there were before the limit
    words: tuple[QueryWord, ...]  # the query as analysed (for --explain)
    english: bool  # the query looks English: the structure is Swedish

    @property
    def confident(self) -> bool:
        return bool(self.hits) and self.hits[0].confident


def find(index: Index, query: str, on: dt.date | None = None, limit: int | None = 10,
         include_removed: bool = False) -> FindResult:
    """The processes for a document type, best first, the first marked confident when it
    is one a registrar can file by."""
    from vgrklass.dates import today

    if len(query) > MAX_QUERY:
        raise QueryTooLong(len(query))
    on = on or today()
    words = analyse(index, query)
    view = View(index, on)
    strict = strict_groups(index, words, on, include_removed, view)
    first = expand(index, strict, 2)
    found: list[tuple[int, Group | Hit]]
    if first and is_confident(first, words):
        found = list(ordered(strict))
    else:
        from vgrklass.search.broad import suggest_groups

        head = next((w for w in words if w.head), None)
        found = merge(index, strict,
                      suggest_groups(index, words, query, on, include_removed, view), head,
                      expanded(index, words, query, on, include_removed))
    # Each process's hit is made only for those shown.
    hits = [h if isinstance(h, Hit) else member_hit(index, h, d)
            for d, h in (found[:limit] if limit else found)]
    if first and is_confident(first, words):
        hits[0] = hits[0]._replace(confident=True)
    english = not (hits and hits[0].confident) and looks_english(index, words)
    return FindResult(query, tuple(hits), len(found), tuple(words), english)


def hit_dict(hit: Hit, index: Index) -> dict:
    """A hit as `find --format json` gives it: `Hit.to_dict`, where each matched example
    carries the archivist's fields of that document type (`details`: bevaras/gallras,
    gallringsfrist and the period read from it, sekretess …, as in export's
    `example_details`; null for an example without them)."""
    result = hit.to_dict()
    for match in result["matched"]:
        if match["field"] == "examples":
            match["details"] = index.example_details.get((hit.code, match["text"]))
    return result


def is_confident(hits: list[Hit], words: list[QueryWord]) -> bool:
    """Whether the strict ranking's best hit is one to file by (see the module doc)."""
    best = hits[0]
    if not best.in_force or best.parts.get("penalty", 1.0) < 1.0:
        return False
    if best.parts.get("coverage", 0.0) < CONFIDENT_COVERAGE:
        return False
    if len(hits) > 1 and hits[1].in_force and hits[1].score > CONFIDENT_MARGIN * best.score:
        return False
    head = next((w for w in words if w.head), None)
    if head is None:
        return False
    return any(m.field in NAMING_FIELDS and q == head.text and how in _FIRM and
               not _named_by_derivative(m.text, matched)
               for m in best.matched for q, matched, how in m.words)


# Document types that are made from or for another one: an 'underlag till MBL-protokoll'
# or a 'mall för kontrollplaner' names the other type without being it.
_DERIVATIVES = frozenset({"underlag", "mall", "mallar", "bilaga", "bilagor", "kopia",
                          "kopior", "utkast"})


def _named_by_derivative(text: str, matched: str) -> bool:
    first = tx.content_words(tx.tokenize(text))[:1]
    return bool(first) and first[0] in _DERIVATIVES and not matched.startswith(first[0])


def partial_only(hit: Hit, head: QueryWord) -> bool:
    """Whether the hit matched the query's head compound only in part, itself or read
    with a synonym (see _synonym_part). A compound whose
    every part the process names as a word of its own ('sammanträde' and 'protokoll' for
    'sammanträdesprotokoll') is matched in parts per example, but whole over the process:
    the strict ranking then covers the whole query."""
    if hit.parts.get("coverage", 0.0) >= CONFIDENT_COVERAGE:
        return False
    hows = ["delvis" if how == "synonym" and _synonym_part(head, matched) else how
            for m in hit.matched for q, matched, how in m.words if q == head.text]
    return bool(hows) and all(how == "delvis" for how in hows)


def _synonym_part(head: QueryWord, matched: str) -> bool:
    """Whether a synonym match found only a part of the head read with a synonym: 'möten'
    of 'fullmäktige|möte' for 'fullmäktigesammanträde' is a part, as 'sammanträde' would be."""
    key = tx.lemma(matched)
    return any(f.synonym_of and key in f.parts and key != f.lemma for f in head.forms)


def derived_only(hit: Hit, head: QueryWord) -> bool:
    """Whether every piece of evidence for the head is inside an underlag/mall/bilaga."""
    named = [(m, matched) for m in hit.matched for q, matched, _ in m.words if q == head.text]
    return bool(named) and all(_named_by_derivative(m.text, matched) for m, matched in named)


def expanded(index: Index, words: list[QueryWord], query: str, on: dt.date,
             include_removed: bool) -> dict[str, tuple[float, Hit]]:
    """What the strict ranking says of the domain vocabulary's broader terms for the
    asked-for document ('läkarintyg' → 'utlåtande från läkare'): per process, the best
    share of a broader term's top strict hit, times its coverage."""
    from vgrklass.search.broad import domain_senses

    found: dict[str, tuple[float, Hit]] = {}
    for term, text in domain_senses(index, words, query)[:MAX_EXPANSIONS]:
        hits = search(index, text, on=on, limit=EXPANSION_HITS, include_removed=include_removed)
        for h in hits:
            share = h.score / hits[0].score * h.parts.get("coverage", 1.0)
            if share > found.get(h.code, (0.0, h))[0]:
                via = f"domänord ”{term}” → {text}"
                matched = tuple(m._replace(words=tuple((q, w, via) for q, w, _ in m.words))
                                for m in h.matched)
                found[h.code] = (share, h._replace(matched=matched))
    return found


def merge(index: Index, strict: list[Group], broad: list[Group], head: QueryWord | None = None,
          expansion: dict[str, tuple[float, Hit]] | None = None
          ) -> list[tuple[int, Group | Hit]]:
    """One list of suggestions: each process with where its hit comes from, best first.
    The broad score is the currency (it reads every word every way); the strict
    ranking's view adds STRICT_BONUS times its share of the best strict hit and its
    coverage of the query, so a strict hit that names the whole query leads and one that
    matched a first part only ('arkiv' of 'arkivreglemente') does not bury a process that
    names the head. Ties keep the order the processes came in: broad, expansion, strict."""
    score: dict[int, float] = {}
    hit_of: dict[int, Group | Hit] = {}
    for d, group in ordered(broad):
        score[d] = group.hit.score
        hit_of[d] = group
    for code, (share, hit) in (expansion or {}).items():
        d = index.by_code[code]
        score[d] = score.get(d, 0.0) + EXPANSION_BONUS * share
        hit_of.setdefault(d, hit)
    if strict:
        top_strict = strict[0].hit.score
        bonus_of: dict[int, float] = {}
        for d, group in ordered(strict):
            bonus = bonus_of.get(group.standing.key)
            if bonus is None:
                bonus = bonus_of[group.standing.key] = _strict_bonus(index, group.hit,
                                                                     top_strict, head)
            score[d] = score.get(d, 0.0) + bonus
            hit_of[d] = group  # its evidence is the more precise one
    return sorted(hit_of.items(), key=lambda item: (not in_force(item[1]), -score[item[0]]))


def _strict_bonus(index: Index, hit: Hit, top_strict: float, head: QueryWord | None
                  ) -> float:
    """What the strict ranking's view adds to a suggestion (see merge and PARTIAL)."""
    from vgrklass.search.broad import FIELD_WEIGHTS, domain_term

    bonus = STRICT_BONUS * hit.score / top_strict * hit.parts.get("coverage", 1.0)
    if head is None:
        return bonus
    if derived_only(hit, head):
        bonus *= DERIVED
    if partial_only(hit, head):
        bonus *= 0.0 if domain_term(index, head) else PARTIAL
    fields = [m.field for m in hit.matched for q, _, _ in m.words if q == head.text]
    if fields:
        bonus *= max(FIELD_WEIGHTS.get(f, 0.0) for f in fields)
    return bonus


# Common English words of office documents that are no Swedish words.
_ENGLISH = frozenset((
    "the", "of", "and", "for", "with", "from", "to", "on", "in", "by", "at", "invoice",
    "invoices", "contract", "contracts", "agreement", "minutes", "meeting", "meetings",
    "report", "reports", "letter", "application", "employee", "employees", "salary", "payroll",
    "purchase", "order", "receipt", "receipts", "guideline", "guidelines", "decision", "board",
    "staff", "recruitment", "notice", "annual", "financial", "statement", "procurement",
    "tender", "lease", "drawing", "drawings", "building", "insurance", "complaint", "request",
    "records", "record", "document", "documents", "policy", "budget", "plan", "delegation",
    "supplier", "customer", "travel", "expense", "expenses", "leave", "sick", "health",
    "safety",
))


def looks_english(index: Index, words: list[QueryWord]) -> bool:
    """Whether the query is English rather than Swedish: most of its words are common
    English office words, and none is a word of the structure as typed."""
    tokens = [w.text for w in words]
    if not tokens:
        return False
    english = [t for t in tokens if t in _ENGLISH and t not in index.vocabulary]
    return len(english) * 2 > len(tokens) and not any(
        t in index.vocabulary for t in tokens if t not in _ENGLISH)


def explain_no_hit(index: Index, words: tuple[QueryWord, ...]) -> list[str]:
    """Why nothing matched, word by word, in Swedish."""
    lines = []
    for w in words:
        form = w.forms[0] if w.forms else None
        if form and form.lemma in index.doc_freq:
            lines.append(f"”{w.text}” finns i strukturen ({index.doc_freq[form.lemma]} "
                         "processer) men inte tillsammans med resten av frågan")
        elif form and form.parts:
            lines.append(f"”{w.text}” delas i {' + '.join(form.parts)}, men ingen process "
                         "har alla delarna")
        else:
            lines.append(f"”{w.text}” finns inte i strukturen, i synonymlistorna eller i "
                         "domänordlistan")
    if not words:
        lines.append("frågan har inga ord att söka på (bara siffror eller småord)")
    return lines


def unknown_words(index: Index, words: tuple[QueryWord, ...]) -> list[str]:
    return [w.text for w in words if not w.known and tx.lemma(w.text) not in index.doc_freq]
