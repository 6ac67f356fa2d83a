"""The search index on disk: an SQLite file in the cache that a query reads in part.

Unpickling the whole index for one query cost half of a warm `find` on a whole region's
structures (15 MiB at 100×). Here every part a query reads by key is a row: the postings
and counts of a key, a unit, a process, a twin group, a Synlex or domain entry. Only the
vocabularies a query's words are split with and the spelling table are read whole, and
only when first asked for; each is a few kilobytes of plain text whatever the size of
the structure. A warm query thus reads kilobytes, and its cost follows the query, not
the file.

`write_index` stores an `Index` (index.py); `StoredIndex` offers the same attributes,
each read when first used and then kept (a long-lived process such as `serve` ends up
holding what its queries touched). The store holds text, numbers and arrays of numbers
only, decoded by splitting strings and `array`: unlike a pickle, reading it runs no code,
so a damaged or foreign file can at worst fail to decode (StoreError: the caller rebuilds)
and is never trusted. It is opened read-only and immutable (it is written once to a
temporary file and renamed into place, never changed).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from vgrklass.knowledge.compile import EMPTY as NO_KNOWLEDGE
from vgrklass.knowledge.compile import DomainSense, Knowledge
from vgrklass.search.index import Doc, Index, Lifetime, Twins, Unit, WordKeys

# Part of the file's name in the cache (with the index's own format and the code).
STORE_FORMAT = "5"

_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE docs (id INTEGER PRIMARY KEY, code TEXT NOT NULL, kind TEXT NOT NULL,
                   title TEXT NOT NULL, spans TEXT NOT NULL, removed TEXT,
                   removal_word TEXT NOT NULL, units BLOB NOT NULL, twin INTEGER NOT NULL);
CREATE TABLE arrays (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
CREATE UNIQUE INDEX docs_code ON docs (code);
CREATE TABLE twins (id INTEGER PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE words (id INTEGER PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE texts (id INTEGER PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE units (id INTEGER PRIMARY KEY, doc INTEGER NOT NULL, field TEXT NOT NULL,
                    text INTEGER NOT NULL, other TEXT, size INTEGER NOT NULL,
                    words INTEGER NOT NULL);
CREATE TABLE keys (key TEXT PRIMARY KEY, units BLOB, df INTEGER, lexicon BLOB,
                   lexicon_df INTEGER) WITHOUT ROWID;
CREATE TABLE synlex (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE domain (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE examples (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""
# Separators inside a text value; the index's words are \w+ runs and never hold them.
_WORD, _KEY, _PART = "\x1d", "\x1f", "\x1e"
_INT = "i"  # array type code of unit numbers (4 bytes)
_CHUNK = 900  # numbers per "IN (...)" (SQLite allows 999 parameters in old versions)
_PAGE = 32  # processes read at a time


class StoreError(Exception):
    """A store that cannot be read as written (damaged, or not ours): rebuild it."""


# --- writing -----------------------------------------------------------------------


def write_index(path: Path, index: Index, key: str) -> None:
    """Write `index` to a new SQLite file at `path` (a temporary file the caller renames
    into place); `key` is stored to be checked on reading."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.executescript(_SCHEMA)
        connection.execute("BEGIN")
        _write_meta(connection, index, key)
        _write_docs(connection, index)
        _write_units(connection, index)
        _write_keys(connection, index)
        _write_knowledge(connection, index.knowledge)
        _write_examples(connection, index)
        connection.execute("COMMIT")
    finally:
        connection.close()


def _write_meta(connection: sqlite3.Connection, index: Index, key: str) -> None:
    meta = {
        "key": key,
        "format": STORE_FORMAT,
        "docs": str(len(index.docs)),
        "units": str(len(index.units)),
        "vocabulary": "\n".join(sorted(index.vocabulary)),
        "lemmas": "\n".join(sorted(index.lemmas)),
        "parts": "\n".join(sorted(index.parts)),
        "modifiers": "\n".join(sorted(index.modifiers)),
        "folded": "\n".join("\t".join((k, *v)) for k, v in index.folded.items()),
        "domain_folded": "\n".join("\t".join((k, *v))
                                   for k, v in index.domain_folded.items()),
        "synonyms": "\n".join("\t".join((k, *v)) for k, v in index.synonyms.items()),
        "knowledge": "0" if index.knowledge is NO_KNOWLEDGE else "1",
        "longest_term": str(index.knowledge.longest_term),
    }
    connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())


def _write_docs(connection: sqlite3.Connection, index: Index) -> None:
    first = _first_twins(index)
    connection.executemany(
        "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((d, doc.code, doc.kind, doc.title, _spans(doc.spans),
          doc.removed.isoformat() if doc.removed else None, doc.removal_word,
          array(_INT, index.doc_units[d]).tobytes(), first[d])
         for d, doc in enumerate(index.docs)))
    connection.executemany("INSERT INTO twins VALUES (?, ?)",
                           ((first, _encode_twins(twins)) for first, twins in index.twins.items()))


def _first_twins(index: Index) -> list[int]:
    """Each doc's twin that is read (the first of its group; see index.Twins)."""
    first = list(range(len(index.docs)))
    for leader, twins in index.twins.items():
        for d in twins.members:
            first[d] = leader
    return first


def _write_units(connection: sqlite3.Connection, index: Index) -> None:
    """Units by number: those of each twin group's first process, and of the others only
    those that differ from it (a code in the text, a comment from another process); the
    rest are that first process's units read again (see _Units). Each distinct text and
    tuple of keys is stored once. A region's structures repeat most of their texts."""
    words_id: dict[int, int] = {}  # id(words tuple): units with one text share one
    text_id: dict[str, int] = {}
    words_rows = []
    units_rows = []
    units, doc_units = index.units, index.doc_units
    unit_docs = array(_INT, bytes(4 * len(units)))
    for d, first in enumerate(_first_twins(index)):
        own, theirs = doc_units[d], doc_units[first]
        for position, n in enumerate(own):
            u = units[n]
            unit_docs[n] = d
            if d != first:
                twin = units[theirs[position]]
                if u.text == twin.text and u.other == twin.other:
                    continue
            w = words_id.get(id(u.words))
            if w is None:
                w = words_id[id(u.words)] = len(words_rows)
                words_rows.append((w, _encode_words(u.words)))
            units_rows.append((n, u.doc, u.field, text_id.setdefault(u.text, len(text_id)),
                               u.other, u.size, w))
    connection.execute("INSERT INTO arrays VALUES ('unit_docs', ?)", (unit_docs.tobytes(),))
    connection.executemany("INSERT INTO words VALUES (?, ?)", words_rows)
    connection.executemany("INSERT INTO texts VALUES (?, ?)",
                           ((t, text) for text, t in text_id.items()))
    connection.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?, ?)", units_rows)


def _write_keys(connection: sqlite3.Connection, index: Index) -> None:
    keys = index.postings.keys() | index.doc_freq.keys() | index.lexicon_postings.keys()
    connection.executemany(
        "INSERT INTO keys VALUES (?, ?, ?, ?, ?)",
        ((key,
          array(_INT, index.postings[key]).tobytes() if key in index.postings else None,
          index.doc_freq.get(key),
          array(_INT, [n for triple in index.lexicon_postings[key] for n in triple]).tobytes()
          if key in index.lexicon_postings else None,
          index.lexicon_freq.get(key))
         for key in sorted(keys)))


def _write_knowledge(connection: sqlite3.Connection, knowledge: Knowledge) -> None:
    connection.executemany(
        "INSERT INTO synlex VALUES (?, ?)",
        ((k, _WORD.join(f"{word}{_KEY}{grade!r}" for word, grade in v))
         for k, v in sorted(knowledge.synonyms.items())))
    connection.executemany(
        "INSERT INTO domain VALUES (?, ?)",
        ((k, _WORD.join(_KEY.join((s.text, _PART.join(s.keys), s.source)) for s in v))
         for k, v in sorted(knowledge.domain.items())))


def _write_examples(connection: sqlite3.Connection, index: Index) -> None:
    """The archivist's fields of examples (JSON, as find's JSON shows them)."""
    import json

    connection.executemany("INSERT INTO examples VALUES (?, ?)", (
        (f"{code}{_KEY}{text}", json.dumps(value, ensure_ascii=False))
        for (code, text), value in sorted(index.example_details.items())))


def _spans(spans: Iterable[tuple[int, int]]) -> str:
    return ";".join(f"{a},{b}" for a, b in spans)


def _encode_twins(twins: Twins) -> str:
    """The members on the first line; then per lifetime 'start end position start end …'
    and, after a tab, its members."""
    lines = [" ".join(map(str, twins.members))]
    for life, members in twins.lifetimes:
        numbers = [life.start, life.end, *(n for source in life.sources for n in source)]
        lines.append(" ".join(map(str, numbers)) + "\t" + " ".join(map(str, members)))
    return "\n".join(lines)


def _decode_twins(value: str) -> Twins:
    first, *rest = value.split("\n")
    lifetimes = []
    for line in rest:
        life, members = line.split("\t")
        start, end, *sources = map(int, life.split())
        lifetimes.append((Lifetime(start, end, tuple(zip(sources[0::3], sources[1::3],
                                                         sources[2::3], strict=True))),
                          tuple(map(int, members.split()))))
    return Twins(tuple(map(int, first.split())), tuple(lifetimes))


def _encode_words(words: tuple[WordKeys, ...]) -> str:
    return _WORD.join(_KEY.join((*w[:4], _PART.join(w[4]))) for w in words)


# --- reading -----------------------------------------------------------------------


def open_store(path: Path, key: str) -> StoredIndex | None:
    """The index stored at `path` for `key`; None when the file is not a store of this
    format for this key (the caller rebuilds it)."""
    try:
        uri = f"file:{quote(str(path))}?mode=ro&immutable=1"
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        connection.execute("PRAGMA trusted_schema = OFF")
        connection.execute("PRAGMA query_only = ON")
        found = dict(connection.execute(
            "SELECT name, value FROM meta WHERE name IN ('key', 'format', 'docs', 'units', "
            "'knowledge', 'longest_term')").fetchall())
        if found.get("key") != key or found.get("format") != STORE_FORMAT:
            connection.close()
            return None
        return StoredIndex(connection, found)
    except (sqlite3.Error, ValueError, TypeError, OSError):
        return None


def _read_errors() -> tuple[type[Exception], ...]:
    return (sqlite3.Error, ValueError, TypeError, IndexError, KeyError, UnicodeError)


class StoredIndex:
    """An Index read from its store as the query needs it (see the module doc): the
    same attributes and methods as index.Index."""

    idf = Index.idf
    known = Index.known

    def __init__(self, connection: sqlite3.Connection, meta: dict[str, str]):
        self._db = connection
        self._meta = meta
        self.docs = _Docs(self, int(meta["docs"]))
        self.units = _Units(self, int(meta["units"]))
        self.doc_units = _DocUnits(self)
        self.twins = _Twins(self)
        self._keys: dict[str, tuple | None] = {}
        self.postings = _KeyColumn(self, 0)
        self.doc_freq = _KeyColumn(self, 1)
        self.lexicon_postings = _KeyColumn(self, 2)
        self.lexicon_freq = _KeyColumn(self, 3)
        self.by_code = _ByCode(self)
        self.knowledge = NO_KNOWLEDGE if meta["knowledge"] == "0" else \
            _StoredKnowledge(self, int(meta["longest_term"]))
        self.example_details = _ExampleDetails(self)
        self._whole: dict[str, Any] = {}

    # The vocabularies and tables read whole, when first asked for.
    @property
    def vocabulary(self) -> frozenset[str]:
        return self._set("vocabulary")

    @property
    def lemmas(self) -> frozenset[str]:
        return self._set("lemmas")

    @property
    def parts(self) -> frozenset[str]:
        return self._set("parts")

    @property
    def modifiers(self) -> frozenset[str]:
        return self._set("modifiers")

    @property
    def folded(self) -> dict[str, tuple[str, ...]]:
        return self._table("folded")

    @property
    def domain_folded(self) -> dict[str, tuple[str, ...]]:
        return self._table("domain_folded")

    @property
    def synonyms(self) -> dict[str, tuple[str, ...]]:
        return self._table("synonyms")

    def _set(self, name: str) -> frozenset[str]:
        found = self._whole.get(name)
        if found is None:
            text = self._value(name)
            found = self._whole[name] = frozenset(text.split("\n")) if text else frozenset()
        return found

    def _table(self, name: str) -> dict[str, tuple[str, ...]]:
        found = self._whole.get(name)
        if found is None:
            text = self._value(name)
            found = {}
            for line in text.split("\n") if text else ():
                first, *rest = line.split("\t")
                found[first] = tuple(rest)
            self._whole[name] = found
        return found

    def _value(self, name: str) -> str:
        row = self.query("SELECT value FROM meta WHERE name = ?", (name,))
        if not row:
            raise StoreError(f"meta {name} saknas")
        return row[0][0]

    def units_of(self, numbers: Iterable[int]) -> list[Unit]:
        return self.units.many(numbers)

    def unit_docs(self) -> array:
        """The process of each unit (read once, when a unit not stored is asked for)."""
        found = self._whole.get("unit_docs")
        if found is None:
            rows = self.query("SELECT value FROM arrays WHERE name = 'unit_docs'")
            if not rows:
                raise StoreError("unit_docs saknas")
            found = self._whole["unit_docs"] = _ints(rows[0][0])
        return found

    def twins_of(self, docs: list[int]) -> list[Twins]:
        return self.twins.many(docs)

    def key_row(self, key: str) -> tuple | None:
        """(postings, doc_freq, lexicon postings, lexicon doc_freq) of a key, decoded."""
        if key in self._keys:
            return self._keys[key]
        rows = self.query("SELECT units, df, lexicon, lexicon_df FROM keys WHERE key = ?",
                          (key,))
        found = None
        if rows:
            units, df, lexicon, lexicon_df = rows[0]
            numbers = tuple(_ints(lexicon)) if lexicon is not None else None
            found = (tuple(_ints(units)) if units is not None else None, df,
                     tuple(zip(numbers[0::3], numbers[1::3], numbers[2::3], strict=True))
                     if numbers is not None else None, lexicon_df)
        self._keys[key] = found
        return found

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> list[tuple]:
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from exc

    def as_index(self) -> Index:
        """Everything read, as the Index it was written from (for tests and tools)."""
        keys = [key for (key,) in self.query("SELECT key FROM keys")]
        rows = {key: self.key_row(key) for key in keys}
        knowledge = self.knowledge
        if knowledge is not NO_KNOWLEDGE:
            knowledge = Knowledge({k: knowledge.synonyms[k] for k in knowledge.synonyms},
                                  {k: knowledge.domain[k] for k in knowledge.domain})
        return Index(
            docs=tuple(self.docs), units=tuple(self.units),
            postings={k: r[0] for k, r in rows.items() if r and r[0] is not None},
            doc_freq={k: r[1] for k, r in rows.items() if r and r[1] is not None},
            vocabulary=self.vocabulary, lemmas=self.lemmas, folded=self.folded,
            by_code={doc.code: d for d, doc in enumerate(self.docs)}, parts=self.parts,
            modifiers=self.modifiers, synonyms=self.synonyms, knowledge=knowledge,
            lexicon_postings={k: r[2] for k, r in rows.items() if r and r[2] is not None},
            lexicon_freq={k: r[3] for k, r in rows.items() if r and r[3] is not None},
            twins={d: self.twins[d] for d in self.twins},
            domain_folded=self.domain_folded,
            doc_units=tuple(self.doc_units[d] for d in range(len(self.docs))),
            example_details={key: self.example_details[key] for key in self.example_details})

    def close(self) -> None:
        self._db.close()


def _ints(blob: bytes) -> array:
    numbers = array(_INT)
    numbers.frombytes(blob)
    return numbers


class _KeyColumn(Mapping):
    """One column of the keys table as a mapping (postings, doc_freq, ...)."""

    __slots__ = ("_column", "_index")

    def __init__(self, index: StoredIndex, column: int):
        self._index, self._column = index, column

    def __getitem__(self, key: str) -> Any:
        row = self._index.key_row(key)
        if row is None or row[self._column] is None:
            raise KeyError(key)
        return row[self._column]

    def get(self, key: str, default: Any = None) -> Any:
        row = self._index.key_row(key)
        return default if row is None or row[self._column] is None else row[self._column]

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        row = self._index.key_row(key)
        return row is not None and row[self._column] is not None

    def __iter__(self) -> Iterator[str]:
        column = ("units", "df", "lexicon", "lexicon_df")[self._column]
        for (key,) in self._index.query(f"SELECT key FROM keys WHERE {column} IS NOT NULL"):
            yield key

    def __len__(self) -> int:
        column = ("units", "df", "lexicon", "lexicon_df")[self._column]
        return self._index.query(f"SELECT count(*) FROM keys WHERE {column} IS NOT NULL")[0][0]


_UNIT = "units.id, doc, field, texts.value, other, size, words, words.value"
_UNITS = "units JOIN words ON words.id = units.words JOIN texts ON texts.id = units.text"


class _Units(Sequence):
    __slots__ = ("_index", "_len", "_memo", "_words")

    def __init__(self, index: StoredIndex, length: int):
        self._index, self._len = index, length
        self._memo: dict[int, Unit] = {}
        self._words: dict[int, tuple[WordKeys, ...]] = {}

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, number: int) -> Unit:  # type: ignore[override]
        found = self._memo.get(number)
        if found is None:
            found = self.many((number,))[0]
        return found

    def __iter__(self) -> Iterator[Unit]:
        self._load(self._index.query(
            f"SELECT {_UNIT} FROM {_UNITS}"))
        self._twins_of([n for n in range(self._len) if n not in self._memo])
        return (self._memo[n] for n in range(self._len))

    def many(self, numbers: Iterable[int]) -> list[Unit]:
        numbers = list(numbers)
        memo = self._memo
        missing = [n for n in dict.fromkeys(numbers) if n not in memo]
        for start in range(0, len(missing), _CHUNK):
            chunk = missing[start:start + _CHUNK]
            self._load(self._index.query(
                f"SELECT {_UNIT} FROM {_UNITS} "
                f"WHERE units.id IN ({','.join('?' * len(chunk))})", chunk))
        self._twins_of([n for n in missing if n not in memo])
        try:
            return [memo[n] for n in numbers]
        except KeyError as exc:
            raise StoreError(f"enhet {exc} saknas") from None

    def _twins_of(self, numbers: list[int]) -> None:
        """Units not stored: each is its process's first twin's unit at the same place,
        with its own process."""
        if not numbers:
            return
        index = self._index
        unit_docs = index.unit_docs()
        try:
            places = [(n, unit_docs[n]) for n in numbers]
            twins = [(n, d, index.docs.row(d)[8]) for n, d in places]
            theirs = [index.doc_units[first][index.doc_units[d].index(n)]
                      for n, d, first in twins]
        except (IndexError, ValueError) as exc:
            raise StoreError(f"enhet saknas: {exc}") from None
        for (n, d, _), unit in zip(twins, self.many(theirs), strict=True):
            self._memo[n] = unit._replace(doc=d)

    def _load(self, rows: list[tuple]) -> None:
        words_memo = self._words
        try:
            for number, doc, field, text, other, size, words_id, value in rows:
                words = words_memo.get(words_id)
                if words is None:
                    words = words_memo[words_id] = _decode_words(value)
                self._memo[number] = Unit(doc, field, text, words, other, size)
        except _read_errors() as exc:
            raise StoreError(str(exc)) from exc


def _decode_words(value: str) -> tuple[WordKeys, ...]:
    out = []
    for word in value.split(_WORD):
        norm, stem, lemma, head, others = word.split(_KEY)
        out.append((norm, stem, lemma, head, tuple(others.split(_PART)) if others else ()))
    return tuple(out)


class _Docs(Sequence):
    __slots__ = ("_index", "_len", "_memo", "_rows")

    def __init__(self, index: StoredIndex, length: int):
        self._index, self._len = index, length
        self._memo: dict[int, Doc] = {}
        self._rows: dict[int, tuple] = {}

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, d: int) -> Doc:  # type: ignore[override]
        found = self._memo.get(d)
        if found is None:
            if not 0 <= d < self._len:
                raise IndexError(d)
            found = self._memo[d] = self._decode(self.row(d))
        return found

    def __iter__(self) -> Iterator[Doc]:
        for row in self._index.query("SELECT * FROM docs"):
            self._rows[row[0]] = row
        return (self[d] for d in range(self._len))

    def row(self, d: int) -> tuple:
        """The stored row of a process; its neighbours are read with it (twins and the
        processes of a plan come in runs)."""
        found = self._rows.get(d)
        if found is None:
            page = d - d % _PAGE
            for row in self._index.query("SELECT * FROM docs WHERE id >= ? AND id < ?",
                                         (page, page + _PAGE)):
                self._rows[row[0]] = row
            found = self._rows.get(d)
            if found is None:
                raise StoreError(f"process {d} saknas")
        return found

    @staticmethod
    def _decode(row: tuple) -> Doc:
        try:
            d, code, kind, title, spans, removed, removal_word, _, _ = row
            return Doc(code, kind, title, d, _decode_spans(spans),
                       dt.date.fromisoformat(removed) if removed else None, removal_word)
        except _read_errors() as exc:
            raise StoreError(str(exc)) from exc


def _decode_spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((int(a), int(b)) for a, b in (span.split(",") for span in text.split(";"))) \
        if text else ()


class _DocUnits(Sequence):
    __slots__ = ("_index", "_memo")

    def __init__(self, index: StoredIndex):
        self._index = index
        self._memo: dict[int, tuple[int, ...]] = {}

    def __len__(self) -> int:
        return len(self._index.docs)

    def __getitem__(self, d: int) -> tuple[int, ...]:  # type: ignore[override]
        found = self._memo.get(d)
        if found is None:
            try:
                found = self._memo[d] = tuple(_ints(self._index.docs.row(d)[7]))
            except _read_errors() as exc:
                raise StoreError(str(exc)) from exc
        return found


class _Twins(Mapping):
    __slots__ = ("_index", "_memo")

    def __init__(self, index: StoredIndex):
        self._index = index
        self._memo: dict[int, Twins] = {}

    def __getitem__(self, d: int) -> Twins:
        found = self._memo.get(d)
        if found is None:
            rows = self._index.query("SELECT value FROM twins WHERE id = ?", (d,))
            if not rows:
                raise KeyError(d)
            found = self._decode(d, rows[0][0])
        return found

    def many(self, docs: list[int]) -> list[Twins]:
        missing = [d for d in docs if d not in self._memo]
        for start in range(0, len(missing), _CHUNK):
            chunk = missing[start:start + _CHUNK]
            for d, value in self._index.query(
                    f"SELECT id, value FROM twins WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk):
                self._decode(d, value)
        try:
            return [self._memo[d] for d in docs]
        except KeyError as exc:
            raise StoreError(f"tvillinggrupp {exc} saknas") from None

    def _decode(self, d: int, value: str) -> Twins:
        try:
            found = self._memo[d] = _decode_twins(value)
        except _read_errors() as exc:
            raise StoreError(str(exc)) from exc
        return found

    def __iter__(self) -> Iterator[int]:
        return (d for (d,) in self._index.query("SELECT id FROM twins"))

    def __len__(self) -> int:
        return self._index.query("SELECT count(*) FROM twins")[0][0]


class _ByCode(Mapping):
    __slots__ = ("_index", "_memo")

    def __init__(self, index: StoredIndex):
        self._index = index
        self._memo: dict[str, int | None] = {}

    def __getitem__(self, code: str) -> int:
        found = self.get(code)
        if found is None:
            raise KeyError(code)
        return found

    def get(self, code: str, default: Any = None) -> Any:
        if code not in self._memo:
            rows = self._index.query("SELECT id FROM docs WHERE code = ?", (code,))
            self._memo[code] = rows[0][0] if rows else None
        found = self._memo[code]
        return default if found is None else found

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.get(code) is not None

    def __iter__(self) -> Iterator[str]:
        return (code for (code,) in self._index.query("SELECT code FROM docs ORDER BY id"))

    def __len__(self) -> int:
        return len(self._index.docs)


class _Entries(Mapping):
    """A knowledge table (Synlex or the domain vocabulary) read entry by entry."""

    __slots__ = ("_decode", "_index", "_memo", "_table")

    def __init__(self, index: StoredIndex, table: str, decode):
        self._index, self._table, self._decode = index, table, decode
        self._memo: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self._memo:
            rows = self._index.query(f"SELECT value FROM {self._table} WHERE key = ?", (key,))
            try:
                self._memo[key] = self._decode(rows[0][0]) if rows else None
            except _read_errors() as exc:
                raise StoreError(str(exc)) from exc
        found = self._memo[key]
        return default if found is None else found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __iter__(self) -> Iterator[str]:
        return (key for (key,) in self._index.query(f"SELECT key FROM {self._table}"))

    def __len__(self) -> int:
        return self._index.query(f"SELECT count(*) FROM {self._table}")[0][0]


class _ExampleDetails(Mapping):
    """(process code, example text) → the example's fields as JSON data."""

    __slots__ = ("_entries",)

    def __init__(self, index: StoredIndex):
        self._entries = _Entries(index, "examples", _json)

    def __getitem__(self, key: tuple[str, str]) -> dict:
        return self._entries[_KEY.join(key)]

    def get(self, key: tuple[str, str], default: Any = None) -> Any:  # type: ignore[override]
        return self._entries.get(_KEY.join(key), default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and _KEY.join(key) in self._entries

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return (tuple(key.split(_KEY, 1)) for key in self._entries)  # type: ignore[misc]

    def __len__(self) -> int:
        return len(self._entries)


def _json(value: str) -> Any:
    import json  # only for find's JSON, which has it already

    return json.loads(value)


def _synonyms(value: str) -> tuple[tuple[str, float], ...]:
    return tuple((word, float(grade)) for word, grade in
                 (item.split(_KEY) for item in value.split(_WORD)))


def _senses(value: str) -> tuple[DomainSense, ...]:
    return tuple(DomainSense(text, tuple(keys.split(_PART)) if keys else (), source)
                 for text, keys, source in (item.split(_KEY) for item in value.split(_WORD)))


class _StoredKnowledge:
    """index.Knowledge, read entry by entry."""

    __slots__ = ("domain", "longest_term", "synonyms")

    def __init__(self, index: StoredIndex, longest_term: int):
        self.synonyms = _Entries(index, "synlex", _synonyms)
        self.domain = _Entries(index, "domain", _senses)
        self.longest_term = longest_term
