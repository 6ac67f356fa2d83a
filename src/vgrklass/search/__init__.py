"""Swedish-aware search from a document type to its process (used by find and classify).

Library API:
    normalise, tokenize, content_words, stem, lemma, split_compound, expand_ellipses
    build_index(structure) -> Index, load_index(structure) -> Index (stored in the cache
    as SQLite and read in part: store.StoredIndex has Index's attributes)
    search(index, query, on=date, limit=10, include_removed=False) -> list[Hit]
"""

from vgrklass.search.index import Index, build_index, load_index
from vgrklass.search.rank import Hit, Match, analyse, search
from vgrklass.search.text import (
    STOPWORDS,
    content_words,
    expand_ellipses,
    fold,
    lemma,
    normalise,
    split_compound,
    stem,
    tokenize,
)

__all__ = [
    "STOPWORDS", "Hit", "Index", "Match", "analyse", "build_index", "content_words",
    "expand_ellipses", "fold", "lemma", "load_index", "normalise", "search",
    "split_compound", "stem", "tokenize",
]
