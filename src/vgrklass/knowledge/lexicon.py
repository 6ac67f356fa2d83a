"""The general Swedish lexicon: SAOL 14's headwords, for reading words the structure
does not use.

The structure's own vocabulary splits only compounds made of its own words. A registrar's
'fasadritning', 'platsannons' or 'meddelandeförteckning' has parts the structure never
writes, so without a lexicon their head ('ritning', 'annons', 'förteckning') stays
hidden. SAOL 14 (Svenska Akademiens ordlista, 2015, CC BY 4.0, packaged on PyPI as
`saol`) lists 126 900 headwords with their word class; its nouns, adjectives and verbs
are the words a compound may be made of here.

The lexicon is built once and kept in the cache as an SQLite file that a query reads
word by word (see `load_lexicon`): only a query with a word the structure cannot read
touches it, and then reads a few rows, not 117 000 words.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

from vgrklass.search import text as tx

# Word classes whose words make compounds ('X' is SAOL's class for abbreviations,
# interjections and the like: not parts of a document type's name).
_CLASSES = frozenset({"NOUN", "ADJ", "VERB"})
# 3: an SQLite store; ties between headwords broken alphabetically. 4: in buckets.
LEXICON_FORMAT = "4"
_BUCKET = 2  # words and stems are stored in buckets by their first letters
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
    # The shortest headword of a stem wins, the first in alphabetical order among those.
    ordered = sorted(sorted(words), key=len)  # stable: by length, then alphabetically
    for word, key in zip(ordered, tx.stems(ordered), strict=True):
        stems.setdefault(key, word)
    return Lexicon(words, stems)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon | StoredLexicon:
    """The lexicon: read from its store in the cache when built before, else built and
    stored."""
    from vgrklass import cache

    key = _key()
    path = cache.own_file("lexicon", key, ".sqlite")
    found = open_lexicon(path, key) if path is not None else None
    if found is not None:
        return found
    lexicon = build_lexicon()
    cache.write_file("lexicon", key, ".sqlite", lambda tmp: write_lexicon(tmp, lexicon, key))
    return lexicon


def stored() -> bool:
    """Whether the cache has the lexicon's store."""
    from vgrklass import cache

    return cache.own_file("lexicon", _key(), ".sqlite") is not None


def _key() -> str:
    from vgrklass import cache

    return cache.digest(f"saol14:{LEXICON_FORMAT}".encode())


def write_lexicon(path: Path, lexicon: Lexicon, key: str) -> None:
    """The lexicon as an SQLite file: its headwords, and each stem's headword, in buckets
    by their first letters (a row per bucket: a thousand rows are written in a moment, a
    row per word took half of building the lexicon; a query reads a bucket or two)."""
    words: dict[str, list[str]] = defaultdict(list)
    for word in sorted(lexicon.words):
        words[word[:_BUCKET]].append(word)
    stems: dict[str, list[str]] = defaultdict(list)
    for stem, word in sorted(lexicon.stems.items()):
        stems[stem[:_BUCKET]].append(f"{stem}\t{word}")  # SAOL's words are letters only
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.executescript(
            "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
            "CREATE TABLE words (bucket TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
            "CREATE TABLE stems (bucket TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;")
        connection.execute("BEGIN")
        connection.execute("INSERT INTO meta VALUES ('key', ?)", (key,))
        for table, buckets in (("words", words), ("stems", stems)):
            connection.executemany(f"INSERT INTO {table} VALUES (?, ?)",
                                   ((b, "\n".join(v)) for b, v in buckets.items()))
        connection.execute("COMMIT")
    finally:
        connection.close()


def open_lexicon(path: Path, key: str) -> StoredLexicon | None:
    """The lexicon stored at `path` for `key`, or None (the caller builds it anew). Its
    rows are plain text: reading them runs no code, whoever wrote the file."""
    try:
        connection = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True,
                                     check_same_thread=False)
        connection.execute("PRAGMA trusted_schema = OFF")
        row = connection.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()
        if row is None or row[0] != key:
            connection.close()
            return None
        return StoredLexicon(connection)
    except sqlite3.Error:
        return None


class _Buckets:
    """One table of the stored lexicon (words, or stems with their headword), read a
    bucket at a time. A bucket is kept as its text and searched (a dict per bucket held
    the whole lexicon after an index build: 21 MiB), each answer remembered. A store
    that fails to read answers 'no such word': the lexicon only ever adds readings."""

    __slots__ = ("_buckets", "_connection", "_memo", "_pairs", "_sql")

    def __init__(self, connection: sqlite3.Connection, table: str, pairs: bool):
        self._connection = connection
        self._sql = f"SELECT value FROM {table} WHERE bucket = ?"
        self._pairs = pairs  # lines 'stem<TAB>headword', else 'headword'
        self._buckets: dict[str, str] = {}
        self._memo: dict[str, str | None] = {}

    def get(self, key: str, default: Any = None) -> Any:
        found = self._memo.get(key, _UNSEEN)
        if found is _UNSEEN:
            found = self._memo[key] = self._find(key)
        return default if found is None else found

    def _find(self, key: str) -> str | None:
        if "\n" in key or "\t" in key:
            return None  # no word has them; they would match across lines
        name = key[:_BUCKET]
        text = self._buckets.get(name)
        if text is None:
            text = self._buckets[name] = self._read(name)
        if not self._pairs:
            return key if f"\n{key}\n" in text else None
        start = text.find(f"\n{key}\t")
        if start < 0:
            return None
        start += len(key) + 2
        return text[start:text.index("\n", start)]

    def _read(self, name: str) -> str:
        try:
            row = self._connection.execute(self._sql, (name,)).fetchone()
        except sqlite3.Error:
            row = None
        return f"\n{row[0]}\n" if row and isinstance(row[0], str) else "\n"

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None


_UNSEEN = object()


class StoredLexicon:
    """The Lexicon read from its store a word at a time (the same `words`, `stems` and
    `base`)."""

    base = Lexicon.base

    def __init__(self, connection: sqlite3.Connection):
        self.words = _Buckets(connection, "words", pairs=False)
        self.stems = _Buckets(connection, "stems", pairs=True)


def lexicon_split(word: str, lexicon: Lexicon | StoredLexicon | None = None) -> list[str]:
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


def _split(word: str, lexicon: Lexicon | StoredLexicon, depth: int) -> tuple[str, ...]:
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


def _first_part(text: str, lexicon: Lexicon | StoredLexicon, depth: int
                ) -> tuple[str, ...] | None:
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
