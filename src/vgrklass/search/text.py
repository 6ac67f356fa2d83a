"""Swedish text handling for search: normalising, tokens, stems, compounds, ellipses.

Everything here is a plain function over strings so that `find` and `classify` treat
query and index alike. The vocabulary used for compound splitting is whatever the caller
passes in (the structure's own words), never a general dictionary.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterable
from functools import lru_cache
from pathlib import Path


# Function words that carry no meaning for matching a document type. Prepositions and
# particles are also never accepted as the first part of a compound (upp|drag, under|lag).
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _words(
    """
    och i på för om av till från med en ett den det de som att är vid samt eller
    under över mot ut in upp hos per eg t ex tex mm m.m fl etc bl a dvs inom utom
    rörande avseende angående gällande ang inkl exkl via efter före mellan utan inför kring
    sin sitt sina dess deras vår vårt våra min mitt mina din ditt dina
    här där nu när hur vad vem vilka vilken vilket så även också
    ska kan har hade var bli blir blev ej inte
    """
)

# Particles and prefixes that form derivations, not compounds, when first in a word.
_NOT_MODIFIERS = STOPWORDS | _words("bort fram hem inne ute uppe nere åter sam")

_WORD_RE = re.compile(r"\w+", re.UNICODE)
_NOT_WORD_OR_SPACE = re.compile(r"[^\w\s]|_")
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "ü": "u"})
_VOWELS = set("aeiouyåäö")
_S_ENDING = set("bcdfghjklmnoprtvy")  # letters before an 's' that Snowball removes

MIN_PART = 3  # shortest compound part
MIN_HEAD = 4  # shortest last part: 'tar', 'het' are verb forms and suffixes, not heads
MIN_LINKED_HEAD = 6  # shortest unknown last part after a known word and a linking s
MIN_FREE_HEAD = 5  # shortest unknown last part straight after a known word
# Endings that make a derivation, not a compound, when what precedes is a word.
_SUFFIXES = ("het", "skap", "ning", "lig", "tion", "sion", "nad", "dom", "ska", "ning")
# Adjectives in -isk are derivations, not compounds: 'organisatorisk' is no 'organisato|risk'
# (a split with an unknown first part is only a guess).
_ADJECTIVAL = ("isk", "iska", "iskt", "iske")


def normalise(text: str) -> str:
    """Unicode NFC, casefold, punctuation to spaces (å/ä/ö kept), spaces collapsed."""
    text = unicodedata.normalize("NFC", text).casefold()
    # \w is exactly str.isalnum() plus "_", \s exactly str.isspace(): one C pass instead
    # of a Python step per character (the index of a whole region is ~10 M characters).
    return " ".join(_NOT_WORD_OR_SPACE.sub(" ", text).split())


def tokenize(text: str) -> list[str]:
    """Normalised word tokens in order (stop words kept; see `content_words`)."""
    return _WORD_RE.findall(normalise(text).replace("_", " "))


def content_words(tokens: Iterable[str]) -> list[str]:
    """Tokens that carry meaning: no stop words, no single letters."""
    return [t for t in tokens if t not in STOPWORDS and (len(t) > 1 or t.isdigit())]


def fold(word: str) -> str:
    """Diacritics out (å/ä→a, ö→o): how words look when typed on a foreign keyboard."""
    return word.translate(_FOLD)


_stemmer = None

# Snowball's last step cuts the derivational endings -els, -lig and -ig, which folds
# different words onto one root: skrivelse and skrivare both become 'skriv', rättelse,
# rättighet and rätt all 'rätt'. No step-1 suffix begins with these letters, so a word
# whose stem is followed by one of them lost it in that step; it is put back.
_DERIVATIONS = ("els", "lig", "ig")


def stem(word: str) -> str:
    """Snowball Swedish stem (PyStemmer), keeping the derivational endings -els, -lig
    and -ig that Snowball's last step removes (skrivelse → skrivels, not skriv)."""
    return _restored(word, _snowball().stemWord(word))


def stems(words: list[str]) -> list[str]:
    """`stem` of each word, the stemmer called once (a whole lexicon at a time)."""
    return [_restored(w, key) for w, key in zip(words, _snowball().stemWords(words),
                                                strict=True)]


def _snowball():
    global _stemmer
    if _stemmer is None:
        import Stemmer

        _stemmer = Stemmer.Stemmer("swedish")
        # Its cache of recent words costs more than it saves: five times slower over a
        # lexicon, and `lemma` has a cache of its own.
        _stemmer.maxCacheSize = 0
    return _stemmer


def _restored(word: str, key: str) -> str:
    if len(key) < len(word) and word.startswith(key):
        rest = word[len(key):]
        for ending in _DERIVATIONS:
            if rest.startswith(ending):
                return key + ending
    return key


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """A coarser key than the Snowball stem that also conflates forms Snowball keeps apart.

    Snowball leaves e.g. ansökan/ansökningar, diariet/diarium, följesedel/följesedlar,
    protokollet/protokoll and lista/listan with different stems. The rules below are
    applied identically to query and index, so consistency matters more than linguistics.
    """
    key = stem(word)
    if len(key) >= 4 and key[-1] == "s" and key[-2] in _S_ENDING and not key.endswith("els"):
        key = key[:-1]  # Snowball cuts it from 'prognos' but not from 'prognoser'
    if len(key) >= 8 and key.endswith("ning"):
        key = key[:-4]  # ansökning → ansök
    elif len(key) >= 6 and key.endswith("um"):
        key = key[:-2]  # diarium → diari
    elif len(key) >= 5 and key[-1] in "nt" and key[-2] in "aeo":
        key = key[:-1]  # ansökan → ansöka, diariet → diarie, kvittot → kvitto (not lån)
    if len(key) >= 5 and key[-1] in "aeo":
        key = key[:-1]  # ansöka → ansök, diarie → diari, kvitto → kvitt
    if len(key) >= 5 and key.endswith("el") and key[-3] not in _VOWELS:
        key = key[:-2] + "l"  # följesedel → följesedl (as följesedlar)
    return key


def split_compound(word: str, known: Vocabulary | Collection[str]) -> list[str]:
    """Split a compound into parts, head last: 'leverantörsfaktura' → ['leverantör', 'faktura'].

    `known` is the vocabulary (a `Vocabulary`, or any collection of words). The head
    (last part) must be known; the modifier may be unknown when both are long enough,
    and is split further. Linking letters (s, e, a, o, u) and a dropped final e/a
    (arbets → arbete) are undone. Returns [] when the word does not split.
    """
    return list(_split(word, as_vocabulary(known), 0, None))


def compound_parts(word: str, known: Vocabulary | Collection[str]
                   ) -> tuple[list[str], list[str]]:
    """(parts, modifiers split further): 'arbetsmiljörondsprotokoll' may give
    (['arbete', 'miljö', 'rond', 'protokoll'], ['arbetsmiljörond']), so that a query for
    either 'arbetsmiljörond' or 'miljö' finds the word."""
    inner: list[str] = []
    return list(_split(word, as_vocabulary(known), 0, inner)), inner


def _split(word: str, known: Vocabulary, depth: int,
           inner: list[str] | None) -> tuple[str, ...]:
    if depth > 4 or len(word) < 2 * MIN_PART:
        return ()
    # Longest known head first: 'arbetsmiljörondsprotokoll' → head 'protokoll'.
    for cut in range(MIN_PART, len(word) - MIN_HEAD + 1):
        head = word[cut:]
        if not known(head):
            continue
        modifier = _modifier_base(word[:cut], known, head[0])
        if modifier is None:
            continue
        base, is_known = modifier
        if not is_known and (len(base) < 4 or len(head) < 4 or word.endswith(_ADJECTIVAL) or
                             (known.general is not None and not known.general(base) and
                              not known.general(word[:cut]))):
            continue
        return _with_modifier(base, head, known, depth, inner)
    # An unknown head after a known word and a linking s: 'informations|klassning'.
    for cut in range(len(word) - MIN_LINKED_HEAD, MIN_PART, -1):
        if word[cut - 1] == "s" and word[cut - 2] != "s" and word[cut - 2] not in _VOWELS and \
                word[:cut - 1] in known.words and word[:cut - 1] not in _NOT_MODIFIERS:
            return _with_modifier(word[:cut - 1], word[cut:], known, depth, inner)
    # An unknown head straight after a known word: 'bygg|ritning', 'pool|bilar'. Shortest
    # head first (tjänste|bilar, not tjänst|ebilar); a head must look like a word of its
    # own, not a derivation (plan|ering, kommun|ikation, verksam|het).
    for cut in range(len(word) - MIN_FREE_HEAD, MIN_PART - 1, -1):
        head = word[cut:]
        if head[0] in _VOWELS or head.startswith(_SUFFIXES) or not is_word_like(head) or \
                word.endswith(_ADJECTIVAL):
            continue
        # Only a first part the vocabulary uses before two known heads, exactly as written:
        # not one known by a lemma only ('verksa' has the lemma of 'verksam'), nor with a
        # linking s that may begin the head (data|skyddsombud, not datas|kydd…).
        first = word[:cut]
        if len(first) >= MIN_HEAD and first in known.modifiers:
            base = _modifier_base(first, known)
            return _with_modifier(base[0] if base else first, head, known, depth, inner)
    return ()


def _with_modifier(base: str, head: str, known: Vocabulary, depth: int,
                   inner: list[str] | None) -> tuple[str, ...]:
    deeper = _split(base, known, depth + 1, inner)
    if deeper and known(base) and not all(p in known.words for p in deeper[:-1]):
        # A first part that is a word itself splits further only into words:
        # 'arbets|miljö', but not 'försä|krings' (försäkrings is a word).
        deeper = ()
    if deeper and inner is not None:
        inner.append(base)
    return (*(deeper or (base,)), head)


def known_modifier(text: str, known: Vocabulary | Collection[str]) -> bool:
    """Whether a compound's first part, as written (linking letters and all), is a word
    of the vocabulary: 'anställnings', 'löne', 'arbets'."""
    found = _modifier_base(text, as_vocabulary(known))
    return found is not None and found[1]


def _modifier_base(text: str, known: Vocabulary, next_letter: str = ""
                   ) -> tuple[str, bool] | None:
    """The word a compound's first part stands for, and whether it is a known word."""
    if len(text) < MIN_PART - 1 or text in _NOT_MODIFIERS:
        return None
    candidates = [text]
    if text[-1] == next_letter and text[-1] not in _VOWELS:
        candidates.append(text + next_letter)  # remiss|svar is written 'remissvar'

    if text[-1] in "seaou" and len(text) > MIN_PART:
        candidates.append(text[:-1])  # leverantörs → leverantör, löne → lön
    if text[-1] == "s" and len(text) > MIN_PART:
        candidates += [text[:-1] + "e", text[:-1] + "a"]  # arbets → arbete
    candidates += [text + "a", text + "e"]  # skol → skola
    # A word of the vocabulary as written beats one recognised by its lemma.
    for test in (known.words.__contains__, known):
        for candidate in candidates:
            if len(candidate) >= MIN_PART and test(candidate):
                return candidate, True
    if len(text) < 4:
        return None
    if text[-1] == "s" and text[-2] not in "s" and text[-2] not in _VOWELS and \
            _syllables(text[:-1]) > 1:
        text = text[:-1]  # rivnings → rivning; but kurs|intyg, not kur|s|intyg
    elif text.endswith("es") and len(text) > 4:
        text = text[:-1]  # mötes → möte
    if text in _NOT_MODIFIERS:
        return None
    return text, False


def is_word_like(part: str) -> bool:
    """A compound part that can stand as a word: letters with a vowel, no particle."""
    return part.isalpha() and part not in _NOT_MODIFIERS and any(ch in _VOWELS for ch in part)


def _syllables(text: str) -> int:
    """Vowel groups: one-syllable words (kurs, hus, kors) rarely take a linking s."""
    return sum(1 for i, ch in enumerate(text)
               if ch in _VOWELS and (i == 0 or text[i - 1] not in _VOWELS))


# A word run holding a letter, a hyphen, a head of 3+ letters. Written possessively
# ([digits/_] then a letter, then the rest of the run): the plain (\w*[^\W\d_]\w*)
# matches the same but backtracks through every split of every word, which was half
# of building the index of a whole region.
_HYPHENATED_RE = re.compile(r"((?:[\d_]*+[^\W\d_])\w*+)-([^\W\d_]{3,})")


def hyphen_compounds(text: str) -> list[tuple[str, str]]:
    """Compounds written with a hyphen, as (first part, head): 'IS/IT-budget' →
    [('it', 'budget')], 'MBL-protokoll' → [('mbl', 'protokoll')]. Elliptic hyphens
    ('styrelse-/nämndprotokoll', 'kund- och') are `expand_ellipses`' business."""
    raw = unicodedata.normalize("NFC", text).casefold()
    return [(a.replace("_", ""), b) for a, b in _HYPHENATED_RE.findall(raw)]


def join_hyphenated(words: list[str], pairs: list[tuple[str, str]]) -> list[str]:
    """Content words with each hyphenated pair written as one word ('itbudget')."""
    out = list(words)
    for first, head in pairs:
        for n in range(len(out) - 1):
            if out[n] == first and out[n + 1] == head:
                out[n:n + 2] = [first + head]
                break
        else:
            if head in out:  # the first part was a stop word or a single letter
                out[out.index(head)] = first + head
    return out


_DANGLING_RE = re.compile(r"(\w+)-(?=[\s,/]|$)")
_CONNECTOR = frozenset({"och", "eller", "samt", "resp", "respektive"})


def expand_ellipses(text: str, known: Vocabulary | Collection[str]) -> list[str]:
    """Words written with an elliptic hyphen, spelled out in full.

    'kund- och kvittofaktura' → ['kundfaktura']; 'bygg- och rivningslov' → ['bygglov'];
    'rehabiliteringsutredning/-plan' → ['rehabiliteringsplan'];
    'tjänste-/pool-/servicebilar' → ['tjänstebilar', 'poolbilar'].
    """
    known = as_vocabulary(known)
    raw = unicodedata.normalize("NFC", text).casefold()
    pieces = re.findall(r"-?\w+(?:-\w+)*-?|[,/]", raw)
    result: list[str] = []
    pending: list[str] = []
    previous_word: str | None = None
    for piece in pieces:
        if piece in (",", "/") or piece in _CONNECTOR:
            continue
        if piece.endswith("-") and not piece.startswith("-"):
            pending.append(piece[:-1].replace("-", ""))
            continue
        if piece.startswith("-") and previous_word:
            # 'utredning/-plan': replace the head of the previous word.
            tail = piece[1:]
            head = _head_of(previous_word, known)
            if head and len(previous_word) > len(head):
                result.append(previous_word[: len(previous_word) - len(head)] + tail)
            continue
        word = piece.replace("-", "")
        if pending:
            head = piece.rsplit("-", 1)[1] if "-" in piece else _head_of(word, known)
            if head:
                result.extend(prefix + head for prefix in pending)
            pending = []
        previous_word = word
    return result


def _head_of(word: str, known: Vocabulary) -> str | None:
    parts = split_compound(word, known)
    if parts:
        return parts[-1]  # the head is always the word's literal suffix
    # The longest known first part (particles too: 'om- och tillbyggnad'), the rest is
    # the head: 'tjänste-/pool-/servicebilar' → 'bilar'.
    for cut in range(len(word) - MIN_HEAD, 1, -1):
        first = word[:cut]
        if first in STOPWORDS or first in known.words or (
                first[-1] == "s" and first[:-1] in known.words):
            return word[cut:]
    # Fall back on the last linking s: 'rivningslov' → 'lov'.
    cut = word.rfind("s", MIN_PART, len(word) - 2)
    if cut > 0:
        return word[cut + 1:]
    return None


# Particles of Swedish particle verbs ('betala ut'), which are written as a first part in
# the verb's compound form and its noun ('utbetala', 'utbetalning').
_PARTICLES = frozenset({"ut", "upp", "in", "av", "fram"})


def particle_verbs(text: str, tokens: list[str] | None = None) -> list[str]:
    """Particle verbs written as one word: 'Beräkna och betala ut löner' → ['utbetala'],
    'följa upp' → ['uppfölja'], so that 'löneutbetalning' and 'uppföljning' find them
    (`lemma` gives a verb and its -ning noun one key). Only an infinitive (ending in -a)
    before the particle: 'avveckling av tjänst' has no particle verb. `tokens`: the
    text's tokens, when the caller has them already."""
    tokens = tokenize(text) if tokens is None else tokens
    return [particle + verb for verb, particle in zip(tokens, tokens[1:], strict=False)
            if particle in _PARTICLES and len(verb) >= 4 and verb.endswith("a") and
            verb not in STOPWORDS and verb.isalpha()]


THESAURUS_PATH = Path(__file__).with_name("synonymer.txt")


class ThesaurusError(ValueError):
    """A line of the thesaurus that cannot be used (message in Swedish, with its line)."""


def parse_thesaurus(text: str, name: str = "synonymer.txt") -> list[tuple[str, ...]]:
    """Groups of equivalent words, one a line ('avtal kontrakt överenskommelse'); '#'
    starts a comment. A word in two groups, a group of one word or a word that is no
    single normalised token is an error: a silent merge would make the groups transitive
    (and so wrong) without anyone noticing."""
    groups: list[tuple[str, ...]] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        raw = line.split("#", 1)[0].split()
        if not raw:
            continue
        words: list[str] = []
        for item in raw:
            word = normalise(item)
            if not word or " " in word or not word.isalpha():
                raise ThesaurusError(f"{name}, rad {number}: ”{item}” är inget enkelt ord")
            if word in seen:
                raise ThesaurusError(f"{name}, rad {number}: ”{word}” står redan på rad "
                                     f"{seen[word]}")
            seen[word] = number
            words.append(word)
        if len(words) < 2:
            raise ThesaurusError(f"{name}, rad {number}: en grupp behöver minst två ord")
        groups.append(tuple(words))
    return groups


def read_thesaurus(path: Path = THESAURUS_PATH) -> list[tuple[str, ...]]:
    """The thesaurus shipped with the package (see synonymer.txt)."""
    return parse_thesaurus(path.read_text(encoding="utf-8"), path.name)


def elliptic_prefixes(text: str) -> list[str]:
    """First parts written on their own with a dangling hyphen: 'tjänste-/pool-/servicebilar'
    → ['tjänste', 'pool']. The writer marked them as parts of a word."""
    raw = unicodedata.normalize("NFC", text).casefold()
    return [m.replace("-", "") for m in _DANGLING_RE.findall(raw)]


def sentences(text: str) -> list[str]:
    """Split running text into sentences (line breaks and full stops)."""
    out: list[str] = []
    for line in text.splitlines():
        for part in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\"])", line):
            part = part.strip()
            if part:
                out.append(part)
    return out


def fuzzy_budget(word: str) -> int:
    """Edits allowed when guessing a misspelt word: none for short words."""
    n = len(word)
    if n < 5:
        return 0
    if n < 8:
        return 1
    if n < 14:
        return 2
    return 3


def unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if not (x in seen or seen.add(x))]


class Vocabulary:
    """The words compounds may be made of: a word is known when it is in the vocabulary,
    is a part of one of its compounds ('kurs' of 'kursintyg', 'förbindelse' of
    'ansvarsförbindelse'), or (when long enough to be safe) has the lemma of one of those.
    """

    def __init__(self, words: Collection[str], lemmas: Collection[str] | None = None,
                 parts: Collection[str] = frozenset(), modifiers: Collection[str] = frozenset(),
                 general: Callable[[str], bool] | None = None):
        self.words = words
        # A general lexicon's test for a word ('avsk' is none, so 'avskrivning' is no
        # avsk|rivning): a first part the vocabulary does not know must pass it.
        self.general = general
        self.parts = parts
        self.modifiers = modifiers  # first parts seen before two known heads ('bygg')
        self.lemmas = lemmas if lemmas is not None else {lemma(w) for w in (*words, *parts)}

    def __call__(self, word: str) -> bool:
        # Short strings and short lemmas match too much ('omfa' of 'omfattar', 'ingar'
        # as 'ing', 'hetens' as 'het'): exact only.
        if word in self.words or word in self.parts:
            return True
        if len(word) < 5:
            return False
        key = lemma(word)
        return len(key) >= 4 and key in self.lemmas


def as_vocabulary(known: Vocabulary | Collection[str]) -> Vocabulary:
    return known if isinstance(known, Vocabulary) else Vocabulary(known)
