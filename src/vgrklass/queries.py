"""`find -`: many queries, one per line, read from a stream and answered one by one.

Owns the limits of such a list (how long a line, how many lines, how many bytes in all),
checked before anything is answered, so that a wrong file piped in fails at once with the
line to look at; and the per-query answer with its JSON form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, BinaryIO, NamedTuple

MAX_LINES = 10_000  # queries in one run: a registrar's list, not a document
MAX_INPUT_BYTES = 8 * 1024 * 1024  # all of standard in (MAX_LINES × a long query fits)
STDIN = "standard in"


class Query(NamedTuple):
    line: int | None  # 1-based line of the input (None for a query given as argument)
    text: str  # the line without surrounding white space


class QueryInputError(ValueError):
    """The list of queries cannot be used (a Swedish message naming the line)."""


def read_queries(stream: BinaryIO, max_length: int, *, max_lines: int = MAX_LINES,
                 max_bytes: int = MAX_INPUT_BYTES, name: str = STDIN) -> list[Query]:
    """The non-blank lines of `stream` as queries. Raises QueryInputError when there are
    none, more than `max_lines`, more than `max_bytes` bytes, a line longer than
    `max_length` characters, or text that is not UTF-8."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise QueryInputError(f"{name}: mer än {max_bytes // (1024 * 1024)} MiB; dela upp "
                              f"frågorna (högst {max_lines} rader per körning)")
    text = _decode(data, name)
    queries = [Query(number, line.strip())
               for number, line in enumerate(text.split("\n"), 1) if line.strip()]
    if not queries:
        raise QueryInputError(f"{name}: inga sökfrågor; skriv en handlingstyp per rad, t.ex. "
                              "echo leverantörsfaktura | vgrklass find -")
    if len(queries) > max_lines:
        raise QueryInputError(f"{name}: {len(queries)} sökfrågor; högst {max_lines} går att "
                              "söka på i en körning. Dela upp listan")
    for query in queries:
        if len(query.text) > max_length:
            raise QueryInputError(
                f"{name}, rad {query.line}: sökfrågan är {len(query.text)} tecken; högst "
                f"{max_length} går att söka på. Skriv handlingstypen, eller använd vgrklass "
                "classify för ett helt dokument")
    return queries


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise QueryInputError(f"{name}, rad {line}: inte UTF-8-text; spara listan som "
                              "UTF-8") from None


class Answer(NamedTuple):
    """One query of the list and what find answered."""

    query: Query
    result: Any  # search.find.FindResult

    @property
    def confident(self) -> bool:
        return bool(self.result.confident)

    def as_dict(self, index: Any) -> dict:
        """`find - --format json/jsonl`: the query, its line, whether the first hit is
        confident, how many hits there were, and the hits as `find --format json`."""
        from vgrklass.search.find import hit_dict

        return {"query": self.query.text, "line": self.query.line,
                "confident": self.confident, "total": self.result.total,
                "hits": [hit_dict(hit, index) for hit in self.result.hits]}


def answer(index: Any, query: Query, on: dt.date, limit: int,
           include_removed: bool = False) -> Answer:
    """One query answered by find (`find -` answers them one at a time, so that each
    answer can be printed as soon as it is there)."""
    from vgrklass.search.find import find

    return Answer(query, find(index, query.text, on=on, limit=limit,
                              include_removed=include_removed))
