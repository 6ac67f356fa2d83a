"""The general Swedish lexicon: SAOL 14's headwords, for reading words the structure
does not use.

The structure's own vocabulary splits only compounds made of its own words. A registrar's
'fasadritning', 'platsannons' or 'meddelandeförteckning' has parts the structure never
writes, so without a lexicon their head ('ritning', 'annons', 'förteckning') stays
hidden. SAOL 14 (Svenska Akademiens ordlista, 2015, CC BY 4.0, packaged on PyPI as
`saol`) lists 126 900 headwords with their word class; its nouns, adjectives and verbs
are the words a compound may be made of here.

The lexicon is loaded only when a query has a word the structure cannot read, and kept
in the cache (see `load_lexicon`); a warm `find` on the structure's own words never
touches it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from vgrklass.search import text as tx

# Word classes whose words make compounds ('X' is SAOL's class for abbreviations,
# interjections and the like: not parts of a document type's name).
_CLASSES = frozenset({"NOUN", "ADJ", "VERB"})
LEXICON_FORMAT = "2"
MIN_HEAD = 3  # 'akt' of 'personakt'; a head this short needs a first part that is a word
MIN_FIRST = 3
MIN_WORD_PART = 4  # a headword splits only into parts this long
_MAX_DEPTH = 3


# Prepositions and particles are SAOL words too ('under' is also a noun), but as a first
# part they make derivations, not compounds: 'undersökning' is no under|ökning.
_PARTICLES = tx.STOPWORDS | frozenset({"bort", "fram", "hem", "åter", "sam", "genom", "till"})


class Lexicon(NamedTuple):
    words: frozenset[str]  # headwords, casefolded
    stems: dict[str, str]  # Snowball stem → a headword with it (inflected heads: 'listor')

    def base(self, word: str) -> str | None:
        """The headword a (possibly inflected) word is a form of, if any."""
        if word in self.words:
            return word
        if len(word) >= 4:
            return self.stems.get(tx.stem(word))
        return None


def saol_words() -> frozenset[str]:
    """SAOL's single-word headwords of the compound-forming classes, casefolded."""
    from saol import saol14

    return frozenset(
        w for e in saol14
        if e.upos in _CLASSES and (w := e.word.casefold()).isalpha() and len(w) >= tx.MIN_PART)


def build_lexicon() -> Lexicon:
    words = saol_words()
    stems: dict[str, str] = {}
    for word in sorted(words, key=len):  # the shortest headword of a stem wins
        stems.setdefault(tx.stem(word), word)
    return Lexicon(words, stems)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The lexicon, from the cache when built before."""
    from vgrklass import cache

    return cache.cached("lexicon", cache.digest(f"saol14:{LEXICON_FORMAT}".encode()),
                        build_lexicon, expect=Lexicon)


def lexicon_split(word: str, lexicon: Lexicon | None = None) -> list[str]:
    """A word's compound parts as headwords, head last: 'fasadritning' → ['fasad',
    'ritning'], 'signeringslistor' → ['signering', 'lista'], 'räntefaktura' → ['ränta',
    'faktura']; [] when it is no compound of lexicon words. The longest head that is a
    word wins; every first part must be a word too (with its linking letter undone), so
    'platsannons' is plats|annons and never plata|sannons."""
    lexicon = lexicon or load_lexicon()
    parts = _split(word, lexicon, 0)
    if parts and lexicon.base(word) is not None and min(map(len, parts)) < MIN_WORD_PART:
        return []  # a headword of its own: 'notering' is no not|ring
    return list(parts)


def _split(word: str, lexicon: Lexicon, depth: int) -> tuple[str, ...]:
    if depth > _MAX_DEPTH or len(word) < MIN_FIRST + MIN_HEAD:
        return ()
    for cut in range(MIN_FIRST, len(word) - MIN_HEAD + 1):
        head = lexicon.base(word[cut:])
        if head is None:
            continue
        first = _first_part(word[:cut], lexicon, depth)
        if first is None:
            continue
        if len(word) - cut < 4 and len(first) > 1:
            continue  # a short head ('akt') only after a first part that is one word
        return (*first, head)
    return ()


def _first_part(text: str, lexicon: Lexicon, depth: int) -> tuple[str, ...] | None:
    """A compound's first part as headwords ('leverantörs' → ('leverantör',), 'ränte' →
    ('ränta',), 'bolagstämmo' → ('bolag', 'stämma')), or None."""
    if text in tx.STOPWORDS:
        return None
    candidates = [text]
    if len(text) > MIN_FIRST and text[-1] in "seaou":
        candidates += [text[:-1], text[:-1] + "a", text[:-1] + "e"]  # linking letter
    candidates += [text + "a", text + "e"]  # skol → skola, pojk → pojke
    for candidate in candidates:
        if candidate in lexicon.words and candidate not in _PARTICLES:
            return (candidate,)
    for candidate in candidates[:2]:
        deeper = _split(candidate, lexicon, depth + 1)
        if deeper:
            return deeper
    return None
