"""Swedish-aware search from a document type to its process (used by find and classify).

Library API:
    normalise, tokenize, content_words, stem, lemma, split_compound, expand_ellipses
    build_index(structure) -> Index, load_index(structure) -> Index (stored in the cache
    as SQLite and read in part: store.StoredIndex has Index's attributes)
    search(index, query, on=date, limit=10, include_removed=False) -> list[Hit]

The names are read from their modules when first used (PEP 562), so that importing one
module of the package (`vgrklass.search.text`, as the knowledge layer does) does not
import the index and its knowledge in turn.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_HOME = {
    "Index": "index", "build_index": "index", "load_index": "cached",
    "Hit": "rank", "Match": "rank", "analyse": "rank", "search": "rank",
    **dict.fromkeys(("STOPWORDS", "content_words", "expand_ellipses", "fold", "lemma",
                     "normalise", "split_compound", "stem", "tokenize"), "text"),
}

__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # found once
    return value
